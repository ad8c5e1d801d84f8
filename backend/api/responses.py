"""Error responses declared in the OpenAPI schema, shared by the routers."""

from __future__ import annotations

from typing import Any

from backend.api.errors import MESSAGES, ErrorResponse

Responses = dict[int | str, dict[str, Any]]


def _error(status: int, code: str, description: str, message: str | None = None) -> Responses:
    return {
        status: {
            "model": ErrorResponse,
            "description": description,
            "content": {
                "application/json": {"example": {"error": {"code": code, "message": message or MESSAGES[code]}}}
            },
        }
    }


UNAUTHORIZED = _error(401, "unauthorized", "The service token is missing or wrong.")
NOT_LINKED = _error(409, "not_linked", "The Telegram user is unknown or has no verified person linked.")
AUTH_REQUIRED = _error(401, "auth_required", "The registry session cannot be renewed: sign in again.")
READ_ONLY = _error(403, "read_only", "The person may only view (14–17 without confirmed civil capacity).")
NOT_FOUND = _error(404, "not_found", "No such object among the person's own.")
PERMISSION_NEEDED = _error(
    403,
    "permission_needed",
    "The patient's registry session does not allow this read (it predates the cabinet asking for it): the "
    "patient signs in again and allows it.",
)
VALIDATION = _error(422, "validation_failed", "Field-level errors in `fields` (Ukrainian messages).")
CONFLICT = _error(
    409,
    "conflict",
    "The registry refused by a business rule; `reason` tells which (doctor_limit_reached, request_not_new…).",
    "У цього лікаря вже немає вільних місць для декларацій. Оберіть, будь ласка, іншого лікаря.",
)
TOO_MANY_REQUESTS = _error(
    429, "too_many_requests", "Too many such requests from this user lately; `Retry-After` says when to try again."
)
UNAVAILABLE = _error(
    503,
    "registry_unavailable",
    "The registry does not answer (or rate-limits us); try later.",
    "Реєстр eHealth зараз не відповідає. Спробуйте, будь ласка, за кілька хвилин.",
)


def merge(*parts: Responses) -> Responses:
    """Several declared errors; two with one status (401, 409) share it with a combined description."""
    merged: Responses = {}
    for part in parts:
        for status, spec in part.items():
            if status in merged:
                merged[status] = {
                    **merged[status],
                    "description": f"{merged[status]['description']} Or: {spec['description']}",
                }
            else:
                merged[status] = spec
    return merged


BASE = merge(UNAUTHORIZED, VALIDATION)
ACCOUNT = merge(BASE, NOT_LINKED)
PATIENT = merge(ACCOUNT, AUTH_REQUIRED, UNAVAILABLE)
