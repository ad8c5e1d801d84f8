"""Demo and test controls outside eHealth's paths: the sandbox clock, test persons, granting accesses.

They need no api-key, so they answer only requests from this machine (the sandbox listens on
127.0.0.1 by default; this guards a sandbox someone exposed by mistake).
"""

from __future__ import annotations

import ipaddress
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select

from sandbox.registry.auth.approvals import approval_json
from sandbox.registry.auth.grants import find_approval, grant_approval
from sandbox.registry.core.clock import Clock
from sandbox.registry.core.deps import ClockDep, Session
from sandbox.registry.core.envelope import RegistryError, errors, iso_datetime, ok
from sandbox.registry.core.models import Client, Person, SandboxKey
from sandbox.registry.persons.view import person_access
from sandbox.registry.rules.access import ADULT_FROM_AGE, OwnAccess, full_years

# Far enough for any demo (declarations ending at 18, requests expiring); bounded so time stays sane.
MAX_ADVANCE = timedelta(days=3660)


def age_class(person: Person, today: date) -> str:
    """child (under 14), teen_read_only, teen_capable (14–17 with confirmed capacity) or adult."""
    access = person_access(person, today)
    if access is OwnAccess.NONE:
        return "child"
    if access is OwnAccess.VIEW:
        return "teen_read_only"
    return "teen_capable" if full_years(person.birth_date, today) < ADULT_FROM_AGE else "adult"


def local_only(request: Request) -> None:
    host = request.client.host if request.client else ""
    try:
        is_local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        is_local = host == "localhost"
    if not is_local:
        raise RegistryError("forbidden", "Sandbox controls answer only on this machine")


router = APIRouter(
    prefix="/sandbox", tags=["sandbox controls"], dependencies=[Depends(local_only)], responses=errors(403)
)


class ClockAdvance(BaseModel):
    model_config = ConfigDict(strict=True)  # a number, not `true` or `"1"`

    # Bounded field by field: a huge number must be refused before it reaches timedelta (which overflows).
    seconds: Annotated[float | None, Field(gt=0, le=MAX_ADVANCE.total_seconds(), allow_inf_nan=False)] = None
    days: Annotated[float | None, Field(gt=0, le=MAX_ADVANCE.days, allow_inf_nan=False)] = None

    @model_validator(mode="after")
    def _one_amount(self) -> ClockAdvance:
        if (self.seconds is None) == (self.days is None):
            raise ValueError("give either seconds or days")
        return self

    @property
    def step(self) -> timedelta:
        return timedelta(seconds=self.seconds) if self.seconds is not None else timedelta(days=self.days or 0)


class AccessGrant(BaseModel):
    client_id: Annotated[str, Field(min_length=1, max_length=64)]


def _clock_json(clock: Clock) -> dict[str, Any]:
    return {
        "now": iso_datetime(clock.now()),
        "today": clock.today().isoformat(),
        "offset_seconds": clock.offset.total_seconds(),
    }


@router.get("/clock")
async def get_clock(request: Request, clock: ClockDep) -> JSONResponse:
    return ok(request, _clock_json(clock))


@router.post("/clock/advance", responses=errors(400, 422))
async def advance_clock(request: Request, body: ClockAdvance, session: Session, clock: ClockDep) -> JSONResponse:
    await clock.advance(session, body.step.total_seconds())
    await session.commit()
    return ok(request, _clock_json(clock))


@router.get("/persons")
async def list_persons(request: Request, session: Session, clock: ClockDep) -> JSONResponse:
    """The test persons, each with their sandbox key, for a demo page's "who are you" choice."""
    today = clock.today()
    rows = await session.execute(
        select(Person, SandboxKey).join(SandboxKey, SandboxKey.person_id == Person.id).order_by(SandboxKey.label)
    )
    persons = [
        {
            "id": person.id,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "second_name": person.second_name,
            "birth_date": person.birth_date.isoformat(),
            "age": full_years(person.birth_date, today),
            "age_class": age_class(person, today),
            "verification_status": person.verification_status,
            "key_id": key.id,
            "key_label": key.label,
        }
        for person, key in rows
    ]
    return ok(request, persons)


@router.post(
    "/persons/{person_id}/accesses",
    responses={201: {"description": "The access is new (200: it was there already)."}, **errors(400, 404, 422)},
)
async def grant_access(
    request: Request,
    body: AccessGrant,
    session: Session,
    clock: ClockDep,
    person_id: Annotated[str, Path(max_length=64)],
) -> JSONResponse:
    """Give another system access to the person's data, as if they had signed in there (a security alert)."""
    person = await session.get(Person, person_id)
    if person is None:
        raise RegistryError("not_found", "Person not found")
    client = await session.get(Client, body.client_id)
    if client is None:
        raise RegistryError.validation("$.client_id", "invalid", "No client with this id is registered")
    existed = await find_approval(session, person_id=person.id, client_id=client.id) is not None
    approval = await grant_approval(session, person_id=person.id, client=client, scope=client.scope, now=clock.now())
    await session.commit()
    return ok(request, approval_json(approval), status=200 if existed else 201)
