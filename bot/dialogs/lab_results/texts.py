"""Lab results in plain words: every code a word (or nothing), every value from the registry an escaped argument,
numbers the patient's way ("6,9 %" in Ukrainian).

The rules (which range is the norm, which interpretation says more than the mark, blood pressure's two halves)
are `backend.domain.lab_results_view`; here they become this patient's language.
"""

from __future__ import annotations

import html

from backend.domain.lab_results_view import (
    CATEGORY,
    INTERPRETATION,
    NormalRange,
    PressureReading,
    interpretation_adds,
    normal_range,
    unit_slug,
)
from backend.domain.medical_record import RangeMark
from bot.api_models import Observation
from bot.dialogs.common.words import dictionary_word
from bot.i18n import Markup, Translator, join_markup, local_time

BUTTON_NAME_LENGTH = 40  # a measure's name on a button: Telegram cuts long labels anyway


def number_text(i18n: Translator, value: float) -> Markup:
    """6.9 → "6,9" in Ukrainian, "6.9" in English; 132.0 → "132"."""
    return i18n.get("lab-number", value=int(value) if float(value).is_integer() else value)


def unit_text(i18n: Translator, unit: str | None) -> Markup | None:
    """Our words for a unit we know (English reads "mmol/L"); the registry's own writing for any other."""
    if not unit or not unit.strip():
        return None
    slug = unit_slug(unit)
    if slug is not None and i18n.has(f"lab-unit-{slug}"):
        return i18n.get(f"lab-unit-{slug}")
    return Markup(html.escape(unit.strip(), quote=False))


def with_unit(i18n: Translator, amount: Markup, unit: str | None) -> Markup:
    shown = unit_text(i18n, unit)
    return i18n.get("lab-with-unit", amount=amount, unit=shown) if shown else amount


def value_text(i18n: Translator, observation: Observation) -> Markup:
    """The result as it reads: "6,9 %", "< 0,5 ммоль/л", the laboratory's words, "так"/"ні"."""
    if observation.value_number is not None:
        amount = number_text(i18n, observation.value_number)
        if observation.comparator and observation.comparator.strip():
            amount = i18n.get("lab-compared", comparator=observation.comparator.strip(), amount=amount)
        return with_unit(i18n, amount, observation.unit)
    if observation.value_string and observation.value_string.strip():
        return Markup(html.escape(observation.value_string.strip(), quote=False))
    if observation.value_boolean is not None:
        return i18n.get("lab-value-yes" if observation.value_boolean else "lab-value-no")
    if observation.value_code is not None and (observation.value_code.text or "").strip():
        return Markup(html.escape((observation.value_code.text or "").strip(), quote=False))
    return i18n.get("lab-value-none")


def mark_text(i18n: Translator, mark: str | None) -> Markup | None:
    """Where the value sits against its normal range, in words; nothing without a range to judge by."""
    if mark == RangeMark.HIGH:
        return i18n.get("lab-mark-high")
    if mark == RangeMark.LOW:
        return i18n.get("lab-mark-low")
    if mark == RangeMark.NORMAL:
        return i18n.get("lab-mark-normal")
    return None


def measure_name(i18n: Translator, observation: Observation) -> str:
    """The registry's name of the measure (its LOINC code is shown on the card only)."""
    name = (observation.code.text or "").strip()
    return name or str(i18n.get("lab-measure-unnamed"))


def range_text(i18n: Translator, normal: NormalRange, unit: str | None) -> Markup:
    """ "3,9–6,1 ммоль/л", "до 5,2 ммоль/л", "від 120 г/л", or the laboratory's words for it."""
    if normal.low is not None and normal.high is not None:
        bounds = i18n.get("lab-range-between", low=number_text(i18n, normal.low), high=number_text(i18n, normal.high))
    elif normal.high is not None:
        bounds = i18n.get("lab-range-up-to", high=number_text(i18n, normal.high))
    elif normal.low is not None:
        bounds = i18n.get("lab-range-from", low=number_text(i18n, normal.low))
    else:
        return Markup(html.escape(normal.text or "", quote=False))
    return with_unit(i18n, bounds, unit)


def pressure_text(i18n: Translator, reading: PressureReading, unit: str | None) -> Markup:
    amount = i18n.get(
        "lab-pressure", systolic=number_text(i18n, reading.systolic), diastolic=number_text(i18n, reading.diastolic)
    )
    return with_unit(i18n, amount, unit)


def result_line(i18n: Translator, position: int, observation: Observation) -> str:
    """One result of the list: the measure, the value and unit, the mark (none without a range), the date."""
    taken = local_time(observation.taken_at).date()
    measure, value = measure_name(i18n, observation), value_text(i18n, observation)
    mark = mark_text(i18n, observation.mark)
    if mark is not None:
        return i18n.get("lab-line-marked", position=position, measure=measure, value=value, mark=mark, date=taken)
    return i18n.get("lab-line", position=position, measure=measure, value=value, date=taken)


def button_label(i18n: Translator, position: int, observation: Observation) -> str:
    name = measure_name(i18n, observation)
    if len(name) > BUTTON_NAME_LENGTH:
        name = name[: BUTTON_NAME_LENGTH - 1].rstrip() + "…"
    return f"{position}. {name}"


def result_card(
    i18n: Translator, observation: Observation, *, pressure: PressureReading | None = None, chartable: bool = False
) -> str:
    """The whole result: the measure with its code, the value, the norm and the mark in words, the blood pressure
    reading it belongs to, when it was taken and issued, who entered it, what kind of result, the laboratory's
    interpretation (where it says more than the mark) and comment."""
    what: list[str] = [i18n.get("lab-card-title", measure=measure_name(i18n, observation))]
    what.append(i18n.get("lab-card-code", code=observation.code.code))
    what.append(i18n.get("lab-card-value", value=value_text(i18n, observation)))
    if pressure is not None:
        what.append(i18n.get("lab-card-pressure", reading=pressure_text(i18n, pressure, observation.unit)))
    normal = normal_range(observation.reference_ranges)
    if normal is not None:
        what.append(i18n.get("lab-card-range", range=range_text(i18n, normal, observation.unit)))
    elif observation.value_number is not None:
        what.append(i18n.get("lab-card-no-range"))
    if mark := mark_text(i18n, observation.mark):
        what.append(i18n.get("lab-card-mark", mark=mark))
    if interpretation_adds(observation.interpretation, observation.mark):
        word = dictionary_word(i18n, INTERPRETATION, observation.interpretation)
        if word:
            what.append(i18n.get("lab-card-interpretation", interpretation=word))
    when: list[str] = [i18n.get("lab-card-taken", taken=local_time(observation.taken_at))]
    if local_time(observation.issued) != local_time(observation.taken_at):
        when.append(i18n.get("lab-card-issued", issued=local_time(observation.issued)))
    if observation.performer is not None and (observation.performer.display or "").strip():
        when.append(i18n.get("lab-card-performer", performer=(observation.performer.display or "").strip()))
    kinds = [word for word in (dictionary_word(i18n, CATEGORY, code) for code in observation.categories) if word]
    if kinds:
        when.append(i18n.get("lab-card-category", category=join_markup(", ", kinds)))
    blocks = [what, when]
    if observation.comment and observation.comment.strip():
        blocks.append([i18n.get("lab-card-comment", comment=observation.comment.strip())])
    if chartable:
        blocks.append([i18n.get("lab-card-chart-hint")])
    return "\n\n".join("\n".join(block) for block in blocks)
