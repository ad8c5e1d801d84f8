"""Objects are looked up at the registry with the patient's own token, so another person's id is
refused there; whichever way the registry refuses (403 or 404), the bot sees 404 — the existence of
someone else's object is not revealed."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from backend.api.errors import not_found
from backend.registry.errors import RegistryForbidden, RegistryNotFound

T = TypeVar("T")


async def own(call: Awaitable[T]) -> T:
    try:
        return await call
    except (RegistryForbidden, RegistryNotFound):
        raise not_found() from None
