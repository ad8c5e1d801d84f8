"""The signed-in person's own data: `GET /api/pis/person` and the signed update `PATCH /api/cabinet/persons/{id}`.

Both as eHealth documents them: the read in ehealth-pis.apib ("Get Person Details", scope
`person:sign_in`), the update in ehealth-cabinet-and-portal.apib ("Update MPI": the whole person JSON,
signed, in `signed_request`). The Blueprint names no scope for the update; `person:write_pis` is ours.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from sandbox.registry.core import scopes
from sandbox.registry.core.deps import ClockDep, CurrentPrincipal, Session
from sandbox.registry.core.envelope import RegistryError, errors, ok
from sandbox.registry.persons.signature import verify_person_signature
from sandbox.registry.persons.view import person_json, require_act, require_view
from sandbox.registry.rules.person_data import check_person_update

router = APIRouter(tags=["person"])

# A person record is a few kilobytes; this bounds what the registry will even try to parse.
MAX_SIGNED_CONTENT = 200_000
SIGNED_REQUEST = "$.signed_request"
SIGNED_NOT_JSON = "signed content must be a JSON object with the person's data"


class SignedPersonUpdate(BaseModel):
    signed_request: Annotated[str, Field(min_length=1, max_length=MAX_SIGNED_CONTENT)]


@router.get("/api/pis/person", responses=errors(401, 403, 422))
async def get_person(request: Request, principal: CurrentPrincipal, clock: ClockDep) -> JSONResponse:
    principal.require(scopes.SIGN_IN)
    today = clock.today()
    require_view(principal.person, today)
    return ok(request, person_json(principal.person, today))


@router.patch("/api/cabinet/persons/{person_id}", responses=errors(400, 401, 403, 404, 422))
async def update_person(
    request: Request,
    person_id: Annotated[str, Path(max_length=64)],
    body: SignedPersonUpdate,
    principal: CurrentPrincipal,
    session: Session,
    clock: ClockDep,
) -> JSONResponse:
    principal.require(scopes.PERSON_WRITE)
    person, today = principal.person, clock.today()
    if person_id != person.id:
        # Another person's record is not found for you: its existence is not yours to learn.
        raise RegistryError("not_found", "Person not found")
    require_act(person, today)

    data = await verify_person_signature(session, body.signed_request, person, entry=SIGNED_REQUEST)
    try:
        signed = json.loads(data)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RegistryError.validation(SIGNED_REQUEST, "json", SIGNED_NOT_JSON) from None
    if not isinstance(signed, dict):
        raise RegistryError.validation(SIGNED_REQUEST, "json", SIGNED_NOT_JSON)
    update = check_person_update(signed, person_json(person, today), today)
    if not update.ok:
        raise RegistryError("validation_failed", "Validation failed", invalid=[p.as_json() for p in update.problems])
    # Signing back the same values changes nothing, not even the record's update time.
    changed = {name: value for name, value in update.changes.items() if getattr(person, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(person, name, value)
        person.updated_at = clock.now()
        await session.commit()
    return ok(request, person_json(person, today))
