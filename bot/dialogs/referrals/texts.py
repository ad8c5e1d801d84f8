"""Referrals in plain words: every code a word (or nothing), every value from the registry an escaped argument.

The rules (the state of a referral, the order of a list, the hidden number) are `backend.domain.referrals_view`;
here they become this patient's language.
"""

from __future__ import annotations

import html
from datetime import date, datetime

from backend.domain.referrals_view import (
    CATEGORY,
    PRIORITY,
    RECALL_REASON,
    REFERRAL_STATE,
    mask_requisition,
    referral_state,
)
from bot.api_models import RecordRef, Referral
from bot.dialogs.common.words import dictionary_word
from bot.i18n import Markup, Translator, local_time

BUTTON_NAME_LENGTH = 40  # a service's name on a button: Telegram cuts long labels anyway


def service_name(i18n: Translator, referral: Referral) -> Markup:
    """What the referral is for, in the registry's words (a service of its dictionary); a neutral word without."""
    name = (referral.service.display or "").strip()
    return Markup(html.escape(name, quote=False)) if name else i18n.get("ref-service-unnamed")


def state_text(i18n: Translator, referral: Referral) -> Markup:
    return dictionary_word(i18n, REFERRAL_STATE, referral_state(referral.status, referral.is_open)) or Markup("")


def _day(moment: datetime | None) -> date | None:
    return local_time(moment).date() if moment is not None else None


def valid_until(referral: Referral) -> date | None:
    return _day(referral.expires_at or referral.occurrence_end)


def _name(ref: RecordRef | None) -> str | None:
    name = (ref.display or "").strip() if ref is not None else ""
    return name or None


def referral_line(i18n: Translator, position: int, referral: Referral) -> str:
    """One referral of a list: what for, until when (or its state), the number half hidden."""
    lines = [i18n.get("ref-line-title", position=position, service=service_name(i18n, referral))]
    until = valid_until(referral)
    if referral.is_open and until is not None:
        lines.append(i18n.get("ref-line-open-until", date=until))
    else:
        lines.append(i18n.get("ref-line-state", state=state_text(i18n, referral)))
    lines.append(i18n.get("ref-line-number", number=mask_requisition(referral.requisition)))
    return "\n".join(lines)


def button_label(i18n: Translator, position: int, referral: Referral) -> str:
    name = html.unescape(service_name(i18n, referral)).strip()
    if len(name) > BUTTON_NAME_LENGTH:
        name = name[: BUTTON_NAME_LENGTH - 1].rstrip() + "…"
    return f"{position}. {name}"


def referral_card(i18n: Translator, referral: Referral) -> str:
    """The whole referral: what for, its kind and urgency, its state (and why it was recalled), valid from and
    until, who referred and where, where it was used, the doctor's note and how to prepare, the number."""
    blocks: list[list[str]] = []
    what = [i18n.get("ref-card-title", service=service_name(i18n, referral))]
    if category := dictionary_word(i18n, CATEGORY, referral.category):
        what.append(i18n.get("ref-card-category", category=category))
    if priority := dictionary_word(i18n, PRIORITY, referral.priority):
        what.append(i18n.get("ref-card-priority", priority=priority))
    blocks.append(what)

    terms = [i18n.get("ref-card-state", state=state_text(i18n, referral))]
    if referral.status.strip().lower() == "recalled" and (
        reason := dictionary_word(i18n, RECALL_REASON, referral.status_reason or "?")
    ):
        terms.append(i18n.get("ref-card-recall-reason", reason=reason))
    start, until = _day(referral.occurrence_start or referral.inserted_at), valid_until(referral)
    if start is not None and until is not None:
        terms.append(i18n.get("ref-card-valid", valid_from=start, valid_to=until))
    elif until is not None:
        terms.append(i18n.get("ref-card-valid-to", date=until))
    elif start is not None:
        terms.append(i18n.get("ref-card-issued", date=start))
    blocks.append(terms)

    who: list[str] = []
    if doctor := _name(referral.requester):
        who.append(i18n.get("ref-card-requester", doctor=doctor))
    if clinic := _name(referral.requester_legal_entity):
        who.append(i18n.get("ref-card-requester-clinic", clinic=clinic))
    if performer := _name(referral.performer):
        who.append(i18n.get("ref-card-performer", performer=performer))
    if used_by := _name(referral.used_by_legal_entity):
        who.append(i18n.get("ref-card-used-by", clinic=used_by))
    if program := _name(referral.program):
        who.append(i18n.get("ref-card-program", program=program))
    if who:
        blocks.append(who)

    notes: list[str] = []
    if referral.note and referral.note.strip():
        notes.append(i18n.get("ref-card-note", note=referral.note.strip()))
    if referral.patient_instruction and referral.patient_instruction.strip():
        notes.append(i18n.get("ref-card-instruction", instruction=referral.patient_instruction.strip()))
    if notes:
        blocks.append(notes)

    blocks.append([i18n.get("ref-card-number", number=referral.requisition)])
    if referral.is_open:
        blocks.append([i18n.get("ref-card-open-hint")])
    return "\n\n".join("\n".join(block) for block in blocks)
