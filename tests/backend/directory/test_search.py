"""Search behaviour, the same on both implementations."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.directory.index import DoctorIndex
from backend.directory.query import DoctorQuery, SearchPage
from backend.directory.sql_index import TOTAL_CAP
from backend.domain.declarations import Speciality, allowed_specialities
from backend.domain.geo import EARTH_RADIUS_KM, haversine_km
from tests.backend.directory.conftest import BILA_TSERKVA, BROVARY, KYIV, LVIV, ZHYTOMYR, doctor, load


def ids(page: SearchPage) -> list[str]:
    return [hit.document.employee_id for hit in page.hits]


async def search(index: DoctorIndex, **criteria: object) -> SearchPage:
    return await index.search(DoctorQuery(**criteria))  # type: ignore[arg-type]


@pytest.fixture
async def names(index: DoctorIndex) -> DoctorIndex:
    await load(
        index,
        [
            doctor("straight", "Шевченко", "Мар'яна", "Петрівна"),
            doctor("curly", "Бондар", "Мар’яна", "Іванівна"),
            doctor("modifier", "Левченко", "Марʼяна", "Олегівна"),
            doctor("shevchuk", "Шевчук", "Олена", "Андріївна"),
            doctor("kovalenko", "Коваленко", "Тарас", "Шевченкович"),
            doctor("koval", "Коваль", "Ірина", "Богданівна"),
            doctor("kovalchuk", "Ковальчук", "Богдан", "Ігорович"),
        ],
    )
    return index


@pytest.mark.parametrize("typed", ["Мар'яна", "мар’яна", "МАРʼЯНА", "Мар`яна", "маряна"])
async def test_names_match_whatever_the_apostrophe_and_case(names: DoctorIndex, typed: str) -> None:
    page = await search(names, text=typed)
    assert sorted(ids(page)) == ["curly", "modifier", "straight"]
    assert page.total == 3


async def test_a_prefix_finds_every_name_word_starting_with_it(names: DoctorIndex) -> None:
    page = await search(names, text="Шевч")
    # Surnames first, then the patronymic that starts the same way.
    assert ids(page)[:2] == ["straight", "shevchuk"]
    assert ids(page)[2:] == ["kovalenko"]


async def test_one_typo_still_finds_the_name(names: DoctorIndex) -> None:
    assert ids(await search(names, text="Шевенко")) == ["straight"]
    assert ids(await search(names, text="Шеченко Марьяна")) == ["straight"]  # one edit in each word
    assert ids(await search(names, text="Шевчекно")) == ["straight"]  # swapped letters
    assert ids(await search(names, text="Шеченк")) == []  # two edits from Шевченко


async def test_a_latin_transliteration_is_read_as_cyrillic(names: DoctorIndex) -> None:
    assert ids(await search(names, text="shevchenko"))[0] == "straight"
    assert ids(await search(names, text="Mariana Bondar")) == ["curly"]


async def test_exact_words_rank_above_prefixes(names: DoctorIndex) -> None:
    page = await search(names, text="Коваль")
    assert ids(page) == ["koval", "kovalchuk"]
    assert page.hits[0].score == 1.0
    assert page.hits[0].score > page.hits[1].score > 0


async def test_word_order_does_not_matter(names: DoctorIndex) -> None:
    assert ids(await search(names, text="Олена Шевчук")) == ["shevchuk"]
    assert ids(await search(names, text="шевчук олена")) == ["shevchuk"]


async def test_every_word_must_match(names: DoctorIndex) -> None:
    assert ids(await search(names, text="Шевченко Ірина")) == []
    assert ids(await search(names, text="Щербина")) == []


async def test_text_without_words_filters_nothing(names: DoctorIndex) -> None:
    page = await search(names, text=" ’ - !")
    assert page.total == 7
    assert all(hit.score == 1.0 for hit in page.hits)


async def test_without_text_doctors_come_in_ukrainian_alphabetical_order(index: DoctorIndex) -> None:
    # In code-point order І and Є come after Я; the Ukrainian alphabet puts them after И and Е.
    await load(
        index,
        [
            doctor("ya", "Яковенко", "Ольга"),
            doctor("i", "Іваненко", "Ольга"),
            doctor("ye", "Єременко", "Ольга"),
            doctor("y", "Исаєнко", "Ольга"),
            doctor("zh", "Жук", "Ольга"),
        ],
    )
    assert ids(await search(index)) == ["ye", "zh", "y", "i", "ya"]


async def test_speciality_filter_and_specialities_allowed_for_age(index: DoctorIndex) -> None:
    await load(
        index,
        [
            doctor("family", "Гнатюк", "Ольга", speciality="FAMILY_DOCTOR"),
            doctor("therapist", "Гнатюк", "Ігор", speciality="THERAPIST"),
            doctor("pediatrician", "Гнатюк", "Марта", speciality="PEDIATRICIAN"),
        ],
    )
    child = await search(index, text="Гнатюк", specialities=tuple(allowed_specialities(10)))
    adult = await search(index, text="Гнатюк", specialities=tuple(allowed_specialities(40)))
    assert sorted(ids(child)) == ["family", "pediatrician"]
    assert sorted(ids(adult)) == ["family", "therapist"]
    assert ids(await search(index, specialities=(Speciality.THERAPIST,))) == ["therapist"]
    assert ids(await search(index, specialities=())) == []


async def test_settlement_and_area_filters_ignore_case_apostrophes_and_type_words(index: DoctorIndex) -> None:
    await load(
        index,
        [
            doctor("kamianske", "Ткач", "Олег", settlement="Кам’янське", area="ДНІПРОПЕТРОВСЬКА"),
            doctor("lviv", "Ткач", "Ганна", settlement="Львів", area="Львівська", place=LVIV),
            doctor("kyiv", "Ткач", "Ірина"),
        ],
    )
    assert ids(await search(index, settlement="м. кам'янське")) == ["kamianske"]
    assert ids(await search(index, settlement="Kamianske")) == ["kamianske"]
    assert ids(await search(index, area="Дніпропетровська обл.")) == ["kamianske"]
    assert ids(await search(index, text="Ткач", area="ЛЬВІВСЬКА", settlement="Львів")) == ["lviv"]
    assert ids(await search(index, settlement="Львів", area="Київ")) == []
    assert len(ids(await search(index, text="Ткач", settlement="м.", area=" обл. "))) == 3  # nothing to filter by


async def test_legal_entity_filter(index: DoctorIndex) -> None:
    await load(
        index,
        [
            doctor("first", "Мельник", "Ольга", legal_entity_id="clinic-1"),
            doctor("second", "Мельник", "Петро", legal_entity_id="clinic-2"),
        ],
    )
    assert ids(await search(index, text="мельник", legal_entity_id="clinic-2")) == ["second"]


async def test_only_available_doctors_unless_asked_otherwise(index: DoctorIndex) -> None:
    await load(
        index,
        [
            doctor("approved", "Савчук", "Ольга"),
            doctor("new", "Савчук", "Петро", status="NEW"),
            doctor("suspended-clinic", "Савчук", "Іван", legal_entity_status="SUSPENDED"),
        ],
    )
    assert ids(await search(index, text="Савчук")) == ["approved"]
    assert len(ids(await search(index, text="Савчук", only_available=False))) == 3


async def test_nearest_first_with_great_circle_distances(index: DoctorIndex) -> None:
    await load(
        index,
        [
            doctor("lviv", "Олійник", "Ольга", place=LVIV),
            doctor("brovary", "Олійник", "Петро", place=BROVARY),
            doctor("zhytomyr", "Олійник", "Іван", place=ZHYTOMYR),
            doctor("bila-tserkva", "Олійник", "Марія", place=BILA_TSERKVA),
            doctor("kyiv", "Олійник", "Ганна", place=KYIV),
        ],
    )
    page = await search(index, near=KYIV, radius_km=1000, max_radius_km=1000)
    assert ids(page) == ["kyiv", "brovary", "bila-tserkva", "zhytomyr", "lviv"]
    # The spherical law of cosines: a formula independent of the implementation's haversine.
    for hit in page.hits:
        lat, lon = math.radians(hit.document.latitude), math.radians(hit.document.longitude)
        lat0, lon0 = math.radians(KYIV[0]), math.radians(KYIV[1])
        cosine = math.sin(lat0) * math.sin(lat) + math.cos(lat0) * math.cos(lat) * math.cos(lon - lon0)
        assert hit.distance_km == pytest.approx(EARTH_RADIUS_KM * math.acos(min(1.0, cosine)), abs=1e-3)
    assert 460 < page.hits[-1].distance_km < 475  # Kyiv–Lviv as the crow flies


async def test_the_radius_widens_until_a_page_is_full(index: DoctorIndex) -> None:
    places = {"kyiv": KYIV, "brovary": BROVARY, "bila-tserkva": BILA_TSERKVA, "zhytomyr": ZHYTOMYR, "lviv": LVIV}
    await load(index, [doctor(name, "Олійник", name, place=place) for name, place in places.items()])
    near = (50.40, 30.50)  # a little south of the centre of Kyiv
    distances = {name: haversine_km(*near, *place) for name, place in places.items()}

    page = await search(index, near=near, radius_km=5, limit=3)

    expected_radius = 5.0
    while sum(distance <= expected_radius for distance in distances.values()) < 3:
        expected_radius *= 2
    assert page.radius_km == expected_radius
    inside = sorted((d, name) for name, d in distances.items() if d <= expected_radius)
    assert ids(page) == [name for _, name in inside][:3]
    assert page.total == len(inside)


async def test_widening_stops_at_the_largest_radius(index: DoctorIndex) -> None:
    await load(index, [doctor("lviv", "Олійник", "Ольга", place=LVIV), doctor("kyiv", "Олійник", "Ганна")])
    page = await search(index, near=KYIV, radius_km=10, max_radius_km=300, limit=5)
    assert page.radius_km == 300
    assert ids(page) == ["kyiv"]


async def test_a_name_and_a_location_rank_by_match_then_distance(index: DoctorIndex) -> None:
    await load(
        index,
        [
            doctor("far-exact", "Руденко", "Ольга", place=ZHYTOMYR),
            doctor("near-exact", "Руденко", "Ганна", place=BROVARY),
            doctor("double-surname", "Руденко-Лисенко", "Ірина", place=KYIV),
            doctor("nearest-prefix", "Руденков", "Петро", place=KYIV),
        ],
    )
    page = await search(index, text="Руденко", near=KYIV, radius_km=200)
    # Each part of a double surname is a word of its own: an exact match, so distance decides.
    assert ids(page) == ["double-surname", "near-exact", "far-exact", "nearest-prefix"]


async def test_pages_follow_each_other_without_gaps_or_repeats(index: DoctorIndex) -> None:
    await load(index, [doctor(f"d{i:02}", "Бойко", f"Ім'я{i:02}") for i in range(25)])
    seen: list[str] = []
    offset: int | None = 0
    offsets = []
    while offset is not None:
        offsets.append(offset)
        page = await search(index, text="Бойко", limit=10, offset=offset)
        assert page.total == 25
        seen += ids(page)
        offset = page.next_offset
    assert offsets == [0, 10, 20]
    assert sorted(seen) == [f"d{i:02}" for i in range(25)]
    assert len(seen) == len(set(seen))


async def test_nearest_first_pages_follow_each_other(index: DoctorIndex) -> None:
    # Three clinics (several doctors at one point) and scattered practices, up to 60 km from Kyiv.
    places = [(KYIV[0] + 0.004 * i * (-1) ** i, KYIV[1] + 0.007 * i) for i in range(40)]
    documents = [doctor(f"d{i:02}", "Кравець", f"Ім'я{i:02}", place=places[i // 3 if i < 9 else i]) for i in range(40)]
    await load(index, documents)
    near = (50.40, 30.40)
    expected = sorted(documents, key=lambda d: (round(haversine_km(*near, d.latitude, d.longitude), 9), d.full_name))
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = await search(index, near=near, radius_km=100, limit=7, offset=offset)
        assert page.radius_km == 100
        seen += ids(page)
        offset = page.next_offset
    assert seen == [d.employee_id for d in expected]


async def test_totals_stop_counting_at_the_cap(index: DoctorIndex) -> None:
    await load(index, [doctor(f"d{i:03}", "Бойко", "Ольга") for i in range(TOTAL_CAP + 1)])
    page = await search(index, text="Бойко", limit=50)
    assert page.total is None
    assert page.next_offset == 50
    await index.remove(["d000"])
    assert (await search(index, text="Бойко")).total == TOTAL_CAP
    assert (await search(index, near=KYIV)).total == TOTAL_CAP


async def test_an_offset_past_the_end_is_an_empty_last_page(names: DoctorIndex) -> None:
    page = await search(names, text="Мар'яна", offset=40)
    assert page.hits == ()
    assert page.total == 3
    assert page.next_offset is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(max_size=80), near=st.sampled_from([None, KYIV]))
async def test_any_text_is_a_valid_query(names: DoctorIndex, typed: str, near: tuple[float, float] | None) -> None:
    page = await search(names, text=typed, near=near, settlement=typed)
    assert page.total is not None and len(page.hits) <= page.total
    assert isinstance(await names.settlements(typed), list)
