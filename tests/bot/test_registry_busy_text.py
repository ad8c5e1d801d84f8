"""eHealth busy (the client's budget spent, or its 429): the patient is told in how many minutes to try again."""

from __future__ import annotations

import httpx
import pytest

from bot.api_client import BackendError, BackendUnavailable, _error_from
from bot.dialogs.common.errors import error_text
from bot.i18n import Locales

LOCALES = Locales()
BUSY = {"code": "registry_unavailable", "message": "Реєстр eHealth зараз перевантажений.", "reason": "rate_limited"}


def _busy(retry_after: str | None) -> BackendError:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return _error_from(httpx.Response(503, json={"error": BUSY}, headers=headers))


@pytest.mark.parametrize(
    ("seconds", "uk", "en"),
    [
        ("1", "за хвилину", "in a minute"),
        ("60", "за хвилину", "in a minute"),
        ("61", "за 2 хвилини", "in 2 minutes"),
        ("150", "за 3 хвилини", "in 3 minutes"),
        ("240", "за 4 хвилини", "in 4 minutes"),
        ("300", "за 5 хвилин", "in 5 minutes"),
        ("660", "за 11 хвилин", "in 11 minutes"),
        ("1260", "за 21 хвилину", "in 21 minutes"),
        ("1320", "за 22 хвилини", "in 22 minutes"),
        ("1500", "за 25 хвилин", "in 25 minutes"),
    ],
)
def test_the_wait_is_said_in_whole_minutes_rounded_up(seconds: str, uk: str, en: str) -> None:
    error = _busy(seconds)
    assert isinstance(error, BackendUnavailable)
    assert error.retry_after == float(seconds)
    shown_uk = error_text(LOCALES.translator("uk"), error)
    shown_en = error_text(LOCALES.translator("en"), error)
    assert uk in shown_uk and "перевантажена" in shown_uk and "збережено" in shown_uk
    assert en in shown_en and "overloaded" in shown_en


@pytest.mark.parametrize("header", [None, "soon", "-5", "Wed, 21 Oct 2026 07:28:00 GMT"])
def test_without_a_usable_retry_after_the_general_text_is_shown(header: str | None) -> None:
    error = _busy(header)
    assert error.retry_after is None
    assert error_text(LOCALES.translator("uk"), error) == LOCALES.translator("uk").get("error-registry-unavailable")
