"""The medical record in plain words: every dictionary code a word (or nothing), every value from the registry
an escaped argument, dates as the bot writes them (in Kyiv time)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from backend.domain.medical_record import RangeMark, is_current_allergy
from backend.domain.medical_record_view import (
    ALLERGY_CATEGORY,
    ALLERGY_CRITICALITY,
    ALLERGY_STATUS,
    ALLERGY_TYPE,
    ALLERGY_VERIFICATION,
    CONDITION_SEVERITY,
    CONDITION_STATUS,
    CONDITION_SYSTEM,
    CONDITION_VERIFICATION,
    DIAGNOSIS_ROLE,
    ENCOUNTER_CLASS,
    ENCOUNTER_TYPE,
    VISIT_SPECIALITY,
    coded_label,
    is_active_condition,
    is_high_criticality,
)
from bot.api_models import (
    Allergy,
    CodedValue,
    Condition,
    Diagnosis,
    Encounter,
    Observation,
    RecordOverview,
    RecordRef,
    Referral,
)
from bot.dialogs.common.words import dictionary_word
from bot.i18n import Markup, Translator, join_markup, local_time

RESULTS_SHOWN = 5  # latest results in the overview; the rest are in «Аналізи»
BUTTON_NAME_LENGTH = 40  # a name on a button: Telegram cuts long labels anyway
COMPARATORS = frozenset({"<", "<=", ">", ">="})


def number(value: float) -> int | float:
    """6.0 → 6: whole values read without a decimal part."""
    return int(value) if float(value).is_integer() else value


def day(moment: date | datetime | None) -> date | None:
    """The day of a moment as the patient lived it (Kyiv time)."""
    if moment is None:
        return None
    return local_time(moment).date() if isinstance(moment, datetime) else moment


def _name(ref: RecordRef | None) -> str | None:
    return " ".join((ref.display or "").split()) or None if ref is not None else None


def _words(parts: Iterable[Markup | None]) -> Markup | None:
    present = [part for part in parts if part]
    return join_markup(", ", present) if present else None


def diagnosis_label(code: CodedValue) -> str:
    """ "I10 — Есенціальна (первинна) гіпертензія"."""
    return coded_label(code.code, code.text)


def substance_name(i18n: Translator, code: CodedValue) -> Markup:
    """The registry's own name of what the allergy is to; the neutral word when it gave none."""
    name = " ".join((code.text or "").split())
    return i18n.get("mr-value-text", text=name) if name else i18n.get("mr-allergy-unnamed")


