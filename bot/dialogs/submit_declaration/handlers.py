"""Submitting a declaration: precheck → summary → one request (idempotent) → signing → the result.

The idempotency key is made once when the summary is shown and kept in dialog data: a double tap, a
redelivered update or a retry after a timeout all reach the backend with the same key, so the registry gets
one request.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from bot.api_client import BackendError
from bot.api_models import DeclarationRequest, DeclarationRequestCreated
from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.failures import show_failure
from bot.dialogs.common.widgets import set_problem
from bot.dialogs.declarations.states import Declarations
from bot.dialogs.doctor_search.states import DoctorSearch
from bot.dialogs.submit_declaration.data import (
    CANCELLED,
    CLIENT_KEY,
    DOCTOR_KEY,
    PRECHECK_KEY,
    REQUEST_KEY,
    RESULT_KEY,
    SIGNED,
    WAITING_FOR_SIGNATURE,
)
from bot.dialogs.submit_declaration.states import SubmitDeclaration
from bot.widgets import translator_of


def new_client_key() -> str:
    """A fresh idempotency key (the backend accepts A-Za-z0-9_.:-, up to 64)."""
    return f"tg-{secrets.token_hex(16)}"


def _start(manager: DialogManager) -> tuple[str, str] | None:
    data = manager.start_data if isinstance(manager.start_data, dict) else {}
    employee_id, division_id = data.get("employee_id"), data.get("division_id")
    if isinstance(employee_id, str) and isinstance(division_id, str):
        return employee_id, division_id
    return None


async def load_precheck(manager: DialogManager) -> None:
    """The doctor's card and the rules for this patient; a refusal is shown above the window."""
    chosen = _start(manager)
    if chosen is None:
        return
    employee_id, division_id = chosen
    backend, user_id = backend_of(manager), user_id_of(manager)
    try:
        doctor = await backend.get_doctor(employee_id)
        precheck = await backend.precheck_declaration(user_id, employee_id=employee_id, division_id=division_id)
    except BackendError as error:
        show_failure(manager, error)
        return
    manager.dialog_data[DOCTOR_KEY] = doctor.model_dump(mode="json")
    manager.dialog_data[PRECHECK_KEY] = precheck.model_dump(mode="json")
    manager.dialog_data.setdefault(CLIENT_KEY, new_client_key())


async def on_start(start_data: Any, manager: DialogManager) -> None:
    await load_precheck(manager)


