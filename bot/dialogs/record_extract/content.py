"""What the medical extract says, in the language chosen for it: the record read from the backend becomes plain
strings for `pdf.build_pdf`.

Every code is a word (sex, allergy category and risk, a result's mark, the classification of a diagnosis); the
registry's own names (diagnoses, allergies, vaccines, measures, medicines) stay as the registry wrote them. The
tax id is shown masked only.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

from backend.domain.dictionaries import GENDER
from backend.domain.masking import mask_tax_id
from backend.domain.medical_record import is_recorded
from bot.api_models import (
    Allergy,
    Diagnosis,
    Immunization,
    Observation,
    PersonView,
    Prescription,
    RecordOverview,
    ReferenceRange,
)
from bot.dialogs.common.medicines import form_text
from bot.dialogs.common.words import dictionary_word
from bot.dialogs.record_extract.pdf import PAGE_MARK, PAGES_MARK, ExtractDocument, Section
from bot.i18n import Translator, local_time

DASH = "—"
_TAG = re.compile(r"<[^>]+>")
_DIGITS = re.compile(r"\d{5,}")  # a run of digits long enough to be an unmasked tax id

# A diagnosis's classification, as the registry's dictionary names it (eHealth/ICD10_AM/condition_codes, …).
ICD10, ICPC2 = "ICD10", "ICPC2"


@dataclass(frozen=True)
class Record:
    """What the extract is made of, as read from the backend."""

    person: PersonView
    overview: RecordOverview
    medicines: tuple[Prescription, ...]  # the active prescriptions
    vaccinations: tuple[Immunization, ...]


def plain(text: str) -> str:
    """A rendered text without its HTML: tags gone, entities decoded (the PDF is not HTML)."""
    return html.unescape(_TAG.sub("", text))


def _slug(code: str | None) -> str:
    """A dictionary code as a part of a text key: "unable-to-assess", "high"."""
    return re.sub(r"[^a-z0-9]+", "-", (code or "").strip().lower()).strip("-") or "none"


def category_text(i18n: Translator, category: str | None) -> str:
    """eHealth/allergy_intolerance_categories in words; a dash for a code we do not know."""
    key = f"extract-pdf-category-{_slug(category)}"
    return plain(i18n.get(key)) if i18n.has(key) else DASH


def criticality_text(i18n: Translator, criticality: str | None) -> str:
    """eHealth/allergy_intolerance_criticalities (high, low, unable-to-assess) in words."""
    key = f"extract-pdf-criticality-{_slug(criticality)}"
    return plain(i18n.get(key)) if i18n.has(key) else DASH


def mark_text(i18n: Translator, mark: str | None) -> str:
    """Where a value sits against its normal range (LOW, NORMAL, HIGH) in words."""
    key = f"extract-pdf-mark-{_slug(mark)}"
    return plain(i18n.get(key)) if i18n.has(key) else DASH


def _number(i18n: Translator, value: float) -> str:
    return plain(i18n.get("extract-pdf-number", value=value))


def full_name(person: PersonView) -> str:
    return " ".join(part.strip() for part in (person.last_name, person.first_name, person.second_name or "") if part)


def tax_id_text(i18n: Translator, person: PersonView) -> str:
    """The tax id as the backend masks it; masked here too should a whole one ever come (never printed whole)."""
    if person.no_tax_id:
        return plain(i18n.get("extract-pdf-no-tax-id"))
    masked = (person.tax_id_masked or "").strip()
    if not masked:
        return plain(i18n.get("extract-pdf-not-given"))
    return _DIGITS.sub(lambda found: mask_tax_id(found.group()), masked)


def personal_rows(i18n: Translator, person: PersonView) -> tuple[tuple[str, str], ...]:
    sex = dictionary_word(i18n, GENDER, person.gender)
    return (
        (plain(i18n.get("extract-pdf-name")), full_name(person)),
        (plain(i18n.get("extract-pdf-birth-date")), person.birth_date.strftime("%d.%m.%Y")),
        (plain(i18n.get("extract-pdf-sex")), plain(sex) if sex else plain(i18n.get("extract-pdf-not-given"))),
        (plain(i18n.get("extract-pdf-tax-id")), tax_id_text(i18n, person)),
    )


def allergy_row(i18n: Translator, allergy: Allergy) -> tuple[str, ...]:
    return (
        (allergy.code.text or "").strip() or DASH,
        allergy.code.code,
        category_text(i18n, allergy.category),
        criticality_text(i18n, allergy.criticality),
    )


def classification(i18n: Translator, system: str | None) -> str | None:
    folded = (system or "").upper().replace("-", "").replace("_", "")
    if ICD10 in folded:
        return plain(i18n.get("extract-pdf-system-icd10"))
    if ICPC2 in folded:
        return plain(i18n.get("extract-pdf-system-icpc2"))
    return None


def diagnosis_row(i18n: Translator, diagnosis: Diagnosis) -> tuple[str, ...]:
    code = diagnosis.code
    system = classification(i18n, code.system)
    return (f"{code.code} ({system})" if system else code.code, (code.text or "").strip() or DASH)


def medicine_row(i18n: Translator, prescription: Prescription) -> tuple[str, ...]:
    form = form_text(i18n, prescription.medication)
    return (
        prescription.medication.name.strip() or DASH,
        plain(form) if form else DASH,
        prescription.dispense_valid_to.strftime("%d.%m.%Y"),
    )


def vaccination_row(i18n: Translator, immunization: Immunization) -> tuple[str, ...]:
    vaccine = immunization.vaccine
    name = (vaccine.text or "").strip()
    named = f"{name} ({vaccine.code})" if name and name != vaccine.code else vaccine.code
    if immunization.dose_number and immunization.series_doses:
        dose = plain(i18n.get("extract-pdf-dose", number=immunization.dose_number, of=immunization.series_doses))
    elif immunization.dose_number:
        dose = str(immunization.dose_number)
    else:
        dose = DASH
    return (named, dose, local_time(immunization.date).strftime("%d.%m.%Y"))


def value_text(i18n: Translator, result: Observation) -> str:
    """The value with its comparator and unit: "6,9 %", "< 0,5 ммоль/л", "так"; a dash when there is none."""
    if result.value_number is not None:
        value = _number(i18n, result.value_number)
        if result.comparator:
            value = f"{result.comparator.strip()} {value}"
    elif result.value_boolean is not None:
        value = plain(i18n.get("extract-pdf-yes" if result.value_boolean else "extract-pdf-no"))
    elif result.value_code is not None:
        value = (result.value_code.text or "").strip() or result.value_code.code
    else:
        value = (result.value_string or "").strip() or DASH
    unit = (result.unit or "").strip()
    return f"{value} {unit}" if unit and result.value_number is not None else value


def range_text(i18n: Translator, ranges: list[ReferenceRange]) -> str:
    for reference in ranges:
        if reference.low is not None and reference.high is not None:
            return plain(i18n.get("extract-pdf-range", low=reference.low, high=reference.high))
        if reference.high is not None:
            return plain(i18n.get("extract-pdf-range-up-to", high=reference.high))
        if reference.low is not None:
            return plain(i18n.get("extract-pdf-range-from", low=reference.low))
        if reference.text and reference.text.strip():
            return reference.text.strip()
    return DASH


def result_row(i18n: Translator, result: Observation) -> tuple[str, ...]:
    return (
        (result.code.text or "").strip() or result.code.code,
        value_text(i18n, result),
        range_text(i18n, result.reference_ranges),
        mark_text(i18n, result.mark),
        local_time(result.taken_at).strftime("%d.%m.%Y"),
    )


def _plain(*texts: str) -> tuple[str, ...]:
    return tuple(plain(text) for text in texts)


def extract_document(i18n: Translator, record: Record, today: date) -> ExtractDocument:
    """The whole extract in `i18n`'s language (the one chosen for it, not necessarily the chat's)."""
    overview = record.overview
    vaccinations = sorted(
        (shot for shot in record.vaccinations if not shot.not_given and is_recorded(shot.status)),
        key=lambda shot: (shot.date, shot.id),
    )
    sections = (
        Section(
            plain(i18n.get("extract-pdf-allergies")),
            _plain(
                i18n.get("extract-pdf-col-allergy"),
                i18n.get("extract-pdf-col-code"),
                i18n.get("extract-pdf-col-category"),
                i18n.get("extract-pdf-col-criticality"),
            ),
            (40, 18, 24, 18),
            tuple(allergy_row(i18n, allergy) for allergy in overview.allergies),
            plain(i18n.get("extract-pdf-allergies-none")),
        ),
        Section(
            plain(i18n.get("extract-pdf-diagnoses")),
            _plain(i18n.get("extract-pdf-col-code"), i18n.get("extract-pdf-col-diagnosis")),
            (25, 75),
            tuple(diagnosis_row(i18n, diagnosis) for diagnosis in overview.diagnoses),
            plain(i18n.get("extract-pdf-diagnoses-none")),
        ),
        Section(
            plain(i18n.get("extract-pdf-medicines")),
            _plain(
                i18n.get("extract-pdf-col-medicine"),
                i18n.get("extract-pdf-col-form"),
                i18n.get("extract-pdf-col-valid-until"),
            ),
            (40, 40, 20),
            tuple(medicine_row(i18n, prescription) for prescription in record.medicines),
            plain(i18n.get("extract-pdf-medicines-none")),
        ),
        Section(
            plain(i18n.get("extract-pdf-vaccinations")),
            _plain(
                i18n.get("extract-pdf-col-vaccine"), i18n.get("extract-pdf-col-dose"), i18n.get("extract-pdf-col-date")
            ),
            (55, 20, 25),
            tuple(vaccination_row(i18n, shot) for shot in vaccinations),
            plain(i18n.get("extract-pdf-vaccinations-none")),
        ),
        Section(
            plain(i18n.get("extract-pdf-results")),
            _plain(
                i18n.get("extract-pdf-col-measure"),
                i18n.get("extract-pdf-col-value"),
                i18n.get("extract-pdf-col-range"),
                i18n.get("extract-pdf-col-mark"),
                i18n.get("extract-pdf-col-date"),
            ),
            (36, 18, 16, 16, 14),
            tuple(result_row(i18n, result) for result in overview.latest_results),
            plain(i18n.get("extract-pdf-results-none")),
        ),
    )
    return ExtractDocument(
        language=i18n.language,
        title=plain(i18n.get("extract-pdf-title")),
        issued=plain(i18n.get("extract-pdf-issued", date=today)),
        source=plain(i18n.get("extract-pdf-source")),
        private=plain(i18n.get("extract-pdf-private")),
        personal_title=plain(i18n.get("extract-pdf-personal")),
        personal=personal_rows(i18n, record.person),
        sections=sections,
        page_label=plain(i18n.get("extract-pdf-page", page=PAGE_MARK, pages=PAGES_MARK)),
    )


def file_name(i18n: Translator, today: date) -> str:
    """ "vypyska-2026-12-05.pdf": the day only, never a name or a number of the patient's."""
    return plain(i18n.get("extract-file-name", day=today.isoformat()))
