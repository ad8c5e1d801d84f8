"""Distances the database can order by without trigonometry.

A point on the unit sphere (x, y, z) is stored with each doctor; the squared straight-line (chord)
distance between two such points grows strictly with the great-circle distance, so plain arithmetic
in SQL orders results exactly as haversine would. PostGIS is not needed, and SQLite needs no math
functions.
"""

from __future__ import annotations

import math

from backend.domain.geo import EARTH_RADIUS_KM


def unit_vector(latitude: float, longitude: float) -> tuple[float, float, float]:
    phi, lam = math.radians(latitude), math.radians(longitude)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def chord_squared(distance_km: float) -> float:
    """The squared chord on the unit sphere that spans `distance_km` along the surface."""
    half_angle = min(distance_km / EARTH_RADIUS_KM, math.pi) / 2
    return (2 * math.sin(half_angle)) ** 2
