"""Request dependencies: the database session, the calling client (api-key) and the signed-in person."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import Clock
from sandbox.registry.core.envelope import RegistryError
from sandbox.registry.core.models import Client, Person, Token


def token_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessionmaker() as session:
        yield session


def get_clock(request: Request) -> Clock:
    return request.app.state.clock


def get_settings(request: Request) -> RegistrySettings:
    return request.app.state.settings


Session = Annotated[AsyncSession, Depends(get_session)]
ClockDep = Annotated[Clock, Depends(get_clock)]
SettingsDep = Annotated[RegistrySettings, Depends(get_settings)]


async def get_api_client(session: Session, api_key: Annotated[str | None, Header(alias="api-key")] = None) -> Client:
    """Every API call carries the client's secret as `api-key`."""
    if not api_key:
        raise RegistryError("access_denied", "Missing header api-key")
    client = await session.scalar(select(Client).where(Client.secret == api_key))
    if client is None:
        raise RegistryError("access_denied", "Invalid api-key")
    return client


ApiClient = Annotated[Client, Depends(get_api_client)]


@dataclass(frozen=True, slots=True)
class Principal:
    person: Person
    client: Client
    scopes: frozenset[str]
    # SHA-256 of the bearer token itself, so `POST /auth/logout` can revoke exactly this token.
    access_token_hash: str | None = None

    def require(self, scope: str) -> None:
        if scope not in self.scopes:
            raise RegistryError("forbidden", f"Your scope does not allow to access this resource. Missing: {scope}")

    def require_any(self, *scopes: str) -> None:
        """Pass when the token holds at least one of `scopes` (for endpoints eHealth documents twice)."""
        if self.scopes.isdisjoint(scopes):
            raise RegistryError(
                "forbidden",
                f"Your scope does not allow to access this resource. Missing one of: {', '.join(scopes)}",
            )


async def bearer_token(session: AsyncSession, clock: Clock, authorization: str | None) -> Token:
    """The live access token in `Authorization: Bearer …`; 401 otherwise."""
    scheme, _, value = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not value:
        raise RegistryError("access_denied", "Missing header Authorization: Bearer token")
    token = await session.get(Token, token_hash(value.strip()))
    if token is None or token.kind != "access" or token.revoked or token.expires_at <= clock.now():
        raise RegistryError("access_denied", "Invalid access token")
    return token


async def get_principal(
    session: Session,
    clock: ClockDep,
    client: ApiClient,
    authorization: Annotated[str | None, Header()] = None,
) -> Principal:
    """The person whose access token is in `Authorization: Bearer …`, issued to this api-key's client."""
    token = await bearer_token(session, clock, authorization)
    presented_hash = token.token_hash
    if token.client_id != client.id:
        raise RegistryError("access_denied", "Token was issued to another client")
    person = await session.get(Person, token.person_id)
    if person is None:
        raise RegistryError("access_denied", "Invalid access token")
    return Principal(
        person=person, client=client, scopes=frozenset(token.scope.split()), access_token_hash=presented_hash
    )


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
