"""eHealth's response envelope and error format.

Every answer is `{meta:{code,url,type,request_id}, data|error, paging?, urgent?}`; errors carry
`{type, message, invalid:[{entry_type, entry, rules:[{rule, params, description}]}]}`.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

import orjson
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Label, Text, type_coerce
from sqlalchemy.orm import InstrumentedAttribute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

log = logging.getLogger(__name__)

ERROR_STATUS = {
    "access_denied": 401,
    "forbidden": 403,
    "not_found": 404,
    "request_conflict": 409,
    "validation_failed": 422,
    "request_malformed": 400,
    "internal_error": 500,
}


def invalid_entry(
    entry: str, rule: str, description: str, *, entry_type: str = "json_data_property", params: Any = None
) -> dict[str, Any]:
    """One `invalid[]` item: which field broke which rule."""
    return {
        "entry_type": entry_type,
        "entry": entry,
        "rules": [{"rule": rule, "params": params if params is not None else [], "description": description}],
    }


class RegistryError(Exception):
    """An eHealth-format error; raise it anywhere in a handler."""

    def __init__(
        self,
        error_type: str,
        message: str,
        *,
        invalid: list[dict[str, Any]] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.invalid = invalid or []
        self.status = status or ERROR_STATUS.get(error_type, 400)

    @classmethod
    def validation(cls, entry: str, rule: str, description: str, **kwargs: Any) -> RegistryError:
        return cls(
            "validation_failed",
            "Validation failed",
            invalid=[invalid_entry(entry, rule, description, **kwargs)],
        )


# --- the envelope in the OpenAPI document ----------------------------------------------------------


class MetaOut(BaseModel):
    code: int
    url: str
    type: Literal["object", "list"]
    request_id: str


class RuleOut(BaseModel):
    rule: str
    params: Any = None
    description: str


class InvalidOut(BaseModel):
    entry_type: str
    entry: str
    rules: list[RuleOut]


class ErrorOut(BaseModel):
    type: str
    message: str
    invalid: list[InvalidOut] | None = None


class ErrorEnvelope(BaseModel):
    """eHealth's error answer: `{meta, error: {type, message, invalid?}}`."""

    meta: MetaOut
    error: ErrorOut


_ERROR_DESCRIPTIONS = {
    400: "`request_malformed`: the request cannot be served as sent (a body that is not UTF-8, a broken form; on the "
    "sign-in pages, an unknown client, redirect URI or scope).",
    401: "`access_denied`: no, an unknown or an expired api-key, client secret, token or code.",
    403: "`forbidden`: the token's scope, the person's age or ownership does not allow it.",
    404: "`not_found`: no such object.",
    409: "`request_conflict`: the object's state does not allow it now.",
    422: "`validation_failed`: `invalid[]` names each field and the rule it broke.",
    429: "`too_many_requests`: too many wrong passwords for this key; try again later.",
}
HTML_PAGE: dict[str, Any] = {"text/html": {"schema": {"type": "string"}}}


def errors(*statuses: int, html: tuple[int, ...] = ()) -> dict[int | str, dict[str, Any]]:
    """`responses=` of a route: each error status it answers, in the envelope (`html`: also as a page)."""
    return {
        status: {
            "model": ErrorEnvelope,
            "description": _ERROR_DESCRIPTIONS[status],
            **({"content": HTML_PAGE} if status in html else {}),
        }
        for status in statuses
    }


def request_id(request: Request) -> str:
    rid = request.headers.get("x-request-id")
    if rid and len(rid) <= 200:
        return rid
    return getattr(request.state, "request_id", None) or str(uuid.uuid4())


def _meta(request: Request, status: int, kind: str) -> dict[str, Any]:
    return {"code": status, "url": str(request.url), "type": kind, "request_id": request_id(request)}


class _CompactJSON(JSONResponse):
    """JSONResponse's compact UTF-8 form, written by orjson: a 100,000-doctor directory copy is ~500 pages."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def ok(
    request: Request,
    data: Any,
    *,
    status: int = 200,
    paging: dict[str, int] | None = None,
    urgent: dict[str, Any] | None = None,
    meta: dict[str, Any] | None = None,
) -> JSONResponse:
    """`meta` adds fields to the envelope's meta (e.g. `date` of the bulk exports)."""
    body: dict[str, Any] = {
        "meta": {**_meta(request, status, "list" if isinstance(data, list) else "object"), **(meta or {})},
        "data": data,
    }
    if paging is not None:
        body["paging"] = paging
    if urgent is not None:
        body["urgent"] = urgent
    return _CompactJSON(body, status_code=status, headers={"x-request-id": request_id(request)})


