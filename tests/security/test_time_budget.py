"""The registry time limits against the patient's time budget: a hanging registry must be reported to the
bot within `ANSWER_BUDGET_S`, whatever the retries add up to."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from backend.registry.ehealth import EHealthRegistry
from backend.registry.errors import RegistryUnavailable
from backend.registry.settings import EHealthSettings
from tests.security.harness import ANSWER_BUDGET_S, FAST_TIMEOUTS, worst_case_seconds


def test_the_worst_case_counts_every_attempt_and_backoff() -> None:
    settings = EHealthSettings(
        _env_file=None, total_timeout=1.0, max_retries=2, retry_backoff_base=0.5, call_deadline=10.0
    )
    assert worst_case_seconds(settings) == pytest.approx(3 * 1.0 + 0.5 + 1.0)


def test_the_call_deadline_caps_the_worst_case() -> None:
    settings = EHealthSettings(_env_file=None, total_timeout=1.0, max_retries=2, call_deadline=1.5)
    assert worst_case_seconds(settings) == pytest.approx(1.5)


def test_the_fault_tests_run_within_the_budget() -> None:
    assert worst_case_seconds(EHealthSettings(_env_file=None, **FAST_TIMEOUTS)) < ANSWER_BUDGET_S


def test_the_production_defaults_fit_the_budget() -> None:
    assert worst_case_seconds(EHealthSettings(_env_file=None)) <= ANSWER_BUDGET_S


class _HangingTransport(httpx.AsyncBaseTransport):
    """A registry that accepts every request and never answers."""

    def __init__(self) -> None:
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        await asyncio.Event().wait()
        raise AssertionError("unreachable: the wait above never ends")


async def test_a_hanging_registry_is_reported_within_the_budget_with_the_production_defaults() -> None:
    """The adapter itself keeps the deadline: real clock, the default settings, a registry that never answers."""
    settings = EHealthSettings(_env_file=None)
    transport = _HangingTransport()
    async with EHealthRegistry(settings, transport=transport) as registry:
        started = time.perf_counter()
        with pytest.raises(RegistryUnavailable) as failure:
            await registry.get_doctor("hanging")
        elapsed = time.perf_counter() - started
    assert failure.value.code == "registry_timeout"
    assert settings.call_deadline * 0.9 <= elapsed <= ANSWER_BUDGET_S, f"answered in {elapsed:.2f} s"
    assert transport.requests >= 1
