"""What a directory search asks for and what it answers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from backend.directory.documents import DoctorDocument
from backend.domain.declarations import Speciality

MAX_PAGE_SIZE = 50  # Telegram's inline mode shows at most 50 results per answer
DEFAULT_RADIUS_KM = 25.0
# Widening stops here: a doctor further away than this is not "near" anyone.
MAX_RADIUS_KM = 200.0


@dataclass(frozen=True, slots=True, kw_only=True)
class DoctorQuery:
    """A search over the directory; every criterion given narrows the result.

    `text` matches doctors' names (any word order, word prefixes, one typo per word, Latin
    transliteration). With `near`, results come nearest first within `radius_km`; when fewer than
    `limit` doctors are that close, the radius doubles up to `max_radius_km`.
    """

    text: str | None = None
    specialities: tuple[Speciality, ...] | None = None  # e.g. those allowed for the patient's age
    settlement: str | None = None
    area: str | None = None
    legal_entity_id: str | None = None
    near: tuple[float, float] | None = None  # (latitude, longitude)
    radius_km: float = DEFAULT_RADIUS_KM
    max_radius_km: float = MAX_RADIUS_KM
    only_available: bool = True  # approved employees of active legal entities
    with_free_places: bool = False  # only doctors known to have free places
    limit: int = 20
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise ValueError(f"limit must be between 1 and {MAX_PAGE_SIZE}")
        if self.offset < 0:
            raise ValueError("offset must not be negative")
        if not (math.isfinite(self.radius_km) and self.radius_km > 0):
            raise ValueError("radius_km must be a positive number")
        if not (math.isfinite(self.max_radius_km) and self.max_radius_km >= self.radius_km):
            raise ValueError("max_radius_km must be at least radius_km")
        if self.near is not None:
            latitude, longitude = self.near
            if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
                raise ValueError("near must be (latitude, longitude) in degrees")


@dataclass(frozen=True, slots=True)
class SearchHit:
    document: DoctorDocument
    distance_km: float | None  # from `near`, when the query had one
    score: float  # 0..1: how well the name matched (1.0 when the query had no text)


@dataclass(frozen=True, slots=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    total: int | None  # every match, not only this page
    next_offset: int | None  # None on the last page
    radius_km: float | None = None  # the radius the hits come from, after any widening


@dataclass(frozen=True, slots=True)
class SettlementMatch:
    """A settlement with doctors in the directory; several settlements share a name, so `area` tells them apart."""

    name: str
    area: str | None
    settlement_type: str | None
    doctors: int
