"""Declarations and requests in plain words: every status and reason code has its own explanation."""

from __future__ import annotations

from backend.domain.declarations import ENDED_DECLARATION_STATUSES
from bot.api_models import Declaration, DeclarationRequest
from bot.dialogs.common.doctor_card import speciality_name, working_hours_text
from bot.i18n import Translator, local_time


def _code(value: str) -> str:
    return value.lower().replace("_", "-")


def status_text(i18n: Translator, status: str, reason: str | None = None) -> str:
    """`pending_verification` → "підписано, реєстр перевіряє ваші дані — до 30 днів"; a status some reason
    changes the meaning of has its own words (terminated because a new declaration replaced it)."""
    if reason:
        specific = f"decl-status-{_code(status)}-{_code(reason)}"
        if i18n.has(specific):
            return i18n.get(specific)
    key = f"decl-status-{_code(status)}"
    return i18n.get(key) if i18n.has(key) else i18n.get("decl-status-unknown")


def reason_text(i18n: Translator, reason: str | None) -> str | None:
    if not reason:
        return None
    key = f"decl-reason-{_code(reason)}"
    return i18n.get(key) if i18n.has(key) else i18n.get("decl-reason-unknown")


def request_status_text(i18n: Translator, status: str, reason: str | None = None) -> str:
    """A request's status, and for a cancelled one why (a newer request to the same doctor replaced it)."""
    if reason:
        specific = f"decl-request-status-{_code(status)}-{_code(reason)}"
        if i18n.has(specific):
            return i18n.get(specific)
    key = f"decl-request-status-{_code(status)}"
    return i18n.get(key) if i18n.has(key) else i18n.get("decl-request-status-unknown")


def _place(address: str | None, settlement: str | None) -> str:
    address, settlement = (address or "").strip(), (settlement or "").strip()
    if settlement and settlement.casefold() not in address.casefold():
        return f"{address}, {settlement}" if address else settlement
    return address


def declaration_text(i18n: Translator, declaration: Declaration, *, title_key: str) -> str:
    """The whole declaration: doctor, speciality, clinic, address, phones, number, dates, status, reason."""
    division = declaration.division
    lines: list[str] = [
        i18n.get(title_key, doctor=declaration.doctor.full_name),
        i18n.get("decl-speciality", speciality=speciality_name(i18n, declaration.doctor.speciality)),
        i18n.get("decl-clinic", division=division.name, clinic=declaration.legal_entity.name),
    ]
    if place := _place(division.address, division.settlement):
        lines.append(i18n.get("decl-address", address=place))
    if division.phones:
        lines.append(i18n.get("decl-phones", phones=", ".join(division.phones)))
    if hours := working_hours_text(i18n, division.working_hours):
        lines.append(i18n.get("decl-hours", hours=hours))
    if declaration.number:
        lines.append(i18n.get("decl-number", number=declaration.number))
    lines.extend(_term_lines(i18n, declaration))
    lines.append(i18n.get("decl-status", status=status_text(i18n, declaration.status, declaration.reason)))
    if reason := reason_text(i18n, declaration.reason):
        lines.append(i18n.get("decl-reason", reason=reason))
    return "\n".join(lines)


def _ended(declaration: Declaration) -> bool:
    return declaration.ended_on is not None or declaration.status in ENDED_DECLARATION_STATUSES


def _term_lines(i18n: Translator, declaration: Declaration) -> list[str]:
    """When it held: "Діє з … / Діє до …", or for an ended one "Діяла з … / Завершилася …" (the day it ended,
    not the term it was signed for)."""
    lines: list[str] = []
    if _ended(declaration):
        if declaration.start_date:
            lines.append(i18n.get("decl-started", start=declaration.start_date))
        if declaration.ended_on:
            lines.append(i18n.get("decl-ended", ended=declaration.ended_on))
        return lines
    if declaration.start_date:
        lines.append(i18n.get("decl-start", start=declaration.start_date))
    if declaration.end_date:
        lines.append(i18n.get("decl-end", end=declaration.end_date))
    return lines


def declaration_line(i18n: Translator, position: int, declaration: Declaration) -> str:
    """One declaration of the history list."""
    lines: list[str] = [
        i18n.get("decl-line-title", position=position, doctor=declaration.doctor.full_name),
        i18n.get(
            "decl-line-where",
            speciality=speciality_name(i18n, declaration.doctor.speciality),
            division=declaration.division.name,
        ),
    ]
    start, ended = declaration.start_date, declaration.ended_on
    if _ended(declaration) and ended:
        lines.append(
            i18n.get("decl-line-ended", start=start, ended=ended)
            if start
            else i18n.get("decl-line-ended-on", ended=ended)
        )
    elif start and declaration.end_date and not _ended(declaration):
        lines.append(i18n.get("decl-line-dates", start=start, end=declaration.end_date))
    elif start:
        lines.append(i18n.get("decl-line-since", start=start))
    status = status_text(i18n, declaration.status, declaration.reason)
    reason = reason_text(i18n, declaration.reason) if _ended(declaration) else None
    lines.append(f"{status} {reason[:1].upper()}{reason[1:]}" if reason else status)
    return "\n".join(lines)


def request_text(i18n: Translator, request: DeclarationRequest) -> str:
    lines: list[str] = []
    if request.doctor is not None:
        lines.append(i18n.get("decl-request-doctor", doctor=request.doctor.full_name))
        lines.append(i18n.get("decl-speciality", speciality=speciality_name(i18n, request.doctor.speciality)))
    if request.division is not None:
        clinic = request.legal_entity.name if request.legal_entity else request.division.name
        lines.append(i18n.get("decl-clinic", division=request.division.name, clinic=clinic))
        if place := _place(request.division.address, request.division.settlement):
            lines.append(i18n.get("decl-address", address=place))
    if request.created_at:
        lines.append(i18n.get("decl-request-created", created=local_time(request.created_at)))
    lines.append(i18n.get("decl-status", status=request_status_text(i18n, request.status, request.status_reason)))
    return "\n".join(lines)
