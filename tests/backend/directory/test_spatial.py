"""The geometry the location search relies on: grid cells cover the box, chords order like haversine."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from backend.directory.spatial import cell_of, cells_covering, chord_squared, unit_vector
from backend.domain.geo import EARTH_RADIUS_KM, bounding_box, haversine_km

latitudes = st.floats(min_value=44.0, max_value=52.5)
longitudes = st.floats(min_value=22.0, max_value=40.5)
radii = st.floats(min_value=0.1, max_value=200.0)


def destination(lat: float, lon: float, bearing: float, distance_km: float) -> tuple[float, float]:
    """The point `distance_km` away along `bearing` (radians), on the sphere."""
    angle = distance_km / EARTH_RADIUS_KM
    phi, lam = math.radians(lat), math.radians(lon)
    phi2 = math.asin(math.sin(phi) * math.cos(angle) + math.cos(phi) * math.sin(angle) * math.cos(bearing))
    lam2 = lam + math.atan2(
        math.sin(bearing) * math.sin(angle) * math.cos(phi), math.cos(angle) - math.sin(phi) * math.sin(phi2)
    )
    return math.degrees(phi2), math.degrees(lam2)


def chord_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    return sum((p - q) ** 2 for p, q in zip(unit_vector(*a), unit_vector(*b), strict=True))


@given(latitudes, longitudes, radii, st.floats(min_value=0, max_value=2 * math.pi), st.floats(min_value=0, max_value=1))
def test_every_point_within_the_radius_is_in_a_covered_cell_and_inside_the_chord(
    lat: float, lon: float, radius: float, bearing: float, fraction: float
) -> None:
    point = destination(lat, lon, bearing, radius * fraction * 0.999)
    assert cell_of(*point) in cells_covering(*bounding_box(lat, lon, radius))
    assert chord_between((lat, lon), point) <= chord_squared(radius) * (1 + 1e-9)


@given(latitudes, longitudes, latitudes, longitudes, latitudes, longitudes)
def test_chords_order_points_as_great_circle_distances_do(
    lat: float, lon: float, lat_a: float, lon_a: float, lat_b: float, lon_b: float
) -> None:
    to_a, to_b = haversine_km(lat, lon, lat_a, lon_a), haversine_km(lat, lon, lat_b, lon_b)
    chord_a, chord_b = chord_between((lat, lon), (lat_a, lon_a)), chord_between((lat, lon), (lat_b, lon_b))
    if abs(to_a - to_b) > 1e-6:
        assert (to_a < to_b) == (chord_a < chord_b)
    assert chord_squared(to_a) == chord_a or math.isclose(chord_squared(to_a), chord_a, rel_tol=1e-9, abs_tol=1e-15)


def test_neighbouring_cells_differ_and_a_box_lists_each_cell_once() -> None:
    kyiv = cell_of(50.45, 30.52)
    assert kyiv != cell_of(50.45, 30.77) != cell_of(50.70, 30.52)
    covering = cells_covering(*bounding_box(50.45, 30.52, 25))
    assert kyiv in covering
    # 50.22°–50.68° N is cell rows 200–202, 30.17°–30.87° E cell columns 120–123.
    assert len(covering) == len(set(covering)) == 3 * 4
