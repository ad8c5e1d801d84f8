"""Registry rows in the shapes of eHealth's PIS Blueprint (declarations and declaration requests).

Each function names the Blueprint structure it renders. Fields eHealth documents but the sandbox
does not model (a legal entity's `legal_form` and licences, a doctor's `no_tax_id`) are left out
rather than invented; fields marked (ours) are additions the Blueprint does not list.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sandbox.registry.core.envelope import iso_datetime
from sandbox.registry.core.models import Declaration, DeclarationRequest, Division, Employee, LegalEntity, Party, Person
from sandbox.registry.declarations.placements import Placement
from sandbox.registry.rules.masking import mask_phone

JsonDict = dict[str, Any]

# Declarations of primary care are all of one scope in eHealth.
DECLARATION_SCOPE = "family_doctor"


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def date_as_timestamp(value: date | None) -> str | None:
    """A date in the Blueprint's timestamp form (an employee's dates are timestamps there)."""
    return iso_datetime(datetime(value.year, value.month, value.day)) if value else None


def _without_none(fields: JsonDict) -> JsonDict:
    return {key: value for key, value in fields.items() if value is not None}


# --- doctors -----------------------------------------------------------------------------------


def party_short(party: Party) -> JsonDict:
    """`Party_Short` with the party's id."""
    return _without_none(
        {"id": party.id, "first_name": party.first_name, "last_name": party.last_name, "second_name": party.second_name}
    )


def employee_minimal(employee: Employee, party: Party) -> JsonDict:
    """`Employee_Minimal` plus `speciality` (as the create/sign responses carry it)."""
    return {
        "id": employee.id,
        "position": employee.position,
        "speciality": employee.speciality_officio,
        "party": party_short(party),
    }


def employee_declaration_short(employee: Employee, party: Party) -> JsonDict:
    """`Employee_Declaration_Short`: the doctor in a declaration's details."""
    return _without_none(
        {
            "id": employee.id,
            "position": employee.position,
            "employee_type": employee.employee_type,
            "status": employee.status,
            "speciality": employee.speciality_officio,  # (ours) the officio speciality at a glance
            "start_date": date_as_timestamp(employee.start_date),
            "end_date": date_as_timestamp(employee.end_date),
            "party": party_short(party),
            "division_id": employee.division_id,
            "legal_entity_id": employee.legal_entity_id,
            "doctor": _without_none(
                {
                    "educations": party.educations,
                    "qualifications": party.qualifications,
                    "specialities": party.specialities,
                    "science_degree": party.science_degree,
                }
            ),
        }
    )


# --- divisions and legal entities ----------------------------------------------------------------


def division_declaration(division: Division) -> JsonDict:
    """`Division_Declaration`: the division as a declaration names it."""
    return _without_none(
        {
            "id": division.id,
            "legal_entity_id": division.legal_entity_id,
            "name": division.name,
            "addresses": division.addresses,
            "phones": division.phones,
            "email": division.email,
            "type": division.type,
        }
    )


def division_short_list(division: Division) -> JsonDict:
    """`Division_Short_List` plus the division's addresses and phones (ours: a list a patient reads)."""
    return {
        "id": division.id,
        "name": division.name,
        "type": division.type,
        "status": division.status,
        "addresses": division.addresses,
        "phones": division.phones,
    }


def medical_service_provider(entity: LegalEntity) -> JsonDict:
    """`Medical_Service_Provider` with its id."""
    return _without_none(
        {
            "id": entity.id,
            "name": entity.name,
            "short_name": entity.public_name,
            "public_name": entity.public_name,
            "edrpou": entity.edrpou,
            "addresses": entity.addresses,
            "phones": entity.phones,
            "email": entity.email,
        }
    )


def msp_short(entity: LegalEntity) -> JsonDict:
    """`MSP_Short`."""
    return {"id": entity.id, "name": entity.name, "short_name": entity.public_name, "edrpou": entity.edrpou}


def msp_details(entity: LegalEntity) -> JsonDict:
    """`MSP_Details`."""
    return _without_none(
        {
            "id": entity.id,
            "name": entity.name,
            "short_name": entity.public_name,
            "public_name": entity.public_name,
            "edrpou": entity.edrpou,
            "type": entity.type,
            "status": entity.status,
            "email": entity.email,
            "phones": entity.phones,
            "addresses": entity.addresses,
        }
    )


# --- persons -----------------------------------------------------------------------------------


def person_minimal(person: Person) -> JsonDict:
    """`Person_Minimal`."""
    return _without_none(
        {
            "id": person.id,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "second_name": person.second_name,
        }
    )


def _person_core(person: Person) -> JsonDict:
    return {
        "id": person.id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "second_name": person.second_name,
        "birth_date": iso_date(person.birth_date),
        "birth_country": person.birth_country,
        "birth_settlement": person.birth_settlement,
        "gender": person.gender,
        "email": person.email,
        "tax_id": person.tax_id,
        "no_tax_id": person.no_tax_id,
        "secret": person.secret,
        "unzr": person.unzr,
        "documents": person.documents,
        "addresses": person.addresses,
        "phones": person.phones,
        "preferred_way_communication": person.preferred_way_communication,
        "emergency_contact": person.emergency_contact,
    }


def person_declaration(person: Person) -> JsonDict:
    """`Person_declaration` with id, unzr, emergency contact and confidant persons."""
    return _without_none({**_person_core(person), "confidant_person": person.confidant_person or None})


