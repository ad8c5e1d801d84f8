"""Знайти лікаря end to end (speciality by age, settlement pick, name with apostrophes and typos, location,
paging, the card, wrong inputs) and the pure pieces behind it (query words, working hours)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.domain.text import APOSTROPHES, NAME_APOSTROPHE
from bot.api_models import DoctorHit
from bot.dialogs.common.doctor_card import short_name, working_hours_text
from bot.dialogs.doctor_search.query import parse_query, settlement_candidates
from bot.i18n import Locales
from tests.bot.harness import Patient, Seen, Stack, person, text

# End-to-end tests share the module's running stack (and its event loop); the pure ones need neither.
e2e = pytest.mark.asyncio(loop_scope="module")

uk = Locales().translator("uk")
KYIV = (50.4501, 30.5234)
_DISTANCE = re.compile(r" — (\d+(?:,\d)?) км")


def _stack_backend(stack: Stack):  # type: ignore[no-untyped-def]
    assert stack.run is not None
    return stack.run.backend


async def _all_doctors(stack: Stack) -> list[DoctorHit]:
    backend, doctors, offset = _stack_backend(stack), [], 0
    while True:
        page = await backend.search_doctors(limit=50, offset=offset)
        doctors.extend(page.items)
        if page.next_offset is None:
            return doctors
        offset = page.next_offset


async def _open_search(patient: Patient, slug: str = "adult_without_declaration") -> Seen:
    await patient.sign_in(person(slug))
    return await patient.press(uk.get("menu-doctor-search"))


async def _share_location(patient: Patient, latitude: float, longitude: float) -> Seen:
    # The harness presses reply buttons without coordinates; a location button needs them.
    return await patient._do(
        lambda: patient.act.press_reply_button(uk.get("search-btn-send-location"), location=(latitude, longitude))
    )


def _hit_blocks(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if re.match(r"\d+\. ", block)]


# Speciality -----------------------------------------------------------------------------------------


@e2e
async def test_an_adult_is_not_offered_a_pediatrician_and_is_told_why(patient: Patient) -> None:
    await _open_search(patient)
    seen = await patient.press(uk.get("search-btn-by-speciality"))

    offered = patient.buttons()
    assert "Педіатр" not in offered
    assert {"Сімейний лікар", "Терапевт"} <= set(offered)
    assert uk.get("search-spec-why-not-pediatrician") in seen.text

    await patient.press("Терапевт")
    results = await patient.press(uk.get("search-btn-everywhere"))
    blocks = _hit_blocks(results.text)
    assert blocks
    assert all(f"\n{uk.get('search-spec-therapist')}, " in block for block in blocks)


@e2e
async def test_results_are_paged_and_a_card_opens_with_everything_a_patient_needs(
    stack: Stack, patient: Patient
) -> None:
    await _open_search(patient)
    await patient.press(uk.get("search-btn-by-speciality"))
    await patient.press("Сімейний лікар")
    first = await patient.press(uk.get("search-btn-everywhere"))
    assert patient.buttons()[0].startswith("1. ")
    assert uk.get("search-btn-prev") not in patient.buttons()

    second = await patient.press(uk.get("search-btn-next"))
    assert patient.buttons()[0].startswith("6. ")
    assert uk.get("search-btn-prev") in patient.buttons()
    assert set(_hit_blocks(first.text)).isdisjoint(_hit_blocks(second.text))
    back = await patient.press(uk.get("search-btn-prev"))
    assert _hit_blocks(back.text) == _hit_blocks(first.text)

    family = await _stack_backend(stack).search_doctors(speciality="FAMILY_DOCTOR", limit=1, for_user=patient.id)
    doctor = family.items[0]
    card = await patient.press(f"1. {short_name(doctor)}")
    assert doctor.full_name in card.text
    assert doctor.division_name in card.text
    assert all(phone in card.text for phone in doctor.phones)
    assert "Години роботи:" in card.text or uk.get("search-card-hours-unknown") in card.text
    places = (
        uk.get("search-card-places", count=doctor.free_places)
        if doctor.free_places
        else uk.get("search-card-no-places")
    )
    assert places in card.text
    message = patient.last_message()
    buttons = [button for row in message["reply_markup"]["inline_keyboard"] for button in row]
    share = next(button for button in buttons if button["text"] == uk.get("search-btn-share"))
    assert share["switch_inline_query"] == doctor.full_name
    assert uk.get("search-btn-submit") in patient.buttons()
    await patient.press(uk.get("search-btn-back-results"))
    assert patient.buttons()[0] == f"1. {short_name(doctor)}"


@e2e
async def test_after_a_speciality_the_patient_is_asked_where(stack: Stack, patient: Patient) -> None:
    doctors = [d for d in await _all_doctors(stack) if d.speciality == "THERAPIST" and d.settlement]
    settlement = max({d.settlement for d in doctors}, key=lambda name: sum(d.settlement == name for d in doctors))
    await _open_search(patient)
    await patient.press(uk.get("search-btn-by-speciality"))

    asked = await patient.press("Терапевт")

    assert text("search-where-question", speciality="терапевт") in asked.text
    assert {uk.get("search-btn-near"), uk.get("search-btn-everywhere"), uk.get("btn-back")} <= set(patient.buttons())
    await patient.send(settlement[:4])
    results = await patient.press(next(label for label in patient.buttons() if label.startswith(settlement)))
    blocks = _hit_blocks(results.text)
    assert blocks
    assert all(settlement in block and f"\n{uk.get('search-spec-therapist')}, " in block for block in blocks)

    # A place already chosen is kept: another speciality shows the results at once.
    await patient.press(uk.get("search-btn-change"))
    await patient.press(uk.get("search-btn-by-speciality"))
    again = await patient.press("Сімейний лікар")
    assert text("search-where-question", speciality="сімейний лікар") not in again.text
    assert all(settlement in block for block in _hit_blocks(again.text))


# Typed text where buttons are shown --------------------------------------------------------------------


@e2e
async def test_typing_another_settlement_over_the_matches_searches_again(stack: Stack, patient: Patient) -> None:
    settlements = sorted({d.settlement for d in await _all_doctors(stack) if d.settlement})
    first, second = settlements[0], settlements[-1]
    await _open_search(patient)
    await patient.press(uk.get("search-btn-by-settlement"))
    await patient.send(first[:4])
    assert any(label.startswith(first) for label in patient.buttons())

    seen = await patient.send(second[:4])

    assert uk.get("wrong-type-button") not in seen.text
    assert any(label.startswith(second) for label in patient.buttons())
    short = await patient.send("К")
    assert uk.get("search-settlement-invalid", min_len=2, max_len=60) in short.text


@e2e
async def test_typing_over_the_results_is_a_new_search_that_keeps_the_speciality(
    stack: Stack, patient: Patient
) -> None:
    doctors = await _all_doctors(stack)
    therapists = [d for d in doctors if d.speciality == "THERAPIST" and d.settlement]
    settlement = max({d.settlement for d in therapists}, key=lambda name: sum(d.settlement == name for d in therapists))
    await _open_search(patient)
    await patient.press(uk.get("search-btn-by-speciality"))
    await patient.press("Терапевт")
    await patient.press(uk.get("search-btn-everywhere"))

    typed = await patient.send(settlement)
    assert uk.get("wrong-type-button") not in typed.text
    results = await patient.press(next(label for label in patient.buttons() if label.startswith(settlement)))
    blocks = _hit_blocks(results.text)
    assert blocks
    assert all(settlement in block and f"\n{uk.get('search-spec-therapist')}, " in block for block in blocks)

    # A surname typed over the results finds the doctor; the speciality still applies.
    doctor = therapists[0]
    by_name = await patient.send(doctor.last_name)
    assert doctor.full_name in by_name.text
    assert all(f"\n{uk.get('search-spec-therapist')}, " in block for block in _hit_blocks(by_name.text))

    # Words that are neither leave the results as they were, with a line saying so.
    listed = patient.buttons()
    nothing = await patient.send("Щщщщщщщщщщ")
    assert text("search-typed-nothing", typed="Щщщщщщщщщщ") in nothing.text
    assert patient.buttons() == listed
    unreadable = await patient.send("12345")
    assert uk.get("search-typed-invalid") in unreadable.text


@e2e
async def test_typing_over_the_ways_to_search_or_the_specialities_searches(patient: Patient) -> None:
    await _open_search(patient)
    over_filters = await patient.send("терапевт")
    assert text("search-where-question", speciality="терапевт") in over_filters.text

    await patient.press(uk.get("btn-back"))
    over_specialities = await patient.send("сімейний лікар")
    assert text("search-where-question", speciality="сімейний лікар") in over_specialities.text


# Settlement -----------------------------------------------------------------------------------------


@e2e
async def test_a_settlement_is_typed_then_picked_from_the_matches(stack: Stack, patient: Patient) -> None:
    doctors = await _all_doctors(stack)
    settlement = max({d.settlement for d in doctors if d.settlement}, key=lambda name: (len(name), name))
    prefix = settlement[:3].lower()  # the beginning, in any case, is enough
    matches = await _stack_backend(stack).find_settlements(prefix, limit=8)
    assert settlement in [match.name for match in matches]

    await _open_search(patient)
    await patient.press(uk.get("search-btn-by-settlement"))
    short = await patient.send("К1")
    assert uk.get("search-settlement-invalid", min_len=2, max_len=60) in short.text  # the question stays

    await patient.send(prefix)
    labels = patient.buttons()
    assert len(labels) == len(matches) + 1  # every match, and "type another name"
    label = next(label for label in labels if label.startswith(settlement))
    results = await patient.press(label)

    blocks = _hit_blocks(results.text)
    assert blocks
    assert all(settlement in block for block in blocks)
    assert uk.get("search-chosen-settlement", settlement="").split(":")[0] not in results.text


@e2e
async def test_a_pasted_wall_of_letters_is_refused_with_the_limits_in_numbers(patient: Patient) -> None:
    await _open_search(patient)
    await patient.press(uk.get("search-btn-by-settlement"))

    seen = await patient.send("а" * 4096)

    assert "Назва населеного пункту — від 2 до 60 літер" in seen.text
    assert "min_len" not in seen.text and "max_len" not in seen.text
    assert uk.get("search-settlement-question") in seen.text  # the question stays


@e2e
async def test_an_unknown_settlement_is_explained_and_the_question_stays(patient: Patient) -> None:
    await _open_search(patient)
    await patient.press(uk.get("search-btn-by-settlement"))
    seen = await patient.send("Неіснуюче Місто")
    assert uk.get("search-settlement-none", typed="Неіснуюче Місто") in seen.text
    # A location where a name is expected gets a hint, and typing still works afterwards.
    hint = await patient._do(lambda: patient.act.share_location(*KYIV))
    assert uk.get("wrong-type-text") in hint.text


# Name -----------------------------------------------------------------------------------------------


@e2e
async def test_a_name_is_found_whatever_the_apostrophe_and_with_a_typo(stack: Stack, patient: Patient) -> None:
    doctors = await _all_doctors(stack)
    with_apostrophe = next(d for d in doctors if any(mark in d.full_name for mark in APOSTROPHES))
    await _open_search(patient)
    await patient.press(uk.get("search-btn-by-name"))

    typed = with_apostrophe.full_name
    for mark in APOSTROPHES:
        typed = typed.replace(mark, "'")
    found = await patient.send(typed)
    assert with_apostrophe.full_name.replace("ʼ", NAME_APOSTROPHE) in found.text.replace("ʼ", NAME_APOSTROPHE)

    target = next(d for d in doctors if len(d.last_name) >= 7 and "’" not in d.last_name and "ʼ" not in d.last_name)
    middle = len(target.last_name) // 2
    wrong = "а" if target.last_name[middle] != "а" else "о"
    misspelt = target.last_name[:middle] + wrong + target.last_name[middle + 1 :]
    await patient.press(uk.get("search-btn-change"))
    await patient.press(uk.get("search-btn-by-name"))
    fuzzy = await patient.send(f"{misspelt} {target.first_name}")
    assert target.full_name in fuzzy.text


@e2e
async def test_a_bad_name_is_refused_politely_and_the_search_goes_on(patient: Patient) -> None:
    await _open_search(patient)
    await patient.press(uk.get("search-btn-by-name"))
    refused = await patient.send("12345")
    assert uk.get("search-name-invalid") in refused.text
    nobody = await patient.send("Щщщщщщщщщщ")
    assert uk.get("search-nothing-name") in nobody.text
    assert uk.get("btn-back") in patient.buttons()


@e2e
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    typed=st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
        min_size=1,
        max_size=60,
    ).filter(lambda text: text.strip() and not text.lstrip().startswith("/"))
)
async def test_whatever_is_typed_as_a_name_the_patient_gets_an_answer_not_an_error(
    patient: Patient, typed: str
) -> None:
    if not patient.bot_messages():  # the first example signs the patient in; the others reuse them
        await patient.sign_in(person("adult_without_declaration"))
    await patient.send("/menu")
    await patient.press(uk.get("menu-doctor-search"))
    await patient.press(uk.get("search-btn-by-name"))
    seen = await patient.send(typed)
    assert seen.messages, "the bot answered"
    answer = seen.messages[-1]
    assert len(answer.get("text", "")) <= 4096
    assert uk.get("error-generic") not in seen.text
    assert (
        uk.get("search-name-invalid") in seen.text
        or uk.get("search-nothing-name") in seen.text
        or "Знайдено лікарів" in seen.text
    )


@e2e
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    typed=st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=70),
        st.text(alphabet="абвгґдеєжзиіїйклмнопрстуфхцчшщьюяКЛДХ'’ -.", min_size=1, max_size=12),
    ).filter(lambda text: text.strip() and not text.lstrip().startswith("/"))
)
async def test_whatever_is_typed_as_a_settlement_the_patient_gets_an_answer_not_an_error(
    patient: Patient, typed: str
) -> None:
    if not patient.bot_messages():  # the first example signs the patient in; the others reuse them
        await patient.sign_in(person("adult_without_declaration"))
    await patient.send("/menu")
    await patient.press(uk.get("menu-doctor-search"))
    await patient.press(uk.get("search-btn-by-settlement"))
    seen = await patient.send(typed)
    assert seen.messages, "the bot answered"
    assert uk.get("error-generic") not in seen.text
    invalid = uk.get("search-settlement-invalid", min_len=2, max_len=60)
    assert (
        invalid in seen.text
        or "не знайшли серед тих, де є лікарі" in seen.text
        or uk.get("search-settlement-pick") in seen.text
    )


# Location -------------------------------------------------------------------------------------------


@e2e
async def test_the_nearest_doctors_come_first_with_their_distance(patient: Patient) -> None:
    await _open_search(patient)
    asked = await patient.press(uk.get("search-btn-near"))
    assert uk.get("search-location-question") in asked.text
    assert uk.get("search-btn-send-location") in patient.reply_buttons()

    typed = await patient.send("Київ")
    assert uk.get("search-location-hint") in typed.text

    seen = await _share_location(patient, *KYIV)
    distances = [float(value.replace(",", ".")) for value in _DISTANCE.findall(seen.text)]
    assert len(distances) == len(_hit_blocks(seen.text)) > 0
    assert distances == sorted(distances)
    assert "найближчі першими" in seen.text
    assert uk.get("search-location-received") in seen.text
    assert patient.reply_buttons() == []  # the location button is gone from under the input field


@e2e
async def test_a_location_abroad_is_explained(patient: Patient) -> None:
    await _open_search(patient)
    await patient.press(uk.get("search-btn-near"))
    seen = await _share_location(patient, 48.8566, 2.3522)  # Paris
    assert uk.get("search-location-outside") in seen.text
    assert uk.get("search-btn-send-location") in patient.reply_buttons()  # still there to try again

    back = next(text for text in patient.reply_buttons() if text.startswith(uk.get("btn-back")))
    left = await patient.press_reply(back)
    assert uk.get("search-location-left") in left.text
    assert patient.reply_buttons() == []
    assert uk.get("search-btn-near") in patient.buttons()


# Pure pieces ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "speciality", "rest"),
    [
        ("педіатр Львів", "PEDIATRICIAN", "Львів"),
        ("сімейний лікар", "FAMILY_DOCTOR", ""),
        ("Terapevt Kyiv", "THERAPIST", "Kyiv"),
        ("pediatrician Lviv", "PEDIATRICIAN", "Lviv"),
        ("дитячий лікар", "PEDIATRICIAN", ""),
        ("Дитяченко", None, "Дитяченко"),
        ("Педан Олег", None, "Педан Олег"),
        ("Коваленко", None, "Коваленко"),
    ],
)
def test_speciality_words_are_picked_out_of_a_query(typed: str, speciality: str | None, rest: str) -> None:
    parsed = parse_query(typed)
    assert (parsed.speciality, parsed.rest) == (speciality, rest)


@settings(max_examples=200, derandomize=True)
@given(st.text(max_size=80))
def test_parsing_keeps_every_word_that_is_not_a_speciality_or_filler(typed: str) -> None:
    parsed = parse_query(typed)
    assert all(word in typed.split() for word in parsed.words)
    assert len(parsed.words) <= len(typed.split())
    for settlement, rest in settlement_candidates(parsed.words):
        assert sorted([*settlement.split(), *rest]) == sorted(parsed.words)


def test_working_hours_are_grouped_by_days_in_plain_words() -> None:
    weekday = [["08.00", "12.00"], ["13.00", "17.00"]]
    hours = {day: weekday for day in ("mon", "tue", "wed", "thu", "fri")} | {"sat": [["09.00", "13.00"]]}
    assert working_hours_text(uk, hours) == "Пн–Пт 08:00–12:00, 13:00–17:00; Сб 09:00–13:00; Нд вихідний"
    assert working_hours_text(uk, {"mon": [["8.00", "14.00"]], "wed": [["8.00", "14.00"]]}) == (
        "Пн 08:00–14:00; Вт вихідний; Ср 08:00–14:00; Чт–Нд вихідний"
    )
    assert working_hours_text(uk, {}) is None
