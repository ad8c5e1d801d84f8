"""The search's SQL, written out as fragments with their bound values.

Searches are built from text rather than SQLAlchemy expressions for speed: constructing and
cache-keying a 30-column select cost 0.6 ms per statement, several times SQLite's own work for a
typical query. Every fragment below is a constant or built from constants; every value is bound.
The result columns are typed (`TYPED_COLUMNS`), so JSON and datetimes come back as Python values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, bindparam, column, text

from backend.directory import keys
from backend.directory.query import DoctorQuery
from backend.directory.rows import DOCUMENT_COLUMNS
from backend.directory.spatial import cells_covering, chord_squared, unit_vector
from backend.directory.tables import COMPOUND_SURNAME, doctor_directory
from backend.domain.geo import bounding_box

EXACT_WORD, WORD_PREFIX, CORRECTED_WORD, SURNAME_BONUS = 3, 2, 1, 1

TYPED_COLUMNS = [doctor_directory.c[name] for name in DOCUMENT_COLUMNS] + [column("score", Integer)]
_SELECTED = ", ".join(DOCUMENT_COLUMNS)
CHORD_SQUARED = "((geo_x - :x) * (geo_x - :x) + (geo_y - :y) * (geo_y - :y) + (geo_z - :z) * (geo_z - :z))"


@dataclass(frozen=True, slots=True)
class WordMatch:
    """One word of the query: matched as a prefix, or (when nothing starts with it) by its corrections."""

    word: str
    corrections: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fragment:
    """A piece of SQL and the values it binds; `expanding` names the values bound as lists (`IN :name`)."""

    sql: str
    params: dict[str, Any] = field(default_factory=dict)
    expanding: tuple[str, ...] = ()


def all_of(fragments: Iterable[Fragment]) -> Fragment:
    parts = list(fragments)
    params: dict[str, Any] = {}
    for part in parts:
        params.update(part.params)
    return Fragment(
        " AND ".join(f"({part.sql})" for part in parts) or "1 = 1",
        params,
        tuple(sorted({name for part in parts for name in part.expanding})),
    )


def word_params(words: Sequence[WordMatch]) -> dict[str, str]:
    """LIKE patterns per word: `w{i}_word` (a whole word), `w{i}_start` (a word start), `w{i}_fix{j}` (corrections)."""
    params: dict[str, str] = {}
    for i, match in enumerate(words):
        params[f"w{i}_word"] = f"% {match.word} %"
        params[f"w{i}_start"] = f"% {match.word}%"
        for j, correction in enumerate(match.corrections):
            params[f"w{i}_fix{j}"] = f"% {correction} %"
    return params


def filters(query: DoctorQuery, *, place_index: bool = True) -> list[Fragment]:
    """The query's criteria but its text. Without `place_index` the place conditions are written so that SQLite
    uses no index for them (a unary `+`): a narrow name match then leads, not the whole city's index."""
    conditions: list[Fragment] = []
    unindexed = "" if place_index else "+"
    if query.only_available:
        conditions.append(Fragment("is_available = :available", {"available": True}))
    if query.specialities is not None:
        if query.specialities:
            values = sorted({str(s) for s in query.specialities})
            conditions.append(Fragment("speciality IN :specialities", {"specialities": values}, ("specialities",)))
        else:
            conditions.append(Fragment("1 = 0"))
    # A place that folds to nothing ("м.") is no criterion, like text without words.
    if query.settlement and (settlement := keys.settlement_key(query.settlement)):
        conditions.append(Fragment(f"{unindexed}settlement_key = :settlement", {"settlement": settlement}))
    if query.area and (area := keys.area_key(query.area)):
        conditions.append(Fragment(f"{unindexed}area_key = :area", {"area": area}))
    if query.legal_entity_id:
        conditions.append(Fragment("legal_entity_id = :legal_entity_id", {"legal_entity_id": query.legal_entity_id}))
    if query.with_free_places:
        conditions.append(Fragment("declaration_count < declaration_limit"))
    return conditions


def score(words: Sequence[WordMatch]) -> Fragment:
    """Exact word 3, prefix 2, corrected 1 for each word; +1 when a word is (the start of) the surname."""
    if not words:
        return Fragment("1")
    parts = []
    surname = []
    for i, match in enumerate(words):
        parts.append(
            f"CASE WHEN name_key LIKE :w{i}_word THEN {EXACT_WORD} "
            f"WHEN name_key LIKE :w{i}_start THEN {WORD_PREFIX} ELSE {CORRECTED_WORD} END"
        )
        surname.append(f"surname_key LIKE :w{i}_start")
        surname += [f"surname_key LIKE :w{i}_fix{j}" for j in range(len(match.corrections))]
    bonus = f"CASE WHEN {' OR '.join(surname)} THEN {SURNAME_BONUS} ELSE 0 END"
    return Fragment(f"({' + '.join(parts)} + {bonus})", word_params(words))


def best_score(words: Sequence[WordMatch]) -> int:
    return EXACT_WORD * len(words) + SURNAME_BONUS if words else 1