def _shorten(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= BUTTON_NAME_LENGTH else label[: BUTTON_NAME_LENGTH - 1].rstrip() + "…"


# Values ------------------------------------------------------------------------------------------------------


def value_text(i18n: Translator, observation: Observation) -> Markup | None:
    """ "6,9 %", "< 0,5 ммоль/л", "виявлено", the registry's own text; None when there is no value."""
    value: Markup | None = None
    if observation.value_number is not None:
        value = i18n.get("mr-value-number", value=number(observation.value_number))
        comparator = (observation.comparator or "").strip()
        if comparator in COMPARATORS:
            value = i18n.get("mr-value-compared", comparator=comparator, value=value)
    elif observation.value_boolean is not None:
        value = i18n.get("mr-value-yes" if observation.value_boolean else "mr-value-no")
    elif observation.value_string and observation.value_string.strip():
        value = i18n.get("mr-value-text", text=observation.value_string.strip())
    elif observation.value_code is not None and (observation.value_code.text or "").strip():
        value = i18n.get("mr-value-text", text=(observation.value_code.text or "").strip())
    if value is None:
        return None
    unit = (observation.unit or "").strip()
    return i18n.get("mr-value-unit", value=value, unit=unit) if unit and observation.value_number is not None else value


def mark_text(i18n: Translator, mark: str | None) -> Markup | None:
    if mark == RangeMark.HIGH:
        return i18n.get("mr-mark-high")
    if mark == RangeMark.LOW:
        return i18n.get("mr-mark-low")
    if mark == RangeMark.NORMAL:
        return i18n.get("mr-mark-normal")
    return None


def result_line(i18n: Translator, observation: Observation) -> Markup:
    name = " ".join((observation.code.text or "").split()) or None
    measure = i18n.get("mr-value-text", text=name) if name else i18n.get("mr-result-unnamed")
    value = value_text(i18n, observation) or i18n.get("mr-value-none")
    mark = mark_text(i18n, observation.mark)
    if mark is None:
        return i18n.get("mr-result", name=measure, value=value)
    return i18n.get("mr-result-marked", name=measure, value=value, mark=mark)


# Allergies ---------------------------------------------------------------------------------------------------


def allergy_details(i18n: Translator, allergy: Allergy) -> Markup | None:
    """ "ліки, висока небезпека"."""
    return _words(
        [
            dictionary_word(i18n, ALLERGY_CATEGORY, allergy.category),
            dictionary_word(i18n, ALLERGY_CRITICALITY, allergy.criticality),
        ]
    )


def overview_allergy(i18n: Translator, allergy: Allergy) -> Markup:
    name = substance_name(i18n, allergy.code)
    details = allergy_details(i18n, allergy)
    if details is None:
        return i18n.get("mr-overview-allergy", name=name)
    return i18n.get("mr-overview-allergy-details", name=name, details=details)


def allergy_line(i18n: Translator, position: int, allergy: Allergy) -> str:
    lines = [i18n.get("mr-allergy-line-title", position=position, name=substance_name(i18n, allergy.code))]
    details = _words(
        [
            dictionary_word(i18n, ALLERGY_CATEGORY, allergy.category),
            dictionary_word(i18n, ALLERGY_CRITICALITY, allergy.criticality),
            dictionary_word(i18n, ALLERGY_STATUS, allergy.clinical_status),
        ]
    )
    if details:
        lines.append(i18n.get("mr-line-details", details=details))
    return "\n".join(lines)


def allergy_button(i18n: Translator, position: int, allergy: Allergy) -> str:
    return f"{position}. {_shorten(allergy.code.text or i18n.get('mr-allergy-unnamed'))}"


def allergy_card(i18n: Translator, allergy: Allergy) -> str:
    name = substance_name(i18n, allergy.code)
    current = is_current_allergy(allergy.clinical_status)
    lines = [i18n.get("mr-allergy-card-title-current" if current else "mr-allergy-card-title", name=name)]
    if allergy.code.code.strip():
        lines.append(i18n.get("mr-card-code", code=allergy.code.code.strip()))
    if kind := dictionary_word(i18n, ALLERGY_TYPE, allergy.type):
        lines.append(i18n.get("mr-allergy-card-type", type=kind))
    if category := dictionary_word(i18n, ALLERGY_CATEGORY, allergy.category):
        lines.append(i18n.get("mr-allergy-card-category", category=category))
    if criticality := dictionary_word(i18n, ALLERGY_CRITICALITY, allergy.criticality):
        lines.append(i18n.get("mr-allergy-card-criticality", criticality=criticality))
    status = dictionary_word(i18n, ALLERGY_STATUS, allergy.clinical_status)
    verification = dictionary_word(i18n, ALLERGY_VERIFICATION, allergy.verification_status)
    if status := _words([status, verification]):
        lines.append(i18n.get("mr-allergy-card-status", status=status))
    if onset := day(allergy.onset):
        lines.append(i18n.get("mr-allergy-card-onset", date=onset))
    if last := day(allergy.last_occurrence):
        lines.append(i18n.get("mr-allergy-card-last", date=last))
    lines.extend(_recorded(i18n, allergy.asserter, day(allergy.asserted_date)))
    if current and is_high_criticality(allergy.criticality):
        lines.append("")
        lines.append(i18n.get("mr-allergy-card-high-hint"))
    return "\n".join(lines)


def _recorded(i18n: Translator, who: RecordRef | None, when: date | None) -> list[Markup]:
    lines: list[Markup] = []
    if doctor := _name(who):
        lines.append(i18n.get("mr-card-recorded-by", doctor=doctor))
    if when is not None:
        lines.append(i18n.get("mr-card-recorded-on", date=when))
    return lines


# Diagnoses ---------------------------------------------------------------------------------------------------


def overview_diagnosis(i18n: Translator, diagnosis: Diagnosis) -> Markup:
    return i18n.get("mr-overview-diagnosis", diagnosis=diagnosis_label(diagnosis.code))


def condition_line(i18n: Translator, position: int, condition: Condition) -> str:
    lines = [i18n.get("mr-diagnosis-line-title", position=position, diagnosis=diagnosis_label(condition.code))]
    details = _words(
        [
            dictionary_word(i18n, CONDITION_STATUS, condition.clinical_status),
            dictionary_word(i18n, CONDITION_VERIFICATION, condition.verification_status),
            i18n.get("mr-since", date=condition.onset_date) if condition.onset_date else None,
        ]
    )
    if details:
        lines.append(i18n.get("mr-line-details", details=details))
    return "\n".join(lines)


def condition_button(position: int, condition: Condition) -> str:
    return f"{position}. {_shorten(diagnosis_label(condition.code))}"


def condition_card(i18n: Translator, condition: Condition) -> str:
    active = is_active_condition(condition.clinical_status)
    lines = [i18n.get("mr-diagnosis-card-title", diagnosis=diagnosis_label(condition.code))]
    if system := dictionary_word(i18n, CONDITION_SYSTEM, condition.code.system):
        lines.append(i18n.get("mr-diagnosis-card-system", system=system))
    if status := dictionary_word(i18n, CONDITION_STATUS, condition.clinical_status):
        lines.append(i18n.get("mr-diagnosis-card-status", status=status))
    if verification := dictionary_word(i18n, CONDITION_VERIFICATION, condition.verification_status):
        lines.append(i18n.get("mr-diagnosis-card-verification", verification=verification))
    if severity := dictionary_word(i18n, CONDITION_SEVERITY, condition.severity):
        lines.append(i18n.get("mr-diagnosis-card-severity", severity=severity))
    if condition.onset_date:
        lines.append(i18n.get("mr-diagnosis-card-onset", date=condition.onset_date))
    lines.extend(_recorded(i18n, condition.asserter, condition.asserted_date))
    lines.append("")
    lines.append(i18n.get("mr-diagnosis-card-active-hint" if active else "mr-diagnosis-card-past-hint"))
    return "\n".join(lines)


# Visits ------------------------------------------------------------------------------------------------------


def visit_kind(i18n: Translator, encounter: Encounter) -> Markup:
    """ "прийом у закладі, сімейний лікар"; the neutral word when the registry says neither."""
    kind = _words(
        [
            dictionary_word(i18n, ENCOUNTER_TYPE, encounter.type),
            dictionary_word(i18n, VISIT_SPECIALITY, encounter.performer_speciality),
        ]
    )
    return kind or i18n.get("mr-visit-kind-unknown")


def visit_summary(i18n: Translator, encounter: Encounter) -> list[Markup]:
    """The overview's last visit: when and what, the doctor and the clinic when the registry names them."""
    lines = [i18n.get("mr-visit-when", date=day(encounter.start), kind=visit_kind(i18n, encounter))]
    if doctor := _name(encounter.performer):
        lines.append(i18n.get("mr-visit-doctor", doctor=doctor))
    if clinic := _name(encounter.division):
        lines.append(i18n.get("mr-visit-clinic", clinic=clinic))
    return lines


def visit_line(i18n: Translator, position: int, encounter: Encounter, episode: str | None) -> str:
    lines = [
        i18n.get("mr-visit-line-title", position=position, date=day(encounter.start), kind=visit_kind(i18n, encounter))
    ]
    if doctor := _name(encounter.performer):
        lines.append(i18n.get("mr-visit-doctor", doctor=doctor))
    if episode:
        lines.append(i18n.get("mr-visit-line-episode", episode=episode))
    return "\n".join(lines)


def visit_button(position: int, encounter: Encounter, episode: str | None) -> str:
    when = day(encounter.start)
    label = when.strftime("%d.%m.%Y") if when else ""
    if episode:
        label = f"{label} · {episode}"
    return f"{position}. {_shorten(label)}"


def _visit_diagnoses(i18n: Translator, diagnoses: Sequence[Diagnosis], conditions: Sequence[Condition]) -> list[str]:
    lines: list[str] = []
    for diagnosis in diagnoses:
        label = diagnosis_label(diagnosis.code)
        role = dictionary_word(i18n, DIAGNOSIS_ROLE, diagnosis.role)
        if role:
            lines.append(i18n.get("mr-visit-card-diagnosis-role", diagnosis=label, role=role))
        else:
            lines.append(i18n.get("mr-visit-card-item", item=label))
    if not diagnoses:  # the registry's short visit names none: the diagnoses recorded at it
        lines.extend(i18n.get("mr-visit-card-item", item=diagnosis_label(condition.code)) for condition in conditions)
    return lines


def visit_card(i18n: Translator, encounter: Encounter, episode: str | None, conditions: Sequence[Condition]) -> str:
    """The whole visit: when, what kind, who and where, the episode, the reasons and the diagnoses."""
    when = local_time(encounter.start)
    lines: list[str] = [i18n.get("mr-visit-card-title", date=when.date(), time=when.strftime("%H:%M"))]
    kind = _words(
        [
            dictionary_word(i18n, ENCOUNTER_TYPE, encounter.type),
            dictionary_word(i18n, ENCOUNTER_CLASS, encounter.encounter_class),
        ]
    )
    lines.append(i18n.get("mr-visit-card-kind", kind=kind or i18n.get("mr-visit-kind-unknown")))
    if speciality := dictionary_word(i18n, VISIT_SPECIALITY, encounter.performer_speciality):
        lines.append(i18n.get("mr-visit-card-speciality", speciality=speciality))
    if doctor := _name(encounter.performer):
        lines.append(i18n.get("mr-visit-doctor", doctor=doctor))
    if clinic := _name(encounter.division):
        lines.append(i18n.get("mr-visit-clinic", clinic=clinic))
    if episode:
        lines.append(i18n.get("mr-visit-card-episode", episode=episode))
    reasons = [label for reason in encounter.reasons if (label := coded_label(reason.code, reason.text))]
    if reasons:
        lines.append("")
        lines.append(i18n.get("mr-visit-card-reasons"))
        lines.extend(i18n.get("mr-visit-card-item", item=reason) for reason in reasons)
    if diagnoses := _visit_diagnoses(i18n, encounter.diagnoses, conditions):
        lines.append("")
        lines.append(i18n.get("mr-visit-card-diagnoses"))
        lines.extend(diagnoses)
    return "\n".join(lines)


# Referrals and the overview ----------------------------------------------------------------------------------


def referral_line(i18n: Translator, referral: Referral) -> Markup:
    """What for and until when; the number stays hidden (it is in «Направлення»)."""
    service = _name(referral.service)
    what = i18n.get("mr-value-text", text=service) if service else i18n.get("mr-referral-unnamed")
    valid_to = day(referral.expires_at or referral.occurrence_end)
    if valid_to is None:
        return i18n.get("mr-referral", service=what)
    return i18n.get("mr-referral-valid", service=what, valid_to=valid_to)


def overview_text(i18n: Translator, overview: RecordOverview) -> str:
    """Allergies first, then active diagnoses, the last visit, the latest results and the open referrals; a kind
    line for a record with nothing in it yet."""
    allergies = [allergy for allergy in overview.allergies if is_current_allergy(allergy.clinical_status)]
    if not (
        allergies or overview.diagnoses or overview.last_visit or overview.latest_results or overview.open_referrals
    ):
        return "\n\n".join([i18n.get("mr-title"), i18n.get("mr-empty")])
    blocks: list[list[str]] = [[i18n.get("mr-title")]]
    blocks.append(
        [i18n.get("mr-section-allergies"), *(overview_allergy(i18n, allergy) for allergy in allergies)]
        if allergies
        else [i18n.get("mr-allergies-none")]
    )
    blocks.append(
        [i18n.get("mr-section-diagnoses"), *(overview_diagnosis(i18n, item) for item in overview.diagnoses)]
        if overview.diagnoses
        else [i18n.get("mr-diagnoses-none")]
    )
    blocks.append(
        [i18n.get("mr-section-visit"), *visit_summary(i18n, overview.last_visit)]
        if overview.last_visit is not None
        else [i18n.get("mr-visits-none")]
    )
    results = overview.latest_results
    if results:
        shown = [result_line(i18n, result) for result in results[:RESULTS_SHOWN]]
        if len(results) > RESULTS_SHOWN:
            shown.append(i18n.get("mr-results-more", count=len(results) - RESULTS_SHOWN))
        blocks.append([i18n.get("mr-section-results"), *shown])
    else:
        blocks.append([i18n.get("mr-results-none")])
    referrals = [referral for referral in overview.open_referrals if referral.is_open]
    blocks.append(
        [i18n.get("mr-section-referrals"), *(referral_line(i18n, referral) for referral in referrals)]
        if referrals
        else [i18n.get("mr-referrals-none")]
    )
    return "\n\n".join("\n".join(block) for block in blocks)
