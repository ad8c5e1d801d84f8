"""What every handler and getter needs from the dialog manager: the patient, the backend, the texts."""

from __future__ import annotations

from aiogram.types import User
from aiogram_dialog import DialogManager

from bot.api_client import BackendClient
from bot.widgets import translator_of

BACKEND_KEY = "backend"  # workflow data: the BackendClient

__all__ = ["BACKEND_KEY", "backend_of", "translator_of", "user_id_of", "user_of"]


def backend_of(manager: DialogManager) -> BackendClient:
    backend: BackendClient = manager.middleware_data[BACKEND_KEY]
    return backend


def user_of(manager: DialogManager) -> User:
    user: User | None = manager.middleware_data.get("event_from_user")
    if user is None:  # dialogs run in private chats; every update there has a sender
        raise RuntimeError("dialog event without a user")
    return user


def user_id_of(manager: DialogManager) -> int:
    return user_of(manager).id
