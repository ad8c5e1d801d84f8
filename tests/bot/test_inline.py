"""Inline mode end to end: `@bot <query>` answered from the directory (speciality words, settlements, names),
paged with next_offset, personal (language, age), and each result linking back to the doctor's card."""

from __future__ import annotations

from typing import Any

import pytest

from bot.handlers.inline import CACHE_SECONDS, PAGE_SIZE, START_PARAMETER
from bot.i18n import Locales
from sandbox.telegram.models import InlineQuery, JsonDict
from tests.bot.harness import Patient, Seen, Stack, person, text

pytestmark = pytest.mark.asyncio(loop_scope="module")

uk = Locales().translator("uk")


async def _ask(stack: Stack, patient: Patient, query: str, offset: str = "") -> dict[str, Any]:
    """Type `@bot query` and return the bot's answer (results, next_offset, button, …)."""
    asked = patient.act.inline_query(query, offset)
    if asked.update_id is not None:  # None: the emulator answered from Telegram's cache
        await stack.handled(asked.update_id)
    assert asked.inline_query_id is not None
    record = patient.act.bot.inline_queries[asked.inline_query_id]
    assert record.answer is not None, f"the bot did not answer {query!r}"
    return record.answer


def _link(result: JsonDict) -> str:
    return result["reply_markup"]["inline_keyboard"][0][0]["url"]


async def test_an_empty_query_gets_a_hint_and_a_way_into_the_bot(stack: Stack, patient: Patient) -> None:
    answer = await _ask(stack, patient, "")
    assert [result["title"] for result in answer["results"]] == [uk.get("inline-hint-title")]
    assert answer["button"] == {"text": uk.get("inline-btn-open"), "start_parameter": START_PARAMETER}
    assert answer["cache_time"] == CACHE_SECONDS


async def test_a_speciality_word_and_a_settlement_narrow_the_results(stack: Stack, patient: Patient) -> None:
    answer = await _ask(stack, patient, "терапевт Київ")
    results = answer["results"]
    assert results
    for result in results:
        assert result["description"].startswith(uk.get("search-spec-therapist") + ", ")
        assert ", Київ." in result["description"]
        content = result["input_message_content"]["message_text"]
        assert result["title"] in content and "Години роботи" in content
        assert _link(result).startswith("https://t.me/")
    assert answer["is_personal"] is True  # written in the user's language: never shared with others


async def test_latin_input_finds_the_same_doctors(stack: Stack, patient: Patient) -> None:
    cyrillic = await _ask(stack, patient, "терапевт Київ")
    latin = await _ask(stack, patient, "terapevt Kyiv")
    assert [r["id"] for r in latin["results"]] == [r["id"] for r in cyrillic["results"]]


async def test_results_are_paged_with_next_offset(stack: Stack, patient: Patient) -> None:
    first = await _ask(stack, patient, "лікар")  # "doctor": every doctor
    assert len(first["results"]) == PAGE_SIZE
    assert first["next_offset"] == str(PAGE_SIZE)

    second = await _ask(stack, patient, "лікар", first["next_offset"])
    assert second["results"]
    first_ids = {result["id"] for result in first["results"]}
    assert first_ids.isdisjoint(result["id"] for result in second["results"])
    if second["next_offset"]:
        assert int(second["next_offset"]) == 2 * PAGE_SIZE


