"""The medical record (patient summary) and referrals as the bot shows them.

Coded values stay codes (`code` with its `system`; the bot words them); `text`/`display` is the registry's own
wording where it gives one. Every model reads the registry port's type of the same name (`from_attributes`).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from backend.domain.medical_record import RangeMark


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CodedValueOut(_Out):
    code: str = Field(examples=["K87"])
    system: str | None = Field(examples=["eHealth/ICD10/condition_codes"])
    text: str | None = Field(description="The registry's own wording, when it gives one.")


class RecordRefOut(_Out):
    id: str | None
    display: str | None = Field(description="The registry's display text (a doctor's or a clinic's name), if any.")
    kind: str | None = Field(examples=["employee"], description="employee, legal_entity, division, service, …")


class DiagnosisOut(_Out):
    condition_id: str | None
    code: CodedValueOut = Field(description="ICPC2 or ICD10")
    role: str | None = Field(examples=["primary"], description="eHealth/diagnosis_roles")
    rank: int | None


class ConditionOut(_Out):
    id: str
    code: CodedValueOut
    clinical_status: str = Field(examples=["active"])
    verification_status: str | None
    onset_date: date | None
    asserted_date: date | None
    asserter: RecordRefOut | None = Field(description="The doctor who recorded it.")
    report_origin: str | None
    severity: str | None
    body_sites: list[str]
    encounter_id: str | None


class ReferenceRangeOut(_Out):
    low: float | None
    high: float | None
    type: str | None = Field(examples=["normal"])
    text: str | None


class ObservationOut(_Out):
    id: str
    status: str
    code: CodedValueOut = Field(description="LOINC")
    categories: list[str] = Field(examples=[["vital_signs"]])
    issued: datetime
    effective_at: datetime | None
    taken_at: datetime = Field(description="When the value holds: effective_at, else issued.")
    value_number: float | None
    value_string: str | None
    value_boolean: bool | None
    value_code: CodedValueOut | None
    unit: str | None
    comparator: str | None
    reference_ranges: list[ReferenceRangeOut]
    interpretation: str | None = Field(examples=["H"], description="eHealth/observation_interpretations")
    mark: RangeMark | None = Field(
        default=None, description="LOW/NORMAL/HIGH: the number against the first (normal) reference range."
    )
    performer: RecordRefOut | None
    report_origin: str | None
    diagnostic_report_id: str | None
    encounter_id: str | None
    comment: str | None


class DiagnosticReportOut(_Out):
    id: str
    status: str
    service: RecordRefOut
    categories: list[str]
    issued: datetime
    effective_at: datetime | None
    conclusion: str | None
    conclusion_code: CodedValueOut | None
    performer: RecordRefOut | None
    recorded_by: RecordRefOut | None
    results_interpreter: RecordRefOut | None
    division: RecordRefOut | None
    legal_entity: RecordRefOut | None
    service_request_id: str | None
    encounter_id: str | None


class ImmunizationOut(_Out):
    id: str
    status: str
    not_given: bool
    vaccine: CodedValueOut = Field(description="eHealth/vaccine_codes")
    date: datetime
    dose_number: int | None
    series_doses: int | None
    target_diseases: list[str]
    lot_number: str | None
    manufacturer: str | None
    expiration_date: date | None
    site: str | None
    route: str | None
    dose_value: float | None
    dose_unit: str | None
    reactions: list[str] = Field(description="Ids of the observations describing a reaction.")
    reasons: list[str]
    performer: RecordRefOut | None
    report_origin: str | None


class AllergyOut(_Out):
    id: str
    code: CodedValueOut
    clinical_status: str
    verification_status: str | None
    type: str | None = Field(examples=["allergy"])
    category: str | None = Field(examples=["food"])
    criticality: str | None = Field(examples=["high"])
    onset: datetime | None
    asserted_date: datetime | None
    last_occurrence: datetime | None
    asserter: RecordRefOut | None
    report_origin: str | None


class EncounterOut(_Out):
    id: str
    status: str
    start: datetime
    end: datetime | None
    encounter_class: str | None
    type: str | None
    performer_speciality: str | None = Field(examples=["FAMILY_DOCTOR"])
    episode_id: str | None
    performer: RecordRefOut | None = Field(description="Only when the registry's answer carries it.")
    division: RecordRefOut | None
    reasons: list[CodedValueOut]
    diagnoses: list[DiagnosisOut]


class EpisodeOut(_Out):
    id: str
    name: str
    status: str
    start: datetime
    end: datetime | None


class ProcedureOut(_Out):
    id: str
    status: str
    service: RecordRefOut
    category: str | None
    performed_at: datetime | None
    performed_end: datetime | None
    recorded_by: RecordRefOut | None
    performer: RecordRefOut | None
    division: RecordRefOut | None
    legal_entity: RecordRefOut | None
    outcome: str | None
    note: str | None
    service_request_id: str | None
    encounter_id: str | None


class ReferralOut(_Out):
    id: str
    requisition: str = Field(description="The referral's number.")
    status: str = Field(examples=["active"], description="active, completed, recalled, entered_in_error")
    is_open: bool = Field(default=False, description="Active and not expired.")
    intent: str | None
    priority: str | None
    category: str | None
    service: RecordRefOut
    occurrence_start: datetime | None
    occurrence_end: datetime | None
    expires_at: datetime | None
    requester: RecordRefOut | None
    requester_legal_entity: RecordRefOut | None
    performer: RecordRefOut | None
    performer_type: str | None
    used_by_legal_entity: RecordRefOut | None
    note: str | None
    patient_instruction: str | None
    status_reason: str | None
    program: RecordRefOut | None
    inserted_at: datetime | None


class RecordOverviewOut(BaseModel):
    allergies: list[AllergyOut] = Field(description="The current ones.")
    diagnoses: list[DiagnosisOut] = Field(description="Of the active episodes.")
    last_visit: EncounterOut | None
    latest_results: list[ObservationOut] = Field(description="The newest result of each measure, newest first.")
    open_referrals: list[ReferralOut]


class _Paged(BaseModel):
    page: int
    page_size: int
    total_entries: int
    total_pages: int


class DiagnosisList(_Paged):
    items: list[DiagnosisOut]


class ConditionList(_Paged):
    items: list[ConditionOut]


class ObservationList(_Paged):
    items: list[ObservationOut]


class DiagnosticReportList(_Paged):
    items: list[DiagnosticReportOut]


class ImmunizationList(_Paged):
    items: list[ImmunizationOut]


class AllergyList(_Paged):
    items: list[AllergyOut]


class EncounterList(_Paged):
    items: list[EncounterOut]


class EpisodeList(_Paged):
    items: list[EpisodeOut]


class ProcedureList(_Paged):
    items: list[ProcedureOut]


class ReferralList(_Paged):
    items: list[ReferralOut]