async def on_retry(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await load_precheck(manager)


def _remember_request(manager: DialogManager, request: DeclarationRequest) -> None:
    """The request's id and status, and its signing link when the answer carries a new one."""
    stored: dict[str, Any] = manager.dialog_data.get(REQUEST_KEY) or {}
    stored.update({"id": request.id, "status": request.status})
    if isinstance(request, DeclarationRequestCreated) and request.signing_url:
        expires_at = request.signing_expires_at.isoformat() if request.signing_expires_at else None
        stored.update({"signing_url": request.signing_url, "expires_at": expires_at})
    manager.dialog_data[REQUEST_KEY] = stored


async def on_submit(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if (manager.dialog_data.get(REQUEST_KEY) or {}).get("id"):  # a second tap: the request exists
        await manager.switch_to(SubmitDeclaration.signing)
        return
    chosen = _start(manager)
    if chosen is None:
        return
    employee_id, division_id = chosen
    client_key = manager.dialog_data.setdefault(CLIENT_KEY, new_client_key())
    try:
        created = await backend_of(manager).create_declaration_request(
            user_id_of(manager), employee_id=employee_id, division_id=division_id, client_key=client_key
        )
    except BackendError as error:
        if error.code == "precheck_failed" and error.blockers:
            # Something changed since the summary (e.g. the last free place went): show the new blockers.
            precheck = manager.dialog_data.setdefault(PRECHECK_KEY, {})
            precheck.update({"ok": False, "blockers": list(error.blockers)})
            return
        show_failure(manager, error)
        return
    _remember_request(manager, created)
    await manager.switch_to(SubmitDeclaration.signing)


def _link_expired(stored: dict[str, Any]) -> bool:
    expires_at = stored.get("expires_at")
    return not expires_at or datetime.fromisoformat(expires_at) <= datetime.now(UTC)


async def _refresh_link(manager: DialogManager, request_id: str) -> None:
    """A signing page link lives a short while; a patient who comes back later gets a fresh one."""
    fresh = await backend_of(manager).declaration_request_signing_link(user_id_of(manager), request_id)
    _remember_request(manager, fresh)


async def on_check_status(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    stored: dict[str, Any] = manager.dialog_data.get(REQUEST_KEY) or {}
    request_id = stored.get("id")
    if not request_id:
        await manager.switch_to(SubmitDeclaration.precheck)
        return
    backend, user_id = backend_of(manager), user_id_of(manager)
    try:
        request = await backend.get_declaration_request(user_id, request_id)
        if request.status in WAITING_FOR_SIGNATURE:
            if _link_expired(stored):
                await _refresh_link(manager, request_id)
            set_problem(manager, translator_of(manager).get("submit-not-signed-yet"))
            return
        result: dict[str, Any] = {"request_status": request.status, "reason": request.status_reason}
        if request.status == SIGNED and request.declaration_id:
            declaration = await backend.get_declaration(user_id, request.declaration_id)
            result.update({"declaration_status": declaration.status, "number": declaration.number})
    except BackendError as error:
        show_failure(manager, error)
        return
    _remember_request(manager, request)
    manager.dialog_data[RESULT_KEY] = result
    await manager.switch_to(SubmitDeclaration.result)


async def on_cancel_confirmed(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    request_id = (manager.dialog_data.get(REQUEST_KEY) or {}).get("id")
    if not request_id:
        await manager.switch_to(SubmitDeclaration.precheck)
        return
    try:
        request = await backend_of(manager).cancel_declaration_request(user_id_of(manager), request_id)
    except BackendError as error:
        show_failure(manager, error)
        await manager.switch_to(SubmitDeclaration.signing)
        return
    _remember_request(manager, request)
    # The registry records the patient's own cancellation as REJECTED ("declined"); the patient reads it
    # as what they did: cancelled.
    manager.dialog_data[RESULT_KEY] = {"request_status": CANCELLED}
    await manager.switch_to(SubmitDeclaration.result)


async def on_again(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """A new attempt with the same doctor: a new request, so a new idempotency key."""
    for key in (REQUEST_KEY, RESULT_KEY, PRECHECK_KEY):
        manager.dialog_data.pop(key, None)
    manager.dialog_data[CLIENT_KEY] = new_client_key()
    await load_precheck(manager)
    await manager.switch_to(SubmitDeclaration.precheck)


async def on_other_doctors(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Doctors of the same speciality near this clinic (or in its settlement when it has no coordinates)."""
    doctor: dict[str, Any] = manager.dialog_data.get(DOCTOR_KEY) or {}
    blockers = (manager.dialog_data.get(PRECHECK_KEY) or {}).get("blockers", [])
    # The same speciality, unless that is the problem (the search then offers what suits the patient's age).
    query: dict[str, Any] = {}
    if "SPECIALITY_AGE_MISMATCH" not in blockers:
        query["speciality"] = doctor.get("speciality")
    if doctor.get("latitude") is not None and doctor.get("longitude") is not None:
        query.update({"lat": doctor["latitude"], "lon": doctor["longitude"]})
    elif doctor.get("settlement"):
        query.update(
            {"settlement": doctor["settlement"], "area": doctor.get("area"), "settlement_label": doctor["settlement"]}
        )
    await manager.start(DoctorSearch.filters, data={"query": query})


async def on_my_declarations(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await manager.start(Declarations.overview)