async def test_a_signed_in_adult_gets_personal_results_and_no_pediatricians(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_without_declaration"))
    answer = await _ask(stack, patient, "педіатр")
    assert answer["is_personal"] is True
    assert [result["title"] for result in answer["results"]] == [uk.get("inline-nothing-speciality-title")]

    stranger = stack.new_patient("Іван")
    for_stranger = await _ask(stack, stranger, "педіатр")
    assert for_stranger["results"]
    assert all(r["description"].startswith(uk.get("search-spec-pediatrician")) for r in for_stranger["results"])


async def test_nothing_found_is_explained(stack: Stack, patient: Patient) -> None:
    answer = await _ask(stack, patient, "Щщщщщщщщ")
    assert [result["title"] for result in answer["results"]] == [uk.get("inline-nothing-title", typed="Щщщщщщщщ")]
    assert answer["next_offset"] == ""


async def test_a_sent_result_links_back_to_the_doctors_card(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_without_declaration"))
    answer = await _ask(stack, patient, "сімейний")
    doctor = answer["results"][0]
    assert _link(doctor).endswith(f"?start=doc_{doctor['id']}")

    sent = patient.act.pick_inline_result(answer["inline_query_id"], doctor["id"])
    assert sent.message is not None
    assert doctor["title"] in sent.message["text"]

    card: Seen = await patient._do(lambda: patient.act.open_deep_link(_link(doctor)))
    assert doctor["title"] in card.text
    assert uk.get("search-btn-submit") in patient.buttons()


async def test_an_english_speaking_user_is_answered_in_english(stack: Stack) -> None:
    en = Locales().translator("en")
    patient = stack.new_patient("John", language_code="en")
    hint = await _ask(stack, patient, "")
    assert hint["results"][0]["title"] == en.get("inline-hint-title")
    assert hint["button"]["text"] == en.get("inline-btn-open")

    answer = await _ask(stack, patient, "therapist Kyiv")
    assert answer["results"]
    for result in answer["results"]:
        assert result["description"].startswith(en.get("search-spec-therapist") + ", ")
        content = result["input_message_content"]["message_text"]
        assert "Opening hours:" in content and "Години роботи" not in content
        assert result["reply_markup"]["inline_keyboard"][0][0]["text"] == en.get("inline-btn-submit")


# A patient typing "терапевт Київ": Telegram sends an inline query at almost every keystroke.
KEYSTROKES = ["тер", "тера", "терап", "терапе", "терапев", "терапевт", "терапевт К", "терапевт Ки", "терапевт Київ"]
STRICT_THROTTLE = {"throttle_rate": 0.05, "throttle_burst": 2}  # two updates, then one per 20 s


async def _type(stack: Stack, patient: Patient, keystrokes: list[str]) -> list[InlineQuery]:
    """Type every keystroke before the bot has answered any; the queries once the bot has handled them all."""
    asked = [patient.act.inline_query(query) for query in keystrokes]
    for each in asked:
        assert each.update_id is not None and each.inline_query_id is not None
        await stack.handled(each.update_id)
    return [patient.act.bot.inline_queries[each.inline_query_id] for each in asked]  # type: ignore[index]


async def test_a_burst_of_keystrokes_gets_the_newest_answered_whatever_the_throttle(
    stack: Stack, patient: Patient
) -> None:
    expected = await _ask(stack, stack.new_patient("Іван"), KEYSTROKES[-1])
    await stack.restart_bot(settings=stack.settings.model_copy(update=STRICT_THROTTLE))
    try:
        queries = await _type(stack, patient, KEYSTROKES)
        after = await patient.send("/start")
    finally:
        await stack.restart_bot()

    newest = queries[-1]
    assert newest.answer is not None, "the last keystroke was never answered"
    assert [r["id"] for r in newest.answer["results"]] == [r["id"] for r in expected["results"]]
    answered = {i for i, query in enumerate(queries) if query.answer is not None}
    # The keystrokes typed over while an older one was searched are dropped, not searched one by one.
    assert answered <= {0, len(queries) - 1}, answered
    # Keystrokes take nothing from the throttle's bucket: the patient's next message is answered.
    assert text("welcome") in after.text
    assert text("throttled") not in after.text


async def test_a_fast_typist_is_answered_at_every_pause(stack: Stack, patient: Patient) -> None:
    """One query at a time, each answered before the next: faster than the throttle's rate, all answered."""
    await stack.restart_bot(settings=stack.settings.model_copy(update=STRICT_THROTTLE))
    try:
        answers = [await _ask(stack, patient, query) for query in ("Щщщщ", "терапевт", "педіатр", "лікар", "Київ")]
    finally:
        await stack.restart_bot()

    assert all(answer["results"] for answer in answers)
    assert answers[1]["results"][0]["description"].startswith(uk.get("search-spec-therapist"))


async def test_while_the_directory_loads_the_answer_says_so(stack: Stack) -> None:
    """A backend's first sync fills the directory in the background: the search says it is loading, not that
    it is unavailable, and answers again once the directory is loaded."""
    directory = stack.backend_app.state.services.directory
    patient = stack.new_patient("Олена")
    directory.phase = "loading"
    try:
        answer = await _ask(stack, patient, "терапевт Львів")
    finally:
        directory.phase = "ready"
    assert [result["title"] for result in answer["results"]] == [uk.get("inline-loading-title")]
    assert answer["cache_time"] == 0  # asked again in a minute, it must not come from Telegram's cache
    assert answer["button"]["start_parameter"] == START_PARAMETER

    loaded = await _ask(stack, patient, "терапевт Львів")
    assert loaded["results"] and loaded["results"][0]["title"] != uk.get("inline-loading-title")
