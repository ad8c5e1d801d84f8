"""The directory on a relational database: everything both dialects share.

A subclass supplies two things only: how the database finds the rows whose name words match
(SQLite: FTS5; PostgreSQL: a pg_trgm GIN index) and its INSERT … ON CONFLICT construct. Filtering,
scoring, ordering, typo correction and geo are written once here, so both rank alike.

Name matching, per query word:
  * a word of the doctor's name starts with it ("шевч" → Шевченко), or
  * when no indexed name word starts with it (a typo), a word of the name is one edit away from it
    (found through `doctor_name_term_variant`, see `keys.deletion_variants`).
Every query word must match. Score per word: exact word 3, prefix 2, typo-corrected 1, plus 1 when a
word matches the surname; ties go nearest first (with a location), then alphabetically.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    false,
    func,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import Insert as PostgresInsert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.elements import ColumnElement as SqlColumn

from backend.directory import keys
from backend.directory.documents import DoctorDocument
from backend.directory.query import DoctorQuery, SearchHit, SearchPage, SettlementMatch
from backend.directory.rows import DOCUMENT_COLUMNS, document_from_row, name_words, row_from_document
from backend.directory.spatial import chord_squared, unit_vector
from backend.directory.tables import doctor_directory, doctor_name_term, doctor_name_term_variant, doctor_party_limit
from backend.domain.geo import bounding_box, haversine_km
from backend.registry.port import DeclarationsLimit

T = TypeVar("T")

doc = doctor_directory.c
_DOCUMENT_SELECT = [doc[name] for name in DOCUMENT_COLUMNS]
_UPSERT_COLUMNS = [column.name for column in doctor_directory.columns if column.name not in {"id", "employee_id"}]
# Bound parameters per statement stay well under SQLite's and asyncpg's limits.
_IN_CHUNK = 500
_EXACT_WORD, _WORD_PREFIX, _CORRECTED_WORD, _SURNAME_BONUS = 3, 2, 1, 1


class InsertConstruct(Protocol):
    def __call__(self, table: Any) -> SqliteInsert | PostgresInsert: ...


@dataclass(frozen=True, slots=True)
class WordMatch:
    """One word of the query: matched as a prefix, or (when nothing starts with it) by its corrections."""

    word: str
    corrections: tuple[str, ...] = ()


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SqlDoctorIndex:
    insert: ClassVar[InsertConstruct]

    def __init__(self, engine: AsyncEngine, *, batch_size: int = 1000) -> None:
        self._engine = engine
        self._batch_size = batch_size

    # --- Dialect hooks -------------------------------------------------------------------------

    def name_match(self, words: Sequence[WordMatch]) -> ColumnElement[bool]:
        """A condition true for the rows whose name matches every word."""
        raise NotImplementedError

    # --- Writing -------------------------------------------------------------------------------

    async def upsert_many(self, documents: Sequence[DoctorDocument]) -> None:
        # One statement may not touch a row twice (PostgreSQL refuses); the last version wins.
        latest = list({document.employee_id: document for document in documents}.values())
        for batch in _chunks(latest, self._batch_size):
            async with self._engine.begin() as connection:
                known = await self._party_limits(connection, {document.party_id for document in batch})
                rows = [row_from_document(_with_known_limits(document, known)) for document in batch]
                statement = self.insert(doctor_directory)
                statement = statement.on_conflict_do_update(
                    index_elements=[doc.employee_id],
                    set_={name: statement.excluded[name] for name in _UPSERT_COLUMNS},
                )
                await connection.execute(statement, rows)
                await self._add_terms(connection, {word for document in batch for word in name_words(document)})

    async def remove(self, employee_ids: Iterable[str]) -> int:
        ids = sorted(set(employee_ids))
        removed = 0
        async with self._engine.begin() as connection:
            for chunk in _chunks(ids, _IN_CHUNK):
                result = await connection.execute(doctor_directory.delete().where(doc.employee_id.in_(chunk)))
                removed += result.rowcount
        return removed

    async def apply_limits(self, limits: Iterable[DeclarationsLimit]) -> None:
        batch: list[DeclarationsLimit] = []
        for limit in limits:
            batch.append(limit)
            if len(batch) >= self._batch_size:
                await self._apply_limit_batch(batch)
                batch = []
        if batch:
            await self._apply_limit_batch(batch)

    async def _apply_limit_batch(self, limits: Sequence[DeclarationsLimit]) -> None:
        latest = {limit.party_id: limit for limit in limits}
        parties = [
            {"party_id": party_id, "declaration_limit": limit.limit, "declaration_count": limit.count}
            for party_id, limit in latest.items()
        ]
        remember = self.insert(doctor_party_limit)
        remember = remember.on_conflict_do_update(
            index_elements=[doctor_party_limit.c.party_id],
            set_={
                "declaration_limit": remember.excluded.declaration_limit,
                "declaration_count": remember.excluded.declaration_count,
            },
        )
        # Bound names differ from column names: SQLAlchemy reserves those for the SET values.
        spread = (
            update(doctor_directory)
            .where(doc.party_id == bindparam("for_party"))
            .values(declaration_limit=bindparam("new_limit"), declaration_count=bindparam("new_count"))
        )
        async with self._engine.begin() as connection:
            await connection.execute(remember, parties)
            await connection.execute(
                spread,
                [
                    {"for_party": party_id, "new_limit": limit.limit, "new_count": limit.count}
                    for party_id, limit in latest.items()
                ],
            )

    async def _party_limits(self, connection: AsyncConnection, party_ids: set[str]) -> dict[str, DeclarationsLimit]:
        known: dict[str, DeclarationsLimit] = {}
        for chunk in _chunks(sorted(party_ids), _IN_CHUNK):
            result = await connection.execute(
                select(doctor_party_limit).where(doctor_party_limit.c.party_id.in_(chunk))
            )
            for party_id, limit, count in result:
                known[party_id] = DeclarationsLimit(party_id=party_id, limit=limit, count=count)
        return known

    async def _add_terms(self, connection: AsyncConnection, words: set[str]) -> None:
        existing: set[str] = set()
        for chunk in _chunks(sorted(words), _IN_CHUNK):
            result = await connection.execute(select(doctor_name_term.c.term).where(doctor_name_term.c.term.in_(chunk)))
            existing.update(result.scalars())
        new_terms = sorted(words - existing)
        if not new_terms:
            return
        # Another writer may add the same words meanwhile; either copy is the same row.
        await connection.execute(
            self.insert(doctor_name_term).on_conflict_do_nothing(), [{"term": term} for term in new_terms]
        )
        variants = [
            {"variant": variant, "term": term}
            for term in new_terms
            if len(term) >= keys.MIN_FUZZY_LENGTH - 1  # a 4-letter query may be a 3-letter word plus a typo
            for variant in keys.deletion_variants(term)
        ]
        if variants:
            await connection.execute(self.insert(doctor_name_term_variant).on_conflict_do_nothing(), variants)

    # --- Reading -------------------------------------------------------------------------------

    async def get(self, employee_id: str) -> DoctorDocument | None:
        async with self._engine.connect() as connection:
            row = (await connection.execute(select(*_DOCUMENT_SELECT).where(doc.employee_id == employee_id))).first()
        return None if row is None else document_from_row(row._mapping)

    async def count(self) -> int:
        async with self._engine.connect() as connection:
            return (await connection.execute(select(func.count()).select_from(doctor_directory))).scalar_one()

    async def employee_ids(self) -> set[str]:
        async with self._engine.connect() as connection:
            return set((await connection.execute(select(doc.employee_id))).scalars())

    async def settlements(self, prefix: str, limit: int = 8) -> list[SettlementMatch]:
        key = keys.settlement_key(prefix)
        if not key or limit < 1:
            return []
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
        async with self._engine.connect() as connection:
            result = await connection.execute(statement)
            return [
                SettlementMatch(name=name, area=area, settlement_type=settlement_type, doctors=count)
                for name, area, settlement_type, count in result
            ]

    async def search(self, query: DoctorQuery) -> SearchPage:
        async with self._engine.connect() as connection:
            words = await self._word_matches(connection, query.text)
            conditions = _filters(query)
            if words:
                conditions.append(self.name_match(words))
            order: list[SqlColumn[Any]] = []
            score = _score(words)
            if words:
                order.append(score.desc())
            radius_km: float | None = None
            total: int | None = None
            if query.near is not None:
                radius_km, total = await self._widened_radius(connection, query, conditions)
                conditions.append(_within(query.near, radius_km))
                order.append(_chord_squared(query.near))
            order += [doc.sort_key, doc.employee_id]
            statement = (
                select(*_DOCUMENT_SELECT, score.label("score"))
                .where(*conditions)
                .order_by(*order)
                .limit(query.limit)
                .offset(query.offset)
            )
            rows = (await connection.execute(statement)).all()
            if total is None:
                total = await _count(connection, conditions)
        best = _EXACT_WORD * len(words) + _SURNAME_BONUS if words else 1
        hits = tuple(_hit(row._mapping, query.near, best) for row in rows)
        end = query.offset + len(hits)
        return SearchPage(hits=hits, total=total, next_offset=end if end < total else None, radius_km=radius_km)

    async def _word_matches(self, connection: AsyncConnection, text: str | None) -> list[WordMatch]:
        """The query's words, each with its typo corrections when no indexed name word starts with it."""
        words = keys.query_tokens(text) if text else ()
        fuzzy = [word for word in words if len(word) >= keys.MIN_FUZZY_LENGTH]
        if not fuzzy:
            return [WordMatch(word) for word in words]
        term = doctor_name_term.c.term
        starts = select(
            *(
                select(term).where(term >= word, term < keys.prefix_upper_bound(word)).exists().label(f"w{i}")
                for i, word in enumerate(fuzzy)
            )
        )
        has_prefix = (await connection.execute(starts)).one()
        unknown = [word for word, found in zip(fuzzy, has_prefix, strict=True) if not found]
        if not unknown:
            return [WordMatch(word) for word in words]
        variants = sorted(set().union(*(keys.deletion_variants(word) for word in unknown)))
        result = await connection.execute(
            select(doctor_name_term_variant.c.term).distinct().where(doctor_name_term_variant.c.variant.in_(variants))
        )
        candidates = sorted(result.scalars())
        return [
            WordMatch(word, tuple(c for c in candidates if keys.within_one_edit(word, c)) if word in unknown else ())
            for word in words
        ]

    async def _widened_radius(
        self, connection: AsyncConnection, query: DoctorQuery, conditions: list[ColumnElement[bool]]
    ) -> tuple[float, int]:
        """The first radius (doubling from the query's) with at least a page of hits, and the hits in it.

        The radius depends on the page size, not on the offset, so every page of a search sees the same set.
        """
        assert query.near is not None
        radius = query.radius_km
        while True:
            found = await _count(connection, [*conditions, _within(query.near, radius)])
            if found >= query.limit or radius >= query.max_radius_km:
                return radius, found
            radius = min(radius * 2, query.max_radius_km)


