"""The registry of flows. Each line names a module with a factory: `create_dialog() -> Dialog`
(aiogram-dialog) or `create_router() -> Router` (plain handlers, e.g. inline mode). Add a flow with one line.

Factories rather than module-level objects: a router joins one dispatcher only, and tests (and a restart
inside one process) build several dispatchers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from aiogram import Router

FLOW_MODULES: tuple[str, ...] = (
    "bot.dialogs.onboarding.dialog",
    "bot.dialogs.main_menu.dialog",
    "bot.dialogs.profile.dialog",
    "bot.dialogs.settings.dialog",
    "bot.dialogs.declarations.dialog",
    "bot.dialogs.prescriptions.dialog",
    "bot.dialogs.medical_record.dialog",
    "bot.dialogs.lab_results.dialog",
    "bot.dialogs.doctor_search.dialog",
    "bot.dialogs.submit_declaration.dialog",
    "bot.dialogs.accesses.dialog",
    "bot.dialogs.vaccinations.dialog",
    "bot.dialogs.referrals.dialog",
    "bot.dialogs.record_extract.dialog",
    "bot.handlers.inline",
)


def create_flow_routers() -> list[Router]:
    routers: list[Router] = []
    for name in FLOW_MODULES:
        module = importlib.import_module(name)
        factory: Callable[[], Router] | None = getattr(module, "create_dialog", None) or getattr(
            module, "create_router", None
        )
        if factory is None:
            raise TypeError(f"{name} has neither create_dialog() nor create_router()")
        routers.append(factory())
    return routers
