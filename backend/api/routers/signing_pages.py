"""The signing page: GET shows what is signed and how; POST signs and reports the result."""

from __future__ import annotations

import base64
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.deps import ServicesDep, SessionDep
from backend.auth.tokens import AuthRequired
from backend.clock import KYIV
from backend.pages import message_page, render
from backend.registry.errors import RegistryError
from backend.services import signing
from backend.services.container import Services
from backend.signing import sessions
from backend.signing.providers import SandboxSigner, SignerLocked, SignerUnavailable, WrongKeyOrPassword
from backend.signing.sessions import LinkProblem, LinkRejected, OpenSigning, SigningKind
from backend.signing.summary import payload_text

router = APIRouter(tags=["browser pages"], include_in_schema=False)

MAX_SIGNED_CONTENT = 1_000_000  # characters of base64; a qualified signature with its certificate is far smaller

_LINK_PAGES = {
    LinkProblem.UNKNOWN: (
        "Посилання для підпису недійсне",
        "Перевірте, будь ласка, що відкрили посилання з бота повністю, або створіть нове в боті.",
    ),
    LinkProblem.USED: (
        "Це посилання вже використано",
        "Документ за цим посиланням уже підписано або підписання завершено. Результат надіслано в бот.",
    ),
    LinkProblem.EXPIRED: (
        "Час дії посилання для підпису минув",
        "З міркувань безпеки посилання діє недовго. Відкрийте, будь ласка, документ у боті ще раз, щоб отримати нове.",
    ),
    LinkProblem.LOCKED: (
        "Посилання заблоковано",
        "Було забагато невдалих спроб підпису. Створіть, будь ласка, нове посилання в боті.",
    ),
}
_NOT_ALLOWED_PAGES = {
    "not_linked": (
        "Потрібно увійти знову",
        "Ви вийшли з кабінету або сеанс завершився. Увійдіть, будь ласка, з електронним підписом у боті "
        "та повторіть дію.",
    ),
    "read_only": (
        "Підпис недоступний",
        "Ваш кабінет відкрито лише для перегляду: подавати декларацію та змінювати дані можна з 18 років "
        "або після підтвердження повної цивільної дієздатності.",
    ),
}


def _link_page(request: Request, services: Services, problem: LinkProblem) -> HTMLResponse:
    title, text = _LINK_PAGES[problem]
    status = 404 if problem is LinkProblem.UNKNOWN else 410
    return message_page(
        request, title=title, paragraphs=[text], bot_link=services.settings.bot_link(), status_code=status, tone="bad"
    )


async def _open(session: AsyncSession, services: Services, token: str) -> OpenSigning:
    return await sessions.open_link(
        session,
        services.cipher,
        token,
        now=services.clock.now(),
        max_attempts=services.settings.signing_max_attempts,
    )


async def _sign_page(
    request: Request,
    services: Services,
    token: str,
    opened: OpenSigning,
    *,
    error: str | None,
    status_code: int = 200,
    selected_key: str | None = None,
) -> HTMLResponse:
    """The page; the sandbox's key list starts with no key chosen (the patient picks their own), and after a
    refusal keeps the one the patient chose."""
    provider = services.settings.signing_provider
    context = {
        "title": opened.summary.get("title", "Підпис"),
        "summary": opened.summary,
        "payload_text": payload_text(opened.payload),
        "expires_at": opened.row.expires_at.astimezone(KYIV).strftime("%d.%m.%Y %H:%M"),
        "action": f"/sign/{token}",
        "provider": provider,
        "error": error,
        "selected_key": selected_key,
    }
    csp = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"
    if provider == "sandbox":
        try:
            context["keys"] = await _sandbox_signer(services).keys()
        except SignerUnavailable:
            return message_page(
                request,
                title="Сервіс підпису недоступний",
                paragraphs=["Спробуйте, будь ласка, відкрити посилання ще раз за кілька хвилин."],
                bot_link=services.settings.bot_link(),
                status_code=503,
                tone="bad",
            )
    else:
        nonce = secrets.token_urlsafe(16)
        context |= {
            "widget_url": services.settings.widget_url,
            "payload_base64": base64.b64encode(opened.payload).decode(),
            "nonce": nonce,
        }
        widget_origin = services.settings.widget_url
        csp = (
            f"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}' {widget_origin}; "
            f"frame-src {widget_origin}; connect-src {widget_origin}; form-action 'self'; base-uri 'none'"
        )
    return render(request, "sign.html", context, status_code=status_code, content_security_policy=csp)


