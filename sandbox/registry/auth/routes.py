"""The auth host: sign-in and sign-up pages, the code exchange and refresh at `POST /oauth/tokens`, logout.

OAuth 2 authorization code flow as eHealth runs it (its Mithril service): the person signs in on our
page with their sandbox key, the browser returns to the client's registered redirect URI with a
single-use code, and the client's backend exchanges the code for an access and a refresh token.
"""

from __future__ import annotations

import calendar
import logging
import secrets
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Header, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.auth.attempts import KeyLocked, PasswordAttempts, PasswordAttemptsDep, check_key_password
from sandbox.registry.auth.grants import (
    REFRESH,
    IssuedTokens,
    claim_code,
    claim_refresh_token,
    find_approval,
    grant_approval,
    issue_code,
    issue_tokens,
    revoke_tokens,
)
from sandbox.registry.auth.pages import (
    MAX_PARAM_LENGTH,
    AuthMode,
    AuthorizationRequest,
    AuthPageError,
    authorization_request,
    render_error,
    render_sign_in,
)
from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import Clock, ukrainian_date
from sandbox.registry.core.deps import ClockDep, Session, SettingsDep, bearer_token, token_hash
from sandbox.registry.core.envelope import RegistryError, errors, invalid_entry, ok
from sandbox.registry.core.models import AuthCode, Client, Person, SandboxKey, Token
from sandbox.registry.persons.view import person_access
from sandbox.registry.rules.access import NO_OWN_ACCESS, may_sign_in
from sandbox.signer import WrongPassword

log = logging.getLogger(__name__)

# What the sign-in page tells a child under 14 (DOMAIN §1: no own access; a parent or confidant acts for them).
CHILD_REFUSED = (
    "Власний вхід до кабінету пацієнта доступний з 14 років. "
    "За дитину діє один із батьків або інший законний представник у своєму кабінеті."
)

router = APIRouter(tags=["auth"])

# The sign-in form's answers: a redirect back to the client, or the page again (or an error page) saying why.
SIGN_IN_FORM: dict[int | str, dict[str, Any]] = {
    302: {"description": "Signed in: to the client's redirect URI with `code` and `state`."},
    **errors(400, 422, 429, html=(400, 422, 429)),
}

# --- pages -----------------------------------------------------------------------------------


class AuthorizeParams(BaseModel):
    """What a client sends the browser with. Checked by hand, so that a bad value gets a page, not JSON."""

    model_config = ConfigDict(extra="ignore")

    client_id: str | None = None
    redirect_uri: str | None = None
    scope: str | None = None
    state: str | None = None
    email: str | None = None

    async def check(self, session: AsyncSession) -> AuthorizationRequest:
        return await authorization_request(
            session,
            client_id=self.client_id,
            redirect_uri=self.redirect_uri,
            scope=self.scope,
            state=self.state,
            email=self.email,
        )


class SignInForm(AuthorizeParams):
    key_id: str | None = None
    password: str | None = None


async def _show_page(request: Request, session: AsyncSession, mode: AuthMode, params: AuthorizeParams) -> HTMLResponse:
    try:
        auth = await params.check(session)
    except AuthPageError as error:
        return render_error(request, error)
    return await render_sign_in(request, session, mode, auth)


@router.get("/sign-in", response_class=HTMLResponse, responses=errors(400, 422, html=(400,)))
async def sign_in_page(request: Request, session: Session, params: Annotated[AuthorizeParams, Query()]) -> HTMLResponse:
    return await _show_page(request, session, AuthMode.SIGN_IN, params)


@router.get("/sign-up", response_class=HTMLResponse, responses=errors(400, 422, html=(400,)))
async def sign_up_page(request: Request, session: Session, params: Annotated[AuthorizeParams, Query()]) -> HTMLResponse:
    return await _show_page(request, session, AuthMode.SIGN_UP, params)


