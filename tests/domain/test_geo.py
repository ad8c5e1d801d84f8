from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.geo import UKRAINE_BBOX, bounding_box, haversine_km, is_in_ukraine

KYIV = (50.4501, 30.5234)
LVIV = (49.8397, 24.0297)
KHARKIV = (49.9935, 36.2304)
UZHHOROD = (48.6208, 22.2879)
LUHANSK = (48.5740, 39.3078)
CHERNIHIV = (51.4982, 31.2893)
SEVASTOPOL = (44.6166, 33.5254)


def test_kyiv_to_lviv() -> None:
    assert haversine_km(*KYIV, *LVIV) == pytest.approx(468, abs=3)


def test_kyiv_to_kharkiv() -> None:
    assert haversine_km(*KYIV, *KHARKIV) == pytest.approx(409, abs=3)


def test_quarter_of_the_equator() -> None:
    assert haversine_km(0, 0, 0, 90) == pytest.approx(math.pi * 6371.0088 / 2, rel=1e-9)


latitudes = st.floats(-89.9, 89.9)
longitudes = st.floats(-180, 180)


@given(lat1=latitudes, lon1=longitudes, lat2=latitudes, lon2=longitudes)
def test_distance_is_symmetric_and_bounded(lat1: float, lon1: float, lat2: float, lon2: float) -> None:
    distance = haversine_km(lat1, lon1, lat2, lon2)
    assert distance == pytest.approx(haversine_km(lat2, lon2, lat1, lon1), abs=1e-6)
    assert 0 <= distance <= math.pi * 6371.0088 + 1e-6
    assert haversine_km(lat1, lon1, lat1, lon1) == pytest.approx(0, abs=1e-9)


def destination(lat: float, lon: float, distance_km: float, bearing_deg: float) -> tuple[float, float]:
    """The point reached from (lat, lon) along a great circle (the standard direct formula)."""
    delta = distance_km / 6371.0088
    phi1, lambda1, theta = math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1), math.cos(delta) - math.sin(phi1) * math.sin(phi2)
    )
    return math.degrees(phi2), math.degrees(lambda2)


@given(
    lat=st.floats(43, 53),
    lon=st.floats(21, 41),
    radius=st.floats(0.1, 300),
    bearing=st.floats(0, 360),
    fraction=st.floats(0, 1),
)
def test_box_holds_every_point_within_the_radius(
    lat: float, lon: float, radius: float, bearing: float, fraction: float
) -> None:
    north, east, south, west = bounding_box(lat, lon, radius)
    point_lat, point_lon = destination(lat, lon, radius * fraction, bearing)
    assert south - 1e-9 <= point_lat <= north + 1e-9
    assert west - 1e-9 <= point_lon <= east + 1e-9


def test_box_is_tight() -> None:
    north, east, south, west = bounding_box(*KYIV, 10)
    assert haversine_km(north, KYIV[1], *KYIV) == pytest.approx(10, rel=1e-6)
    assert haversine_km(south, KYIV[1], *KYIV) == pytest.approx(10, rel=1e-6)
    # The widest longitude of the circle is reached north of the centre's parallel, not on it.
    assert 10 < haversine_km(KYIV[0], east, *KYIV) < 10.01
    assert east - KYIV[1] == pytest.approx(KYIV[1] - west)


def test_box_around_a_pole_spans_all_longitudes() -> None:
    north, east, south, west = bounding_box(89.99, 10, 50)
    assert (north, east, west) == (90.0, 180.0, -180.0)
    assert south == pytest.approx(89.99 - 50 / 111.195, abs=1e-3)


def test_zero_radius_and_negative_radius() -> None:
    assert bounding_box(*KYIV, 0) == (KYIV[0], KYIV[1], KYIV[0], KYIV[1])
    with pytest.raises(ValueError, match="negative"):
        bounding_box(*KYIV, -1)


@pytest.mark.parametrize("place", [KYIV, LVIV, KHARKIV, UZHHOROD, LUHANSK, CHERNIHIV, SEVASTOPOL])
def test_cities_of_ukraine_are_in(place: tuple[float, float]) -> None:
    assert is_in_ukraine(*place)


@pytest.mark.parametrize(
    "place", [(52.2297, 21.0122), (55.7558, 37.6173), (53.9006, 27.5590), (41.0082, 28.9784), (0.0, 0.0)]
)  # Warsaw, Moscow, Minsk, Istanbul, null island
def test_far_places_are_out(place: tuple[float, float]) -> None:
    assert not is_in_ukraine(*place)


def test_bbox_order() -> None:
    north, east, south, west = UKRAINE_BBOX
    assert north > south
    assert east > west
