"""What a patient sees when something goes wrong: never a stack trace, always what to do next.

- a stale button (the bot restarted, the dialog is gone) → the menu again, with a short note;
- the backend or the registry unavailable → a polite "try later"; the dialog stays where it was;
- not signed in / the registry session ended → "please sign in again" and the sign-in step;
- anything else → a polite generic message; the exception is logged without personal data.
"""

from __future__ import annotations

import logging
import traceback

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent, Update
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.api_client import BackendClient, BackendError
from bot.dialogs.common.errors import SIGN_IN_AGAIN_CODES, error_text
from bot.dialogs.common.navigation import open_home
from bot.i18n import I18N_KEY, Locales, Translator

log = logging.getLogger(__name__)


def _chat_id(update: Update) -> int | None:
    if update.message is not None:
        return update.message.chat.id
    if update.callback_query is not None:
        if update.callback_query.message is not None:
            return update.callback_query.message.chat.id
        return update.callback_query.from_user.id
    return None


def _user_id(update: Update) -> int | None:
    for event in (update.message, update.callback_query):
        if event is not None and event.from_user is not None:
            return event.from_user.id
    return None


def _translator(data: dict[str, object]) -> Translator:
    i18n = data.get(I18N_KEY)
    if isinstance(i18n, Translator):
        return i18n
    locales = data["locales"]
    assert isinstance(locales, Locales)
    return locales.translator(None)


async def _answer_callback(event: ErrorEvent) -> None:
    """Stop the button's spinner: an unanswered callback query spins until Telegram gives up."""
    query = event.update.callback_query
    if query is not None:
        try:
            await query.answer()
        except TelegramAPIError:  # already answered, or too old: nothing to stop
            log.debug("callback query already answered")


async def _say(bot: Bot, event: ErrorEvent, text: str) -> None:
    chat_id = _chat_id(event.update)
    if chat_id is not None:
        await bot.send_message(chat_id, text)


async def on_stale_dialog(
    event: ErrorEvent, backend: BackendClient, bot: Bot, dialog_manager: DialogManager | None = None, **data: object
) -> None:
    """Buttons of a dialog the bot no longer knows (after a restart, or an old message)."""
    await _answer_callback(event)
    user_id = _user_id(event.update)
    if user_id is None or dialog_manager is None:
        return
    i18n = _translator(data)
    try:
        account = await backend.get_account(user_id)
    except BackendError as error:
        await _say(bot, event, error_text(i18n, error))
        return
    await open_home(dialog_manager, account, notice="stale", show_mode=ShowMode.SEND)


async def on_backend_error(
    event: ErrorEvent, backend: BackendClient, bot: Bot, dialog_manager: DialogManager | None = None, **data: object
) -> None:
    """A refusal or failure no handler dealt with; unavailability included (the dialog stays as it was)."""
    error = event.exception
    assert isinstance(error, BackendError)
    log.info("backend refused", extra={"code": error.code, "status": error.status, "reason": error.reason})
    await _answer_callback(event)
    await _say(bot, event, error_text(_translator(data), error))
    user_id = _user_id(event.update)
    if error.code in SIGN_IN_AGAIN_CODES and user_id is not None and dialog_manager is not None:
        try:
            account = await backend.get_account(user_id)
        except BackendError:
            return
        await open_home(dialog_manager, account, show_mode=ShowMode.SEND)


async def on_unexpected(event: ErrorEvent, bot: Bot, **data: object) -> None:
    error = event.exception
    # The traceback names code, not people: no update payload, no exception message (it may quote input).
    log.error(
        "unhandled %s in update %s\n%s",
        type(error).__name__,
        event.update.update_id,
        "".join(traceback.format_tb(error.__traceback__)),
    )
    await _answer_callback(event)
    await _say(bot, event, _translator(data).get("error-generic"))


def create_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_stale_dialog, ExceptionTypeFilter(UnknownIntent, UnknownState, OutdatedIntent))
    router.errors.register(on_backend_error, ExceptionTypeFilter(BackendError))
    router.errors.register(on_unexpected)
    return router