async def _sign_in(
    request: Request,
    session: AsyncSession,
    clock: Clock,
    settings: RegistrySettings,
    attempts: PasswordAttempts,
    mode: AuthMode,
    form: SignInForm,
) -> Response:
    try:
        auth = await form.check(session)
    except AuthPageError as error:
        return render_error(request, error)

    key_id, password = form.key_id, form.password or ""
    key = await session.get(SandboxKey, key_id) if key_id and len(key_id) <= MAX_PARAM_LENGTH else None

    async def again(error: str, status: int) -> HTMLResponse:
        return await render_sign_in(
            request, session, mode, auth, selected_key=key.id if key else None, error=error, status=status
        )

    if key is None:
        return await again("Оберіть, будь ласка, свій ключ зі списку.", 422)
    if not password or len(password) > MAX_PARAM_LENGTH:
        return await again("Введіть, будь ласка, пароль ключа.", 422)
    now = clock.now()
    try:
        check_key_password(attempts, key, password, now)
    except KeyLocked as locked:
        return await again(
            f"Забагато невдалих спроб для цього ключа. Спробуйте, будь ласка, знову за {locked.minutes} хв.", 429
        )
    except WrongPassword:
        return await again("Пароль не підходить до цього ключа. Перевірте його та спробуйте ще раз.", 422)
    person = await session.get(Person, key.person_id)
    if person is None or not may_sign_in(person_access(person, clock.today())):
        # No code, no approval: the child's sign-in ends here, on eHealth's own page.
        return await again(CHILD_REFUSED, 403)

    code = issue_code(
        session,
        client_id=auth.client.id,
        person_id=key.person_id,
        redirect_uri=auth.redirect_uri,
        scope=auth.scope,
        now=now,
        settings=settings,
    )
    await grant_approval(session, person_id=key.person_id, client=auth.client, scope=auth.scope, now=now)
    await session.commit()
    return RedirectResponse(auth.redirect_to(code=code), status_code=302, headers={"Cache-Control": "no-store"})


@router.post("/sign-in", status_code=302, responses=SIGN_IN_FORM)
async def sign_in(
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    attempts: PasswordAttemptsDep,
    form: Annotated[SignInForm, Form()],
) -> Response:
    return await _sign_in(request, session, clock, settings, attempts, AuthMode.SIGN_IN, form)


@router.post("/sign-up", status_code=302, responses=SIGN_IN_FORM)
async def sign_up(
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    attempts: PasswordAttemptsDep,
    form: Annotated[SignInForm, Form()],
) -> Response:
    # Every sandbox person already exists in the registry, so signing up is signing in.
    return await _sign_in(request, session, clock, settings, attempts, AuthMode.SIGN_UP, form)


# --- tokens ----------------------------------------------------------------------------------


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    client_id: str = Field(min_length=1, max_length=200)
    client_secret: str = Field(min_length=1, max_length=200)
    grant_type: Literal["authorization_code", "refresh_token"]
    code: str | None = Field(default=None, max_length=MAX_PARAM_LENGTH)
    redirect_uri: str | None = Field(default=None, max_length=MAX_PARAM_LENGTH)
    scope: str | None = Field(default=None, max_length=MAX_PARAM_LENGTH)
    refresh_token: str | None = Field(default=None, max_length=MAX_PARAM_LENGTH)


class TokenBody(BaseModel):
    token: TokenRequest


def _require(token: TokenRequest, *names: str) -> None:
    missing = [name for name in names if not getattr(token, name)]
    if missing:
        raise RegistryError(
            "validation_failed",
            "Validation failed",
            invalid=[invalid_entry(f"$.token.{name}", "required", "required property is missing") for name in missing],
        )


def _denied(message: str) -> RegistryError:
    return RegistryError("access_denied", message)


def _unix(moment: datetime) -> int:
    """Mithril gives `expires_at` in Unix seconds."""
    return calendar.timegm(moment.timetuple())


def _access_token_data(
    issued: IssuedTokens, *, person_id: str, client_id: str, scope: str, grant_type: str, redirect_uri: str | None
) -> dict[str, Any]:
    details: dict[str, Any] = {
        "client_id": client_id,
        "grant_type": grant_type,
        "scope": scope,
        "refresh_token": issued.refresh_token,
    }
    if redirect_uri is not None:
        details["redirect_uri"] = redirect_uri
    return {
        "name": "access_token",
        "value": issued.access_token,
        "expires_at": _unix(issued.access_expires_at),
        "user_id": person_id,
        "details": details,
    }


def _granted_scope(code_scope: str, requested: str | None) -> str:
    """The code's scope, or the part of it the exchange asks for; asking for more is refused."""
    granted = code_scope.split()
    if not requested:
        return code_scope
    wanted = requested.split()
    extra = [name for name in wanted if name not in granted]
    if extra:
        raise RegistryError.validation(
            "$.token.scope", "invalid", f"Allowed scopes for the token are {', '.join(granted)}."
        )
    return " ".join(name for name in granted if name in wanted)


async def _require_own_access(session: AsyncSession, person_id: str, now: datetime) -> None:
    """No token for a person without own access (under 14), however the code or refresh token came about."""
    person = await session.get(Person, person_id)
    if person is None or not may_sign_in(person_access(person, ukrainian_date(now))):
        raise RegistryError("forbidden", NO_OWN_ACCESS)


