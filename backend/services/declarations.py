"""The patient's declarations, read whole once per session and paged here.

A person holds a handful of declarations over a lifetime. One registry call (the first `WHOLE_READ`, all
statuses) answers the overview's current declarations and its history, any page of the history, and the
precheck's current doctor, where each of those used to be a call of its own (the overview three). When the
registry holds more than `WHOLE_READ`, pages and statuses are read from the registry as it pages them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from math import ceil
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.declarations import CURRENT_DECLARATION_STATUSES
from backend.registry.port import Declaration, Page
from backend.services.container import Services
from backend.services.patient import Patient

WHOLE_READ: Final = 100  # declarations read at once: far more than anyone holds
CURRENT_READ: Final = 10  # of each current status, when the whole list does not fit in one read
CURRENT_ORDER: Final = tuple(sorted(CURRENT_DECLARATION_STATUSES))  # active first, then pending_verification


async def _list(
    session: AsyncSession, services: Services, patient: Patient, *, status: str | None, page: int, page_size: int
) -> Page[Declaration]:
    return await services.session_cache.read(
        patient.owner,
        ("declarations", status, page, page_size),
        lambda: services.tokens.call(
            session,
            patient.link,
            partial(services.registry.list_declarations, status=status, page=page, page_size=page_size),
        ),
    )


async def _whole(session: AsyncSession, services: Services, patient: Patient) -> Page[Declaration] | None:
    """Every declaration of the person in the registry's order, or None when there are more than one read holds."""
    read = await _list(session, services, patient, status=None, page=1, page_size=WHOLE_READ)
    return read if read.total_entries <= len(read.items) else None


def _page_of(items: Sequence[Declaration], *, page: int, page_size: int) -> Page[Declaration]:
    start = (page - 1) * page_size
    return Page(
        tuple(items[start : start + page_size]),
        page=page,
        page_size=page_size,
        total_entries=len(items),
        total_pages=max(1, ceil(len(items) / page_size)),
    )


def current_of(items: Sequence[Declaration]) -> list[Declaration]:
    """The current declarations (active, then pending verification), each status in the registry's order."""
    return [item for status in CURRENT_ORDER for item in items if item.status == status]


async def listing(
    session: AsyncSession, services: Services, patient: Patient, *, status: str | None, page: int, page_size: int
) -> tuple[list[Declaration], Page[Declaration]]:
    """`(current, page)`: the current declarations (only for the first page of the unfiltered list, as the
    overview shows them) and the page asked for."""
    with_current = page == 1 and status is None
    whole = await _whole(session, services, patient)
    if whole is not None:
        items = [item for item in whole.items if status is None or item.status == status]
        return (current_of(whole.items) if with_current else []), _page_of(items, page=page, page_size=page_size)
    listed = await _list(session, services, patient, status=status, page=page, page_size=page_size)
    current: list[Declaration] = []
    if with_current:
        for current_status in CURRENT_ORDER:
            found = await _list(session, services, patient, status=current_status, page=1, page_size=CURRENT_READ)
            current.extend(found.items)
    return current, listed


async def current(session: AsyncSession, services: Services, patient: Patient) -> Declaration | None:
    """The person's current declaration (the precheck's "already your doctor")."""
    whole = await _whole(session, services, patient)
    if whole is not None:
        found = current_of(whole.items)
        return found[0] if found else None
    for status in CURRENT_ORDER:
        page = await _list(session, services, patient, status=status, page=1, page_size=1)
        if page.items:
            return page.items[0]
    return None


async def get(session: AsyncSession, services: Services, patient: Patient, declaration_id: str) -> Declaration:
    """One of the patient's declarations (the registry refuses anyone else's; a refusal is not kept)."""
    return await services.session_cache.read(
        patient.owner,
        ("declaration", declaration_id),
        lambda: services.tokens.call(
            session, patient.link, lambda token: services.registry.get_declaration(token, declaration_id)
        ),
    )


async def terminate(
    session: AsyncSession, services: Services, patient: Patient, declaration_id: str, reason: str
) -> Declaration:
    try:
        return await services.tokens.call(
            session, patient.link, lambda token: services.registry.terminate_declaration(token, declaration_id, reason)
        )
    finally:
        services.session_cache.forget(patient.owner)
