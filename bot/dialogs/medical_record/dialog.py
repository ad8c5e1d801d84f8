"""Медична картка: the overview (allergies first, active diagnoses, the last visit, the latest results, open
referrals), and the allergies, diagnoses and visits, each a paged list and a card per item; the ways on to the
lab results, vaccinations, referrals and the PDF extract (flows of their own).

Every window shows medical data: each is sent with protect_content (aiogram-dialog's `Window(protect_content=…)`).
"""

from __future__ import annotations

from aiogram import F
from aiogram.fsm.state import State
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Cancel, Column, Row, Select, Start, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.reads import failed_text, failure_buttons, paging_row
from bot.dialogs.common.widgets import Getter, on_button_expected, problem_text
from bot.dialogs.lab_results.states import LabResults
from bot.dialogs.medical_record import getters, handlers
from bot.dialogs.medical_record.states import MedicalRecord
from bot.dialogs.record_extract.states import RecordExtract
from bot.dialogs.referrals.states import Referrals
from bot.dialogs.vaccinations.states import Vaccinations
from bot.widgets import Translated

PROTECTED = True  # medical data: Telegram keeps it from being forwarded or saved
# A session that does not allow the medical record: a new sign-in, where eHealth asks for it, with this line saying why.
NOTICE = "permission-needed-medical-record"


def _to_overview() -> SwitchTo:
    return SwitchTo(Translated("mr-btn-overview"), id="overview", state=MedicalRecord.overview)


def _overview_window() -> Window:
    return Window(
        problem_text(),
        failed_text(),
        Format("{text}", when=~F["failed"]),
        *failure_buttons(NOTICE),
        Row(
            SwitchTo(Translated("mr-btn-allergies"), id="allergies", state=MedicalRecord.allergies),
            SwitchTo(Translated("mr-btn-diagnoses"), id="diagnoses", state=MedicalRecord.diagnoses),
            SwitchTo(Translated("mr-btn-visits"), id="visits", state=MedicalRecord.visits),
        ),
        Row(
            Start(Translated("mr-btn-lab-results"), id="lab", state=LabResults.listing),
            Start(Translated("mr-btn-vaccinations"), id="vaccinations", state=Vaccinations.listing),
        ),
        Row(
            Start(Translated("mr-btn-referrals"), id="referrals", state=Referrals.listing),
            Start(Translated("mr-btn-extract"), id="extract", state=RecordExtract.language),
        ),
        Cancel(Translated("btn-back")),
        MessageInput(on_button_expected),
        getter=getters.overview_getter,
        state=MedicalRecord.overview,
        protect_content=PROTECTED,
    )


def _listing_window(state: State, getter: Getter) -> Window:
    return Window(
        problem_text(),
        failed_text(),
        Format("{text}", when=~F["failed"]),
        Column(
            Select(
                Format("{item[label]}"),
                id="item",
                item_id_getter=lambda item: item["index"],
                items="items",
                type_factory=int,
                on_click=handlers.on_item_picked,
            ),
        ),
        paging_row(handlers.page_key),
        *failure_buttons(NOTICE),
        _to_overview(),
        MessageInput(on_button_expected),
        getter=getter,
        state=state,
        protect_content=PROTECTED,
    )


def _card_window(state: State, getter: Getter, back: SwitchTo) -> Window:
    return Window(
        problem_text(),
        failed_text(),
        Format("{text}", when=~F["failed"]),
        *failure_buttons(NOTICE),
        back,
        _to_overview(),
        MessageInput(on_button_expected),
        getter=getter,
        state=state,
        protect_content=PROTECTED,
    )


def create_dialog() -> Dialog:
    return Dialog(
        _overview_window(),
        _listing_window(MedicalRecord.allergies, getters.allergies_getter),
        _card_window(
            MedicalRecord.allergy,
            getters.allergy_getter,
            SwitchTo(Translated("mr-btn-back-allergies"), id="list", state=MedicalRecord.allergies),
        ),
        _listing_window(MedicalRecord.diagnoses, getters.diagnoses_getter),
        _card_window(
            MedicalRecord.diagnosis,
            getters.diagnosis_getter,
            SwitchTo(Translated("mr-btn-back-diagnoses"), id="list", state=MedicalRecord.diagnoses),
        ),
        _listing_window(MedicalRecord.visits, getters.visits_getter),
        _card_window(
            MedicalRecord.visit,
            getters.visit_getter,
            SwitchTo(Translated("mr-btn-back-visits"), id="list", state=MedicalRecord.visits),
        ),
        on_start=handlers.on_start,
    )
