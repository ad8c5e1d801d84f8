"""A one-word search read in ranking order (`backend.directory.walk`) answers exactly as ranking every match."""

from __future__ import annotations

import random
from typing import cast

import pytest

from backend.directory.index import DoctorIndex
from backend.directory.query import DoctorQuery, SearchPage
from backend.directory.sql_index import TOTAL_CAP, SqlDoctorIndex
from backend.directory.walk import Bounds, Ranked, Walked, best_unread, merged, walked_score
from backend.domain.declarations import Speciality
from backend.registry.port import DeclarationsLimit
from tests.backend.directory.conftest import doctor

# --- The rules, without a database ------------------------------------------------------------------

BOUNDS = Bounds.of("анд")


def walked(row_id: int, name: str, *, surname_starts: bool = True) -> Walked:
    return Walked(row_id, surname_starts, Bounds.of(name).word_key, f"e-{row_id:03}")


def test_a_walked_row_scores_as_its_first_word_matches() -> None:
    assert walked_score(walked(1, "анд ольга"), BOUNDS) == 4  # the word itself, in the surname
    assert walked_score(walked(2, "андрієнко ольга"), BOUNDS) == 3  # a prefix of the surname
    assert walked_score(walked(3, "андрій петрович", surname_starts=False), BOUNDS) == 2  # no surname: a first name


def test_past_the_names_that_are_the_word_itself_an_unread_row_scores_at_most_three() -> None:
    assert best_unread([walked(1, "анд ольга")], BOUNDS, exhausted=False) == 4
    assert best_unread([walked(1, "анд ольга"), walked(2, "андрієнко ольга")], BOUNDS, exhausted=False) == 3
    # Every name starting with the word was read: the rest only have a later word starting with it.
    assert best_unread([walked(1, "анд ольга")], BOUNDS, exhausted=True) == 2


def test_once_the_walk_ran_out_rows_scoring_above_the_rest_are_certain() -> None:
    rows = [walked(1, "андрієнко анна"), walked(2, "андрій петрович", surname_starts=False)]
    assert [row.row_id for row in merged(rows, [], BOUNDS, exhausted=True, wanted=1) or []] == [1]
    assert merged(rows, [], BOUNDS, exhausted=True, wanted=2) is None  # "Іваненко Андрій" may come first


def test_rows_the_walk_has_not_passed_may_not_be_answered() -> None:
    rows = [walked(1, "андрієнко анна"), walked(2, "андрієнко ольга")]
    # A compound surname ("Петренко-Андрієнко") sorting after the walk's last row: an unread row could precede it.
    late = Ranked(3, 3, Bounds.of("петренко андрієнко ірина").word_key, "e-003")
    assert merged(rows, [late], BOUNDS, exhausted=False, wanted=2) == [
        Ranked(1, 3, rows[0].sort_key, "e-001"),
        Ranked(2, 3, rows[1].sort_key, "e-002"),
    ]
    assert merged(rows, [late], BOUNDS, exhausted=False, wanted=3) is None
    assert [row.row_id for row in merged(rows, [late], BOUNDS, exhausted=True, complete=True, wanted=3) or []] == [
        1,
        2,
        3,
    ]


def test_an_extra_scores_over_its_walked_row_and_ranks_first() -> None:
    rows = [walked(1, "андрієнко анна"), walked(2, "андрієнко ольга")]
    # "Андрієнко Ольга Анд": a later word is the word itself, so the database scored it 4.
    extra = Ranked(2, 4, rows[1].sort_key, "e-002")
    assert [(row.row_id, row.score) for row in merged(rows, [extra], BOUNDS, exhausted=False, wanted=2) or []] == [
        (2, 4),
        (1, 3),
    ]


def test_a_score_below_the_best_unread_one_is_never_certain() -> None:
    rows = [walked(1, "андрієнко анна"), walked(2, "андрій петрович", surname_starts=False)]
    assert merged(rows, [], BOUNDS, exhausted=False, wanted=2) is None
    assert merged(rows, [], BOUNDS, exhausted=True, complete=True, wanted=2) is not None


# --- Against the database: the walk and the full ranking on the same directory ----------------------

