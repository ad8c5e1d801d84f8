"""A query refuses what would make no sense instead of answering it strangely."""

from __future__ import annotations

import pytest

from backend.directory.query import MAX_PAGE_SIZE, DoctorQuery


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": MAX_PAGE_SIZE + 1}, "limit"),
        ({"offset": -1}, "offset"),
        ({"radius_km": 0}, "radius_km"),
        ({"radius_km": float("nan")}, "radius_km"),
        ({"radius_km": 50, "max_radius_km": 25}, "max_radius_km"),
        ({"near": (91.0, 30.0)}, "near"),
        ({"near": (50.0, -181.0)}, "near"),
    ],
)
def test_nonsense_is_refused(criteria: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DoctorQuery(**criteria)  # type: ignore[arg-type]


def test_defaults_ask_for_choosable_doctors_one_page_at_a_time() -> None:
    query = DoctorQuery()
    assert (query.only_available, query.with_free_places, query.offset) == (True, False, 0)
    assert 1 <= query.limit <= MAX_PAGE_SIZE
