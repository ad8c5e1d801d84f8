"""The Telegram account: upsert, state, consent, phone, sign-in link, settings, sign-out, erase."""

from __future__ import annotations

import contextlib

from fastapi import APIRouter, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api import responses, views
from backend.api.deps import AccountDep, ServicesDep, SessionDep, TelegramUserId
from backend.api.errors import ApiError, FieldErrorBody, invalid_fields
from backend.api.schemas.accounts import (
    AccountState,
    AccountUpsert,
    AuthStartIn,
    AuthStartOut,
    ConsentIn,
    PhoneIn,
    SettingsPatch,
)
from backend.domain.age import age_on
from backend.domain.declarations import allowed_specialities
from backend.domain.errors import InvalidValue
from backend.domain.validators import validate_phone
from backend.models import TelegramAccount
from backend.registry.errors import RegistryError
from backend.services import accounts, sign_in
from backend.services.container import Services

router = APIRouter(prefix="/v1/users/{telegram_user_id}", tags=["accounts"])


async def account_state(session: AsyncSession, services: Services, account: TelegramAccount) -> AccountState:
    link = await accounts.get_link(session, account.telegram_user_id)
    today = services.clock.today()
    level = accounts.current_access_level(link, today) if link else None
    return views.account_state(
        account,
        link,
        level,
        phone=accounts.read_phone(account, services.cipher),
        current_consent_version=services.settings.consent_version,
        # The bot offers only these in the doctor search: no registry round trip for the birth date.
        allowed_specialities=allowed_specialities(age_on(link.birth_date, today)) if link else None,
    )


@router.put("", summary="Create or refresh the account (on /start)", responses=responses.BASE)
async def upsert_account(
    telegram_user_id: TelegramUserId, body: AccountUpsert, session: SessionDep, services: ServicesDep
) -> AccountState:
    account = await accounts.upsert_account(
        session, telegram_user_id, chat_id=body.chat_id, language=body.language, now=services.clock.now()
    )
    await session.commit()
    return await account_state(session, services, account)


@router.get("", summary="The account state", responses=responses.ACCOUNT)
async def get_account(account: AccountDep, session: SessionDep, services: ServicesDep) -> AccountState:
    return await account_state(session, services, account)


@router.delete(
    "",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Erase everything we hold about the user",
    description="Drops the link, tokens (with a logout at the registry), the account and its pending events. "
    "Idempotent: erasing an unknown user also answers 204.",
    responses=responses.BASE,
)
async def erase_account(telegram_user_id: TelegramUserId, session: SessionDep, services: ServicesDep) -> Response:
    tokens = await accounts.erase(session, services.cipher, telegram_user_id, now=services.clock.now())
    services.session_cache.forget_user(telegram_user_id)
    await session.commit()
    await _logout(services, tokens)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/consent", summary="Record consent to personal-data processing", responses=responses.ACCOUNT)
async def give_consent(
    account: AccountDep, body: ConsentIn, session: SessionDep, services: ServicesDep
) -> AccountState:
    if body.version != services.settings.consent_version:
        raise ApiError(
            422,
            "validation_failed",
            fields=[
                FieldErrorBody(
                    field="version",
                    code="consent.outdated",
                    message="Текст згоди оновився. Ознайомтеся, будь ласка, з новою версією та погодьтеся ще раз.",
                )
            ],
        )
    accounts.record_consent(account, body.version, now=services.clock.now())
    await session.commit()
    return await account_state(session, services, account)


@router.post("/phone", summary="Store the phone shared from Telegram", responses=responses.ACCOUNT)
async def set_phone(account: AccountDep, body: PhoneIn, session: SessionDep, services: ServicesDep) -> AccountState:
    try:
        phone = validate_phone(body.phone_number)
    except InvalidValue as error:
        raise invalid_fields([InvalidValue(error.code, "phone_number", error.params)]) from None
    accounts.set_phone(account, phone, services.cipher, now=services.clock.now())
    await session.commit()
    return await account_state(session, services, account)


@router.post(
    "/auth/start",
    summary="A single-use sign-in link",
    description="Returns the backend URL to open in the browser; it redirects to the registry's e-signature "
    "sign-in (or sign-up). Valid for BACKEND_AUTH_STATE_TTL seconds, once. Needs consent to the current version.",
    responses=responses.merge(
        responses.ACCOUNT,
        {409: {"description": "`consent_required`: consent to the current version is missing."}},
        responses.TOO_MANY_REQUESTS,
    ),
)
async def start_sign_in(
    account: AccountDep, body: AuthStartIn, session: SessionDep, services: ServicesDep
) -> AuthStartOut:
    url, expires_at = await sign_in.new_link(session, services, account, sign_up=body.sign_up)
    await session.commit()
    return AuthStartOut(url=url, expires_at=expires_at)


@router.patch("/settings", summary="Change language or notification preferences", responses=responses.ACCOUNT)
async def update_settings(
    account: AccountDep, body: SettingsPatch, session: SessionDep, services: ServicesDep
) -> AccountState:
    accounts.update_settings(
        account,
        language=body.language,
        notifications=body.notifications.changes() if body.notifications else None,
        now=services.clock.now(),
    )
    await session.commit()
    return await account_state(session, services, account)


@router.post("/sign-out", summary="Sign out: drop the link and the registry session", responses=responses.ACCOUNT)
async def sign_out(account: AccountDep, session: SessionDep, services: ServicesDep) -> AccountState:
    tokens = await accounts.unlink(
        session, services.cipher, account.telegram_user_id, reason="sign_out", now=services.clock.now()
    )
    services.session_cache.forget_user(account.telegram_user_id)
    await session.commit()
    await _logout(services, tokens)
    return await account_state(session, services, account)


@router.post(
    "/unreachable",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Telegram refused delivery (the bot is blocked)",
    description="Events for the user are held back until the user writes to the bot again (PUT clears the flag).",
    responses=responses.ACCOUNT,
)
async def mark_unreachable(account: AccountDep, session: SessionDep, services: ServicesDep) -> Response:
    account.unreachable = True
    account.updated_at = services.clock.now()
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _logout(services: Services, tokens: accounts.SessionTokens | None) -> None:
    # Best effort: our copy is gone either way; a registry that does not answer keeps a session
    # that expires on its own.
    if tokens is not None:
        with contextlib.suppress(RegistryError):
            await services.registry.logout(tokens.access_token)