SURNAMES = [
    *("Андрієнко", "Андрусенко", "Андрощук", "Анд", "Ан", "Андрієнко-Коваль", "Коваль-Андрієнко"),
    *("Петренко-Андрусенко", "Коваль", "Коваленко", "Анна", "Ан-Андрієнко", "-", "Дан", "Данилюк"),
]
FIRST_NAMES = ["Андрій", "Анд", "Анна", "Ольга", "Данило", "Дан", "Ірина", "Коваль"]
PATRONYMICS = ["Андріївна", "Андрійович", "Данилівна", "Анд", None]
WORDS = ["а", "ан", "анд", "андр", "андрієнко", "андрій", "анна", "дан", "коваль", "ков", "петренко", "ірина", "ів"]
PAGES = [(20, 0), (50, 50), (10, 290), (50, 300), (5, 0)]


def _directory(size: int) -> tuple[list, list[DeclarationsLimit]]:
    rng = random.Random(19)
    documents = [
        doctor(
            f"e-{i:04}",
            rng.choice(SURNAMES),
            rng.choice(FIRST_NAMES),
            rng.choice(PATRONYMICS),
            party_id=f"party-{i}",
            speciality=rng.choice(list(Speciality)),
            settlement=rng.choice(["Київ", "Бровари"]),
            status=rng.choice(["APPROVED"] * 5 + ["NEW"]),
        )
        for i in range(size)
    ]
    limits = [DeclarationsLimit(f"party-{i}", 1800, rng.randrange(1750, 1850)) for i in range(size)]
    return documents, limits


def _answer(page: SearchPage) -> tuple[object, ...]:
    return [(hit.document.employee_id, hit.score) for hit in page.hits], page.total, page.next_offset


@pytest.fixture
async def directory(index: DoctorIndex) -> DoctorIndex:
    documents, limits = _directory(1_400)
    await index.upsert_many(documents)
    await index.apply_limits(limits)
    return index


async def test_walked_pages_equal_the_ranking_of_every_match(directory: DoctorIndex) -> None:
    reference = cast(SqlDoctorIndex, directory)
    filters: list[dict[str, object]] = [
        {},
        {"only_available": False},
        {"specialities": (Speciality.THERAPIST, Speciality.FAMILY_DOCTOR), "with_free_places": True},
        {"settlement": "Бровари"},
    ]
    walked_any = 0
    for word in WORDS:
        for criteria in filters:
            for limit, offset in PAGES:
                query = DoctorQuery(text=word, limit=limit, offset=offset, **criteria)  # type: ignore[arg-type]
                reference.walk_one_word = True
                walked_page = await directory.search(query)
                reference.walk_one_word = False
                ranked_page = await directory.search(query)
                assert _answer(walked_page) == _answer(ranked_page), query
                walked_any += bool(walked_page.hits)
    assert walked_any > len(WORDS) * len(filters)


async def test_walking_past_the_cap_and_after_writes(index: DoctorIndex) -> None:
    """More names start with the word than the total counts; then doctors leave and a name changes."""
    cast(SqlDoctorIndex, index).walk_one_word = True  # PostgreSQL ranks every match by default
    rows = [doctor(f"a-{i:03}", "Андрієнко", "Ольга") for i in range(TOTAL_CAP + 5)]
    rows += [doctor("later", "Коваль", "Анд"), doctor("compound", "Петренко-Андрієнко", "Ірина")]
    await index.upsert_many(rows)
    page = await index.search(DoctorQuery(text="анд", limit=10))
    assert page.total is None
    assert [hit.document.employee_id for hit in page.hits] == [f"a-{i:03}" for i in range(10)]
    await index.remove([f"a-{i:03}" for i in range(TOTAL_CAP)])
    page = await index.search(DoctorQuery(text="анд", limit=10))
    assert page.total == 7
    # All score 3: the surname starts with the word, or a later word is the word itself; then by name.
    assert [hit.document.employee_id for hit in page.hits] == [f"a-{i:03}" for i in range(300, 305)] + [
        "later",
        "compound",
    ]
    await index.upsert_many([doctor("compound", "Андрієнко", "Анд")])  # now the word's own surname and name
    page = await index.search(DoctorQuery(text="анд", limit=10))
    assert page.hits[0].document.employee_id == "compound"
    assert page.hits[0].score == 1.0


async def test_sqlite_walks_by_default(index: DoctorIndex) -> None:
    assert cast(SqlDoctorIndex, index).walk_one_word == (type(index).__name__ == "SqliteDoctorIndex")
