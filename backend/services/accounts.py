"""Operations on a Telegram account and its person link. Each function works inside the caller's
transaction; the API layer commits."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend import audit
from backend.domain.age import AccessLevel, access_level
from backend.domain.events import EventKind, NotificationPreference
from backend.events import outbox
from backend.models import (
    AuthState,
    DeclarationRequestKey,
    OutboxEvent,
    PersonLink,
    SigningSession,
    TelegramAccount,
)
from backend.registry.port import Person, TokenSet
from backend.security import DecryptionFailed, TokenCipher

log = logging.getLogger(__name__)

LANGUAGES = ("uk", "en")


@dataclass(frozen=True, slots=True)
class SessionTokens:
    """The registry tokens of a link that is being dropped, for a best-effort logout at the registry."""

    access_token: str
    refresh_token: str


async def get_account(session: AsyncSession, telegram_user_id: int) -> TelegramAccount | None:
    return await session.get(TelegramAccount, telegram_user_id)


async def get_link(session: AsyncSession, telegram_user_id: int) -> PersonLink | None:
    return await session.get(PersonLink, telegram_user_id)


async def upsert_account(
    session: AsyncSession, telegram_user_id: int, *, chat_id: int, language: str | None, now: datetime
) -> TelegramAccount:
    """Create the account on first contact, in Telegram's language; later calls refresh the chat and mark it
    reachable again (the patient wrote to the bot, so the bot is not blocked any more). They keep the language:
    once the account exists it is the patient's own choice (settings), which /start must not undo."""
    account = await get_account(session, telegram_user_id)
    if account is None:
        account = TelegramAccount(
            telegram_user_id=telegram_user_id,
            chat_id=chat_id,
            language=language or LANGUAGES[0],
            notification_prefs={preference.value: True for preference in NotificationPreference},
            unreachable=False,
            created_at=now,
            updated_at=now,
        )
        session.add(account)
        return account
    account.chat_id = chat_id
    account.unreachable = False
    account.updated_at = now
    return account


def record_consent(account: TelegramAccount, version: str, *, now: datetime) -> None:
    account.consent_version = version
    account.consent_at = now
    account.updated_at = now


def set_phone(account: TelegramAccount, normalised_phone: str, cipher: TokenCipher, *, now: datetime) -> None:
    account.phone_encrypted = cipher.encrypt(normalised_phone)
    account.updated_at = now


def read_phone(account: TelegramAccount, cipher: TokenCipher) -> str | None:
    """The shared phone, or None when none was shared or it was encrypted under a key since dropped
    (the patient simply shares it again)."""
    if not account.phone_encrypted:
        return None
    try:
        return cipher.decrypt(account.phone_encrypted)
    except DecryptionFailed:
        # A code only: neither the phone nor the Telegram id goes to the log.
        log.warning("stored phone undecryptable; treated as not shared", extra={"code": "phone_key_dropped"})
        return None


def update_settings(
    account: TelegramAccount,
    *,
    language: str | None,
    notifications: Mapping[NotificationPreference, bool] | None,
    now: datetime,
) -> None:
    if language is not None:
        account.language = language
    if notifications:
        # A new dict: SQLAlchemy tracks JSON columns by assignment, not by in-place mutation.
        account.notification_prefs = {
            **(account.notification_prefs or {}),
            **{preference.value: enabled for preference, enabled in notifications.items()},
        }
    account.updated_at = now


def current_access_level(link: PersonLink, today: date) -> AccessLevel:
    """Age changes with time, so the level is computed on every use rather than trusted from the cache."""
    return access_level(link.birth_date, link.legal_capacity_confirmed, today)


async def link_person(
    session: AsyncSession,
    cipher: TokenCipher,
    account: TelegramAccount,
    person: Person,
    tokens: TokenSet,
    *,
    level: AccessLevel,
    now: datetime,
) -> int | None:
    """Bind the person to this Telegram account (one person per account, one account per person).

    When the person was linked to another Telegram account, that link is revoked and the old account
    is told (`security.relinked`): someone signed in with this person's e-signature elsewhere.
    Returns the old account's Telegram user id in that case.
    """
    previous = await session.scalar(
        select(PersonLink).where(
            PersonLink.person_id == person.id, PersonLink.telegram_user_id != account.telegram_user_id
        )
    )
    relinked_from: int | None = None
    if previous is not None:
        relinked_from = previous.telegram_user_id
        await session.delete(previous)
        await session.flush()
        old_account = await get_account(session, relinked_from)
        if old_account is not None:
            await outbox.emit(session, old_account, EventKind.SECURITY_RELINKED, {}, now=now)
        await audit.record(session, cipher, relinked_from, "link.revoked_by_relink", now=now)

    link = await get_link(session, account.telegram_user_id)
    if link is None:
        link = PersonLink(telegram_user_id=account.telegram_user_id, linked_at=now)
        session.add(link)
    elif link.person_id != person.id:
        link.linked_at = now
    link.person_id = person.id
    link.first_name = person.first_name
    link.birth_date = person.birth_date
    link.legal_capacity_confirmed = person.legal_capacity_confirmed
    link.access_level = level.value
    store_tokens(link, tokens, cipher, now=now)
    await audit.record(
        session,
        cipher,
        account.telegram_user_id,
        "link.created",
        now=now,
        details={"access_level": level.value, "relinked": relinked_from is not None},
    )
    return relinked_from


def store_tokens(link: PersonLink, tokens: TokenSet, cipher: TokenCipher, *, now: datetime) -> None:
    link.access_token_encrypted = cipher.encrypt(tokens.access_token)
    link.refresh_token_encrypted = cipher.encrypt(tokens.refresh_token)
    link.access_expires_at = tokens.expires_at
    link.token_scope = " ".join(tokens.scope)
    link.updated_at = now


async def unlink(
    session: AsyncSession, cipher: TokenCipher, telegram_user_id: int, *, reason: str, now: datetime
) -> SessionTokens | None:
    """Drop the link and the tokens; returns the tokens so the caller can log out at the registry."""
    link = await get_link(session, telegram_user_id)
    if link is None:
        return None
    try:
        tokens: SessionTokens | None = SessionTokens(
            cipher.decrypt(link.access_token_encrypted), cipher.decrypt(link.refresh_token_encrypted)
        )
    except DecryptionFailed:
        tokens = None  # encrypted with a key no longer configured: nothing to log out with
    await session.delete(link)
    await audit.record(session, cipher, telegram_user_id, "link.dropped", now=now, details={"reason": reason})
    return tokens


async def erase(
    session: AsyncSession, cipher: TokenCipher, telegram_user_id: int, *, now: datetime
) -> SessionTokens | None:
    """Delete everything we hold about this Telegram user: link, tokens, account, pending links and
    events. The audit log keeps only the keyed pseudonym and the fact of erasure."""
    tokens = await unlink(session, cipher, telegram_user_id, reason="erase", now=now)
    # Explicit deletes rather than trusting ON DELETE CASCADE: erasure must not depend on a pragma.
    for table in (OutboxEvent, SigningSession, AuthState, DeclarationRequestKey, PersonLink, TelegramAccount):
        await session.execute(delete(table).where(table.telegram_user_id == telegram_user_id))
    await audit.record(session, cipher, telegram_user_id, "account.erased", now=now)
    return tokens
