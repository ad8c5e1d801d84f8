"""What the auth host hands out and takes back: codes, access and refresh tokens, approvals.

Codes and tokens are random; only their SHA-256 is stored, so a copy of the database holds
nothing that could be replayed.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.deps import token_hash
from sandbox.registry.core.models import Approval, AuthCode, Client, Token

ACCESS = "access"
REFRESH = "refresh"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def issue_code(
    session: AsyncSession,
    *,
    client_id: str,
    person_id: str,
    redirect_uri: str,
    scope: str,
    now: datetime,
    settings: RegistrySettings,
) -> str:
    code = new_secret()
    session.add(
        AuthCode(
            code_hash=token_hash(code),
            client_id=client_id,
            person_id=person_id,
            redirect_uri=redirect_uri,
            scope=scope,
            expires_at=now + timedelta(seconds=settings.auth_code_ttl_seconds),
        )
    )
    return code


async def claim_code(session: AsyncSession, code: AuthCode, now: datetime) -> bool:
    """Mark the code used; False when another exchange got there first (a replay)."""
    result = await session.execute(
        update(AuthCode)
        .where(AuthCode.code_hash == code.code_hash, AuthCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def claim_refresh_token(session: AsyncSession, token: Token) -> bool:
    """Retire a refresh token as it is used (rotation); False when it was already retired."""
    result = await session.execute(
        update(Token)
        .where(Token.token_hash == token.token_hash, Token.revoked.is_(False))
        .values(revoked=True)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    access_token: str
    access_expires_at: datetime
    refresh_token: str


def issue_tokens(
    session: AsyncSession,
    *,
    client_id: str,
    person_id: str,
    scope: str,
    now: datetime,
    settings: RegistrySettings,
) -> IssuedTokens:
    access, refresh = new_secret(), new_secret()
    access_expires_at = now + timedelta(seconds=settings.access_token_ttl_seconds)
    for value, kind, expires_at in (
        (access, ACCESS, access_expires_at),
        (refresh, REFRESH, now + timedelta(days=settings.refresh_token_ttl_days)),
    ):
        session.add(
            Token(
                token_hash=token_hash(value),
                kind=kind,
                client_id=client_id,
                person_id=person_id,
                scope=scope,
                expires_at=expires_at,
                revoked=False,
            )
        )
    return IssuedTokens(access_token=access, access_expires_at=access_expires_at, refresh_token=refresh)


async def revoke_tokens(session: AsyncSession, *, person_id: str, client_id: str) -> None:
    """Revoke every token a client holds for a person (their whole grant to that client)."""
    await session.execute(
        update(Token)
        .where(Token.person_id == person_id, Token.client_id == client_id, Token.revoked.is_(False))
        .values(revoked=True)
        .execution_options(synchronize_session=False)
    )


async def find_approval(session: AsyncSession, *, person_id: str, client_id: str) -> Approval | None:
    return await session.scalar(
        select(Approval).where(Approval.person_id == person_id, Approval.client_id == client_id)
    )


async def grant_approval(
    session: AsyncSession, *, person_id: str, client: Client, scope: str, now: datetime
) -> Approval:
    """Create the person's approval for the client, or refresh it with the scope just granted."""
    approval = await find_approval(session, person_id=person_id, client_id=client.id)
    if approval is None:
        approval = Approval(
            id=str(uuid.uuid4()),
            person_id=person_id,
            client_id=client.id,
            client_name=client.name,
            scope=scope,
            created_at=now,
            updated_at=now,
        )
        session.add(approval)
    else:
        approval.client_name = client.name
        approval.scope = scope
        approval.updated_at = now
    return approval
