"""What the buttons of notifications do, and what the bot learns when a patient blocks it.

A button opens its flow on a fresh stack (the main menu underneath, so "Back" lands there) in a new message:
the notification itself stays as it was. A patient who has signed out meanwhile lands on the sign-in instead.
A `my_chat_member` update saying the bot was blocked marks the chat unreachable, so no event is sent to it
until the patient writes to the bot again.
"""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import KICKED, ChatMemberUpdatedFilter
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, ChatMemberUpdated
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.api_client import BackendClient, BackendError
from bot.dialogs.accesses.states import Accesses
from bot.dialogs.common.navigation import open_home
from bot.dialogs.declarations.states import Declarations
from bot.dialogs.doctor_search.states import DoctorSearch
from bot.dialogs.lab_results.states import LabResults
from bot.dialogs.main_menu.states import MainMenu
from bot.dialogs.prescriptions.states import Prescriptions
from bot.dialogs.profile.states import Profile
from bot.dialogs.referrals.states import Referrals
from bot.notifier.actions import Action, NotificationAction

log = logging.getLogger(__name__)

FLOW_OF_ACTION: dict[Action, State] = {
    Action.DECLARATIONS: Declarations.overview,
    Action.REQUESTS: Declarations.requests,
    Action.FIND_DOCTOR: DoctorSearch.filters,
    Action.ACCESSES: Accesses.overview,
    Action.PROFILE: Profile.view,
    Action.PRESCRIPTIONS: Prescriptions.listing,
    Action.LAB_RESULTS: LabResults.listing,
    Action.REFERRALS: Referrals.listing,
}


async def on_action(
    callback: CallbackQuery,
    callback_data: NotificationAction,
    dialog_manager: DialogManager,
    backend: BackendClient,
) -> None:
    await callback.answer()
    account = await backend.get_account(callback.from_user.id)
    flow = FLOW_OF_ACTION.get(callback_data.action)
    if flow is None or not account.linked:
        await open_home(dialog_manager, account)
        return
    # The menu goes under the flow without a message of its own; the flow is sent as a new message.
    await dialog_manager.start(MainMenu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE)
    await dialog_manager.start(flow, show_mode=ShowMode.SEND)


async def on_blocked(event: ChatMemberUpdated, backend: BackendClient) -> None:
    try:
        await backend.mark_unreachable(event.from_user.id)
    except BackendError as error:
        # Someone who never opened the bot has no account; anything else is retried by the next 403.
        log.info("could not mark a chat unreachable", extra={"code": error.code})


def create_router() -> Router:
    router = Router(name="notifications")
    router.callback_query.register(on_action, NotificationAction.filter())
    router.my_chat_member.register(
        on_blocked, F.chat.type == ChatType.PRIVATE, ChatMemberUpdatedFilter(member_status_changed=KICKED)
    )
    return router
