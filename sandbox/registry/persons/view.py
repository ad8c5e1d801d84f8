"""The person as `GET /api/pis/person` shows them (the Blueprint's `pis_person_response`).

The same JSON is what a patient signs to change their data, so the update compares against it. Who may
see and change it is decided here too, from the sandbox's own access rule (`rules.access`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sandbox.registry.core.envelope import RegistryError
from sandbox.registry.core.models import Person
from sandbox.registry.rules.access import OwnAccess, full_years, legal_capacity_check, own_access, refusal


def person_access(person: Person, today: date) -> OwnAccess:
    return own_access(person.birth_date, person.legal_capacity_status, today)


def require_view(person: Person, today: date) -> None:
    """403 for a person with no own access (under 14): a confidant person acts for the child."""
    if message := refusal(person_access(person, today), acting=False):
        raise RegistryError("forbidden", message)


def require_act(person: Person, today: date) -> None:
    """403 unless the person has full access (adult, or 14–17 with confirmed full civil capacity)."""
    if message := refusal(person_access(person, today), acting=True):
        raise RegistryError("forbidden", message)


def legal_capacity(person: Person, today: date) -> dict[str, str]:
    """`verification.details.legal_capacity` (DOMAIN §3 last line)."""
    status, reason = legal_capacity_check(person.legal_capacity_status, full_years(person.birth_date, today))
    return {"verification_status": status, "verification_reason": reason}


def person_json(person: Person, today: date) -> dict[str, Any]:
    return {
        "id": person.id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "second_name": person.second_name,
        "birth_date": person.birth_date.isoformat(),
        "birth_country": person.birth_country,
        "birth_settlement": person.birth_settlement,
        "gender": person.gender,
        "email": person.email,
        "tax_id": person.tax_id,
        "no_tax_id": person.no_tax_id,
        "secret": person.secret,
        "unzr": person.unzr,
        "documents": list(person.documents or []),
        "addresses": list(person.addresses or []),
        "phones": list(person.phones or []),
        "preferred_way_communication": person.preferred_way_communication,
        "emergency_contact": person.emergency_contact,
        "confidant_person": list(person.confidant_person or []),
        "authentication_methods": list(person.authentication_methods or []),
        "verification": {
            "verification_status": person.verification_status,
            "details": {"legal_capacity": legal_capacity(person, today)},
        },
    }
