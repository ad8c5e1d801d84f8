"""The auth host's HTML pages: checking who sent the browser here, and rendering sign-in and errors.

A request is trusted only as far as the client's registration goes: the browser is never sent to
a redirect URI the client did not register, so a bad request ends on an error page, not a redirect.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core import scopes
from sandbox.registry.core.models import Client, SandboxKey

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

# Generous bounds on what a browser may carry here; anything longer is not a real request.
MAX_PARAM_LENGTH = 2048

KNOWN_SCOPES: frozenset[str] = frozenset({scopes.SIGN_IN, scopes.SIGN_UP, *scopes.CLIENT_SCOPES})

# What the person is told each scope lets the system do.
SCOPE_LABELS: dict[str, str] = {
    scopes.SIGN_IN: "входити до кабінету від вашого імені та переглядати ваші персональні дані",
    scopes.SIGN_UP: "зареєструвати вас у кабінеті",
    scopes.PERSON_WRITE: "змінювати ваші персональні дані (лише з вашим підписом)",
    scopes.DECLARATION_READ: "переглядати ваші декларації з лікарем",
    scopes.DECLARATION_TERMINATE: "розривати декларацію на ваш запит",
    scopes.REQUEST_WRITE: "створювати запити на декларацію",
    scopes.REQUEST_READ: "переглядати ваші запити на декларацію",
    scopes.REQUEST_DETAILS: "переглядати ваші запити на декларацію",
    scopes.REQUEST_SIGN: "подавати на підпис запит на декларацію",
    scopes.REQUEST_REJECT: "відхиляти запит на декларацію на ваш запит",
    scopes.APP_READ: "переглядати надані вами доступи",
    scopes.APP_DELETE: "скасовувати надані вами доступи",
    scopes.MEDICATION_REQUEST_READ: "переглядати ваші електронні рецепти",
    scopes.MEDICATION_DISPENSE_READ: "переглядати, які ліки вам відпустили в аптеці за рецептами",
    scopes.PATIENT_SUMMARY_READ: (
        "переглядати вашу медичну картку: діагнози, аналізи, щеплення, алергії та візити до лікаря"
    ),
    scopes.SERVICE_REQUEST_READ: "переглядати ваші електронні направлення",
}

# Security headers of every auth page: never framed (as eHealth's own pages), never cached.
PAGE_HEADERS = {
    "X-Frame-Options": "DENY",
    # No form-action: browsers apply it to the redirect that follows the form, i.e. to the client's URI.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}


class AuthMode(StrEnum):
    SIGN_IN = "sign-in"
    SIGN_UP = "sign-up"

    @property
    def title(self) -> str:
        return "Вхід до кабінету пацієнта" if self is AuthMode.SIGN_IN else "Реєстрація в кабінеті пацієнта"

    @property
    def submit_label(self) -> str:
        return "Увійти" if self is AuthMode.SIGN_IN else "Зареєструватися"


class AuthPageError(Exception):
    """The request cannot be served; the message is shown to the person."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    client: Client
    redirect_uri: str
    scope: str
    state: str | None
    email: str | None

    def redirect_to(self, **params: str) -> str:
        """The client's redirect URI with `params` and the state echoed exactly as received."""
        if self.state is not None:
            params["state"] = self.state
        parts = urlsplit(self.redirect_uri)
        query = [*parse_qsl(parts.query, keep_blank_values=True), *params.items()]
        return urlunsplit(parts._replace(query=urlencode(query)))

    def hidden_fields(self) -> dict[str, str]:
        fields = {"client_id": self.client.id, "redirect_uri": self.redirect_uri, "scope": self.scope}
        if self.state is not None:
            fields["state"] = self.state
        if self.email is not None:
            fields["email"] = self.email
        return fields


async def authorization_request(
    session: AsyncSession,
    *,
    client_id: str | None,
    redirect_uri: str | None,
    scope: str | None,
    state: str | None,
    email: str | None,
) -> AuthorizationRequest:
    """Check the parameters a client sent the browser with; AuthPageError explains what is wrong."""
    if any(
        value is not None and len(value) > MAX_PARAM_LENGTH for value in (client_id, redirect_uri, scope, state, email)
    ):
        raise AuthPageError("Посилання на вхід задовге або пошкоджене. Поверніться до застосунку й почніть ще раз.")
    client = await session.get(Client, client_id) if client_id else None
    if client is None:
        raise AuthPageError(
            "Застосунок, що надіслав вас сюди, не зареєстрований у реєстрі. Поверніться до нього й почніть вхід ще раз."
        )
    if not redirect_uri or redirect_uri not in client.redirect_uris:
        raise AuthPageError(
            "Адреса повернення не зареєстрована для цього застосунку, тому ми не можемо вас туди перенаправити. "
            "Поверніться до застосунку й почніть вхід ще раз."
        )
    requested = (scope or "").split()
    allowed = set(client.scope.split()) & KNOWN_SCOPES if client.scope else KNOWN_SCOPES
    if not requested or not set(requested) <= allowed:
        raise AuthPageError(
            "Застосунок запитав доступ, якого не має права запитувати. Поверніться до нього й почніть вхід ще раз."
        )
    return AuthorizationRequest(
        client=client, redirect_uri=redirect_uri, scope=" ".join(requested), state=state, email=email or None
    )


async def key_choices(session: AsyncSession) -> list[SandboxKey]:
    return list(await session.scalars(select(SandboxKey).order_by(SandboxKey.label)))


def scope_labels(scope: str) -> list[str]:
    labels: list[str] = []
    for name in scope.split():
        label = SCOPE_LABELS.get(name, name)
        if label not in labels:
            labels.append(label)
    return labels


def render_error(request: Request, error: AuthPageError) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "auth_error.html", {"message": error.message}, status_code=error.status, headers=PAGE_HEADERS
    )


async def render_sign_in(
    request: Request,
    session: AsyncSession,
    mode: AuthMode,
    auth: AuthorizationRequest,
    *,
    selected_key: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "mode": mode,
        "client_name": auth.client.name,
        "scope_labels": scope_labels(auth.scope),
        "hidden_fields": auth.hidden_fields(),
        "keys": await key_choices(session),
        "selected_key": selected_key,
        "error": error,
        "cancel_url": auth.redirect_to(error="access_denied"),
    }
    return templates.TemplateResponse(request, "sign_in.html", context, status_code=status, headers=PAGE_HEADERS)
