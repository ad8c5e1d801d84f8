"""Medical records in the shapes of ehealth-patient-summary.apib, and the table rows that keep them.

Each builder names the Blueprint structure it renders; a record is written once (by the seed or a demo
control) and shown as written, as eHealth shows a medical event. Timestamps are ISO datetimes
(`2018-08-02T10:45:16.000Z`) wherever the Blueprint's examples are; references are `Reference_response`
(`identifier.type.coding[0].code` names the resource, `display_value` its words where the Blueprint fills them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sandbox.registry.core.envelope import iso_datetime

JsonDict = dict[str, Any]

# The dictionaries' systems, as the Blueprint's structures name them.
ICPC2_CONDITIONS = "eHealth/ICPC2/condition_codes"
ICD10_AM_CONDITIONS = "eHealth/ICD10_AM/condition_codes"
LOINC = "eHealth/LOINC/observation_codes"
UCUM = "eHealth/ucum/units"
VACCINE_CODES = "eHealth/vaccine_codes"
SERVICE_REQUEST_CATEGORIES = "eHealth/SNOMED/service_request_categories"

# `kind` of a MedicalRecord row.
EPISODE = "episode"
ENCOUNTER = "encounter"
CONDITION = "condition"
OBSERVATION = "observation"
DIAGNOSTIC_REPORT = "diagnostic_report"
IMMUNIZATION = "immunization"
ALLERGY_INTOLERANCE = "allergy_intolerance"
PROCEDURE = "procedure"
SERVICE_REQUEST = "service_request"


@dataclass(frozen=True)
class Clinician:
    """A doctor of the sandbox's directory, as a record names them."""

    employee_id: str
    name: str  # «Прізвище Ім’я По батькові», the `display_value` the Blueprint shows
    speciality: str  # SPECIALITY_TYPE
    division_id: str
    division_name: str
    legal_entity_id: str
    legal_entity_name: str


def at(moment: datetime) -> str:
    return iso_datetime(moment)


def coding(system: str, code: str, text: str | None = None) -> JsonDict:
    """`Codeable_Concept`; `text` is the code's words in the dictionary."""
    concept: JsonDict = {"coding": [{"system": system, "code": code}]}
    if text:
        concept["text"] = text
    return concept


def reference(resource: str, value: str, display: str = "") -> JsonDict:
    """`Reference_response`: its `display_value` is required and "may be returned empty"."""
    return {
        "identifier": {"type": coding("eHealth/resources", resource), "value": value},
        "display_value": display,
    }


def _employee(clinician: Clinician) -> JsonDict:
    """The `asserter`/`performer` object of the structures' "One Of" (an employee, with the name as `text`)."""
    return {
        "identifier": {
            "type": {"coding": [{"system": "eHealth/resources", "code": "employee"}], "text": clinician.name},
            "value": clinician.employee_id,
        }
    }


def quantity(value: float, unit: str, code: str, system: str = UCUM) -> JsonDict:
    """`Quantity`."""
    return {"value": value, "unit": unit, "system": system, "code": code}


def episode(
    id: str, name: str, status: str, start: datetime, end: datetime | None, inserted: datetime, updated: datetime
) -> JsonDict:
    """`Episode_Of_Care_Short`."""
    period: JsonDict = {"start": at(start)}
    if end is not None:
        period["end"] = at(end)
    return {
        "id": id,
        "name": name,
        "status": status,
        "period": period,
        "inserted_at": at(inserted),
        "updated_at": at(updated),
    }


def diagnosis(condition_id: str, system: str, code: str, text: str, role: str = "primary", rank: int = 1) -> JsonDict:
    """`Diagnosis_Referrence_Condition`: a current diagnosis of an active episode."""
    return {
        "condition": reference(CONDITION, condition_id),
        "code": coding(system, code, text),
        "role": coding("eHealth/diagnosis_roles", role),
        "rank": rank,
    }


def encounter(
    id: str, episode_id: str, start: datetime, end: datetime, clinician: Clinician, *, klass: str, type: str
) -> JsonDict:
    """`Encounter_Short`."""
    return {
        "id": id,
        "status": "finished",
        "period": {"start": at(start), "end": at(end)},
        "episode": reference(EPISODE, episode_id),
        "class": {"system": "eHealth/encounter_classes", "code": klass},
        "type": coding("eHealth/encounter_types", type),
        "performer_speciality": coding("SPECIALITY_TYPE", clinician.speciality),
    }


