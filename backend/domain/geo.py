"""Geography helpers for the nearest-doctor search."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180

# (north, east, south, west), generous enough to include every border settlement.
UKRAINE_BBOX: tuple[float, float, float, float] = (52.38, 40.23, 44.38, 22.13)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """A (north, east, south, west) box containing every point within `radius_km` of (lat, lon).

    Used to pre-filter by index before the exact haversine distance. The longitude span widens
    with latitude; when the circle reaches a pole the box covers all longitudes. Longitudes are
    clamped to ±180 rather than wrapped across the antimeridian (far from anywhere we serve).
    """
    if radius_km < 0:
        raise ValueError("radius_km must not be negative")
    d_lat = radius_km / KM_PER_DEGREE_LATITUDE
    north, south = min(lat + d_lat, 90.0), max(lat - d_lat, -90.0)
    if north >= 90.0 or south <= -90.0:
        return north, 180.0, south, -180.0
    # The widest longitude span of the circle, exact on the sphere.
    ratio = math.sin(radius_km / EARTH_RADIUS_KM) / math.cos(math.radians(lat))
    if ratio >= 1.0:
        return north, 180.0, south, -180.0
    d_lon = math.degrees(math.asin(ratio))
    return north, min(lon + d_lon, 180.0), south, max(lon - d_lon, -180.0)


def is_in_ukraine(lat: float, lon: float) -> bool:
    """A rough check against Ukraine's bounding box (it also takes in bits of its neighbours)."""
    north, east, south, west = UKRAINE_BBOX
    return south <= lat <= north and west <= lon <= east
