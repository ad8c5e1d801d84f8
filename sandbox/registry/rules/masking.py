"""How eHealth masks numbers it hands a client (the Blueprints' examples).

`urgent.authentication_method_current.number` and `Authentication_Method.phone_number` show a phone as
`+38093*****85`: the country and operator code, then the last two digits. `Confidant_Person_Masked`
shows a tax id as `******50`, a document number as `******18`, a УНЗР as `**********99`: only the
last two characters.
"""

from __future__ import annotations

MASK = "*"
_PHONE_HEAD = len("+38093")
_TAIL = 2


def mask_phone(number: str) -> str:
    """`+380931234585` → `+38093*****85`; a value too short to keep both ends is masked whole."""
    if len(number) <= _PHONE_HEAD + _TAIL:
        return MASK * len(number)
    return number[:_PHONE_HEAD] + MASK * (len(number) - _PHONE_HEAD - _TAIL) + number[-_TAIL:]


def mask_all_but_last_two(value: str) -> str:
    """`3126509850` → `********50` (tax ids, document numbers, УНЗР)."""
    if len(value) <= _TAIL:
        return MASK * len(value)
    return MASK * (len(value) - _TAIL) + value[-_TAIL:]