def condition(
    id: str,
    encounter_id: str,
    system: str,
    code: str,
    text: str,
    clinician: Clinician,
    *,
    clinical_status: str,
    verification_status: str,
    onset: datetime,
    asserted: datetime,
) -> JsonDict:
    """`Condition_Response`."""
    return {
        "id": id,
        "primary_source": True,
        "asserter": _employee(clinician),
        "context": reference(ENCOUNTER, encounter_id),
        "code": coding(system, code, text),
        "clinical_status": clinical_status,
        "verification_status": verification_status,
        "onset_date": at(onset),
        "asserted_date": at(asserted),
        "inserted_at": at(asserted),
        "updated_at": at(asserted),
    }


@dataclass(frozen=True)
class Measure:
    """A LOINC observation code with its unit and normal range (None: no range, e.g. body weight)."""

    code: str
    text: str
    category: str  # eHealth/observation_categories: laboratory | vital_signs
    unit: str  # as shown
    ucum: str  # eHealth/ucum/units code
    low: float | None
    high: float | None


def interpretation(measure: Measure, value: float) -> str:
    """eHealth/observation_interpretations: H above the range, L below, N inside."""
    if measure.high is not None and value > measure.high:
        return "H"
    if measure.low is not None and value < measure.low:
        return "L"
    return "N"


def observation(
    id: str,
    measure: Measure,
    value: float,
    clinician: Clinician,
    *,
    effective: datetime,
    issued: datetime,
    encounter_id: str | None,
    diagnostic_report_id: str | None = None,
    comment: str | None = None,
) -> JsonDict:
    """`Observation_Response` with a `value_quantity` and the normal `reference_ranges`."""
    body: JsonDict = {
        "id": id,
        "status": "valid",
        "categories": [coding("eHealth/observation_categories", measure.category)],
        "code": coding(LOINC, measure.code, measure.text),
        "effective_date_time": at(effective),
        "issued": at(issued),
        "inserted_at": at(issued),
        "updated_at": at(issued),
        "primary_source": True,
        "performer": reference("employee", clinician.employee_id, clinician.name),
        "interpretation": coding("eHealth/observation_interpretations", interpretation(measure, value)),
        "value_quantity": quantity(value, measure.unit, measure.ucum),
    }
    if encounter_id:
        body["context"] = reference(ENCOUNTER, encounter_id)
    if diagnostic_report_id:
        body["diagnostic_report"] = reference(DIAGNOSTIC_REPORT, diagnostic_report_id)
    if measure.low is not None or measure.high is not None:
        normal: JsonDict = {"type": coding("eHealth/reference_range_types", "normal")}
        if measure.low is not None:
            normal["low"] = quantity(measure.low, measure.unit, measure.ucum)
        if measure.high is not None:
            normal["high"] = quantity(measure.high, measure.unit, measure.ucum)
        body["reference_ranges"] = [normal]
    if comment:
        body["comment"] = comment
    return body


def diagnostic_report(
    id: str,
    service_id: str,
    service_name: str,
    category: str,
    clinician: Clinician,
    *,
    effective: datetime,
    issued: datetime,
    conclusion: str,
    encounter_id: str | None,
    episode_id: str | None,
    based_on: str | None = None,
) -> JsonDict:
    """`Diagnostic_Report_Response`: the results it groups point to it (`Observation_Response.diagnostic_report`)."""
    body: JsonDict = {
        "id": id,
        "status": "final",
        "code": reference("service", service_id, service_name),
        "category": [coding("eHealth/diagnostic_report_categories", category)],
        "effective_date_time": at(effective),
        "issued": at(issued),
        "conclusion": conclusion,
        "inserted_at": at(issued),
        "updated_at": at(issued),
        "division": reference("division", clinician.division_id, clinician.division_name),
        "managing_organization": reference("legal_entity", clinician.legal_entity_id, clinician.legal_entity_name),
        "primary_source": True,
        "performer": {
            "reference": {
                "identifier": _employee(clinician)["identifier"],
                "display_value": clinician.name,
            }
        },
        "recorded_by": reference("employee", clinician.employee_id, clinician.name),
    }
    if encounter_id:
        body["encounter"] = reference(ENCOUNTER, encounter_id)
    if episode_id:
        body["origin_episode"] = reference(EPISODE, episode_id)
    if based_on:
        body["based_on"] = reference(SERVICE_REQUEST, based_on)
    return body