def _with_known_limits(document: DoctorDocument, known: dict[str, DeclarationsLimit]) -> DoctorDocument:
    party = known.get(document.party_id)
    if document.declaration_count is not None or party is None:
        return document
    return dataclasses.replace(document, declaration_limit=party.limit, declaration_count=party.count)


def _filters(query: DoctorQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.only_available:
        conditions.append(doc.is_available.is_(true()))
    if query.specialities is not None:
        conditions.append(doc.speciality.in_([str(s) for s in query.specialities]) if query.specialities else false())
    if query.settlement:
        conditions.append(doc.settlement_key == keys.settlement_key(query.settlement))
    if query.area:
        conditions.append(doc.area_key == keys.area_key(query.area))
    if query.legal_entity_id:
        conditions.append(doc.legal_entity_id == query.legal_entity_id)
    if query.with_free_places:
        conditions.append(doc.declaration_count < doc.declaration_limit)
    return conditions


def _score(words: Sequence[WordMatch]) -> ColumnElement[int]:
    """Exact word 3, prefix 2, corrected 1 for each word; +1 when a word is (the start of) the surname."""
    if not words:
        return literal(1)
    total: ColumnElement[int] = literal(0)
    surname: list[ColumnElement[bool]] = []
    for match in words:
        total = total + case(
            (doc.name_key.like(f"% {match.word} %"), _EXACT_WORD),
            (doc.name_key.like(f"% {match.word}%"), _WORD_PREFIX),
            else_=_CORRECTED_WORD,
        )
        surname.append(doc.surname_key.like(f"% {match.word}%"))
        surname += [doc.surname_key.like(f"% {correction} %") for correction in match.corrections]
    return total + case((or_(*surname), _SURNAME_BONUS), else_=0)


def _chord_squared(near: tuple[float, float]) -> ColumnElement[float]:
    x, y, z = unit_vector(*near)
    return (doc.geo_x - x) * (doc.geo_x - x) + (doc.geo_y - y) * (doc.geo_y - y) + (doc.geo_z - z) * (doc.geo_z - z)


def _within(near: tuple[float, float], radius_km: float) -> ColumnElement[bool]:
    """A bounding box the (latitude, longitude) index can scan, then the exact circle."""
    north, east, south, west = bounding_box(near[0], near[1], radius_km)
    return and_(
        doc.latitude.between(south, north),
        doc.longitude.between(west, east),
        _chord_squared(near) <= chord_squared(radius_km),
    )


async def _count(connection: AsyncConnection, conditions: list[ColumnElement[bool]]) -> int:
    statement: Select[tuple[int]] = select(func.count()).select_from(doctor_directory).where(*conditions)
    return (await connection.execute(statement)).scalar_one()


def _hit(row: Any, near: tuple[float, float] | None, best_score: int) -> SearchHit:
    document = document_from_row(row)
    distance = None
    if near is not None and document.latitude is not None and document.longitude is not None:
        distance = haversine_km(near[0], near[1], document.latitude, document.longitude)
    return SearchHit(document=document, distance_km=distance, score=row["score"] / best_score)
