"""Plain handlers (commands, errors); the flows are dialogs registered in `bot.dialogs`."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import commands, errors


def create_handler_routers() -> list[Router]:
    """Fresh routers per dispatcher (a router joins one dispatcher only)."""
    return [commands.create_router(), errors.create_router()]
