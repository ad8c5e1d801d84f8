"""The doctor directory over HTTP: search, card, settlements, the age filter, loading state."""

from __future__ import annotations

import httpx
import pytest

from backend.domain.geo import haversine_km
from tests.backend.app.conftest import Cabinet, person


@pytest.fixture
async def directory(cabinet: Cabinet) -> Cabinet:
    await cabinet.load_directory()
    return cabinet


async def test_search_before_the_directory_is_loaded_says_so(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    cabinet.services.directory.phase = "loading"
    response = await api.get("/v1/doctors/search", params={"q": "Шевченко"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "directory_loading"
    assert response.headers["retry-after"] == "30"


async def test_search_by_speciality_pages_through_every_match(directory: Cabinet, api: httpx.AsyncClient) -> None:
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = (
            await api.get("/v1/doctors/search", params={"speciality": "THERAPIST", "limit": 5, "offset": offset})
        ).json()
        assert all(item["speciality"] == "THERAPIST" for item in page["items"])
        seen += [item["employee_id"] for item in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == page["total"] > 5


async def test_search_by_name_finds_the_doctor(directory: Cabinet, api: httpx.AsyncClient) -> None:
    some = (await api.get("/v1/doctors/search", params={"limit": 1})).json()["items"][0]
    found = (await api.get("/v1/doctors/search", params={"q": some["last_name"].lower()})).json()["items"]
    assert some["employee_id"] in [item["employee_id"] for item in found]


async def test_search_near_a_place_orders_by_distance(directory: Cabinet, api: httpx.AsyncClient) -> None:
    some = (await api.get("/v1/doctors/search", params={"limit": 1})).json()["items"][0]
    lat, lon = some["latitude"], some["longitude"]
    page = (await api.get("/v1/doctors/search", params={"lat": lat, "lon": lon, "limit": 10})).json()
    distances = [item["distance_km"] for item in page["items"]]
    assert distances == sorted(distances) and distances[0] == pytest.approx(0, abs=0.01)
    for item in page["items"]:
        expected = haversine_km(lat, lon, item["latitude"], item["longitude"])
        assert item["distance_km"] == pytest.approx(expected, abs=0.01)
    incomplete = await api.get("/v1/doctors/search", params={"lat": lat})
    assert incomplete.status_code == 422


async def test_for_user_filters_specialities_by_age(directory: Cabinet, api: httpx.AsyncClient) -> None:
    await directory.sign_in(6001, person("teen_16_read_only"))
    for_teen = (await api.get("/v1/doctors/search", params={"for_user": 6001, "limit": 50})).json()["items"]
    assert for_teen and {item["speciality"] for item in for_teen} <= {"FAMILY_DOCTOR", "PEDIATRICIAN"}
    asked_therapist = (await api.get("/v1/doctors/search", params={"for_user": 6001, "speciality": "THERAPIST"})).json()
    assert asked_therapist["items"] == [] and asked_therapist["total"] == 0

    await directory.sign_in(6002, person("adult_without_declaration"))
    for_adult = (await api.get("/v1/doctors/search", params={"for_user": 6002, "limit": 50})).json()["items"]
    assert "PEDIATRICIAN" not in {item["speciality"] for item in for_adult}


async def test_the_doctor_card_has_free_places(directory: Cabinet, api: httpx.AsyncClient) -> None:
    some = (await api.get("/v1/doctors/search", params={"limit": 1})).json()["items"][0]
    card = (await api.get(f"/v1/doctors/{some['employee_id']}")).json()
    assert card["employee_id"] == some["employee_id"]
    assert card["free_places"] == card["declaration_limit"] - card["declaration_count"]
    assert card["working_hours"] and card["phones"]
    assert (await api.get("/v1/doctors/unknown-doctor")).status_code == 404


async def test_settlements_by_prefix(directory: Cabinet, api: httpx.AsyncClient) -> None:
    some = (await api.get("/v1/doctors/search", params={"limit": 1})).json()["items"][0]
    prefix = some["settlement"][:3]
    matches = (await api.get("/v1/settlements", params={"prefix": prefix})).json()
    assert some["settlement"] in [match["name"] for match in matches]
    assert all(match["doctors"] > 0 for match in matches)
    assert (await api.get("/v1/settlements", params={"prefix": ""})).status_code == 422


async def test_verified_cabinets_are_listed(api: httpx.AsyncClient) -> None:
    cabinets = (await api.get("/v1/cabinets")).json()
    names = [cabinet["name"] for cabinet in cabinets]
    assert {"еКабінет ЕСОЗ", "Helsi", "Health24"} <= set(names)
    ours = [cabinet for cabinet in cabinets if cabinet["ours"]]
    assert len(ours) == 1 and ours[0]["url"] == "https://t.me/cabinet_test_bot"
    assert {cabinet["kind"] for cabinet in cabinets} == {"state", "private"}
