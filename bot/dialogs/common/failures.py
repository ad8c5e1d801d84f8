"""A backend refusal inside a flow: shown above the same question, so the patient keeps their place.

"Please sign in again" is not handled here: it is re-raised for the bot's error handler, which takes the
patient to the sign-in step.
"""

from __future__ import annotations

from aiogram_dialog import DialogManager

from bot.api_client import BackendError
from bot.dialogs.common.errors import SIGN_IN_AGAIN_CODES, error_text
from bot.dialogs.common.widgets import set_problem
from bot.widgets import translator_of


def failure_text(manager: DialogManager, error: BackendError) -> str:
    """The localized text of a refusal; re-raises the ones that need a new sign-in."""
    if error.code in SIGN_IN_AGAIN_CODES:
        raise error
    return error_text(translator_of(manager), error)


def show_failure(manager: DialogManager, error: BackendError) -> None:
    """Put the refusal above the current window (it re-renders after the handler)."""
    set_problem(manager, failure_text(manager, error))