async def _exchange_code(
    session: AsyncSession, client: Client, token: TokenRequest, now: datetime, settings: RegistrySettings
) -> dict[str, Any]:
    _require(token, "code", "redirect_uri")
    assert token.code is not None and token.redirect_uri is not None
    code = await session.get(AuthCode, token_hash(token.code))
    if code is None or code.client_id != client.id:
        raise _denied("Token not found.")
    if code.expires_at <= now:
        raise _denied("Token expired.")
    if code.redirect_uri != token.redirect_uri:
        raise _denied("The redirection URI provided does not match a pre-registered value.")
    if not await claim_code(session, code, now):
        # A code that comes back is a leaked code: end the whole grant it started (RFC 6749 §4.1.2).
        await revoke_tokens(session, person_id=code.person_id, client_id=client.id)
        await session.commit()
        log.warning("authorization code replayed; the client's tokens for the person are revoked")
        raise _denied("Token has already been used.")
    if await find_approval(session, person_id=code.person_id, client_id=client.id) is None:
        raise _denied("Resource owner revoked access for the client.")
    await _require_own_access(session, code.person_id, now)
    scope = _granted_scope(code.scope, token.scope)
    issued = issue_tokens(
        session, client_id=client.id, person_id=code.person_id, scope=scope, now=now, settings=settings
    )
    await session.commit()
    return _access_token_data(
        issued,
        person_id=code.person_id,
        client_id=client.id,
        scope=scope,
        grant_type="authorization_code",
        redirect_uri=code.redirect_uri,
    )


async def _refresh(
    session: AsyncSession, client: Client, token: TokenRequest, now: datetime, settings: RegistrySettings
) -> dict[str, Any]:
    _require(token, "refresh_token")
    assert token.refresh_token is not None
    refresh = await session.get(Token, token_hash(token.refresh_token))
    if refresh is None or refresh.kind != REFRESH or refresh.client_id != client.id:
        raise _denied("Token not found.")
    if refresh.revoked:
        raise _denied("Token has been revoked.")
    if refresh.expires_at <= now:
        raise _denied("Token expired.")
    if await find_approval(session, person_id=refresh.person_id, client_id=client.id) is None:
        raise _denied("Resource owner revoked access for the client.")
    await _require_own_access(session, refresh.person_id, now)
    # Rotation: the refresh token is spent here, and a new one comes with the new access token.
    if not await claim_refresh_token(session, refresh):
        raise _denied("Token has been revoked.")
    issued = issue_tokens(
        session, client_id=client.id, person_id=refresh.person_id, scope=refresh.scope, now=now, settings=settings
    )
    await session.commit()
    return _access_token_data(
        issued,
        person_id=refresh.person_id,
        client_id=client.id,
        scope=refresh.scope,
        grant_type="refresh_token",
        redirect_uri=None,
    )


def check_psk(settings: RegistrySettings, psk: str | None) -> None:
    """`X-Custom-PSK`, which the Blueprint shows on `POST /oauth/tokens` and `POST /auth/logout`."""
    if not psk:
        raise _denied("Missing header X-Custom-PSK")
    if not secrets.compare_digest(psk.encode(), settings.pis_client_psk.encode()):
        raise _denied("Invalid X-Custom-PSK")


CustomPsk = Annotated[str | None, Header(alias="X-Custom-PSK")]


@router.post("/oauth/tokens", status_code=201, responses=errors(400, 401, 403, 422))
async def oauth_tokens(
    request: Request, body: TokenBody, session: Session, clock: ClockDep, settings: SettingsDep, psk: CustomPsk = None
) -> JSONResponse:
    check_psk(settings, psk)
    token = body.token
    client = await session.get(Client, token.client_id)
    if client is None or not secrets.compare_digest(client.secret.encode(), token.client_secret.encode()):
        raise _denied("Invalid client id or secret.")
    now = clock.now()
    if token.grant_type == "authorization_code":
        data = await _exchange_code(session, client, token, now, settings)
    else:
        data = await _refresh(session, client, token, now, settings)
    return ok(request, data, status=201)


@router.post("/auth/logout", responses=errors(401, 422))
async def logout(
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    psk: CustomPsk = None,
    authorization: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Revoke the bearer token (this session only; other sessions of the person keep theirs).

    As the Blueprint shows it: `Authorization` and `X-Custom-PSK`, no `api-key`.
    """
    check_psk(settings, psk)
    token = await bearer_token(session, clock, authorization)
    token.revoked = True
    await session.commit()
    return ok(request, {})
