"""A doctor as the patient reads it: the card (dialog and inline mode) and the short line of a result list.

Every value from the registry goes through the translator as an argument, so it is HTML-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import Protocol

from bot.api_models import DoctorCard
from bot.i18n import Translator

WEEK: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"([01]?\d|2[0-4])[.:]([0-5]\d)")

Intervals = tuple[tuple[str, str], ...]


class PersonName(Protocol):
    """A doctor in any of the backend's shapes (card, search hit, declaration's doctor)."""

    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def second_name(self) -> str | None: ...


def speciality_name(i18n: Translator, speciality: str | None) -> str:
    """FAMILY_DOCTOR → "сімейний лікар"; an unknown code gets a neutral word, never the raw code."""
    key = f"search-spec-{(speciality or '').lower().replace('_', '-')}"
    return i18n.get(key) if speciality and i18n.has(key) else i18n.get("search-spec-unknown")


def short_name(doctor: PersonName) -> str:
    """ "Коваленко О. П." for buttons, where the full name does not fit."""
    initials = " ".join(f"{part[0]}." for part in (doctor.first_name, doctor.second_name) if part)
    return f"{doctor.last_name} {initials}".strip()


def _clock(value: str) -> str:
    """ "08.00" (eHealth's form) → "08:00"; anything unexpected is shown as it came."""
    match = _TIME.fullmatch(value.strip())
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else value.strip()


def _day_intervals(hours: Mapping[str, Sequence[Sequence[str]]], day: str) -> Intervals:
    return tuple((_clock(interval[0]), _clock(interval[1])) for interval in hours.get(day, ()) if len(interval) == 2)


def working_hours_text(i18n: Translator, hours: Mapping[str, Sequence[Sequence[str]]]) -> str | None:
    """ "Пн–Пт 08:00–17:00; Сб 09:00–13:00; Нд вихідний", days with the same hours grouped; None if unknown."""
    if not any(_day_intervals(hours, day) for day in WEEK):
        return None
    parts: list[str] = []
    for intervals, group in groupby(WEEK, key=lambda day: _day_intervals(hours, day)):
        days = list(group)
        label: str
        if len(days) == 1:
            label = i18n.get(f"search-day-{days[0]}")
        else:
            joiner = "–" if len(days) > 2 else ", "
            label = i18n.get(f"search-day-{days[0]}") + joiner + i18n.get(f"search-day-{days[-1]}")
        times = ", ".join(f"{start}–{end}" for start, end in intervals) or i18n.get("search-hours-closed")
        parts.append(f"{label} {times}")
    return "; ".join(parts)


def free_places_text(i18n: Translator, card: DoctorCard) -> str:
    if not card.available:
        return i18n.get("search-card-not-available")
    if card.free_places is None:
        return i18n.get("search-card-places-unknown")
    if card.free_places > 0:
        return i18n.get("search-card-places", count=card.free_places)
    return i18n.get("search-card-no-places")


def place_text(card: DoctorCard) -> str:
    """The address with the settlement, unless the address already names it."""
    address = (card.address or "").strip()
    settlement = (card.settlement or "").strip()
    if settlement and settlement.casefold() not in address.casefold():
        return f"{address}, {settlement}" if address else settlement
    return address


def doctor_card_text(i18n: Translator, card: DoctorCard, distance_km: float | None = None) -> str:
    lines: list[str] = [
        i18n.get("search-card-name", name=card.full_name),
        i18n.get("search-card-speciality", speciality=speciality_name(i18n, card.speciality)),
        i18n.get("search-card-clinic", division=card.division_name, clinic=card.legal_entity_name),
    ]
    if place := place_text(card):
        lines.append(i18n.get("search-card-address", address=place))
    if card.phones:
        lines.append(i18n.get("search-card-phones", phones=", ".join(card.phones)))
    hours = working_hours_text(i18n, card.working_hours)
    lines.append(i18n.get("search-card-hours", hours=hours) if hours else i18n.get("search-card-hours-unknown"))
    if distance_km is not None:
        lines.append(i18n.get("search-card-distance", km=distance_km))
    lines.append(free_places_text(i18n, card))
    return "\n".join(lines)


def doctor_line_text(i18n: Translator, position: int, card: DoctorCard, distance_km: float | None) -> str:
    """One doctor of a result list: a few lines, the number matching the button below."""
    lines: list[str] = [
        i18n.get("search-hit-title", position=position, name=card.full_name),
        i18n.get(
            "search-hit-where",
            speciality=speciality_name(i18n, card.speciality),
            division=card.division_name,
        ),
    ]
    if place := place_text(card):
        lines.append(
            i18n.get("search-hit-address-distance", address=place, km=distance_km)
            if distance_km is not None
            else i18n.get("search-hit-address", address=place)
        )
    lines.append(free_places_text(i18n, card))
    return "\n".join(lines)
