"""Sign-in: a single-use link for the bot, the redirect to the registry, and completing it when the registry
sends the patient's browser back with a code and our state."""

from __future__ import annotations

import contextlib
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend import audit
from backend.api.errors import ApiError
from backend.auth import states
from backend.clock import Clock
from backend.domain.age import AccessLevel, access_level
from backend.domain.events import EventKind
from backend.events import outbox
from backend.models import TelegramAccount
from backend.registry.errors import RegistryError
from backend.registry.port import RegistryPort
from backend.security import TokenCipher
from backend.services import accounts
from backend.services.container import Services
from backend.services.person import PERSON
from backend.services.session_cache import SessionCache

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SignInOutcome:
    access_level: AccessLevel  # NONE: refused (under 14), nothing linked
    first_name: str
    relinked: bool = False


async def new_link(
    session: AsyncSession, services: Services, account: TelegramAccount, *, sign_up: bool
) -> tuple[str, datetime]:
    """The backend URL the bot gives the patient (it redirects to the registry), and when it stops working.
    Needs consent to the current version; a few links per user and window."""
    if account.consent_version != services.settings.consent_version:
        raise ApiError(409, "consent_required")
    now = services.clock.now()
    await _limit_links(session, services, account.telegram_user_id, now)
    purpose = states.Purpose.SIGN_UP if sign_up else states.Purpose.SIGN_IN
    state = await states.issue(
        session, account.telegram_user_id, purpose, now=now, ttl_seconds=services.settings.auth_state_ttl
    )
    url = f"{services.settings.public_url.rstrip('/')}/auth/start?state={state}"
    return url, now + timedelta(seconds=services.settings.auth_state_ttl)


async def _limit_links(session: AsyncSession, services: Services, telegram_user_id: int, now: datetime) -> None:
    """Each link is a stored state and a way into the registry's sign-in: a few per user and window is plenty."""
    window = services.settings.sign_in_links_window
    issued, earliest = await states.issued_since(session, telegram_user_id, now - timedelta(seconds=window))
    if issued >= services.settings.sign_in_links_limit and earliest is not None:
        wait = max(1, math.ceil((earliest + timedelta(seconds=window) - now).total_seconds()))
        raise ApiError(429, "too_many_requests", headers={"Retry-After": str(wait)})


async def start_url(session: AsyncSession, registry: RegistryPort, state: str, *, clock: Clock) -> str:
    """Where /auth/start sends the browser: the registry's sign-in (or sign-up) page for this state."""
    row = await states.peek(session, state, now=clock.now())
    return registry.sign_in_url(state, sign_up=row.purpose == states.Purpose.SIGN_UP)


async def complete_sign_in(
    session: AsyncSession,
    registry: RegistryPort,
    cipher: TokenCipher,
    clock: Clock,
    *,
    state: str,
    code: str,
    cache: SessionCache | None = None,
) -> SignInOutcome:
    """Use up the state, exchange the code, read the person, apply the age rules and link.

    Raises `states.StateRejected` for a bad state and `RegistryError` when the registry fails. With a `cache`,
    the account's session starts afresh, holding the person just read (the profile needs no second read).
    """
    row = await states.consume(session, state, now=clock.now())
    # The state is spent even if what follows fails: a replayed callback URL must never work.
    await session.commit()
    account = await accounts.get_account(session, row.telegram_user_id)
    if account is None:  # erased between issuing the link and coming back
        raise states.StateRejected(states.StateProblem.UNKNOWN)

    tokens = await registry.exchange_code(code)
    person = await registry.get_person(tokens.access_token)
    level = access_level(person.birth_date, person.legal_capacity_confirmed, clock.today())
    now = clock.now()
    if level is AccessLevel.NONE:
        # Under 14: no own access (a parent acts for the child). Keep nothing, end the session.
        with contextlib.suppress(RegistryError):
            await registry.logout(tokens.access_token)
        await audit.record(session, cipher, account.telegram_user_id, "sign_in.refused_under_14", now=now)
        await session.commit()
        return SignInOutcome(access_level=level, first_name=person.first_name)

    relinked_from = await accounts.link_person(session, cipher, account, person, tokens, level=level, now=now)
    if cache is not None:
        cache.forget_user(account.telegram_user_id)
        if relinked_from is not None:
            cache.forget_user(relinked_from)
        cache.put((account.telegram_user_id, person.id), PERSON, person)
    await outbox.emit(
        session,
        account,
        EventKind.AUTH_LINKED,
        {"first_name": person.first_name, "access_level": level.value},
        now=now,
    )
    await session.commit()
    log.info("person linked", extra={"access_level": level.value, "relinked": relinked_from is not None})
    return SignInOutcome(access_level=level, first_name=person.first_name, relinked=relinked_from is not None)
