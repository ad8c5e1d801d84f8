"""The main menu: a signpost to every flow (StartMode.RESET_STACK from /start, /menu, /cancel)."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Group, Start, SwitchTo
from aiogram_dialog.widgets.link_preview import LinkPreview

from bot.dialogs.accesses.states import Accesses
from bot.dialogs.common.context import translator_of
from bot.dialogs.common.navigation import NOTICE_KEY
from bot.dialogs.common.widgets import problem_getter, problem_text, set_problem
from bot.dialogs.declarations.states import Declarations
from bot.dialogs.doctor_search.states import DoctorSearch
from bot.dialogs.main_menu.states import MainMenu
from bot.dialogs.medical_record.states import MedicalRecord
from bot.dialogs.prescriptions.states import Prescriptions
from bot.dialogs.profile.states import Profile
from bot.dialogs.settings.states import Settings
from bot.widgets import Translated


async def on_start(start_data: Any, manager: DialogManager) -> None:
    notice = start_data.get(NOTICE_KEY) if isinstance(start_data, dict) else None
    if notice:
        set_problem(manager, translator_of(manager).get(f"notice-{notice}"))


def create_dialog() -> Dialog:
    return Dialog(
        Window(
            problem_text(),
            Translated("menu-title"),
            Group(
                Start(Translated("menu-profile"), id="prof", state=Profile.view),
                Start(Translated("menu-declarations"), id="decl", state=Declarations.overview),
                Start(Translated("menu-prescriptions"), id="rx", state=Prescriptions.listing),
                Start(Translated("menu-medical-record"), id="record", state=MedicalRecord.overview),
                Start(Translated("menu-doctor-search"), id="find", state=DoctorSearch.filters),
                Start(Translated("menu-accesses"), id="acc", state=Accesses.overview),
                Start(Translated("menu-settings"), id="set", state=Settings.main),
                SwitchTo(Translated("menu-help"), id="help", state=MainMenu.help),
                width=2,
            ),
            state=MainMenu.main,
            getter=problem_getter,
        ),
        Window(
            Translated("help"),
            SwitchTo(Translated("help-back"), id="back", state=MainMenu.main),
            LinkPreview(is_disabled=True),
            state=MainMenu.help,
        ),
        on_start=on_start,
    )
