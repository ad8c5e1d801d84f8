"""A one-word name search read in ranking order: the rules, free of I/O (the statements are in `sql_index`).

Ranking the matches of a short word ("Анд": 2,653 of 100,000 doctors) row by row cost 3–10 ms; the first
page is almost always made of doctors whose surname starts with the word, and those are the rows whose
`sort_key` starts with it: the name-order index lists them in the very order they rank in. So a search for
one word `w` (a prefix, no typo correction) reads:

  * the walk: rows whose name *starts* with `w`, in name order, as many as a page and the capped total
    need (the index alone: sort key, employee id, filters, surname);
  * the extras, read whole: rows where a *later* word is exactly `w` (they score 3 without starting
    with `w`) and rows with a compound surname whose later part starts with `w` (the surname bonus);
  * the rest: rows where only a later word starts with `w` ("Андріївна"), but only when the walk ran out
    before the page was full, ranked in the database (they all score 2).

Scores (`statements.score` for one word): exact word 3, word prefix 2, +1 for a surname word starting with
`w`. A walked row's first word starts with `w`: it scores 3 when that word is `w` itself, 2 otherwise, +1
when its surname starts with `w` (a row whose surname is empty starts with its first name). A later word
equal to `w` makes it an extra, whose score the database computed in full and which replaces this one.

Every unread row then scores at most `best_unread`: a walked-past row scores ≤ 3 unless the walk stopped
while names were still exactly `w` (≤ 4); a row outside the walk and the extras scores 2. The merged rows
are exact for as long as no unread row could come before them; a page past that is not answered here
(`merged` returns None) and the caller ranks every match instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from backend.directory import keys
from backend.directory.statements import EXACT_WORD, SURNAME_BONUS, WORD_PREFIX


@dataclass(frozen=True, slots=True)
class Ranked:
    """A row with what orders it: score (descending), then sort key and employee id."""

    row_id: int
    score: int
    sort_key: str
    employee_id: str

    def order(self) -> tuple[int, str, str]:
        return (-self.score, self.sort_key, self.employee_id)


@dataclass(frozen=True, slots=True)
class Walked:
    """A row of the walk: its first word starts with the searched word."""

    row_id: int
    surname_starts: bool  # a word of the surname starts with the searched word
    sort_key: str
    employee_id: str


@dataclass(frozen=True, slots=True)
class Bounds:
    """Sort-key ranges of one word `w`: names starting with `w`, and names whose first word is `w`."""

    word_key: str  # `keys.sort_key((w,))`

    @classmethod
    def of(cls, word: str) -> Bounds:
        return cls(keys.sort_key((word,)))

    @property
    def low(self) -> str:
        return self.word_key

    @property
    def high(self) -> str:
        return keys.prefix_upper_bound(self.word_key)

    def first_word_is(self, sort_key: str) -> bool:
        """Whether a name with this sort key starts with the word as a whole word (not only as a prefix)."""
        return sort_key == self.word_key or sort_key.startswith(self.word_key + " ")


def walked_score(row: Walked, bounds: Bounds) -> int:
    """The score of a walked row that no extra replaces: its first word is the word or starts with it."""
    base = EXACT_WORD if bounds.first_word_is(row.sort_key) else WORD_PREFIX
    return base + (SURNAME_BONUS if row.surname_starts else 0)


def best_unread(walked: Sequence[Walked], bounds: Bounds, *, exhausted: bool) -> int:
    """The highest score a row neither walked nor read apart may have."""
    if exhausted or not walked:
        return WORD_PREFIX  # only rows where a later word starts with the word are left
    # Names exactly `w` sort first among the names starting with `w` (" " precedes every letter and digit).
    still_exact = bounds.first_word_is(walked[-1].sort_key)
    return (EXACT_WORD if still_exact else WORD_PREFIX) + SURNAME_BONUS


def merged(
    walked: Sequence[Walked],
    extras: Iterable[Ranked],
    bounds: Bounds,
    *,
    exhausted: bool,
    complete: bool = False,
    wanted: int,
) -> list[Ranked] | None:
    """The first `wanted` rows in ranking order, or None when rows not read could come among them.

    `exhausted`: the walk read every row whose name starts with the word (else it stopped at its last row).
    `complete`: besides, the extras hold the best `wanted` (at least) of the other matches.
    """
    rows = {row.row_id: Ranked(row.row_id, walked_score(row, bounds), row.sort_key, row.employee_id) for row in walked}
    rows.update({row.row_id: row for row in extras})  # scored in full by the database
    ordered = sorted(rows.values(), key=Ranked.order)[:wanted]
    if complete:
        return ordered
    best = best_unread(walked, bounds, exhausted=exhausted)
    last = None if exhausted or not walked else (walked[-1].sort_key, walked[-1].employee_id)
    for row in ordered:
        # An unread row scoring `best` sorts after the last walked row: before this one only if this is past it.
        if not (
            row.score > best or (row.score == best and last is not None and (row.sort_key, row.employee_id) <= last)
        ):
            return None
    # Fewer rows than wanted: the page's end, if nothing is left unread.
    return ordered if len(ordered) == wanted else None
