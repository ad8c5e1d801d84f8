"""Prescriptions in plain words: every code a word (or nothing), every value from the registry an escaped argument.

The rules (which words a strength or a frequency takes, what a list hides) are `backend.domain.prescriptions_view`;
here they become this patient's language.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date

from backend.domain.prescriptions_view import (
    PROCESSED_DISPENSE,
    REJECT_REASON,
    ROUTE,
    TIMING,
    PrescriptionStatus,
    days_left,
    ends_soon,
    frequency_phrase,
    mask_request_number,
    partly_dispensed,
    program_kind,
)
from bot.api_models import Dispense, DosageInstruction, Medication, Prescription
from bot.dialogs.common.medicines import amount_text, form_text, number
from bot.dialogs.common.words import dictionary_word
from bot.i18n import Markup, Translator, join_markup

BUTTON_NAME_LENGTH = 40  # a medicine's name on a button: Telegram cuts long labels anyway


def _count_unit(medication: Medication) -> str | None:
    """The unit a prescribed (or dispensed) quantity is counted in: the strength's denominator."""
    return medication.strength.denominator_unit if medication.strength is not None else None


def status_text(i18n: Translator, status: str) -> Markup:
    key = f"rx-status-{status.lower()}"
    return i18n.get(key) if i18n.has(key) else i18n.get("rx-status-unknown")


def reject_reason_text(i18n: Translator, prescription: Prescription) -> Markup | None:
    """The reason in our words; the registry's own (Ukrainian) text only for a code we do not know."""
    code, text = prescription.reject_reason_code, (prescription.reject_reason or "").strip()
    if code and REJECT_REASON.known(code):
        return dictionary_word(i18n, REJECT_REASON, code)
    if text and i18n.language == "uk":
        return Markup(html.escape(text, quote=False))
    return dictionary_word(i18n, REJECT_REASON, code) if code else None


def program_text(i18n: Translator, prescription: Prescription) -> Markup | None:
    """What the programme means for the price; nothing when we cannot tell."""
    kind = program_kind(prescription.program.name, prescription.program.funding_source)
    return i18n.get(f"rx-program-{kind}") if kind else None


def dosage_phrase(i18n: Translator, instruction: DosageInstruction) -> Markup | None:
    """The structured fields in words: "2 рази на день, вранці, перорально, разова доза — 1 таблетка"."""
    parts: list[Markup] = []
    frequency = frequency_phrase(instruction.frequency, instruction.period, instruction.period_unit)
    if frequency is not None:
        parts.append(
            i18n.get(
                f"rx-frequency-{frequency.kind}",
                times=frequency.times,
                period=number(frequency.period),
                unit=frequency.unit,
            )
        )
    parts.extend(word for word in (dictionary_word(i18n, TIMING, code) for code in instruction.when) if word)
    if instruction.as_needed:
        parts.append(i18n.get("rx-as-needed"))
    if route := dictionary_word(i18n, ROUTE, instruction.route):
        parts.append(route)
    if instruction.dose is not None and instruction.dose.value > 0:
        dose = amount_text(i18n, instruction.dose.value, instruction.dose.code or instruction.dose.unit)
        parts.append(i18n.get("rx-dose", dose=dose))
    if instruction.duration_days and instruction.duration_days > 0:
        parts.append(i18n.get("rx-duration", days=number(instruction.duration_days)))
    return join_markup(", ", parts) if parts else None


def dosage_lines(i18n: Translator, instructions: Iterable[DosageInstruction]) -> list[Markup]:
    """The doctor's words always; then the same in our words where the registry gave them as fields."""
    lines: list[Markup] = []
    for instruction in sorted(instructions, key=lambda item: item.sequence):
        if instruction.text.strip():
            lines.append(i18n.get("rx-card-dosage-text", text=instruction.text.strip()))
        if phrase := dosage_phrase(i18n, instruction):
            lines.append(i18n.get("rx-card-dosage-words", phrase=phrase))
        if instruction.patient_instruction and instruction.patient_instruction.strip():
            lines.append(i18n.get("rx-card-patient-note", text=instruction.patient_instruction.strip()))
    return lines


def prescription_line(i18n: Translator, position: int, prescription: Prescription, today: date) -> str:
    """One prescription of a list: what, until when, the programme, the number half hidden (past: the status)."""
    lines: list[str] = [i18n.get("rx-line-title", position=position, medicine=prescription.medication.name)]
    if form := form_text(i18n, prescription.medication):
        lines.append(i18n.get("rx-line-form", form=form))
    valid_to = prescription.dispense_valid_to
    if prescription.status == PrescriptionStatus.ACTIVE and ends_soon(valid_to, today):
        lines.append(i18n.get("rx-line-valid-soon", valid_to=valid_to, days=days_left(valid_to, today)))
    elif prescription.status == PrescriptionStatus.ACTIVE:
        lines.append(i18n.get("rx-line-valid", valid_to=valid_to))
    lines.append(i18n.get("rx-line-program", program=prescription.program.name))
    lines.append(i18n.get("rx-line-number", number=mask_request_number(prescription.request_number)))
    if prescription.status != PrescriptionStatus.ACTIVE:
        lines.append(i18n.get("rx-line-status", status=status_text(i18n, prescription.status)))
    return "\n".join(lines)


