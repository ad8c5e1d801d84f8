"""Medication requests and dispenses in the shapes of ehealth-cabinet-medication-structures.apib.

Each function names the Blueprint structure it renders. Dates are DATEs where the Blueprint says *DATE*
(`created_at`, `started_at`, `dispense_valid_to`, `dispensed_at`, and `rejected_at` as its example shows),
ISO datetimes where it says so (a dispense's and a programme's `inserted_at`/`updated_at`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sandbox.registry.core.envelope import iso_datetime
from sandbox.registry.core.models import (
    Division,
    InnmDosage,
    LegalEntity,
    MedicalProgram,
    Medication,
    MedicationDispense,
    MedicationDispenseDetail,
    MedicationRequest,
    Person,
    Pharmacy,
    PharmacyDivision,
)
from sandbox.registry.declarations.placements import Placement
from sandbox.registry.rules.access import full_years
from sandbox.registry.rules.medication import short_name

JsonDict = dict[str, Any]


def _without_none(fields: JsonDict) -> JsonDict:
    return {key: value for key, value in fields.items() if value is not None}


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def legal_entity_short(entity: LegalEntity) -> JsonDict:
    """`Legal_Entity_Short` of the prescribing clinic."""
    return {
        "id": entity.id,
        "name": entity.name,
        "short_name": entity.public_name,
        "public_name": entity.public_name,
        "type": entity.type,
        "edrpou": entity.edrpou,
        "status": entity.status,
    }


def division_details(division: Division) -> JsonDict:
    """`Division_Details` of the prescribing clinic's division."""
    return _without_none(
        {
            "id": division.id,
            "legal_entity_id": division.legal_entity_id,
            "name": division.name,
            "addresses": division.addresses,
            "phones": division.phones,
            "email": division.email or "",
            "working_hours": division.working_hours or None,
            "type": division.type,
            "location": {"latitude": division.latitude, "longitude": division.longitude},
        }
    )


def employee_minimal(placement: Placement) -> JsonDict:
    """`Employee_Minimal`: the prescribing doctor (a doctor always has a tax id: `no_tax_id` is false)."""
    party = placement.party
    return {
        "id": placement.employee.id,
        "position": placement.employee.position,
        "party": _without_none(
            {
                "id": party.id,
                "no_tax_id": False,
                "first_name": party.first_name,
                "last_name": party.last_name,
                "second_name": party.second_name,
            }
        ),
    }


def person_medication_request(person: Person, on: date) -> JsonDict:
    """`Person_Medication_Request`: age in full years on the prescription's date."""
    return {
        "id": person.id,
        "short_name": short_name(person.first_name, person.last_name, person.second_name),
        "age": full_years(person.birth_date, on),
    }


def innm_dosage_info(innm: InnmDosage, qty: float) -> JsonDict:
    """`Innm_Dosage_for_Medication_request_Responce`."""
    return {
        "medication_id": innm.id,
        "medication_name": innm.name,
        "form": innm.form,
        "dosage": innm.dosage,
        "ingredients": innm.ingredients,
        "medication_qty": qty,
    }


def program_min(program: MedicalProgram) -> JsonDict:
    """`Medical_Program_Response_min_without_settings`."""
    return {
        "id": program.id,
        "name": program.name,
        "funding_source": program.funding_source,
        "mr_blank_type": program.mr_blank_type,
    }


def program_full(program: MedicalProgram) -> JsonDict:
    """`Medical_Program_Response_without_settings`."""
    return {
        **program_min(program),
        "is_active": program.is_active,
        "medication_dispense_allowed": program.medication_dispense_allowed,
        "medication_request_allowed": program.medication_request_allowed,
        "type": program.type,
        "inserted_at": iso_datetime(program.inserted_at),
        "updated_at": iso_datetime(program.updated_at),
    }


