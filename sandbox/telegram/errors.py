"""Bot API errors with Telegram's own status codes and descriptions.

Bots match on these strings (aiogram maps the status code to an exception class, people match the
description), so the wording follows what api.telegram.org answers.
"""

from __future__ import annotations

from typing import Any

MESSAGE_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
GET_UPDATES_WHILE_WEBHOOK = (
    "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
TERMINATED_BY_OTHER_POLL = "terminated by other getUpdates request; make sure that only one bot instance is running"
TERMINATED_BY_SET_WEBHOOK = "terminated by setWebhook request"


class BotApiError(Exception):
    """An unsuccessful Bot API answer: `{"ok": false, "error_code": …, "description": …}`."""

    def __init__(self, error_code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> BotApiError:
    return BotApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> BotApiError:
    return BotApiError(403, f"Forbidden: {detail}")


def conflict(detail: str) -> BotApiError:
    return BotApiError(409, f"Conflict: {detail}")


def too_many_requests(retry_after: int) -> BotApiError:
    return BotApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


def unauthorized() -> BotApiError:
    return BotApiError(401, "Unauthorized")


def method_not_found() -> BotApiError:
    return BotApiError(404, "Not Found")


# A Bot API server that lacks a method, or fails on its side, still answers the Bot API's JSON error.
OUTAGE_DESCRIPTIONS = {404: "Not Found", 500: "Internal Server Error"}


def outage(error_code: int) -> BotApiError:
    """A call refused as a Bot API server refuses a method it lacks (404) or fails on (500)."""
    if error_code not in OUTAGE_DESCRIPTIONS:
        raise ValueError(f"no outage with status {error_code}; known: {sorted(OUTAGE_DESCRIPTIONS)}")
    return BotApiError(error_code, OUTAGE_DESCRIPTIONS[error_code])