def button_label(position: int, prescription: Prescription) -> str:
    name = prescription.medication.name.strip()
    if len(name) > BUTTON_NAME_LENGTH:
        name = name[: BUTTON_NAME_LENGTH - 1].rstrip() + "…"
    return f"{position}. {name}"


def _place(dispense: Dispense) -> str:
    division = dispense.division
    parts = [division.name.strip()]
    address, settlement = (division.address or "").strip(), (division.settlement or "").strip()
    if address:
        parts.append(address)
    if settlement and settlement.casefold() not in address.casefold():
        parts.append(settlement)
    return ", ".join(part for part in parts if part)


def dispense_text(i18n: Translator, dispense: Dispense, count_unit: str | None) -> str:
    """When, where, what brand and how much, what the patient paid and what the state reimbursed."""
    lines: list[str] = [i18n.get("rx-card-dispense", date=dispense.dispensed_at, pharmacy=dispense.pharmacy.name)]
    if place := _place(dispense):
        lines.append(i18n.get("rx-card-dispense-place", place=place))
    for line in dispense.lines:
        maker = (line.manufacturer or "").strip()
        lines.append(
            i18n.get(
                "rx-card-dispense-line",
                medicine=line.medication_name,
                manufacturer=i18n.get("rx-card-dispense-manufacturer", manufacturer=maker) if maker else Markup(""),
                quantity=amount_text(i18n, line.quantity, count_unit),
            )
        )
    reimbursed = i18n.get("rx-money", amount=sum(line.reimbursement_amount for line in dispense.lines))
    if dispense.payment_amount is not None and dispense.payment_amount <= 0:
        lines.append(i18n.get("rx-card-dispense-free", reimbursed=reimbursed))
    elif dispense.payment_amount is not None:
        paid = i18n.get("rx-money", amount=dispense.payment_amount)
        lines.append(i18n.get("rx-card-dispense-paid", paid=paid, reimbursed=reimbursed))
    else:
        lines.append(i18n.get("rx-card-dispense-reimbursed", reimbursed=reimbursed))
    return "\n".join(lines)


def prescription_card(i18n: Translator, prescription: Prescription, dispenses: list[Dispense]) -> str:
    """The whole prescription: what and how much, how to take it, until when, the programme and the price,
    the doctor and the clinic, the status (and why it was withdrawn), and every dispense."""
    medication = prescription.medication
    blocks: list[list[str]] = []
    what = [i18n.get("rx-card-title", medicine=medication.name)]
    if form := form_text(i18n, medication):
        what.append(i18n.get("rx-card-form", form=form))
    what.append(i18n.get("rx-card-quantity", quantity=amount_text(i18n, medication.quantity, _count_unit(medication))))
    blocks.append(what)
    if how := dosage_lines(i18n, prescription.dosage_instructions):
        blocks.append([i18n.get("rx-card-how"), *how])
    terms = [
        i18n.get("rx-card-valid", valid_from=prescription.dispense_valid_from, valid_to=prescription.dispense_valid_to),
        i18n.get("rx-card-program", program=prescription.program.name),
    ]
    if prescription.status == PrescriptionStatus.ACTIVE and (price := program_text(i18n, prescription)):
        terms.append(price)
    terms.append(i18n.get("rx-card-doctor", doctor=prescription.doctor.full_name))
    terms.append(i18n.get("rx-card-clinic", division=prescription.division.name, clinic=prescription.legal_entity.name))
    terms.append(i18n.get("rx-card-number", number=prescription.request_number))
    terms.append(i18n.get("rx-card-status", status=status_text(i18n, prescription.status)))
    if prescription.status == PrescriptionStatus.REJECTED:
        if prescription.rejected_at:
            terms.append(i18n.get("rx-card-rejected-on", date=prescription.rejected_at))
        if reason := reject_reason_text(i18n, prescription):
            terms.append(i18n.get("rx-card-reject-reason", reason=reason))
    served = [dispense for dispense in dispenses if dispense.status == PROCESSED_DISPENSE]
    if partly_dispensed(prescription.status, [dispense.status for dispense in dispenses]):
        terms.append(i18n.get("rx-card-partly", valid_to=prescription.dispense_valid_to))
    blocks.append(terms)
    if served:
        blocks.append(
            [
                i18n.get("rx-card-dispenses"),
                "\n\n".join(dispense_text(i18n, dispense, _count_unit(medication)) for dispense in served),
            ]
        )
    elif prescription.status in (PrescriptionStatus.ACTIVE, PrescriptionStatus.COMPLETED):
        blocks.append([i18n.get("rx-card-no-dispenses")])
    if prescription.status == PrescriptionStatus.ACTIVE:
        blocks.append([i18n.get("rx-card-active-hint")])
    return "\n\n".join("\n".join(block) for block in blocks)