def medication_request(
    request: MedicationRequest,
    person: Person,
    placement: Placement,
    innm: InnmDosage,
    program: MedicalProgram,
    *,
    full_program: bool = False,
) -> JsonDict:
    """`Medication_request_Public_Response_with_Medical_Program_min` (the cabinet's list and details), or with
    `full_program` the `Medication_request_Public_Response` a dispense carries."""
    return _without_none(
        {
            "id": request.id,
            "status": request.status,
            "request_number": request.request_number,
            "created_at": _date(request.created_at),
            "started_at": _date(request.started_at),
            "ended_at": _date(request.ended_at),
            "dispense_valid_from": _date(request.dispense_valid_from),
            "dispense_valid_to": _date(request.dispense_valid_to),
            "legal_entity": legal_entity_short(placement.legal_entity),
            "division": division_details(placement.division),
            "employee": employee_minimal(placement),
            "person": person_medication_request(person, request.created_at),
            "medication_info": innm_dosage_info(innm, request.medication_qty),
            "medical_program": program_full(program) if full_program else program_min(program),
            "intent": request.intent,
            "category": request.category,
            "context": {
                "identifier": {
                    "type": {"coding": [{"system": "eHealth/resources", "code": "encounter"}]},
                    "value": request.encounter_id,
                }
            },
            "dosage_instruction": request.dosage_instruction,
            "rejected_at": _date(request.rejected_at),
            "rejected_by": request.rejected_by,
            "reject_reason": request.reject_reason,
            "reject_reason_code": request.reject_reason_code,
            "note": request.note,
        }
    )


def pharmacy_short(pharmacy: Pharmacy) -> JsonDict:
    """`Legal_Entity_Short` of the dispensing pharmacy."""
    return {
        "id": pharmacy.id,
        "name": pharmacy.name,
        "short_name": pharmacy.short_name,
        "public_name": pharmacy.public_name,
        "type": "PHARMACY",
        "edrpou": pharmacy.edrpou,
        "status": pharmacy.status,
    }


def pharmacy_division_short(division: PharmacyDivision) -> JsonDict:
    """`Division_Short` of the dispensing pharmacy's outlet."""
    return {
        "id": division.id,
        "name": division.name,
        "legal_entity_id": division.pharmacy_id,
        "type": division.type,
        "status": division.status,
    }


def medication_short(medication: Medication) -> JsonDict:
    """`Medication_Short`: the brand handed over."""
    return {
        "name": medication.name,
        "type": "MEDICATION",
        "manufacturer": medication.manufacturer,
        "form": medication.form,
        "container": medication.container,
    }


def dispense_detail(detail: MedicationDispenseDetail, medication: Medication) -> JsonDict:
    """`Medication_Dispense_Detail_Response_without_2d_codes`."""
    return {
        "medication": medication_short(medication),
        "medication_qty": detail.medication_qty,
        "sell_price": detail.sell_price,
        "sell_amount": detail.sell_amount,
        "discount_amount": detail.discount_amount,
        "reimbursement_amount": detail.reimbursement_amount,
    }


def medication_dispense(
    dispense: MedicationDispense,
    request_json: JsonDict,
    pharmacy: Pharmacy,
    division: PharmacyDivision,
    program: MedicalProgram,
    details: list[tuple[MedicationDispenseDetail, Medication]],
) -> JsonDict:
    """`Medication_Dispense_Response_without_2d_codes`."""
    pharmacist = division.pharmacist
    return _without_none(
        {
            "id": dispense.id,
            "medication_request": request_json,
            "dispensed_at": _date(dispense.dispensed_at),
            "dispensed_by": dispense.dispensed_by,
            "party": _without_none(
                {
                    "id": pharmacist["id"],
                    "first_name": pharmacist["first_name"],
                    "last_name": pharmacist["last_name"],
                    "second_name": pharmacist.get("second_name"),
                }
            ),
            "legal_entity": pharmacy_short(pharmacy),
            "division": pharmacy_division_short(division),
            "medical_program": program_full(program),
            "details": [dispense_detail(detail, medication) for detail, medication in details],
            "payment_id": dispense.payment_id,
            "payment_amount": dispense.payment_amount,
            "status": dispense.status,
            "note": dispense.note,
            "inserted_at": iso_datetime(dispense.inserted_at),
            "inserted_by": dispense.inserted_by,
            "updated_at": iso_datetime(dispense.updated_at),
            "updated_by": dispense.updated_by,
        }
    )