def person_to_be_signed(person: Person) -> JsonDict:
    """`Data_to_be_signed_PersonDetails` with the person's id and the two consent flags."""
    methods = [
        _without_none(
            {
                "type": method.get("type"),
                "phone_number": mask_phone(method["phone_number"]) if method.get("phone_number") else None,
            }
        )
        for method in person.authentication_methods
    ]
    return _without_none(
        {
            **_person_core(person),
            "authentication_methods": methods,
            "confidant_person": person.confidant_person or None,
            "patient_signed": False,
            "process_disclosure_data_consent": True,
        }
    )


# --- declarations ------------------------------------------------------------------------------


def declaration_list_item(declaration: Declaration, person: Person, placement: Placement) -> JsonDict:
    """`Declaration_list`."""
    return _without_none(
        {
            "id": declaration.id,
            "declaration_number": declaration.declaration_number,
            "start_date": iso_date(declaration.start_date),
            "end_date": iso_date(declaration.end_date),
            "status": declaration.status,
            "reason": declaration.reason,
            "reason_description": declaration.reason_description,
            "person": person_minimal(person),
            # `Employee_Minimal`: the position says the speciality (P7/P8/P10); no `speciality` field.
            "employee": {
                "id": placement.employee.id,
                "position": placement.employee.position,
                "party": party_short(placement.party),
            },
            "legal_entity": msp_short(placement.legal_entity),
            "division": division_short_list(placement.division),
            "inserted_at": iso_datetime(declaration.created_at),
            "updated_at": iso_datetime(declaration.updated_at),
        }
    )


def declaration_details(declaration: Declaration, person: Person, placement: Placement, content: str) -> JsonDict:
    """`Declaration_Details_PIS` (also the terminate answer, `Declaration_Details_terminated`)."""
    return _without_none(
        {
            "id": declaration.id,
            "declaration_number": declaration.declaration_number,
            "start_date": iso_date(declaration.start_date),
            "end_date": iso_date(declaration.end_date),
            "signed_at": iso_datetime(declaration.signed_at),
            "person": person_declaration(person),
            "employee": employee_declaration_short(placement.employee, placement.party),
            "division": division_declaration(placement.division),
            "legal_entity": msp_details(placement.legal_entity),
            "status": declaration.status,
            "scope": DECLARATION_SCOPE,
            "declaration_request_id": declaration.declaration_request_id,
            "content": content,
            "inserted_at": iso_datetime(declaration.created_at),
            "updated_at": iso_datetime(declaration.updated_at),
            "reason": declaration.reason,
            "reason_description": declaration.reason_description,
        }
    )


# --- declaration requests ---------------------------------------------------------------------


def request_list_item(request: DeclarationRequest, person: Person, placement: Placement | None) -> JsonDict:
    """`Declaration_requests_list`; a wiped (expired) request shows no personal data."""
    wiped = request.data_to_be_signed is None
    item: JsonDict = {
        "id": request.id,
        "declaration_number": request.declaration_number,
        "start_date": iso_date(request.start_date),
        "end_date": iso_date(request.end_date),
        "channel": request.channel,
        "status": request.status,
        "status_reason": request.status_reason,
        "person": {"id": person.id} if wiped else person_minimal(person),
        "inserted_at": iso_datetime(request.created_at),  # (ours) when the patient asked
        "updated_at": iso_datetime(request.updated_at),  # (ours)
    }
    if placement is not None:
        item["employee"] = {
            "id": placement.employee.id,
            "position": placement.employee.position,
            "party": party_short(placement.party),
        }
        item["legal_entity"] = msp_short(placement.legal_entity)
        item["division"] = {
            "id": placement.division.id,
            "name": placement.division.name,
            "type": placement.division.type,
            "status": placement.division.status,
        }
    return _without_none(item)


def request_details(request: DeclarationRequest, *, current_count: int, limit: int) -> JsonDict:
    """`Declaration_request_details`; `data_to_be_signed` is absent once the request was wiped."""
    return _without_none(
        {
            "id": request.id,
            "declaration_number": request.declaration_number,
            "declaration_id": request.declaration_id,
            "start_date": iso_date(request.start_date),
            "end_date": iso_date(request.end_date),
            "scope": DECLARATION_SCOPE,
            "status": request.status,
            "current_declaration_count": current_count,
            "system_declaration_limit": limit,
            "patient_id": request.person_id,
            "employee_id": request.employee_id,
            "legal_entity_id": request.legal_entity_id,
            "division_id": request.division_id,
            "status_reason": request.status_reason,
            "data_to_be_signed": request.data_to_be_signed,
            "channel": request.channel,
            "inserted_at": iso_datetime(request.created_at),  # (ours)
            "expires_at": iso_datetime(request.expires_at),  # (ours) when an unsigned request expires
        }
    )


def request_document_response(request: DeclarationRequest) -> JsonDict:
    """`Create_Declaration_Request_Response_PIS` / `Sign_Declaration_Request_Response_PIS`.

    Everything but the status comes from the signed document itself, so the answer and the
    document can never disagree.
    """
    document = request.data_to_be_signed or {}
    return _without_none(
        {
            "id": request.id,
            "seed": document.get("seed"),
            "start_date": iso_date(request.start_date),
            "end_date": iso_date(request.end_date),
            "person": document.get("person"),
            "scope": document.get("scope", DECLARATION_SCOPE),
            "declaration_number": request.declaration_number,
            "declaration_id": request.declaration_id,
            "status": request.status,
            "employee": document.get("employee"),
            "legal_entity": document.get("legal_entity"),
            "division": document.get("division"),
            "content": document.get("content"),
            "data_to_be_signed": request.data_to_be_signed,
            "channel": request.channel,
            "inserted_at": iso_datetime(request.created_at),  # (ours)
            "expires_at": iso_datetime(request.expires_at),  # (ours)
        }
    )
