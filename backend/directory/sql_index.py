"""The directory on a relational database: everything both dialects share.

A subclass supplies how the database finds the rows whose name words match (SQLite: FTS5;
PostgreSQL: a GIN full-text index), its INSERT … ON CONFLICT construct, and may run the work
differently (SQLite: in a worker thread). Filtering, scoring, ordering, typo correction and geo are
written once here, as plain functions of a connection, so both databases rank alike.

Name matching, per query word:
  * a word of the doctor's name starts with it ("шевч" → Шевченко), or
  * when no indexed name word starts with it (a typo), a word of the name is one edit away from it
    (found through `doctor_name_term_variant`, see `keys.deletion_variants`).
Every query word must match. Score per word: exact word 3, prefix 2, typo-corrected 1, plus 1 when a
word matches the surname; ties go nearest first (with a location), then alphabetically.

Totals are exact up to `TOTAL_CAP` and None above it: counting every doctor of a big city costs more
than the search itself and tells a patient nothing more than "many".
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from typing import Any, ClassVar, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import Connection, Engine, bindparam, func, select, true, update
from sqlalchemy.dialects.postgresql import Insert as PostgresInsert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.directory import keys, schema, statements, walk
from backend.directory.documents import DoctorDocument
from backend.directory.query import DoctorQuery, SearchHit, SearchPage, SettlementMatch
from backend.directory.readers import Reader, SqlAlchemyReader
from backend.directory.rows import DOCUMENT_COLUMNS, document_from_row, name_words, row_by_column, row_values
from backend.directory.spatial import chord_squared
from backend.directory.statements import Fragment, WordMatch
from backend.directory.tables import doctor_directory, doctor_name_term, doctor_name_term_variant, doctor_party_limit
from backend.domain.geo import haversine_km
from backend.registry.port import DeclarationsLimit

P = ParamSpec("P")
T = TypeVar("T")

TOTAL_CAP = 300  # about six pages of fifty: past that a patient narrows the search, not pages on
# A location search looks for the nearest doctors in circles growing from this fraction of its radius,
# so a dense city is answered from the few clinics nearby instead of sorting every doctor in 25 km.
_FIRST_RING_FRACTION = 1 / 32

doc = doctor_directory.c
_DOCUMENT_SELECT = [doc[name] for name in DOCUMENT_COLUMNS]
_UPSERT_COLUMNS = [column.name for column in doctor_directory.columns if column.name not in {"id", "employee_id"}]
# Bound parameters per statement stay well under SQLite's and asyncpg's limits.
_IN_CHUNK = 500


class InsertConstruct(Protocol):
    def __call__(self, table: Any) -> SqliteInsert | PostgresInsert: ...


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SqlDoctorIndex:
    insert: ClassVar[InsertConstruct]
    # Statements that refresh the query planner's statistics of the directory's tables.
    statistics_statements: ClassVar[tuple[str, ...]]
    # Whether one-word searches walk the names in order by default (`walk`): they take three or four statements
    # instead of one, which pays where reading a match's row is the cost (SQLite), not a statement's round trip.
    walks: ClassVar[bool] = True

    def __init__(self, engine: AsyncEngine, *, batch_size: int = 1000) -> None:
        self._engine = engine
        self._batch_size = batch_size
        self._own_engines: list[Engine] = []
        # One-word searches are read in ranking order (`walk`); off, every match is ranked (the tests' reference).
        self.walk_one_word = self.walks

    # --- Dialect hooks -------------------------------------------------------------------------

    def name_match(self, words: Sequence[WordMatch]) -> Fragment:
        """A condition true for the rows whose name matches every word (with `statements.word_params` names)."""
        raise NotImplementedError

    def later_word_ids(self, word: str, *, whole: bool) -> Fragment:
        """A select of the ids of rows where a word of the name other than the first is `word` (`whole`) or
        starts with it: exactly those, each once."""
        raise NotImplementedError

    def leads(self, reader: Reader, words: Sequence[WordMatch]) -> bool:
        """Whether the name match should lead a search in a place (rather than the place's index).

        By default the database's planner decides (PostgreSQL knows how many doctors a city has)."""
        return False

    async def _read(self, work: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work` (blocking code) on a connection of the engine, through SQLAlchemy's async bridge."""
        async with self._engine.connect() as connection:
            return await connection.run_sync(work, *args, **kwargs)

    async def _write(self, work: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work` (blocking code) in one transaction."""
        async with self._engine.begin() as connection:
            return await connection.run_sync(work, *args, **kwargs)

    async def close(self) -> None:
        """Release connections the index opened itself; the engine it was given stays the caller's."""
        for engine in self._own_engines:
            engine.dispose()

    async def maintain(self) -> None:
        await self._write(_forget_unused_terms)
        # Without statistics, a planner facing freshly loaded tables guesses (PostgreSQL: seq scans, 10× slower).
        await self._write(_execute_all, self.statistics_statements)

    # --- Writing -------------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def bulk_loading(self) -> AsyncIterator[bool]:
        """Writes into an empty directory (the first sync) without its secondary indexes, which are built once
        at the end: a sort each instead of one insertion per row per index (at 20,000 doctors the writes took
        half the time). Yields whether it did; on a directory that has rows nothing changes. Indexes a load
        that stopped half-way left out are built first, so they are never missing for long."""
        await self._write(schema.restore_secondary_indexes_sync)
        if await self.count() > 0:
            yield False
            return
        await self._write(schema.drop_secondary_indexes_sync)
        try:
            yield True
        finally:
            await self._write(schema.restore_secondary_indexes_sync)

    async def upsert_many(self, documents: Sequence[DoctorDocument]) -> None:
        # One statement may not touch a row twice (PostgreSQL refuses); the last version wins.
        latest = list({document.employee_id: document for document in documents}.values())
        for batch in _chunks(latest, self._batch_size):
            await self._write(self._upsert_batch, batch)

    def _upsert_batch(self, connection: Connection, batch: Sequence[DoctorDocument]) -> None:
        # Documents a full sync wrote with their party's numbers need no look-up.
        known = _party_limits(connection, {d.party_id for d in batch if d.declaration_count is None})
        documents = [_with_known_limits(document, known) for document in batch]
        words = [name_words(document) for document in documents]
        rows = [row_values(document, its_words) for document, its_words in zip(documents, words, strict=True)]
        self._write_rows(connection, rows)
        self._add_terms(connection, {word for its_words in words for word in its_words})

    def upsert_statement(self) -> SqliteInsert | PostgresInsert:
        """INSERT of a row (`ROW_COLUMNS`) that replaces the employee's row if there is one."""
        statement = self.insert(doctor_directory)
        return statement.on_conflict_do_update(
            index_elements=[doc.employee_id],
            set_={name: statement.excluded[name] for name in _UPSERT_COLUMNS},
        )

    def _write_rows(self, connection: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        """Upsert rows given in `ROW_COLUMNS` order."""
        connection.execute(self.upsert_statement(), [row_by_column(row) for row in rows])

    def _add_terms(self, connection: Connection, words: set[str]) -> None:
        existing: set[str] = set()
        for chunk in _chunks(sorted(words), _IN_CHUNK):
            existing.update(
                connection.scalars(select(doctor_name_term.c.term).where(doctor_name_term.c.term.in_(chunk)))
            )
        new_terms = sorted(words - existing)
        if not new_terms:
            return
        # Another writer may add the same words meanwhile; either copy is the same row.
        connection.execute(self.insert(doctor_name_term).on_conflict_do_nothing(), [{"term": t} for t in new_terms])
        variants = [
            {"variant": variant, "term": term}
            for term in new_terms
            if len(term) >= keys.MIN_FUZZY_LENGTH - 1  # a 4-letter query may be a 3-letter word plus a typo
            for variant in keys.deletion_variants(term)
        ]
        if variants:
            connection.execute(self.insert(doctor_name_term_variant).on_conflict_do_nothing(), variants)

    async def remove(self, employee_ids: Iterable[str]) -> int:
        return await self._write(_remove, sorted(set(employee_ids)))

    async def apply_limits(self, limits: Iterable[DeclarationsLimit], *, spread: bool = True) -> int:
        batch: list[DeclarationsLimit] = []
        changed = 0
        for limit in limits:
            batch.append(limit)
            if len(batch) >= self._batch_size:
                changed += await self._write(self._apply_limit_batch, batch, spread)
                batch = []
        if batch:
            changed += await self._write(self._apply_limit_batch, batch, spread)
        return changed

    def _apply_limit_batch(self, connection: Connection, limits: Sequence[DeclarationsLimit], spread: bool) -> int:
        latest = {limit.party_id: limit for limit in limits}
        known = _party_limits(connection, set(latest))
        # Limits move with each signed declaration, but few of 100,000 parties' do between two syncs.
        changed = {party: limit for party, limit in latest.items() if known.get(party) != limit}
        if not changed:
            return 0
        remember = self.insert(doctor_party_limit)
        remember = remember.on_conflict_do_update(
            index_elements=[doctor_party_limit.c.party_id],
            set_={
                "declaration_limit": remember.excluded.declaration_limit,
                "declaration_count": remember.excluded.declaration_count,
            },
        )
        connection.execute(
            remember,
            [{"party_id": p, "declaration_limit": x.limit, "declaration_count": x.count} for p, x in changed.items()],
        )
        if spread:
            # Bound names differ from column names: SQLAlchemy reserves those for the SET values.
            spread_statement = (
                update(doctor_directory)
                .where(doc.party_id == bindparam("for_party"))
                .values(declaration_limit=bindparam("new_limit"), declaration_count=bindparam("new_count"))
            )
            connection.execute(
                spread_statement,
                [{"for_party": p, "new_limit": x.limit, "new_count": x.count} for p, x in changed.items()],
            )
        return len(changed)

    # --- Reading -------------------------------------------------------------------------------

    async def get(self, employee_id: str) -> DoctorDocument | None:
        return await self._read(_get, employee_id)

    async def count(self) -> int:
        return await self._read(_count_all)

    async def employee_ids(self) -> set[str]:
        return await self._read(_employee_ids)

    async def settlements(self, prefix: str, limit: int = 8) -> list[SettlementMatch]:
        key = keys.settlement_key(prefix)
        if not key or limit < 1:
            return []
        return await self._read(_settlements, key, limit)

    async def search(self, query: DoctorQuery) -> SearchPage:
        return await self._read(self._search, query)

    def reader(self, connection: Connection) -> Reader:
        """How a search's statements run on this connection (a dialect may bypass SQLAlchemy)."""
        return SqlAlchemyReader(connection)

    def _search(self, connection: Connection, query: DoctorQuery) -> SearchPage:
        reader = self.reader(connection)
        words = _word_matches(reader, query.text)
        in_place = bool(query.settlement or query.area)
        conditions = statements.filters(query, place_index=not (words and in_place and self.leads(reader, words)))
        filtered = statements.all_of(conditions)
        if words:
            conditions.append(self.name_match(words))
        scored = statements.score(words)
        radius_km: float | None = None
        if query.near is None:
            where = statements.all_of(conditions)
            walked = None
            # The name-order index covers the filters but a place's: a search in a place is driven by its name
            # match or the place's index.
            in_clinic = in_place or query.legal_entity_id
            if self.walk_one_word and len(words) == 1 and not words[0].corrections and not in_clinic:
                walked = self._walked(reader, filtered, words[0].word, query.offset, query.limit + 1)
            if walked is not None:
                total, ranked = walked
            elif words:
                order = "score DESC, sort_key, employee_id"
                total, ranked = _ranked(reader, where, scored, order, query.offset, query.limit + 1)
            else:
                # Filters alone: an index in name order counts and pages them, no ranking to share.
                total = _capped_count(reader, where)
                order = "sort_key, employee_id"
                _, ranked = _ranked(reader, where, scored, order, query.offset, query.limit + 1, count=False)
        elif words:
            # The name narrows the candidates to a few: count them per radius, rank by match, then distance.
            radius_km, total = _widened_radius(reader, query, conditions)
            where = statements.all_of([*conditions, statements.within(query.near, radius_km)])
            order = f"score DESC, {statements.CHORD_SQUARED}, sort_key, employee_id"
            _, ranked = _ranked(reader, where, scored, order, query.offset, query.limit + 1, count=False)
        else:
            radius_km, total, ranked = _nearest(reader, query, conditions)
        shown = ranked[: query.limit]
        documents = reader.documents([row_id for row_id, _ in shown])
        best = statements.best_score(words)
        hits = tuple(_hit(documents[row_id], row_score, query.near, best) for row_id, row_score in shown)
        return SearchPage(
            hits=hits,
            total=total,
            next_offset=query.offset + query.limit if len(ranked) > query.limit else None,
            radius_km=radius_km,
        )

    def _walked(
        self, reader: Reader, filtered: Fragment, word: str, offset: int, limit: int
    ) -> tuple[int | None, list[tuple[int, int]]] | None:
        """A one-word search read in ranking order (`backend.directory.walk`): the total (capped) and the
        (row id, score) pairs of one page, as `_ranked` gives them; None when the walk cannot tell the page.

        `filtered` holds the query's filters (not the name match: the walk is that match, in order).
        """
        wanted = offset + limit
        bounds = walk.Bounds.of(word)
        scored = statements.score([WordMatch(word)])
        starting = statements.all_of([filtered, statements.starting_with(bounds.low, bounds.high)])
        walked = [
            walk.Walked(row_id, bool(bonus), sort_key, employee_id)
            for row_id, bonus, sort_key, employee_id in reader.rows(
                statements.walk_sql(starting.sql),
                {**starting.params, **scored.params, "limit": wanted},
                starting.expanding,
            )
        ]
        later_exact = self.later_word_ids(word, whole=True)
        extras = _scored_rows(
            reader.rows(
                statements.extras_sql(filtered.sql, later_exact.sql, scored.sql),
                {**filtered.params, **scored.params, **later_exact.params, "surname_first": f" {word}%"},
                filtered.expanding,
            )
        )
        exhausted = len(walked) < wanted
        page = walk.merged(walked, extras, bounds, exhausted=exhausted, wanted=wanted)
        if page is None and not exhausted:
            return None
        # The capped total: the names starting with `word`, then the matches where only a later word does.
        if exhausted:
            found = len(walked)
        else:
            sql = statements.capped_count_sql(starting.sql)
            ((found,),) = reader.rows(sql, {**starting.params, "cap": TOTAL_CAP + 1}, starting.expanding)
        later = self.later_word_ids(word, whole=False)
        rest_where = statements.all_of([filtered, Fragment(f"id IN ({later.sql})", later.params)])
        cap = max(0, TOTAL_CAP + 1 - found)
        if page is None:  # the walk ran out before the page was full: the best of the rest, ranked
            sql = statements.scored_sql(rest_where.sql, scored.sql, "score DESC, sort_key, employee_id")
            params = {**rest_where.params, **scored.params, "limit": max(cap, wanted)}
            ranked = _scored_rows(reader.rows(sql, params, rest_where.expanding))
            page = walk.merged(walked, extras + ranked, bounds, exhausted=True, complete=True, wanted=wanted)
            assert page is not None  # a complete merge is never in doubt
            found += len(ranked)
        elif cap:
            sql = statements.capped_count_sql(rest_where.sql)
            ((rest,),) = reader.rows(sql, {**rest_where.params, "cap": cap}, rest_where.expanding)
            found += rest
        total = found if found <= TOTAL_CAP else None
        return total, [(row.row_id, row.score) for row in page[offset:wanted]]


# --- Sync work on a connection (shared by both runners) ---------------------------------------------


def _scored_rows(rows: Iterable[tuple[Any, ...]]) -> list[walk.Ranked]:
    return [walk.Ranked(row_id, score, sort_key, employee_id) for row_id, score, sort_key, employee_id in rows]


def _forget_unused_terms(connection: Connection) -> None:
    """Delete the vocabulary of removed doctors: a stale word would still count as "a name starts with
    this", and stop a typo in the query from being corrected."""
    used: set[str] = set()
    for (name_key,) in connection.execute(select(doc.name_key)):
        used.update(name_key.split())
    unused = [term for term in connection.scalars(select(doctor_name_term.c.term)) if term not in used]
    for chunk in _chunks(unused, _IN_CHUNK):
        connection.execute(doctor_name_term_variant.delete().where(doctor_name_term_variant.c.term.in_(chunk)))
        connection.execute(doctor_name_term.delete().where(doctor_name_term.c.term.in_(chunk)))


def _execute_all(connection: Connection, sql: Sequence[str]) -> None:
    for statement in sql:
        connection.exec_driver_sql(statement)


def _with_known_limits(document: DoctorDocument, known: dict[str, DeclarationsLimit]) -> DoctorDocument:
    party = known.get(document.party_id)
    if document.declaration_count is not None or party is None:
        return document
    return dataclasses.replace(document, declaration_limit=party.limit, declaration_count=party.count)


def _party_limits(connection: Connection, party_ids: set[str]) -> dict[str, DeclarationsLimit]:
    known: dict[str, DeclarationsLimit] = {}
    for chunk in _chunks(sorted(party_ids), _IN_CHUNK):
        for party_id, limit, count in connection.execute(
            select(doctor_party_limit).where(doctor_party_limit.c.party_id.in_(chunk))
        ):
            known[party_id] = DeclarationsLimit(party_id=party_id, limit=limit, count=count)
    return known


def _remove(connection: Connection, ids: Sequence[str]) -> int:
    removed = 0
    for chunk in _chunks(ids, _IN_CHUNK):
        removed += connection.execute(doctor_directory.delete().where(doc.employee_id.in_(chunk))).rowcount
    return removed


def _get(connection: Connection, employee_id: str) -> DoctorDocument | None:
    row = connection.execute(select(*_DOCUMENT_SELECT).where(doc.employee_id == employee_id)).first()
    return None if row is None else document_from_row(row._mapping)


def _count_all(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(doctor_directory)).scalar_one()


def _employee_ids(connection: Connection) -> set[str]:
    return set(connection.scalars(select(doc.employee_id)))


def _settlements(connection: Connection, key: str, limit: int) -> list[SettlementMatch]:
    doctors = func.count().label("doctors")
    statement = (
        select(func.min(doc.settlement), func.min(doc.area), func.min(doc.settlement_type), doctors)
        .where(
            doc.settlement_key >= key,
            doc.settlement_key < keys.prefix_upper_bound(key),
            doc.is_available.is_(true()),
        )
        .group_by(doc.settlement_key, doc.area_key)
        .order_by(doctors.desc(), doc.settlement_key, doc.area_key)
        .limit(limit)
    )
    return [
        SettlementMatch(name=name, area=area, settlement_type=settlement_type, doctors=count)
        for name, area, settlement_type, count in connection.execute(statement)
    ]


def _word_matches(reader: Reader, text: str | None) -> list[WordMatch]:
    """The query's words, each with its typo corrections when no indexed name word starts with it."""
    words = keys.query_tokens(text) if text else ()
    fuzzy = [word for word in words if len(word) >= keys.MIN_FUZZY_LENGTH]
    if not fuzzy:
        return [WordMatch(word) for word in words]
    bounds = {}
    for i, word in enumerate(fuzzy):
        bounds[f"lo{i}"], bounds[f"hi{i}"] = word, keys.prefix_upper_bound(word)
    (has_start,) = reader.rows(statements.word_starts_sql(len(fuzzy)), bounds)
    unknown = {word for word, found in zip(fuzzy, has_start, strict=True) if not found}
    if not unknown:
        return [WordMatch(word) for word in words]
    variants = sorted(set().union(*(keys.deletion_variants(word) for word in unknown)))
    found = reader.rows(statements.CORRECTIONS_SQL, {"variants": variants}, ("variants",))
    candidates = sorted(term for (term,) in found)
    return [
        WordMatch(word, tuple(c for c in candidates if keys.within_one_edit(word, c)) if word in unknown else ())
        for word in words
    ]


def _capped_count(reader: Reader, where: Fragment) -> int | None:
    """The number of matches, or None when there are more than `TOTAL_CAP`."""
    sql = statements.capped_count_sql(where.sql)
    ((found,),) = reader.rows(sql, {**where.params, "cap": TOTAL_CAP + 1}, where.expanding)
    return None if found > TOTAL_CAP else int(found)


def _ranked(
    reader: Reader, where: Fragment, scored: Fragment, order: str, offset: int, limit: int, *, count: bool = True
) -> tuple[int | None, list[tuple[int, int]]]:
    """The total (capped, when `count`) and the (row id, score) pairs of one page, in order.

    Only ids and scores are ranked, so the database sorts small records; the page's documents are read
    afterwards by id. Ranking the first `TOTAL_CAP + 1` matches answers the total in the same pass: the
    database reads the matching rows once instead of once to count and once to rank.
    """
    fetch = max(TOTAL_CAP + 1, offset + limit) if count else offset + limit
    sql = statements.ranked_sql(where.sql, scored.sql, order)
    ranked = reader.rows(sql, {**where.params, **scored.params, "limit": fetch, "offset": 0}, where.expanding)
    total = (len(ranked) if len(ranked) <= TOTAL_CAP else None) if count else None
    return total, [(row_id, row_score) for row_id, row_score in ranked[offset : offset + limit]]


def _widened_radius(reader: Reader, query: DoctorQuery, conditions: Sequence[Fragment]) -> tuple[float, int | None]:
    """The first radius (doubling from the query's) with at least a page of hits, and the hits in it.

    The radius depends on the page size, not on the offset, so every page of a search sees the same set.
    """
    assert query.near is not None
    radius = query.radius_km
    while True:
        found = _capped_count(reader, statements.all_of([*conditions, statements.within(query.near, radius)]))
        if found is None or found >= query.limit or radius >= query.max_radius_km:
            return radius, found
        radius = min(radius * 2, query.max_radius_km)


def _nearest(
    reader: Reader, query: DoctorQuery, conditions: Sequence[Fragment]
) -> tuple[float, int | None, list[tuple[int, int]]]:
    """The radius after widening, the hits in it, and the page's (row id, score) pairs (plus one), nearest first.

    Rows are looked for in circles growing from a small one: every row inside a circle is nearer than
    every row outside it, so once a circle holds enough rows they are exactly the nearest ones, and
    the rest of a dense city is never read. The widened radius follows from the distance of the
    page-size-th nearest row: it is the first radius (doubling from the query's) that reaches it.
    """
    near = query.near
    assert near is not None
    wanted = query.offset + query.limit + 1
    ring = query.radius_km * _FIRST_RING_FRACTION
    while True:
        ring = min(ring, query.max_radius_km)
        where = statements.all_of([*conditions, statements.within(near, ring)])
        nearest = reader.rows(statements.nearest_sql(where.sql), {**where.params, "limit": wanted}, where.expanding)
        if len(nearest) >= wanted or ring >= query.max_radius_km:
            break
        ring *= 2
    radius = query.radius_km
    if len(nearest) >= query.limit:
        page_filled_at = nearest[query.limit - 1][1]
        while radius < query.max_radius_km and page_filled_at > chord_squared(radius):
            radius = min(radius * 2, query.max_radius_km)
    else:
        radius = query.max_radius_km
    inside = [(row_id, 1) for row_id, chord in nearest if chord <= chord_squared(radius)][query.offset :]
    total = _capped_count(reader, statements.all_of([*conditions, statements.within(near, radius)]))
    return radius, total, inside


def _hit(document: DoctorDocument, score: int, near: tuple[float, float] | None, best_score: int) -> SearchHit:
    distance = None
    if near is not None and document.latitude is not None and document.longitude is not None:
        distance = haversine_km(near[0], near[1], document.latitude, document.longitude)
    return SearchHit(document=document, distance_km=distance, score=score / best_score)