def stored_json(column: InstrumentedAttribute[Any], label: str | None = None) -> Label[Any]:
    """A JSON column read as the text it is stored as, for an answer that passes it on unchanged (`passed_on`).

    A directory copy passes on every doctor's specialities, every division's addresses, phones and hours: decoding
    them only for orjson to encode them again took 1–1.5 of the ~10 s the sandbox spent on the doctor list and the
    divisions at 100,000 doctors."""
    return type_coerce(column, Text).label(label or column.key)


def passed_on(stored: str | None) -> orjson.Fragment | None:
    """JSON text of `stored_json`, written into an answer as it is; SQL NULL as null."""
    return None if stored is None else orjson.Fragment(stored)


def error_response(request: Request, error: RegistryError, *, headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": error.error_type, "message": error.message}
    if error.invalid:
        body["invalid"] = error.invalid
    return JSONResponse(
        {"meta": _meta(request, error.status, "object"), "error": body},
        status_code=error.status,
        headers={**(headers or {}), "x-request-id": request_id(request)},
    )


def iso_datetime(value: datetime) -> str:
    """eHealth's timestamp form (`2017-03-02T10:45:16.000Z`) of a naive UTC datetime."""
    return value.isoformat(timespec="milliseconds") + "Z"


def paging_of(page: int, page_size: int, total: int) -> dict[str, int]:
    return {
        "page_number": page,
        "page_size": page_size,
        "total_entries": total,
        "total_pages": max(1, -(-total // page_size)),
    }


# Keeps OFFSET inside SQLite's integer range whatever the page size.
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 300
DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class PageRequest:
    """`page` and `page_size` of a list endpoint, validated (bad values answer 422)."""

    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def paging(self, total: int) -> dict[str, int]:
        return paging_of(self.page, self.page_size, total)


def page_request(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> PageRequest:
    return PageRequest(page=page, page_size=page_size)


PageQuery = Annotated[PageRequest, Depends(page_request)]

# eHealth sends its bulk exports unpaged; the sandbox pages them (ours) in pages large enough that a client
# following the `paging` block makes few round trips for 100,000 records, small enough to bound one answer.
BULK_PAGE_SIZE = 2000
MAX_BULK_PAGE_SIZE = 5000


def bulk_page_request(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_BULK_PAGE_SIZE)] = BULK_PAGE_SIZE,
) -> PageRequest:
    return PageRequest(page=page, page_size=page_size)


BulkPageQuery = Annotated[PageRequest, Depends(bulk_page_request)]


def _entry_of(location: tuple[Any, ...]) -> tuple[str, str]:
    where, *path = location or ("body",)
    entry_type = {"query": "query_param", "path": "path_parameter", "header": "header"}.get(
        str(where), "json_data_property"
    )
    return entry_type, "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _allowed_methods(request: Request) -> str:
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
    @app.exception_handler(RegistryError)
    async def _registry_error(request: Request, exc: RegistryError) -> JSONResponse:
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        invalid = []
        for err in exc.errors():
            entry_type, entry = _entry_of(tuple(err.get("loc", ())))
            invalid.append(
                invalid_entry(
                    entry,
                    str(err.get("type", "invalid")),
                    str(err.get("msg", "is invalid")),
                    entry_type=entry_type,
                )
            )
        return error_response(request, RegistryError("validation_failed", "Validation failed", invalid=invalid))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = {401: "access_denied", 403: "forbidden", 404: "not_found", 409: "request_conflict"}.get(
            exc.status_code, "request_malformed"
        )
        # The exception's headers belong to the answer; a 405 names what is allowed.
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(request)
        return error_response(request, RegistryError(kind, str(exc.detail), status=exc.status_code), headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"request_id": request_id(request)})
        return error_response(request, RegistryError("internal_error", "Internal error"))
