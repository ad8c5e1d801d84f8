"""The patient's registry session: a fresh access token for every registry call.

The access token is renewed with the refresh token shortly before it expires. When the registry
refuses to renew (the patient revoked our access, or the refresh token expired), the link is dropped
and callers get `AuthRequired`: the patient must sign in again with their e-signature.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.clock import Clock
from backend.models import PersonLink
from backend.registry.errors import RegistryAuthExpired
from backend.registry.port import RegistryPort
from backend.security import DecryptionFailed, TokenCipher
from backend.services import accounts

log = logging.getLogger(__name__)

T = TypeVar("T")


class AuthRequired(Exception):
    """The patient's registry session cannot be renewed; they must sign in again."""


class TokenService:
    def __init__(self, registry: RegistryPort, cipher: TokenCipher, clock: Clock, *, refresh_margin: int) -> None:
        self._registry = registry
        self._cipher = cipher
        self._clock = clock
        self._margin = timedelta(seconds=refresh_margin)
        # One refresh at a time per patient in this process: registries rotate refresh tokens, and a
        # second concurrent refresh with the old one would be refused.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def _lock(self, telegram_user_id: int) -> asyncio.Lock:
        lock = self._locks.get(telegram_user_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[telegram_user_id] = lock
        return lock

    async def call(self, session: AsyncSession, link: PersonLink, operation: Callable[[str], Awaitable[T]]) -> T:
        """Run `operation(access_token)`; on an auth refusal renew the session once and retry.

        A call refused for authentication did nothing at the registry, so the retry cannot double it.
        """
        token = await self.access_token(session, link)
        try:
            return await operation(token)
        except RegistryAuthExpired:
            token = await self.access_token(session, link, force_refresh=True, rejected=token)
            try:
                return await operation(token)
            except RegistryAuthExpired as exc:
                await self._drop(session, link)
                raise AuthRequired from exc

    async def access_token(
        self, session: AsyncSession, link: PersonLink, *, force_refresh: bool = False, rejected: str | None = None
    ) -> str:
        async with self._lock(link.telegram_user_id):
            # Another request (or replica) may have renewed the session, or signed out, meanwhile.
            try:
                await session.refresh(link)
            except InvalidRequestError as exc:
                raise AuthRequired from exc
            current, refresh_token = await self._decrypted(session, link)
            fresh_enough = link.access_expires_at - self._margin > self._clock.now()
            if fresh_enough and not force_refresh:
                return current
            if force_refresh and rejected is not None and current != rejected:
                return current
            return await self._renew(session, link, refresh_token)

    async def require_usable(self, session: AsyncSession, link: PersonLink) -> None:
        """`AuthRequired` (the link dropped) when the stored session cannot be used with the current keys.

        Checked for every patient request, without a registry call: what the session cache keeps was read with
        this session, and is not served once the session is unusable."""
        await self._decrypted(session, link)

    async def _decrypted(self, session: AsyncSession, link: PersonLink) -> tuple[str, str]:
        """The link's (access token, refresh token)."""
        try:
            return self._cipher.decrypt(link.access_token_encrypted), self._cipher.decrypt(link.refresh_token_encrypted)
        except DecryptionFailed as exc:
            # Encrypted with a key since rotated away: the session is unusable, not an error.
            await self._drop(session, link)
            raise AuthRequired from exc

    async def _renew(self, session: AsyncSession, link: PersonLink, refresh_token: str) -> str:
        try:
            tokens = await self._registry.refresh(refresh_token)
        except RegistryAuthExpired as exc:
            await session.refresh(link)
            if link.refresh_token_encrypted and self._cipher.decrypt(link.refresh_token_encrypted) != refresh_token:
                # Another replica renewed first with the same refresh token: use its result.
                return self._cipher.decrypt(link.access_token_encrypted)
            await self._drop(session, link)
            raise AuthRequired from exc
        accounts.store_tokens(link, tokens, self._cipher, now=self._clock.now())
        await session.commit()
        return tokens.access_token

    async def _drop(self, session: AsyncSession, link: PersonLink) -> None:
        await accounts.unlink(
            session, self._cipher, link.telegram_user_id, reason="session_expired", now=self._clock.now()
        )
        await session.commit()
        log.info("registry session could not be renewed; link dropped")
