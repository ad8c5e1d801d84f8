"""The patient's medical record (eHealth's patient summary) and referrals, read with the patient's own token.

`patient_id` in every registry call is the signed-in person's own id, from their link (never from the bot).
Nothing is stored: every answer is read for the one patient who asks and kept only in their session cache
(`session_cache`: in memory, a short while, their own), so the screens the bot shows again (back to the overview,
a result's card then its chart, the next page of a list read whole) do not read the registry again. Each view is
noted in the audit log by section and registry id only (no diagnosis, result, vaccine or referral number), read
or kept alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from math import ceil
from typing import Any, Final, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from backend import audit
from backend.api.errors import ApiError
from backend.domain.medical_record import (
    is_current_allergy,
    is_open_referral,
    is_recorded,
    latest_per_code,
    newest_first,
)
from backend.registry.errors import RegistryForbidden, RegistryNotFound, RegistryUnavailable
from backend.registry.port import (
    AllergyIntolerance,
    Diagnosis,
    Encounter,
    Observation,
    Page,
    RegistryPort,
    ServiceRequest,
)
from backend.services.container import Services
from backend.services.patient import Patient

# How many of each kind the overview and a measure's series read: the registry's largest page.
READ_AT_ONCE: Final = 100

Section = Literal[
    "diagnoses",
    "conditions",
    "observations",
    "diagnostic_reports",
    "immunizations",
    "allergies",
    "encounters",
    "episodes",
    "procedures",
    "referrals",
]
# The registry's list and item calls of each section (the port's method names).
LISTS: Final[dict[Section, str]] = {
    "diagnoses": "list_diagnoses",
    "conditions": "list_conditions",
    "observations": "list_observations",
    "diagnostic_reports": "list_diagnostic_reports",
    "immunizations": "list_immunizations",
    "allergies": "list_allergy_intolerances",
    "encounters": "list_encounters",
    "episodes": "list_episodes",
    "procedures": "list_procedures",
    "referrals": "list_service_requests",
}
ITEMS: Final[dict[Section, str]] = {
    "conditions": "get_condition",
    "observations": "get_observation",
    "diagnostic_reports": "get_diagnostic_report",
    "immunizations": "get_immunization",
    "allergies": "get_allergy_intolerance",
    "encounters": "get_encounter",
    "referrals": "get_service_request",
}


@dataclass(frozen=True, slots=True)
class Overview:
    """The record's first screen."""

    allergies: tuple[AllergyIntolerance, ...]  # the current ones
    diagnoses: tuple[Diagnosis, ...]  # of the active episodes
    last_visit: Encounter | None
    latest_results: tuple[Observation, ...]  # the newest of each measure, newest first
    open_referrals: tuple[ServiceRequest, ...]  # active and not expired, newest first


async def _noted(
    services: Services, session: AsyncSession, patient: Patient, section: str, object_id: str | None
) -> None:
    await audit.record(
        session,
        services.cipher,
        patient.account.telegram_user_id,
        "record.viewed",
        now=services.clock.now(),
        details={"section": section, "object_id": object_id},
    )
    await session.commit()


async def _read(
    services: Services,
    session: AsyncSession,
    patient: Patient,
    call: Callable[[RegistryPort, str, str], Awaitable[Any]],
    *,
    listing: bool = True,
) -> Any:
    """One read with the patient's token and their own person id.

    A refusal means the patient has not allowed this cabinet to read their record (a session from before the
    cabinet asked for it): `permission_needed`, as for the prescriptions. A list the registry says is "not
    found" (its "Patient not found" for the person's own id) is the registry failing, not an answer; an item
    not found goes on to the router, where it is the bot's 404."""
    person_id = patient.link.person_id
    try:
        return await services.tokens.call(
            session, patient.link, lambda token: call(services.registry, token, person_id)
        )
    except RegistryForbidden:
        raise ApiError(403, "permission_needed", reason="medical_record") from None
    except RegistryNotFound as exc:
        if listing:
            raise RegistryUnavailable(
                "registry_unavailable", request_id=exc.request_id, detail="a list of the person's own not found"
            ) from None
        raise


def _list_key(method: str, page: int, page_size: int, filters: dict[str, Any]) -> tuple[Any, ...]:
    """The session cache's key of one list read: the port's method and exactly what it was asked."""
    return ("record", method, page, page_size, tuple(sorted(filters.items())))


async def _kept(
    services: Services,
    session: AsyncSession,
    patient: Patient,
    key: tuple[Any, ...],
    call: Callable[[RegistryPort, str, str], Awaitable[Any]],
    *,
    listing: bool = True,
) -> Any:
    """`_read`, kept in the patient's session cache under `key`."""
    return await services.session_cache.read(
        patient.owner, key, lambda: _read(services, session, patient, call, listing=listing)
    )