@dataclass(frozen=True)
class Vaccine:
    """A vaccine of eHealth/vaccine_codes as given in Ukraine, and how it is given."""

    code: str
    text: str
    manufacturer: str
    route: str  # eHealth/vaccination_routes
    site: str  # eHealth/immunization_body_sites
    dose_ml: float
    target_diseases: tuple[str, ...]  # eHealth/vaccination_target_diseases (SNOMED CT)


def immunization(
    id: str,
    vaccine: Vaccine,
    clinician: Clinician,
    *,
    given: datetime,
    encounter_id: str,
    lot_number: str,
    expiration: datetime,
    dose_sequence: int,
    series_doses: int,
    by_calendar: bool,
) -> JsonDict:
    """`Immunization_Response`: one dose, with the protocol it follows (`vaccination_protocols`)."""
    protocol: JsonDict = {
        "dose_sequence": dose_sequence,
        "description": f"Доза {dose_sequence} з {series_doses}",
        "authority": coding("eHealth/vaccination_authorities", "MoH", "Міністерство охорони здоров’я України"),
        "series": "Календар профілактичних щеплень в Україні" if by_calendar else "За епідемічними показаннями",
        "series_doses": series_doses,
        "target_diseases": [coding("eHealth/vaccination_target_diseases", code) for code in vaccine.target_diseases],
    }
    body: JsonDict = {
        "id": id,
        "status": "completed",
        "not_given": False,
        "vaccine_code": coding(VACCINE_CODES, vaccine.code, vaccine.text),
        "context": reference(ENCOUNTER, encounter_id),
        "date": at(given),
        "inserted_at": at(given),
        "updated_at": at(given),
        "primary_source": True,
        "performer": _employee(clinician),
        "manufacturer": vaccine.manufacturer,
        "lot_number": lot_number,
        "expiration_date": at(expiration),
        "site": coding("eHealth/immunization_body_sites", vaccine.site),
        "route": coding("eHealth/vaccination_routes", vaccine.route),
        "dose_quantity": {
            "value": vaccine.dose_ml,
            "unit": "мл",
            "system": "eHealth/immunization_dosage_units",
            "code": "ml",
        },
        "vaccination_protocols": [protocol],
    }
    if by_calendar:
        body["explanation"] = {
            "reasons": {
                "coding": [{"system": "eHealth/reason_explanations", "code": "immunization_by_calendar"}],
                "text": "Планове за календарем щеплень",
            }
        }
    return body


def allergy_intolerance(
    id: str,
    encounter_id: str,
    code: str,
    text: str,
    clinician: Clinician,
    *,
    category: str,
    criticality: str,
    onset: datetime,
    asserted: datetime,
    last_occurrence: datetime | None = None,
) -> JsonDict:
    """`Allergy_Intolerance_Response`."""
    body: JsonDict = {
        "id": id,
        "clinical_status": "active",
        "verification_status": "confirmed",
        "type": "allergy",
        "category": category,
        "criticality": criticality,
        "context": reference(ENCOUNTER, encounter_id),
        "code": coding("eHealth/allergy_intolerance_codes", code, text),
        "onset_date_time": at(onset),
        "asserted_date": at(asserted),
        "inserted_at": at(asserted),
        "updated_at": at(asserted),
        "primary_source": True,
        "asserter": _employee(clinician),
    }
    if last_occurrence is not None:
        body["last_occurrence"] = at(last_occurrence)
    return body


def procedure(
    id: str,
    service_id: str,
    service_name: str,
    clinician: Clinician,
    *,
    performed: datetime,
    encounter_id: str,
    episode_id: str | None,
    based_on: str | None,
    reason_condition_id: str | None,
    note: str | None = None,
) -> JsonDict:
    """`Procedure_Response` (completed)."""
    body: JsonDict = {
        "id": id,
        "status": "completed",
        "code": reference("service", service_id, service_name),
        "performed_date_time": at(performed),
        "recorded_by": reference("employee", clinician.employee_id, clinician.name),
        "primary_source": True,
        "performer": _employee(clinician),
        "division": reference("division", clinician.division_id, clinician.division_name),
        "managing_organization": reference("legal_entity", clinician.legal_entity_id, clinician.legal_entity_name),
        "category": coding("eHealth/procedure_categories", "103693007", "Діагностична процедура"),
        "encounter": reference(ENCOUNTER, encounter_id),
        "inserted_at": at(performed),
        "updated_at": at(performed),
    }
    if based_on:
        body["based_on"] = reference(SERVICE_REQUEST, based_on)
    if episode_id:
        body["origin_episode"] = reference(EPISODE, episode_id)
    if reason_condition_id:
        body["reason_references"] = [reference(CONDITION, reason_condition_id)]
    if note:
        body["note"] = note
    return body


