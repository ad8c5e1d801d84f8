"""Request dependencies: services, the database session, the bot's service token, the patient."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.errors import ApiError
from backend.domain.age import AccessLevel
from backend.models import TelegramAccount
from backend.security import same_secret
from backend.services import accounts
from backend.services.container import Services
from backend.services.patient import Patient

MAX_TELEGRAM_ID = 2**63 - 1  # BIGINT; Telegram's ids are far smaller (≤ 52 bits)


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_session(services: ServicesDep) -> AsyncIterator[AsyncSession]:
    async with services.sessionmaker() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]

_bearer = HTTPBearer(auto_error=False, description="The bot's service token (BACKEND_SERVICE_TOKEN).")


def require_service_token(
    services: ServicesDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    expected = services.settings.service_token.get_secret_value()
    if credentials is None or not same_secret(credentials.credentials, expected):
        raise ApiError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})


TelegramUserId = Annotated[
    int, Path(ge=1, le=MAX_TELEGRAM_ID, description="The Telegram user the call is made for.", examples=[123456789])
]


async def get_account(telegram_user_id: TelegramUserId, session: SessionDep) -> TelegramAccount:
    account = await accounts.get_account(session, telegram_user_id)
    if account is None:
        raise ApiError(409, "not_linked")
    return account


AccountDep = Annotated[TelegramAccount, Depends(get_account)]


async def get_patient(account: AccountDep, session: SessionDep, services: ServicesDep) -> Patient:
    link = await accounts.get_link(session, account.telegram_user_id)
    if link is None:
        raise ApiError(409, "not_linked")
    level = accounts.current_access_level(link, services.clock.today())
    if level is AccessLevel.NONE:  # cannot happen for a link made by sign-in; refuse rather than trust
        raise ApiError(409, "not_linked")
    await services.tokens.require_usable(session, link)
    return Patient(account=account, link=link, access_level=level)


PatientDep = Annotated[Patient, Depends(get_patient)]

# Registry object ids (UUIDs in eHealth). The pattern keeps anything that could alter the registry URL out.
ObjectId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
