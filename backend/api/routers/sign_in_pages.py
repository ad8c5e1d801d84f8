"""The browser side of sign-in: /auth/start redirects to the registry, /auth/callback comes back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.exc import IntegrityError

from backend.api.deps import ServicesDep, SessionDep
from backend.auth import states
from backend.domain.age import AccessLevel
from backend.domain.names import vocative
from backend.pages import message_page
from backend.registry.errors import RegistryError
from backend.services import sign_in

router = APIRouter(tags=["browser pages"], include_in_schema=False)

# Longer values cannot be ours (states are 43 characters); reject them before hashing or querying.
MAX_STATE_LENGTH = 128
MAX_CODE_LENGTH = 2048

_STATE_PAGES = {
    states.StateProblem.UNKNOWN: (
        "Посилання для входу недійсне",
        "Попросіть, будь ласка, нове посилання в боті: натисніть «Увійти з електронним підписом» ще раз.",
    ),
    states.StateProblem.USED: (
        "Це посилання для входу вже використано",
        "Кожне посилання для входу працює лише один раз. Якщо вхід не завершився, попросіть нове посилання в боті.",
    ),
    states.StateProblem.EXPIRED: (
        "Час дії посилання для входу минув",
        "З міркувань безпеки посилання діє недовго. Попросіть, будь ласка, нове посилання в боті.",
    ),
}


def _state_page(request: Request, problem: states.StateProblem, bot_link: str | None) -> HTMLResponse:
    title, text = _STATE_PAGES[problem]
    return message_page(request, title=title, paragraphs=[text], bot_link=bot_link, status_code=400, tone="bad")


@router.get("/auth/start")
async def auth_start(
    request: Request, services: ServicesDep, session: SessionDep, state: Annotated[str, Query()] = ""
) -> Response:
    bot_link = services.settings.bot_link()
    if not state or len(state) > MAX_STATE_LENGTH:
        return _state_page(request, states.StateProblem.UNKNOWN, bot_link)
    try:
        url = await sign_in.start_url(session, services.registry, state, clock=services.clock)
    except states.StateRejected as rejected:
        return _state_page(request, rejected.problem, bot_link)
    return RedirectResponse(
        url, status_code=303, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    )


@router.get("/auth/callback")
async def auth_callback(
    request: Request,
    services: ServicesDep,
    session: SessionDep,
    state: Annotated[str, Query()] = "",
    code: Annotated[str, Query()] = "",
    error: Annotated[str, Query()] = "",
) -> Response:
    bot_link = services.settings.bot_link()
    if not state or len(state) > MAX_STATE_LENGTH:
        return _state_page(request, states.StateProblem.UNKNOWN, bot_link)
    if error or not code or len(code) > MAX_CODE_LENGTH:
        # The patient cancelled at the registry (or it sent no code): spend the state all the same.
        try:
            await states.consume(session, state, now=services.clock.now())
            await session.commit()
        except states.StateRejected as rejected:
            return _state_page(request, rejected.problem, bot_link)
        return message_page(
            request,
            title="Вхід не завершено",
            paragraphs=[
                "Вхід з електронним підписом скасовано. Щоб спробувати ще раз, попросіть нове посилання в боті."
            ],
            bot_link=bot_link,
            status_code=400,
            tone="bad",
        )
    try:
        outcome = await sign_in.complete_sign_in(
            session,
            services.registry,
            services.cipher,
            services.clock,
            state=state,
            code=code,
            cache=services.session_cache,
        )
    except states.StateRejected as rejected:
        return _state_page(request, rejected.problem, bot_link)
    except RegistryError as failure:
        return message_page(
            request,
            title="Не вдалося завершити вхід",
            paragraphs=[failure.message_uk, "Попросіть, будь ласка, нове посилання для входу в боті."],
            bot_link=bot_link,
            status_code=502 if failure.status is None or failure.status >= 500 else 400,
            tone="bad",
        )
    except IntegrityError:
        # The same person finished signing in from two Telegram accounts at the same moment.
        await session.rollback()
        return message_page(
            request,
            title="Не вдалося завершити вхід",
            paragraphs=["Вхід для цієї особи саме завершується в іншому місці. Спробуйте, будь ласка, ще раз."],
            bot_link=bot_link,
            status_code=409,
            tone="bad",
        )
    return _outcome_page(request, outcome, bot_link)


def _outcome_page(request: Request, outcome: sign_in.SignInOutcome, bot_link: str | None) -> HTMLResponse:
    if outcome.access_level is AccessLevel.NONE:
        return message_page(
            request,
            title="Власний кабінет доступний з 14 років",
            paragraphs=[
                "Дитина до 14 років не може мати власного доступу до кабінету пацієнта.",
                "Декларацію з лікарем для дитини підписує та дані дитини змінює один з батьків "
                "або інший законний представник — у своєму кабінеті чи в закладі охорони здоров’я.",
            ],
            bot_link=bot_link,
            status_code=403,
            tone="bad",
        )
    paragraphs = [f"{vocative(outcome.first_name)}, ви увійшли в кабінет пацієнта. Бот уже надіслав вам повідомлення."]
    if outcome.access_level is AccessLevel.READ_ONLY:
        paragraphs.append(
            "Вам ще немає 18 років, тому кабінет відкрито лише для перегляду. Подати декларацію та змінювати "
            "дані ви зможете після підтвердження повної цивільної дієздатності або з 18 років."
        )
    return message_page(
        request, title="Готово! Поверніться в Telegram", paragraphs=paragraphs, bot_link=bot_link, tone="ok"
    )
