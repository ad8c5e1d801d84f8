"""`cabinet registry-sandbox` serves from a process of its own, tuned as a server."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from sandbox.registry import server


@pytest.fixture
def collector_kept() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)


def test_the_server_collects_young_objects_rarely(
    monkeypatch: pytest.MonkeyPatch, collector_kept: tuple[int, int, int]
) -> None:
    served: list[tuple[int, int, int]] = []

    def run(app: Any, **_: Any) -> None:
        served.append(gc.get_threshold())

    monkeypatch.setattr(server.uvicorn, "run", run)
    assert server.serve(port=0, seed_if_empty=False) == 0
    assert served == [(server.YOUNG_COLLECTION_THRESHOLD, *collector_kept[1:])]
