"""The person's accesses: the approvals they gave systems to their data (`GET/DELETE /api/pis/apps`).

eHealth keeps these as Mithril approvals; no public patient endpoint is documented, so the shape
is Mithril's and the paths are ours (DOMAIN §2).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import func, select

from sandbox.registry.auth.grants import revoke_tokens
from sandbox.registry.core import scopes
from sandbox.registry.core.deps import ClockDep, CurrentPrincipal, Session
from sandbox.registry.core.envelope import PageQuery, RegistryError, errors, iso_datetime, ok
from sandbox.registry.core.models import Approval
from sandbox.registry.persons.view import require_act, require_view

router = APIRouter(tags=["accesses"])


def approval_json(approval: Approval) -> dict[str, Any]:
    return {
        "id": approval.id,
        "user_id": approval.person_id,
        "client_id": approval.client_id,
        "client_name": approval.client_name,
        "scope": approval.scope,
        "created_at": iso_datetime(approval.created_at),
        "updated_at": iso_datetime(approval.updated_at),
    }


@router.get("/api/pis/apps", responses=errors(401, 403, 422))
async def list_apps(
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    clock: ClockDep,
    pages: PageQuery,
) -> JSONResponse:
    principal.require(scopes.APP_READ)
    require_view(principal.person, clock.today())
    mine = Approval.person_id == principal.person.id
    total = await session.scalar(select(func.count()).select_from(Approval).where(mine)) or 0
    approvals = await session.scalars(
        select(Approval)
        .where(mine)
        .order_by(Approval.created_at, Approval.id)
        .offset(pages.offset)
        .limit(pages.page_size)
    )
    return ok(request, [approval_json(a) for a in approvals], paging=pages.paging(total))


@router.delete("/api/pis/apps/{approval_id}", status_code=204, responses=errors(401, 403, 404, 422))
async def revoke_app(
    principal: CurrentPrincipal,
    session: Session,
    clock: ClockDep,
    approval_id: Annotated[str, Path(max_length=64)],
) -> Response:
    """Revoke an access: the approval goes, and with it every token that system holds for the person.

    Revoking is acting for oneself (DOMAIN §1): a 14–17-year-old without confirmed full civil capacity may
    see their accesses but not revoke one; under 14 nothing at all.
    """
    principal.require(scopes.APP_DELETE)
    require_act(principal.person, clock.today())
    approval = await session.get(Approval, approval_id)
    # Another person's approval is not found for you: its existence is not yours to learn.
    if approval is None or approval.person_id != principal.person.id:
        raise RegistryError("not_found", "Approval not found")
    await revoke_tokens(session, person_id=principal.person.id, client_id=approval.client_id)
    await session.delete(approval)
    await session.commit()
    return Response(status_code=204)
