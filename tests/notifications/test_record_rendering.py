"""The medical record's notices as the patient reads them: a new lab result and a new referral, in both languages,
protected, with a button to the section; never a code, a placeholder or a referral number."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.events import EventKind
from bot.dialogs.lab_results.states import LabResults
from bot.dialogs.referrals.states import Referrals
from bot.notifier.actions import Action
from bot.notifier.rendering import render
from bot.notifier.router import FLOW_OF_ACTION
from tests.notifications.test_rendering import LOCALES, event, shown

HBA1C = "Глікований гемоглобін"
RESULT = {
    "observation_id": "obs-1",
    "measure": HBA1C,
    "value": 6.9,
    "unit": "%",
    "comparator": None,
    "value_text": None,
    "mark": "HIGH",
}
REFERRAL = {
    "service_request_id": "sr-1",
    "service": "Ліпідограма",
    "expires_at": "2027-01-04T08:00:00+00:00",
}


def result(**changes: Any) -> dict[str, Any]:
    return {**RESULT, **changes}


def test_a_new_lab_result_says_the_measure_the_value_and_that_it_is_above_normal() -> None:
    text, buttons = shown(EventKind.LAB_RESULT_ADDED, **RESULT)
    assert text == f"Надійшов новий результат аналізу: <b>{HBA1C}</b> — 6,9 % ⬆️ вище норми."
    assert buttons == [("Мої аналізи", Action.LAB_RESULTS.value)]
    text_en, buttons_en = shown(EventKind.LAB_RESULT_ADDED, "en", **RESULT)
    assert text_en == f"A new lab result has come in: <b>{HBA1C}</b> — 6.9 % ⬆️ above normal."
    assert buttons_en == [("My lab results", Action.LAB_RESULTS.value)]


@pytest.mark.parametrize(
    ("changes", "uk"),
    [
        ({"mark": "LOW", "value": 3.2, "unit": "ммоль/л"}, "— 3,2 ммоль/л ⬇️ нижче норми."),
        ({"mark": "NORMAL", "value": 5.0}, "— 5 %, у межах норми."),
        ({"mark": None, "value": 72.0, "unit": "кг"}, "— 72 кг."),
        ({"mark": "SOMETHING", "value": 1.25, "unit": None}, "— 1,25."),
        ({"mark": None, "value": 0.5, "comparator": "<=", "unit": "мг/л"}, "— ≤ 0,5 мг/л."),
        ({"mark": None, "value": None, "value_text": "негативний"}, "— негативний."),
    ],
)
def test_a_lab_result_reads_naturally_whatever_its_value_and_mark(changes: dict[str, Any], uk: str) -> None:
    text, _ = shown(EventKind.LAB_RESULT_ADDED, **result(**changes))
    assert text == f"Надійшов новий результат аналізу: <b>{HBA1C}</b> {uk}"


def test_a_lab_result_without_a_value_or_a_name_still_reads_as_a_sentence() -> None:
    text, _ = shown(EventKind.LAB_RESULT_ADDED, **result(value=None))
    assert text == f"Надійшов новий результат аналізу: <b>{HBA1C}</b>."
    text, buttons = shown(EventKind.LAB_RESULT_ADDED, **result(measure=None))
    assert text == "Надійшов новий результат аналізу."
    assert buttons == [("Мої аналізи", Action.LAB_RESULTS.value)]


def test_a_new_referral_says_what_for_and_until_when_in_both_languages() -> None:
    text, buttons = shown(EventKind.REFERRAL_ISSUED, **REFERRAL)
    assert text == "Лікар виписав вам направлення: <b>Ліпідограма</b>. Дійсне до 04.01.2027."
    assert buttons == [("Мої направлення", Action.REFERRALS.value)]
    text_en, buttons_en = shown(EventKind.REFERRAL_ISSUED, "en", **REFERRAL)
    assert text_en == "Your doctor has written you a referral: <b>Ліпідограма</b>. Valid until 04.01.2027."
    assert buttons_en == [("My referrals", Action.REFERRALS.value)]


def test_the_referral_date_is_the_day_in_kyiv() -> None:
    late = {**REFERRAL, "expires_at": "2027-01-04T22:30:00+00:00"}  # 00:30 on the 5th in Kyiv
    text, _ = shown(EventKind.REFERRAL_ISSUED, **late)
    assert text.endswith("Дійсне до 05.01.2027.")


def test_a_referral_without_a_service_or_an_end_still_reads_as_a_sentence() -> None:
    text, _ = shown(EventKind.REFERRAL_ISSUED, **{**REFERRAL, "expires_at": None})
    assert text == "Лікар виписав вам направлення: <b>Ліпідограма</b>."
    text, _ = shown(EventKind.REFERRAL_ISSUED, **{**REFERRAL, "service": None})
    assert text == "Лікар виписав вам нове направлення. Дійсне до 04.01.2027."


@pytest.mark.parametrize("language", ["uk", "en"])
@pytest.mark.parametrize(
    ("kind", "payload"), [(EventKind.LAB_RESULT_ADDED, RESULT), (EventKind.REFERRAL_ISSUED, REFERRAL)]
)
def test_record_notices_are_protected_and_lead_to_their_section(
    language: str, kind: str, payload: dict[str, Any]
) -> None:
    rendered = render(event(kind, language, **payload), LOCALES.translator(language))
    assert rendered is not None
    assert rendered.protect
    assert rendered.buttons and all(button.action in FLOW_OF_ACTION for button in rendered.buttons)
    assert "ntf-" not in rendered.text and "{" not in rendered.text and "HIGH" not in rendered.text


def test_the_buttons_open_the_lab_results_and_referrals_lists() -> None:
    assert FLOW_OF_ACTION[Action.LAB_RESULTS] == LabResults.listing
    assert FLOW_OF_ACTION[Action.REFERRALS] == Referrals.listing


@given(name=st.text(min_size=1, max_size=80), words=st.text(min_size=1, max_size=40))
def test_names_and_values_from_the_registry_cannot_change_the_markup(name: str, words: str) -> None:
    text, _ = shown(EventKind.LAB_RESULT_ADDED, **result(measure=name, value=None, value_text=words, unit=name))
    assert "<" not in text.replace("<b>", "").replace("</b>", "")
    text, _ = shown(EventKind.REFERRAL_ISSUED, **{**REFERRAL, "service": name})
    assert "<" not in text.replace("<b>", "").replace("</b>", "")
