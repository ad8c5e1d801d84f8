"""Structured JSON logs and the one-line-per-request access log.

Log lines carry technical facts only: method, the route's *template* (`/v1/users/{telegram_user_id}/me`,
never the concrete path or query string, which may hold codes, states or ids), status, duration and
the request id. Personal data and tokens are never passed to a logger anywhere in the backend.

The access line says those facts in its message too (`POST /v1/events/claim 200 3.1 ms`), so a plain text
formatter (the demo's) shows them as well as the JSON one. What a process asks at rest — the notifier's
claim that finds nothing (every second), the orchestrator's health checks — is logged at DEBUG: at INFO the
log shows what happened, not that nothing did. A handler marks its request so with `quiet_request()`.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.registry.request_id import request_id_var

access_log = logging.getLogger("backend.access")

# Attributes every LogRecord has; anything else passed via `extra=` becomes a JSON field.
_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
# An incoming X-Request-ID is echoed only when it looks like an id, so logs cannot be injected through it.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# Loggers of the database stack, whose lower levels print SQL together with its parameters. The engine's
# own logger is named too: a level an earlier logging setup gave it would otherwise win over its parent's.
DATABASE_LOGGERS = ("sqlalchemy", "sqlalchemy.engine", "aiosqlite", "asyncpg")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for the whole process (called by the server entry point, not by tests)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # uvicorn's access log and httpx's request log print full URLs with query strings (sign-in codes,
    # states, ids): ours replaces the first, the registry adapter logs its calls by path template.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # The database drivers log every statement with its bound values (names, birth dates, ids) at
    # INFO/DEBUG: even a DEBUG backend keeps them to warnings.
    for driver in DATABASE_LOGGERS:
        logging.getLogger(driver).setLevel(logging.WARNING)


# Liveness and readiness probes: answered fine, they are logged at DEBUG (a failing one stays at INFO).
_PROBES = frozenset({"/healthz", "/readyz"})


@dataclass(slots=True)
class _AccessLine:
    quiet: bool = False


_access_line: ContextVar[_AccessLine | None] = ContextVar("access_line", default=None)


def quiet_request() -> None:
    """Log the current request's access line at DEBUG: a poll that found nothing to do."""
    line = _access_line.get()
    if line is not None:
        line.quiet = True


def _access_level(path: str, status: int, line: _AccessLine) -> int:
    if status >= 500:
        return logging.WARNING
    if status < 400 and (line.quiet or path in _PROBES):
        return logging.DEBUG
    return logging.INFO


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "<unmatched>"


class RequestLogMiddleware:
    """Assigns the request id (shared with the registry adapter) and logs one line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else str(uuid.uuid4())
        token = request_id_var.set(request_id)
        line = _AccessLine()
        line_token = _access_line.set(line)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            path = _route_template(scope)
            duration_ms = round((time.perf_counter() - started) * 1000, 2)
            access_log.log(
                _access_level(path, status, line),
                "%s %s %s %.1f ms",
                scope["method"],
                path,
                status,
                duration_ms,
                extra={
                    "method": scope["method"],
                    "path": path,
                    "status": status,
                    "duration_ms": duration_ms,
                    "request_id": request_id,
                },
            )
            _access_line.reset(line_token)
            request_id_var.reset(token)
