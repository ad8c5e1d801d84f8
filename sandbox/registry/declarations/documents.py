"""The declaration document: what a patient signs (`data_to_be_signed`) and its printable text."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from sandbox.registry.core.models import Declaration, Person
from sandbox.registry.declarations.content import render_declaration_content
from sandbox.registry.declarations.placements import Placement
from sandbox.registry.declarations.shapes import (
    DECLARATION_SCOPE,
    division_declaration,
    employee_minimal,
    iso_date,
    medical_service_provider,
    person_declaration,
    person_to_be_signed,
)

CHANNEL_PIS = "PIS"


def _content(
    declaration_number: str,
    person: dict[str, Any],
    placement: Placement,
    start_date: date,
    end_date: date | None,
) -> str:
    party = placement.party
    return render_declaration_content(
        declaration_number=declaration_number,
        person=person,
        doctor_name=" ".join(part for part in (party.last_name, party.first_name, party.second_name) if part),
        speciality=placement.employee.speciality_officio,
        division_name=placement.division.name,
        division_addresses=placement.division.addresses,
        legal_entity_name=placement.legal_entity.name,
        edrpou=placement.legal_entity.edrpou,
        start_date=start_date,
        end_date=end_date,
    )


def new_seed() -> str:
    """The random component signed with the declaration (eHealth: `seed`)."""
    return secrets.token_hex(32)


def build_data_to_be_signed(
    *,
    request_id: str,
    declaration_id: str,
    declaration_number: str,
    person: Person,
    placement: Placement,
    start_date: date,
    end_date: date | None,
    seed: str,
) -> dict[str, Any]:
    """`Declaration_request_data_to_be_signed`: the whole declaration, as the patient signs it."""
    signed_person = person_to_be_signed(person)
    document: dict[str, Any] = {
        "id": request_id,
        "status": "NEW",
        "declaration_number": declaration_number,
        "declaration_id": declaration_id,
        "start_date": iso_date(start_date),
        "content": _content(declaration_number, signed_person, placement, start_date, end_date),
        "channel": CHANNEL_PIS,
        "scope": DECLARATION_SCOPE,
        "person": signed_person,
        "employee": employee_minimal(placement.employee, placement.party),
        "legal_entity": medical_service_provider(placement.legal_entity),
        "division": division_declaration(placement.division),
        "seed": seed,
    }
    if end_date is not None:
        document["end_date"] = iso_date(end_date)
    return document


def declaration_content(declaration: Declaration, person: Person, placement: Placement) -> str:
    """The printable text of a stored declaration, rendered from its current facts."""
    return _content(
        declaration.declaration_number,
        person_declaration(person),
        placement,
        declaration.start_date,
        declaration.end_date,
    )
