"""Where a patient lands: the main menu when signed in, otherwise the onboarding step they stopped at.

Used by /start, /menu, /cancel, stale buttons and "please sign in again" errors, so they all agree.
"""

from __future__ import annotations

import re

from aiogram.fsm.state import State
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.api_models import AccountState
from bot.dialogs.doctor_search.states import DoctorSearch
from bot.dialogs.main_menu.states import MainMenu
from bot.dialogs.onboarding.states import Onboarding

DEEP_LINK_KEY = "deep_link"  # start data of onboarding: a deep link to open once signed in
NOTICE_KEY = "notice"  # start data of the main menu: a text key to show above it once

_DOCTOR_LINK = re.compile(r"doc_([A-Za-z0-9-]{1,60})")


def doctor_from_deep_link(payload: str | None) -> str | None:
    """`doc_<employee_id>` (t.me/<bot>?start=doc_…) → the employee id; anything else → None."""
    match = _DOCTOR_LINK.fullmatch(payload or "")
    return match.group(1) if match else None


def onboarding_step(account: AccountState) -> State:
    if not account.consent.given:
        return Onboarding.welcome
    if not account.phone_shared:
        return Onboarding.phone
    return Onboarding.sign_in


async def open_sign_in(manager: DialogManager, *, notice: str, show_mode: ShowMode = ShowMode.SEND) -> None:
    """The sign-in step even for a linked patient (a new sign-in renews what the patient allows the cabinet),
    with `notice-<notice>` above it saying why."""
    await manager.start(Onboarding.sign_in, data={NOTICE_KEY: notice}, mode=StartMode.RESET_STACK, show_mode=show_mode)


async def open_home(
    manager: DialogManager,
    account: AccountState,
    *,
    deep_link: str | None = None,
    notice: str | None = None,
    show_mode: ShowMode = ShowMode.SEND,
) -> None:
    """Reset the dialog stack to the menu (or onboarding); a doctor deep link opens the card on top."""
    if not account.linked:
        await manager.start(
            onboarding_step(account),
            data={DEEP_LINK_KEY: deep_link, NOTICE_KEY: notice},
            mode=StartMode.RESET_STACK,
            show_mode=show_mode,
        )
        return
    await manager.start(MainMenu.main, data={NOTICE_KEY: notice}, mode=StartMode.RESET_STACK, show_mode=show_mode)
    employee_id = doctor_from_deep_link(deep_link)
    if employee_id is not None:
        await manager.start(DoctorSearch.card, data={"employee_id": employee_id}, show_mode=show_mode)
