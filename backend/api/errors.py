"""One error shape for every 4xx/5xx: `{"error": {"code", "message", "fields"?, "reason"?}}`.

`message` is polite Ukrainian the bot may show as is; `code` is what the bot branches on.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from backend.auth.tokens import AuthRequired
from backend.domain.errors import InvalidValue
from backend.domain.messages import message_for
from backend.registry.errors import (
    RegistryAuthExpired,
    RegistryConflict,
    RegistryError,
    RegistryForbidden,
    RegistryNotFound,
    RegistryRateLimited,
    RegistryUnavailable,
    RegistryValidationError,
)

log = logging.getLogger(__name__)

MESSAGES = {
    "unauthorized": "Запит без правильного службового токена.",
    "not_linked": "Ви ще не увійшли в кабінет пацієнта. Увійдіть, будь ласка, з електронним підписом.",
    "auth_required": "Ваш сеанс у реєстрі eHealth завершився. Увійдіть, будь ласка, ще раз з електронним підписом.",
    "consent_required": "Спершу потрібна ваша згода на обробку персональних даних.",
    "read_only": (
        "Ваш кабінет відкрито лише для перегляду: подавати декларацію та змінювати дані можна з 18 років "
        "або після підтвердження повної цивільної дієздатності."
    ),
    "permission_needed": (
        "Щоб показати ваші е-рецепти, кабінету потрібен ваш дозвіл в eHealth. Увійдіть, будь ласка, ще раз "
        "з електронним підписом і дозвольте це на сторінці входу."
    ),
    "not_found": "Не знайдено. Можливо, запис уже змінено — оновіть, будь ласка, список.",
    "method_not_allowed": "Цей метод тут не підтримується.",
    "validation_failed": "Деякі дані заповнено неправильно. Перевірте, будь ласка, поля.",
    "precheck_failed": "Декларацію з цим лікарем зараз подати не можна.",
    "request_in_progress": "Цей запит уже створюється. Зачекайте, будь ласка, кілька секунд.",
    "nothing_to_change": "Ви не вказали жодної зміни.",
    "directory_loading": "Довідник лікарів ще завантажується. Спробуйте, будь ласка, за хвилину.",
    "too_many_requests": "Ви надто часто просите посилання для входу. Спробуйте, будь ласка, за кілька хвилин.",
    "internal_error": "Сталася внутрішня помилка. Спробуйте, будь ласка, ще раз пізніше.",
}

# Field-level messages for malformed requests (types and shapes, before our domain validators).
_SHAPE_MESSAGES = {
    "missing": "Це поле обов’язкове.",
    "extra_forbidden": "Таке поле не передбачено.",
    "string_too_long": "Занадто довге значення.",
    "string_too_short": "Занадто коротке значення.",
    "literal_error": "Недопустиме значення.",
    "enum": "Недопустиме значення.",
    "bool_type": "Має бути true або false.",
    "int_type": "Має бути ціле число.",
    "json_invalid": "Тіло запиту не є правильним JSON.",
}


class FieldErrorBody(BaseModel):
    field: str = Field(description="Path of the field, e.g. `phones[0].number`.", examples=["email"])
    code: str = Field(description="Machine code of the rule the value broke.", examples=["email.format"])
    message: str = Field(description="What is wrong and how to fix it, in Ukrainian.")


class ErrorBody(BaseModel):
    code: str = Field(examples=["not_linked"])
    message: str = Field(examples=[MESSAGES["not_linked"]])
    fields: list[FieldErrorBody] | None = None
    reason: str | None = Field(
        None, description="A finer code: the registry's refusal (`doctor_limit_reached`…) or precheck blockers."
    )
    blockers: list[str] | None = Field(None, description="Precheck blockers (code `precheck_failed`).")


class ErrorResponse(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str | None = None,
        *,
        fields: list[FieldErrorBody] | None = None,
        reason: str | None = None,
        blockers: list[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.body = ErrorBody(
            code=code, message=message or MESSAGES[code], fields=fields, reason=reason, blockers=blockers
        )
        self.headers = headers


def not_found() -> ApiError:
    return ApiError(404, "not_found")


def invalid_fields(errors: list[InvalidValue], extra_messages: dict[str, str] | None = None) -> ApiError:
    return ApiError(
        422,
        "validation_failed",
        fields=[
            FieldErrorBody(
                field=error.field or "",
                code=error.code,
                message=(extra_messages or {}).get(error.code) or message_for(error),
            )
            for error in errors
        ],
    )


def from_registry(failure: RegistryError) -> ApiError:
    """The port's typed errors → API errors (status, code, the registry's Ukrainian message)."""
    match failure:
        case RegistryAuthExpired():
            return ApiError(401, "auth_required")
        case RegistryRateLimited():
            headers = {"Retry-After": str(math.ceil(failure.retry_after or 60))}  # whole seconds, up
            return ApiError(503, "registry_unavailable", failure.message_uk, reason="rate_limited", headers=headers)
        case RegistryUnavailable():
            return ApiError(503, "registry_unavailable", failure.message_uk)
        case RegistryForbidden():
            return ApiError(403, "forbidden", failure.message_uk, reason=failure.code)
        case RegistryNotFound():
            return ApiError(404, "not_found", failure.message_uk)
        case RegistryConflict():
            return ApiError(409, "conflict", failure.message_uk, reason=failure.code)
        case RegistryValidationError():
            return ApiError(
                422,
                "validation_failed",
                failure.message_uk,
                fields=[
                    FieldErrorBody(
                        field=field.field.removeprefix("$."),
                        code=field.rule,
                        message="Реєстр eHealth не прийняв це значення. Перевірте його, будь ласка.",
                    )
                    for field in failure.fields
                ],
            )
    return ApiError(502, "registry_error", failure.message_uk, reason=failure.code)


def _response(error: ApiError) -> JSONResponse:
    return JSONResponse(
        ErrorResponse(error=error.body).model_dump(exclude_none=True), status_code=error.status, headers=error.headers
    )


def _location(loc: tuple[Any, ...]) -> str:
    # ("body", "phones", 0, "number") → "phones[0].number"; the first item says where it came from.
    path = ""
    for part in loc[1:] if loc and loc[0] in {"body", "query", "path", "header"} else loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def allowed_methods(request: Request) -> str:
    """A 405's `Allow`: the methods the OpenAPI document gives the path (Starlette names only the first route's)."""
    path = request.url.path
    methods = {
        method.upper()
        for template, operations in request.app.openapi()["paths"].items()
        if compile_path(template)[0].match(path)
        for method in operations
    }
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, error: ApiError) -> JSONResponse:
        return _response(error)

    @app.exception_handler(RegistryError)
    async def _registry_error(_: Request, failure: RegistryError) -> JSONResponse:
        log.info("registry refused", extra={"code": failure.code, "registry_status": failure.status})
        return _response(from_registry(failure))

    @app.exception_handler(AuthRequired)
    async def _auth_required(_: Request, __: AuthRequired) -> JSONResponse:
        return _response(ApiError(401, "auth_required"))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, error: RequestValidationError) -> JSONResponse:
        fields = [
            FieldErrorBody(
                field=_location(tuple(item.get("loc", ()))),
                code=str(item.get("type", "invalid")),
                message=_SHAPE_MESSAGES.get(str(item.get("type")), "Неправильне значення."),
            )
            for item in error.errors()
        ]
        return _response(ApiError(422, "validation_failed", fields=fields))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 400:
            # The framework's only 400: a body it could not even decode (not UTF-8, not JSON). Answered as
            # the documented field error, like a body that decodes but breaks the schema.
            body = FieldErrorBody(field="body", code="json_invalid", message=_SHAPE_MESSAGES["json_invalid"])
            return _response(ApiError(422, "validation_failed", fields=[body]))
        code = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed"}.get(error.status_code)
        message = MESSAGES.get(
            code or "", MESSAGES["internal_error"] if error.status_code >= 500 else "Помилка запиту."
        )
        # The exception's headers are part of the answer (`WWW-Authenticate` of a 401); a 405 names what is allowed.
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        return _response(ApiError(error.status_code, code or f"http_{error.status_code}", message, headers=headers))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"error_type": type(error).__name__})
        return _response(ApiError(500, "internal_error"))
