"""The outbox for the bot's notifier: claim a batch under a lease, acknowledge what was sent."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api import responses
from backend.api.deps import ServicesDep, SessionDep
from backend.api.schemas.misc import AckIn, AckOut, ClaimIn, ClaimOut, EventOut
from backend.events import outbox
from backend.logging import quiet_request

router = APIRouter(prefix="/v1/events", tags=["events"])


@router.post(
    "/claim",
    summary="Claim due events",
    description="Events stay with the worker for `lease_seconds` (capped by BACKEND_EVENT_LEASE_MAX); unacked "
    "ones are handed out again after that, so a killed notifier loses nothing. Events of unreachable "
    "accounts are held back.",
    responses=responses.BASE,
)
async def claim_events(body: ClaimIn, session: SessionDep, services: ServicesDep) -> ClaimOut:
    claimed = await outbox.claim(
        session,
        worker_id=body.worker_id,
        limit=body.limit,
        lease_seconds=min(body.lease_seconds, services.settings.event_lease_max),
        now=services.clock.now(),
        max_attempts=services.settings.event_max_attempts,
    )
    if not claimed:
        quiet_request()  # the notifier asks every second; an empty outbox is no news
    for event in claimed:
        # The patient is about to hear that something changed (a signature, a new result): what their
        # session kept is read fresh when they open it.
        services.session_cache.forget_user(event.telegram_user_id)
    return ClaimOut(
        events=[
            EventOut(
                id=event.id,
                telegram_user_id=event.telegram_user_id,
                chat_id=event.chat_id,
                language=event.language,
                kind=event.kind,
                payload=event.payload,
                attempts=event.attempts,
                created_at=event.created_at,
            )
            for event in claimed
        ]
    )


@router.post("/ack", summary="Acknowledge delivered events", responses=responses.BASE)
async def ack_events(body: AckIn, session: SessionDep, services: ServicesDep) -> AckOut:
    return AckOut(acknowledged=await outbox.ack(session, body.ids, now=services.clock.now()))
