"""Registry rows in the shapes of eHealth's public portal and address directory.

`EntriesEmployeesListMap`, `EntriesEmployeeMap`, `EntriesDivisionMap`, `Response_Region`,
`Response_Settlement`. eHealth's portal shows whether a doctor takes new patients (`is_available`);
the sandbox also shows the numbers behind it, `declarations_limit` and `declarations_count` (ours).
Fields marked (ours) are additions the Blueprint does not list.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, Select, select

from sandbox.registry.core.envelope import iso_datetime, passed_on, stored_json
from sandbox.registry.core.models import Division, Employee, LegalEntity, Party, Region, Settlement
from sandbox.registry.declarations.lifecycle import DoctorLoad
from sandbox.registry.declarations.placements import Placement
from sandbox.registry.declarations.shapes import party_short

JsonDict = dict[str, Any]


def coordinates(division: Division) -> JsonDict:
    """`Location`."""
    return {"latitude": division.latitude, "longitude": division.longitude}


# What a division on the map shows, as plain columns (ORM objects cost more than the rest of the page).
DIVISION_MAP_COLUMNS = (
    Division.id,
    Division.name,
    Division.type,
    Division.status,
    stored_json(Division.addresses),
    Division.email,
    stored_json(Division.phones),
    Division.latitude,
    Division.longitude,
    stored_json(Division.working_hours),
    LegalEntity.id.label("legal_entity_id"),
    LegalEntity.name.label("legal_entity_name"),
    LegalEntity.public_name.label("legal_entity_public_name"),
    LegalEntity.type.label("legal_entity_type"),
    LegalEntity.status.label("legal_entity_status"),
    LegalEntity.edrpou.label("legal_entity_edrpou"),
    stored_json(LegalEntity.addresses, "legal_entity_addresses"),
    stored_json(LegalEntity.phones, "legal_entity_phones"),
    LegalEntity.email.label("legal_entity_email"),
)


def division_map_query() -> Select[Any]:
    """DIVISION_MAP_COLUMNS of divisions with their legal entity; callers add the ids."""
    return select(*DIVISION_MAP_COLUMNS).join(LegalEntity, LegalEntity.id == Division.legal_entity_id)


def division_map(row: Row[Any]) -> JsonDict:
    """`EntriesDivisionMap` (healthcare services are not modelled by the sandbox), from a DIVISION_MAP_COLUMNS row."""
    # Unpacked in DIVISION_MAP_COLUMNS' order: reading nineteen columns by name cost 3 ms of a 300-division page.
    (
        division_id,
        name,
        division_type,
        status,
        addresses,
        email,
        phones,
        latitude,
        longitude,
        working_hours,
        legal_entity_id,
        legal_entity_name,
        legal_entity_public_name,
        legal_entity_type,
        legal_entity_status,
        legal_entity_edrpou,
        legal_entity_addresses,
        legal_entity_phones,
        legal_entity_email,
    ) = row
    return {
        "id": division_id,
        "name": name,
        "type": division_type,
        "status": status,  # (ours)
        "addresses": passed_on(addresses),
        "contacts": {"email": email, "phones": passed_on(phones)},
        "coordinates": {"latitude": latitude, "longitude": longitude},  # `Location`
        "working_hours": passed_on(working_hours),  # (ours) eHealth keeps them on the division
        # `LegalEntityMap` with the entity's id and status.
        "legal_entity": {
            "id": legal_entity_id,
            "name": legal_entity_name,
            "short_name": legal_entity_public_name,
            "public_name": legal_entity_public_name,
            "type": legal_entity_type,
            "status": legal_entity_status,
            "edrpou": legal_entity_edrpou,
            "addresses": passed_on(legal_entity_addresses),
            "phones": passed_on(legal_entity_phones),
            "email": legal_entity_email,
        },
    }


# What a doctor list item shows, as plain columns: building four ORM objects per doctor took a third of a
# 300-doctor page; plain rows take a fraction of that.
LIST_ITEM_COLUMNS = (
    Employee.id,
    Employee.position,
    Employee.speciality_officio,
    Party.id.label("party_id"),
    Party.first_name,
    Party.last_name,
    Party.second_name,
    stored_json(Party.specialities),
    Division.id.label("division_id"),
    Division.name.label("division_name"),
    stored_json(Division.addresses, "division_addresses"),
    LegalEntity.id.label("legal_entity_id"),
    LegalEntity.name.label("legal_entity_name"),
    LegalEntity.status.label("legal_entity_status"),
)


def list_item_query() -> Select[Any]:
    """LIST_ITEM_COLUMNS of employees with their party, division and legal entity; callers add the ids."""
    return (
        select(*LIST_ITEM_COLUMNS)
        .join(Party, Party.id == Employee.party_id)
        .join(Division, Division.id == Employee.division_id)
        .join(LegalEntity, LegalEntity.id == Employee.legal_entity_id)
    )


def _load_fields(load: DoctorLoad | None) -> JsonDict:
    if load is None:
        return {}
    return {"declarations_limit": load.limit, "declarations_count": load.count}


def employee_list_item(row: Row[Any], load: DoctorLoad | None) -> JsonDict:
    """`EntriesEmployeesListMap` plus the doctor's officio speciality and free places (ours), from a row of
    LIST_ITEM_COLUMNS."""
    # Unpacked in LIST_ITEM_COLUMNS' order: reading fourteen columns by name cost 2 of a 300-doctor page's 7 ms here.
    (
        employee_id,
        position,
        officio,
        party_id,
        first_name,
        last_name,
        second_name,
        specialities,
        division_id,
        division_name,
        division_addresses,
        legal_entity_id,
        legal_entity_name,
        legal_entity_status,
    ) = row
    # `Party_Short` with the party's id (as `declarations.shapes.party_short`).
    party: JsonDict = {"id": party_id, "first_name": first_name, "last_name": last_name}
    if second_name is not None:
        party["second_name"] = second_name
    party["specialities"] = passed_on(specialities)
    party["is_available"] = load is not None and load.free > 0
    return {
        "id": employee_id,
        "position": position,  # (ours)
        "speciality": officio,  # (ours) the one that decides declarations
        "party": party,
        "division": {"id": division_id, "name": division_name, "addresses": passed_on(division_addresses)},
        "legal_entity": {"id": legal_entity_id, "name": legal_entity_name, "status": legal_entity_status},
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