def _overview_reads() -> list[tuple[tuple[Any, ...], Callable[[RegistryPort, str, str], Awaitable[Page[Any]]]]]:
    first: dict[str, Any] = {"page": 1, "page_size": READ_AT_ONCE}
    active = {"status": "active"}
    return [
        (
            _list_key("list_allergy_intolerances", 1, READ_AT_ONCE, {}),
            lambda registry, token, person_id: registry.list_allergy_intolerances(token, person_id, **first),
        ),
        (
            _list_key("list_diagnoses", 1, READ_AT_ONCE, {}),
            lambda registry, token, person_id: registry.list_diagnoses(token, person_id, **first),
        ),
        (
            _list_key("list_encounters", 1, READ_AT_ONCE, {}),
            lambda registry, token, person_id: registry.list_encounters(token, person_id, **first),
        ),
        (
            _list_key("list_observations", 1, READ_AT_ONCE, {}),
            lambda registry, token, person_id: registry.list_observations(token, person_id, **first),
        ),
        (
            _list_key("list_service_requests", 1, READ_AT_ONCE, active),
            lambda registry, token, person_id: registry.list_service_requests(token, person_id, **active, **first),
        ),
    ]


async def overview(services: Services, session: AsyncSession, patient: Patient) -> Overview:
    """Five registry calls at once (allergies, diagnoses, visits, results, active referrals; the first
    `READ_AT_ONCE` of each), one token; those the session cache keeps are not read again."""
    cache = services.session_cache
    reads = _overview_reads()
    found: dict[tuple[Any, ...], Any] = {}
    missing = []
    for key, call in reads:
        kept, value = cache.get(patient.owner, key)
        if kept:
            found[key] = value
        else:
            missing.append((key, call))

    async def read_missing(registry: RegistryPort, token: str, person_id: str) -> tuple[Page[Any], ...]:
        return tuple(await asyncio.gather(*(call(registry, token, person_id) for _, call in missing)))

    if missing:
        for (key, _), value in zip(missing, await _read(services, session, patient, read_missing), strict=True):
            cache.put(patient.owner, key, value)
            found[key] = value
    allergies, diagnoses, visits, results, referrals = (found[key] for key, _ in reads)
    now = services.clock.now()
    shown_visits = newest_first((v for v in visits.items if is_recorded(v.status)), lambda v: v.start, lambda v: v.id)
    shown_results = [o for o in results.items if is_recorded(o.status)]
    open_referrals = [r for r in referrals.items if is_open_referral(r.status, r.expires_at, now)]
    await _noted(services, session, patient, "overview", None)
    return Overview(
        allergies=tuple(a for a in allergies.items if is_current_allergy(a.clinical_status)),
        diagnoses=diagnoses.items,
        last_visit=shown_visits[0] if shown_visits else None,
        latest_results=tuple(
            latest_per_code(shown_results, lambda o: o.code.code, lambda o: o.taken_at, lambda o: o.id)
        ),
        open_referrals=tuple(
            newest_first(open_referrals, lambda r: r.inserted_at or r.occurrence_start or now, lambda r: r.id)
        ),
    )


async def list_section(
    services: Services,
    session: AsyncSession,
    patient: Patient,
    section: Section,
    *,
    page: int,
    page_size: int,
    **filters: Any,
) -> Page[Any]:
    """One page of a section, as the registry pages it (one registry call). Not kept: a list the patient opens
    shows what a doctor has just written (the sandbox's demo and the bot's tests write while the patient looks)."""
    given = {key: value for key, value in filters.items() if value is not None}

    def call(registry: RegistryPort, token: str, person_id: str) -> Awaitable[Page[Any]]:
        return getattr(registry, LISTS[section])(token, person_id, page=page, page_size=page_size, **given)

    listed = await _read(services, session, patient, call)
    await _noted(services, session, patient, section, None)
    return listed


async def get_item(services: Services, session: AsyncSession, patient: Patient, section: Section, item_id: str) -> Any:
    """One item of a section by its registry id (one registry call, unless the session keeps it); the registry
    refuses anyone else's (a refusal is not kept)."""

    def call(registry: RegistryPort, token: str, person_id: str) -> Awaitable[Any]:
        return getattr(registry, ITEMS[section])(token, person_id, item_id)

    item = await _kept(services, session, patient, ("record_item", ITEMS[section], item_id), call, listing=False)
    await _noted(services, session, patient, section, item_id)
    return item


async def observation_series(
    services: Services, session: AsyncSession, patient: Patient, code: str, *, page: int, page_size: int
) -> Page[Observation]:
    """One measure's results over time, newest first (for a chart): one registry call (the first `READ_AT_ONCE`
    of that code), entered-in-error ones left out, paged here."""

    def call(registry: RegistryPort, token: str, person_id: str) -> Awaitable[Page[Observation]]:
        return registry.list_observations(token, person_id, code=code, page=1, page_size=READ_AT_ONCE)

    key = _list_key("list_observations", 1, READ_AT_ONCE, {"code": code})
    read = await _kept(services, session, patient, key, call)
    series = newest_first(
        (o for o in read.items if is_recorded(o.status) and o.code.code == code), lambda o: o.taken_at, lambda o: o.id
    )
    await _noted(services, session, patient, "observations", None)
    start = (page - 1) * page_size
    return Page(
        tuple(series[start : start + page_size]),
        page=page,
        page_size=page_size,
        total_entries=len(series),
        total_pages=max(1, ceil(len(series) / page_size)),
    )