@router.get("/sign/{token}")
async def sign_page(request: Request, token: str, services: ServicesDep, session: SessionDep) -> HTMLResponse:
    try:
        opened = await _open(session, services, token)
    except LinkRejected as rejected:
        return _link_page(request, services, rejected.problem)
    return await _sign_page(request, services, token, opened, error=None)


@router.post("/sign/{token}")
async def sign_submit(
    request: Request,
    token: str,
    services: ServicesDep,
    session: SessionDep,
    key_id: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=500)] = "",
    signed_content: Annotated[str, Form(max_length=MAX_SIGNED_CONTENT)] = "",
) -> HTMLResponse:
    try:
        opened = await _open(session, services, token)
    except LinkRejected as rejected:
        return _link_page(request, services, rejected.problem)

    if services.settings.signing_provider == "sandbox":

        async def again(error: str, status_code: int) -> HTMLResponse:
            return await _sign_page(
                request, services, token, opened, error=error, status_code=status_code, selected_key=key_id or None
            )

        if not key_id:
            return await again("Оберіть, будь ласка, свій ключ зі списку.", 400)
        if not password:
            return await again("Введіть, будь ласка, пароль до ключа.", 400)
        try:
            signed_content = await _sandbox_signer(services).sign(key_id, password, opened.payload)
        except WrongKeyOrPassword:
            await sessions.count_failure(session, opened.row, failure="wrong_password")
            return await again("Пароль не підходить до обраного ключа. Перевірте, будь ласка, і спробуйте ще раз.", 400)
        except SignerLocked:
            return await again("Забагато невдалих спроб для цього ключа. Спробуйте, будь ласка, пізніше.", 429)
        except SignerUnavailable:
            return await again("Сервіс підпису зараз не відповідає. Спробуйте, будь ласка, за хвилину.", 503)
    elif not signed_content:
        return await _sign_page(
            request,
            services,
            token,
            opened,
            error="Підпис не отримано. Спробуйте, будь ласка, ще раз.",
            status_code=400,
        )

    bot_link = services.settings.bot_link()
    try:
        signed = await signing.submit(session, services, opened, signed_content)
    except LinkRejected as rejected:
        return _link_page(request, services, rejected.problem)
    except signing.NotAllowed as refusal:
        title, text = _NOT_ALLOWED_PAGES[refusal.reason]
        return message_page(request, title=title, paragraphs=[text], bot_link=bot_link, status_code=403, tone="bad")
    except AuthRequired:
        title, text = _NOT_ALLOWED_PAGES["not_linked"]
        return message_page(request, title=title, paragraphs=[text], bot_link=bot_link, status_code=401, tone="bad")
    except RegistryError as failure:
        if signing.retryable(failure):
            reopened = await _open_or_none(session, services, token)
            if reopened is not None:
                if signing.signature_refused(failure):
                    error, status = signing.SIGNATURE_REFUSED_UK, 400
                else:
                    error, status = failure.message_uk, 503
                return await _sign_page(request, services, token, reopened, error=error, status_code=status)
        return message_page(
            request,
            title="Реєстр не прийняв підпис",
            paragraphs=[failure.message_uk],
            bot_link=bot_link,
            status_code=409 if failure.status and failure.status < 500 else 502,
            tone="bad",
        )

    if signed.kind is SigningKind.DECLARATION_REQUEST:
        paragraphs = ["Декларацію підписано і передано до реєстру eHealth."]
        if signed.doctor_name:
            paragraphs.append(f"Ваш лікар: {signed.doctor_name}.")
        title = "Готово! Декларацію підписано"
    else:
        paragraphs = ["Зміни ваших даних підписано і передано до реєстру eHealth."]
        title = "Готово! Ваші дані оновлено"
    paragraphs.append("Поверніться в Telegram — бот уже надіслав вам повідомлення.")
    return message_page(request, title=title, paragraphs=paragraphs, bot_link=bot_link, tone="ok")


def _sandbox_signer(services: Services) -> SandboxSigner:
    if services.sandbox_signer is None:  # create_app builds it whenever the provider is "sandbox"
        raise RuntimeError("signing_provider is sandbox but no sandbox signer is configured")
    return services.sandbox_signer


async def _open_or_none(session: AsyncSession, services: Services, token: str) -> OpenSigning | None:
    try:
        return await _open(session, services, token)
    except LinkRejected:
        return None