def near_params(near: tuple[float, float]) -> dict[str, float]:
    x, y, z = unit_vector(*near)
    return {"x": x, "y": y, "z": z}


def within(near: tuple[float, float], radius_km: float) -> Fragment:
    """The grid cells and bounding box an index can read, then the exact circle."""
    north, east, south, west = bounding_box(near[0], near[1], radius_km)
    return Fragment(
        "geo_cell IN :cells AND latitude BETWEEN :south AND :north AND longitude BETWEEN :west AND :east "
        f"AND {CHORD_SQUARED} <= :chord",
        {
            "cells": cells_covering(north, east, south, west),
            "south": south,
            "north": north,
            "west": west,
            "east": east,
            "chord": chord_squared(radius_km),
        }
        | near_params(near),
        ("cells",),
    )


# --- Statements (plain SQL text, built once per shape: the shapes of queries are few) --------------------
# `IN :name` binds a list (see `readers`); every other value is a plain bound parameter.


@lru_cache(maxsize=512)
def ranked_sql(where: str, scored: str, order: str) -> str:
    """Ids and scores of the matching rows, in order, `:limit` of them from `:offset`.

    Only ids and ordering keys pass through the sort; the documents of a page are read by id (`BY_ID`).
    """
    return (
        f"SELECT id, {scored} AS score FROM doctor_directory "  # noqa: S608 - constant fragments, bound values
        f"WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset"
    )


@lru_cache(maxsize=512)
def nearest_sql(where: str) -> str:
    """Ids and squared chords of the `:limit` nearest rows to the point `:x, :y, :z`, nearest first.

    It reads only the location index (which covers the filters a location search uses); the page's
    documents are fetched afterwards by id (`BY_ID`).
    """
    return (
        f"SELECT id, {CHORD_SQUARED} AS chord FROM doctor_directory WHERE {where} "  # noqa: S608 - constant fragments
        "ORDER BY chord, sort_key, employee_id LIMIT :limit"
    )


@lru_cache(maxsize=512)
def capped_count_sql(where: str) -> str:
    """How many rows match, counting no further than `:cap` (the subquery stops there)."""
    return f"SELECT count(*) FROM (SELECT 1 FROM doctor_directory WHERE {where} LIMIT :cap) AS capped"  # noqa: S608


@lru_cache(maxsize=512)
def walk_sql(where: str) -> str:
    """`(id, surname bonus, sort_key, employee_id)` of the matching rows in name order, `:limit` of them: with
    `starting_with` among the conditions, the name-order index alone answers it (`backend.directory.walk`)."""
    return (
        "SELECT id, CASE WHEN surname_key LIKE :w0_start THEN 1 ELSE 0 END, sort_key, employee_id "  # noqa: S608
        f"FROM doctor_directory WHERE {where} ORDER BY sort_key, employee_id LIMIT :limit"
    )


def starting_with(low: str, high: str) -> Fragment:
    """Rows whose sort key lies in [low, high): names starting with a word (`walk.Bounds`)."""
    return Fragment("sort_key >= :walk_low AND sort_key < :walk_high", {"walk_low": low, "walk_high": high})


@lru_cache(maxsize=512)
def extras_sql(where: str, later_exact: str, scored: str) -> str:
    """`(id, score, sort_key, employee_id)` of the matching rows a walk cannot score: those where a later word is
    the word (`later_exact` selects their ids), and those whose surname has a later part starting with it
    (`:surname_first` is the pattern of a surname whose first part does: the walk finds those)."""
    return (
        f"SELECT id, {scored} AS score, sort_key, employee_id FROM doctor_directory "  # noqa: S608 - constants
        f"WHERE {where} AND id IN ({later_exact} UNION ALL SELECT id FROM doctor_directory "
        f"WHERE {COMPOUND_SURNAME} AND surname_key LIKE :w0_start AND surname_key NOT LIKE :surname_first)"
    )


@lru_cache(maxsize=512)
def scored_sql(where: str, scored: str, order: str) -> str:
    """`(id, score, sort_key, employee_id)` of the matching rows, in order, `:limit` of them."""
    return (
        f"SELECT id, {scored} AS score, sort_key, employee_id FROM doctor_directory "  # noqa: S608 - constants
        f"WHERE {where} ORDER BY {order} LIMIT :limit"
    )


@lru_cache(maxsize=16)
def word_starts_sql(words: int) -> str:
    """One row: for each word `i`, whether an indexed name word lies in [`:lo{i}`, `:hi{i}`)."""
    exists = "EXISTS (SELECT 1 FROM doctor_name_term WHERE term >= :lo{i} AND term < :hi{i})"
    return "SELECT " + ", ".join(exists.format(i=i) for i in range(words))


BY_ID = (
    text(f"SELECT id, {_SELECTED}, 1 AS score FROM doctor_directory WHERE id IN :ids")  # noqa: S608 - constant
    .bindparams(bindparam("ids", expanding=True))
    .columns(doctor_directory.c.id, *TYPED_COLUMNS)
)
CORRECTIONS_SQL = "SELECT DISTINCT term FROM doctor_name_term_variant WHERE variant IN :variants"
