"""Masks for personal data shown in chats and logs: enough to recognise, not enough to reuse."""

from __future__ import annotations

import re

from backend.domain.errors import InvalidValue
from backend.domain.validators import validate_phone

MASK = "*"


def _mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    """Hide all but the edges; a value too short to show edges safely is hidden completely."""
    if len(value) <= 2 * (keep_start + keep_end):
        return MASK * len(value)
    return value[:keep_start] + MASK * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_tax_id(tax_id: str) -> str:
    """ "3012345678" → "30******78": at most four digits stay visible."""
    return _mask_middle(tax_id.strip(), 2, 2)


def mask_phone(phone: str) -> str:
    """ "+380671234567" → "+380 67 *** ** 67": the operator code and the last two digits."""
    try:
        normalised = validate_phone(phone)
    except InvalidValue:
        # Not a Ukrainian number we understand: show only the last two characters.
        return _mask_middle(phone.strip(), 0, 2)
    return f"+380 {normalised[4:6]} {MASK * 3} {MASK * 2} {normalised[-2:]}"


def mask_document(number: str) -> str:
    """Keep a short letter series and the last three characters: "КА123456" → "КА***456".

    The last three are shown only when at least six follow the series, so never more than half.
    """
    value = number.strip()
    series_length = 0
    while series_length < len(value) and not value[series_length].isdigit():
        series_length += 1
    # A letter series is shown only when short and followed by digits (КА, І-БК ).
    if series_length > 5 or series_length == len(value):
        series_length = 0
    series, rest = value[:series_length], value[series_length:]
    visible = 3 if len(rest) >= 6 else 0
    hidden = len(rest) - visible
    return series + MASK * hidden + rest[hidden:]


def mask_email(email: str) -> str:
    """ "ivan.petrenko@ukr.net" → "i***o@ukr.net"; the domain stays, the name is hidden."""
    value = email.strip()
    local, at, domain = value.rpartition("@")
    if not at:
        return MASK * 3 if value else ""
    if len(local) <= 2:
        return f"{local[:1]}{MASK * 3}@{domain}"
    return f"{local[0]}{MASK * 3}{local[-1]}@{domain}"


def mask_name(name: str) -> str:
    """ "Петренко" → "П***"."""
    value = name.strip()
    return f"{value[0]}{MASK * 3}" if value else ""


_NUMBER_GROUP = re.compile(r"[0-9A-Za-z]+")


def mask_record_number(number: str) -> str:
    """ "0000-243P-1X53-EH38" → "0000-243P-****-EH38": the number of a prescription or a referral in a list says
    which one it is, not the number a pharmacy or a clinic serves it by. The third group is hidden; a number of
    another shape keeps only its first and last four characters (and shows nothing of a short one)."""
    groups = number.split("-")
    if len(groups) == 4 and all(_NUMBER_GROUP.fullmatch(group) for group in groups):
        groups[2] = MASK * len(groups[2])
        return "-".join(groups)
    if len(number) <= 8:
        return MASK * len(number)
    return number[:4] + MASK * (len(number) - 8) + number[-4:]