@dataclass(frozen=True)
class Service:
    """A service of eHealth's service dictionary (`Service`): what a referral asks for."""

    id: str
    code: str
    name: str
    category: str  # Service.category: laboratory | imaging | consultation | diagnostic_procedure
    request_category: str  # eHealth/SNOMED/service_request_categories
    request_category_text: str


@dataclass(frozen=True)
class StatusChange:
    status: str
    at: datetime
    reason: str | None = None  # eHealth/service_request_recall_reasons


def service_request(
    id: str,
    requisition: str,
    service: Service,
    person_id: str,
    requester: Clinician,
    *,
    history: tuple[StatusChange, ...],
    encounter_id: str,
    episode_id: str | None,
    reason_condition_id: str | None,
    occurrence_start: datetime,
    expiration: datetime,
    note: str,
    patient_instruction: str,
    used_by: Clinician | None = None,
    completed_with: str | None = None,
) -> JsonDict:
    """`Service_Request_Base` (= `Service_Request_Show`): `status` is the last of `status_history`."""
    last = history[-1]
    body: JsonDict = {
        "id": id,
        "requisition": requisition,
        "status": last.status,
        "status_history": [
            {
                "status": change.status,
                **(
                    {"status_reason": coding("eHealth/service_request_recall_reasons", change.reason)}
                    if change.reason
                    else {}
                ),
                "inserted_at": at(change.at),
            }
            for change in history
        ],
        "intent": "order",
        "priority": "routine",
        "category": coding(SERVICE_REQUEST_CATEGORIES, service.request_category, service.request_category_text),
        "code": reference("service", service.id, service.name),
        "subject": reference("patient", person_id),
        "context": reference(ENCOUNTER, encounter_id),
        "occurrence_period": {"start": at(occurrence_start), "end": at(expiration)},
        "requester_employee": reference("employee", requester.employee_id, requester.name),
        "requester_legal_entity": reference("legal_entity", requester.legal_entity_id, requester.legal_entity_name),
        "reason_reference": [reference(CONDITION, reason_condition_id)] if reason_condition_id else [],
        "note": note,
        "patient_instruction": patient_instruction,
        "expiration_date": at(expiration),
        "inserted_at": at(history[0].at),
        "updated_at": at(last.at),
        "quantity": {"value": 1, "system": "SERVICE_UNIT", "code": "PIECE", "unit": "шт"},
    }
    if episode_id:
        body["supporting_info"] = [reference("episode_of_care", episode_id)]
    if last.reason:
        body["status_reason"] = coding("eHealth/service_request_recall_reasons", last.reason)
    if used_by is not None:
        body["used_by_employee"] = reference("employee", used_by.employee_id, used_by.name)
        body["used_by_legal_entity"] = reference("legal_entity", used_by.legal_entity_id, used_by.legal_entity_name)
    if completed_with:
        body["completed_with"] = reference(DIAGNOSTIC_REPORT, completed_with)
    return body


def row(
    kind: str,
    person_id: str,
    body: JsonDict,
    *,
    occurred_at: datetime,
    inserted_at: datetime,
    code: str | None = None,
    status: str | None = None,
    episode_id: str | None = None,
    encounter_id: str | None = None,
    ended_at: datetime | None = None,
    facets: JsonDict | None = None,
) -> JsonDict:
    """The `medical_records` row that keeps `body`."""
    return {
        "id": body["id"],
        "person_id": person_id,
        "kind": kind,
        "code": code,
        "status": status,
        "episode_id": episode_id,
        "encounter_id": encounter_id,
        "occurred_at": occurred_at,
        "ended_at": ended_at,
        "facets": facets or {},
        "body": body,
        "inserted_at": inserted_at,
    }
