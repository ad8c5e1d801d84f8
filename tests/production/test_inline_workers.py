"""Inline keystrokes spread over two webhook workers (round robin, as a load balancer spreads Telegram's
deliveries): each worker coalesces what it sees, and the newest keystroke of all is answered."""

from __future__ import annotations

from typing import Any

import pytest

from bot.i18n import Locales
from tests.bot.harness import Patient, Stack
from tests.bot.test_inline import KEYSTROKES
from tests.production.test_workers import cluster

__all__ = ["cluster"]  # the two-worker fixture

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.redis]

uk = Locales().translator("uk")


async def test_a_burst_spread_over_two_workers_gets_the_newest_answered(
    cluster: Any, stack: Stack, patient: Patient
) -> None:
    workers_cluster, proxy, workers = cluster
    asked = [patient.act.inline_query(query) for query in KEYSTROKES]
    for each in asked:
        assert each.update_id is not None
        await stack.handled(each.update_id)
    queries = [patient.act.bot.inline_queries[each.inline_query_id] for each in asked]  # type: ignore[index]

    newest = queries[-1]
    assert newest.answer is not None, "the last keystroke was never answered"
    results = newest.answer["results"]
    assert results
    assert all(r["description"].startswith(uk.get("search-spec-therapist") + ", ") for r in results)
    assert all(", Київ." in r["description"] for r in results)
    assert all(proxy.hits[worker.url] >= 2 for worker in workers), proxy.hits  # both workers took part
    assert set(workers_cluster.handled.values()) == {1}  # each keystroke reached one worker once
    # Each worker searches at most the one in flight when a burst starts and the newest it has seen.
    assert sum(query.answer is not None for query in queries) <= 2 * len(workers)
