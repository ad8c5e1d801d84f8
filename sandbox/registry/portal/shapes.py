"""Registry rows in the shapes of eHealth's public portal and address directory.

`EntriesEmployeesListMap`, `EntriesEmployeeMap`, `EntriesDivisionMap`, `Response_Region`,
`Response_Settlement`. eHealth's portal shows whether a doctor takes new patients (`is_available`);
the sandbox also shows the numbers behind it, `declarations_limit` and `declarations_count` (ours).
Fields marked (ours) are additions the Blueprint does not list.
"""

from __future__ import annotations

from typing import Any

from sandbox.registry.core.envelope import iso_datetime
from sandbox.registry.core.models import Division, LegalEntity, Region, Settlement
from sandbox.registry.declarations.lifecycle import DoctorLoad
from sandbox.registry.declarations.placements import Placement
from sandbox.registry.declarations.shapes import party_short

JsonDict = dict[str, Any]


def coordinates(division: Division) -> JsonDict:
    """`Location`."""
    return {"latitude": division.latitude, "longitude": division.longitude}


def legal_entity_map(entity: LegalEntity) -> JsonDict:
    """`LegalEntityMap` with the entity's id and status."""
    return {
        "id": entity.id,
        "name": entity.name,
        "short_name": entity.public_name,
        "public_name": entity.public_name,
        "type": entity.type,
        "status": entity.status,
        "edrpou": entity.edrpou,
        "addresses": entity.addresses,
        "phones": entity.phones,
        "email": entity.email,
    }


def division_map(division: Division, entity: LegalEntity) -> JsonDict:
    """`EntriesDivisionMap` (healthcare services are not modelled by the sandbox)."""
    return {
        "id": division.id,
        "name": division.name,
        "type": division.type,
        "status": division.status,  # (ours)
        "addresses": division.addresses,
        "contacts": {"email": division.email, "phones": division.phones},
        "coordinates": coordinates(division),
        "working_hours": division.working_hours,  # (ours) eHealth keeps them on the division
        "legal_entity": legal_entity_map(entity),
    }


def _load_fields(load: DoctorLoad | None) -> JsonDict:
    if load is None:
        return {}
    return {"declarations_limit": load.limit, "declarations_count": load.count}


def employee_list_item(placement: Placement, load: DoctorLoad | None) -> JsonDict:
    """`EntriesEmployeesListMap` plus the doctor's officio speciality and free places (ours)."""
    employee, party, division, entity = placement.employee, placement.party, placement.division, placement.legal_entity
    return {
        "id": employee.id,
        "position": employee.position,  # (ours)
        "speciality": employee.speciality_officio,  # (ours) the one that decides declarations
        "party": {
            **party_short(party),
            "specialities": party.specialities,
            "is_available": load is not None and load.free > 0,
        },
        "division": {"id": division.id, "name": division.name, "addresses": division.addresses},
        "legal_entity": {"id": entity.id, "name": entity.name, "status": entity.status},
        **_load_fields(load),
    }


def employee_card(placement: Placement, load: DoctorLoad | None) -> JsonDict:
    """`EntriesEmployeeMap`: the doctor's card, with the division's contacts, hours and place (ours)."""
    employee, party, division, entity = placement.employee, placement.party, placement.division, placement.legal_entity
    party_fields = {
        **party_short(party),
        "gender": party.gender,  # (ours)
        "educations": party.educations,
        "qualifications": party.qualifications,
        "specialities": party.specialities,
        "is_available": load is not None and load.free > 0,
        "science_degree": party.science_degree,
        "working_experience": party.working_experience,
        "about_myself": party.about_myself,
    }
    return {
        "id": employee.id,
        "position": employee.position,
        "employee_type": employee.employee_type,
        "speciality": employee.speciality_officio,  # (ours)
        "start_date": employee.start_date.isoformat(),  # (ours)
        "declaration_limit": employee.declaration_limit,  # (ours) this record's own limit
        "updated_at": iso_datetime(employee.updated_at),  # (ours)
        "party": {key: value for key, value in party_fields.items() if value is not None},
        "division": {
            "id": division.id,
            "name": division.name,
            "type": division.type,
            "addresses": division.addresses,
            "phones": division.phones,  # (ours) from here on
            "email": division.email,
            "working_hours": division.working_hours,
            "coordinates": coordinates(division),
        },
        "legal_entity": {
            "id": entity.id,
            "name": entity.name,
            "status": entity.status,
            "public_name": entity.public_name,  # (ours)
            "edrpou": entity.edrpou,  # (ours)
            "type": entity.type,  # (ours)
        },
        **_load_fields(load),
    }


def region_item(region: Region) -> JsonDict:
    """`Response_Region`."""
    return {"id": region.id, "region": region.name, "koatuu": region.koatuu}


def settlement_item(settlement: Settlement, region: Region) -> JsonDict:
    """`Response_Settlement` (district ids and mountain groups are not modelled) plus its location (ours)."""
    item: JsonDict = {
        "id": settlement.id,
        "region_id": region.id,
        "region": region.name,
        "settlement_name": settlement.name,
        "type": settlement.type,
        "koatuu": settlement.koatuu,
        "location": {"latitude": settlement.latitude, "longitude": settlement.longitude},
    }
    if settlement.district:
        item["district"] = settlement.district
    return item
