"""Geometry the database can index and order by, with btree indexes and plain arithmetic.

A point on the unit sphere (x, y, z) is stored with each doctor; the squared straight-line (chord)
distance between two such points grows strictly with the great-circle distance, so plain arithmetic
in SQL orders results exactly as haversine would. PostGIS is not needed, and SQLite needs no math
functions.

Each doctor also carries the id of the grid cell (`CELL_DEGREES` square) it lies in. A bounding box
becomes a short list of cells, so an index on (cell, latitude, longitude) reads only the rows near the
box; an index on latitude alone would read the whole band of the country at those latitudes.
"""

from __future__ import annotations

import math

from backend.domain.geo import EARTH_RADIUS_KM

CELL_DEGREES = 0.25  # about 28 × 18 km in Ukraine: a city is a few cells, a 200 km radius a few hundred
_CELL_OFFSET = 1000  # keeps row and column numbers positive: |latitude| ≤ 90 and |longitude| ≤ 180 degrees
_CELL_ROW = 10_000


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / CELL_DEGREES) + _CELL_OFFSET, math.floor(longitude / CELL_DEGREES) + _CELL_OFFSET


def cell_of(latitude: float, longitude: float) -> int:
    row, column = _cell(latitude, longitude)
    return row * _CELL_ROW + column


def cells_covering(north: float, east: float, south: float, west: float) -> list[int]:
    """Every cell that a (north, east, south, west) box overlaps."""
    (south_row, west_column), (north_row, east_column) = _cell(south, west), _cell(north, east)
    return [
        row * _CELL_ROW + column
        for row in range(south_row, north_row + 1)
        for column in range(west_column, east_column + 1)
    ]


def unit_vector(latitude: float, longitude: float) -> tuple[float, float, float]:
    phi, lam = math.radians(latitude), math.radians(longitude)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def chord_squared(distance_km: float) -> float:
    """The squared chord on the unit sphere that spans `distance_km` along the surface."""
    half_angle = min(distance_km / EARTH_RADIUS_KM, math.pi) / 2
    return (2 * math.sin(half_angle)) ** 2
