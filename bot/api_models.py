"""The backend's answers as the bot reads them (a copy of its contract; the bot imports no backend module).

Unknown fields are ignored, so the backend may add to its answers without breaking the bot.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# Accounts ---------------------------------------------------------------------------------------------


class Consent(Answer):
    given: bool
    version: str | None = None
    at: datetime | None = None
    current_version: str


class Notifications(Answer):
    declaration_status: bool = True
    request_status: bool = True
    security: bool = True
    reminders: bool = True
    prescriptions: bool = True
    medical_record: bool = True


NOTIFICATION_KINDS: tuple[str, ...] = tuple(Notifications.model_fields)


class AccountState(Answer):
    telegram_user_id: int
    language: Literal["uk", "en"]
    consent: Consent
    phone_shared: bool
    phone_masked: str | None = None
    linked: bool
    first_name: str | None = None
    access_level: str | None = Field(None, description="FULL or READ_ONLY when linked.")
    read_only_reason: str | None = None
    notifications: Notifications = Notifications()
    unreachable: bool = False
    # Speciality codes the patient may choose at their age; None when not linked.
    allowed_specialities: list[str] | None = None

    @property
    def read_only(self) -> bool:
        return self.linked and self.access_level == "READ_ONLY"


class SignInLink(Answer):
    url: str
    expires_at: datetime


# Personal data ------------------------------------------------------------------------------------------


class PhoneOut(Answer):
    type: str
    number: str


class AddressOut(Answer):
    type: str
    area: str
    region: str | None = None
    settlement: str
    settlement_type: str
    street_type: str | None = None
    street: str | None = None
    building: str | None = None
    apartment: str | None = None
    zip: str | None = None
    text: str


class DocumentOut(Answer):
    type: str
    number_masked: str
    issued_by: str | None = None
    issued_at: date | None = None
    expiration_date: date | None = None


class EmergencyContactOut(Answer):
    first_name: str
    last_name: str
    second_name: str | None = None
    phones: list[PhoneOut] = []


class PersonView(Answer):
    first_name: str
    last_name: str
    second_name: str | None = None
    birth_date: date
    gender: str
    tax_id_masked: str | None = None
    no_tax_id: bool = False
    unzr_masked: str | None = None
    email: str | None = None
    phones: list[PhoneOut] = []
    addresses: list[AddressOut] = []
    documents: list[DocumentOut] = []
    emergency_contact: EmergencyContactOut | None = None
    preferred_way_communication: str | None = None
    secret_set: bool = False
    verification_status: str
    declaration_pending_verification: bool = False
    access_level: str
    read_only_reason: str | None = None


class SummaryItem(Answer):
    label: str
    value: str


class Summary(Answer):
    title: str
    lead: str
    items: list[SummaryItem] = []


class SigningLink(Answer):
    signing_url: str
    expires_at: datetime
    summary: Summary


# Declarations -------------------------------------------------------------------------------------------


class DoctorRef(Answer):
    employee_id: str
    full_name: str
    first_name: str
    last_name: str
    second_name: str | None = None
    speciality: str | None = None


class Division(Answer):
    id: str
    name: str
    address: str | None = None
    settlement: str | None = None
    phones: list[str] = []
    working_hours: dict[str, list[list[str]]] = {}
    latitude: float | None = None
    longitude: float | None = None


class LegalEntity(Answer):
    id: str
    name: str
    edrpou: str | None = None


class Declaration(Answer):
    id: str
    number: str | None = None
    status: str
    reason: str | None = None
    reason_description: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    ended_on: date | None = None  # the day an ended declaration ended
    signed_at: datetime | None = None
    current: bool = False
    doctor: DoctorRef
    division: Division
    legal_entity: LegalEntity


class DeclarationList(Answer):
    current: list[Declaration] = []
    items: list[Declaration] = []
    page: int
    page_size: int
    total_entries: int
    total_pages: int


class Precheck(Answer):
    ok: bool
    blockers: list[str] = Field(default=[], description="NO_ACCESS, READ_ONLY, SPECIALITY_AGE_MISMATCH, …")
    warnings: list[str] = Field(default=[], description="WILL_REPLACE_CURRENT")
    free_places: int | None = None
    current_doctor_name: str | None = None


class DeclarationRequest(Answer):
    id: str
    status: str
    status_reason: str | None = None
    number: str | None = None
    doctor: DoctorRef | None = None
    division: Division | None = None
    legal_entity: LegalEntity | None = None
    start_date: date | None = None
    end_date: date | None = None
    created_at: datetime | None = None
    declaration_id: str | None = None
    current_declaration_count: int | None = None
    system_declaration_limit: int | None = None
    signable: bool = False


class DeclarationRequestCreated(DeclarationRequest):
    signing_url: str | None = None
    signing_expires_at: datetime | None = None
    summary: dict[str, Any] | None = None


class DeclarationRequestList(Answer):
    items: list[DeclarationRequest] = []
    page: int
    page_size: int
    total_entries: int
    total_pages: int


# Prescriptions ------------------------------------------------------------------------------------------


class Quantity(Answer):
    value: float
    unit: str = Field(description="As the registry writes it (a code such as PILL or a word).")
    code: str | None = None


class Strength(Answer):
    numerator_value: float
    numerator_unit: str = Field(description="Dictionary MEDICATION_UNIT: MG, MKG, ML, IU, …")
    denominator_value: float
    denominator_unit: str = Field(description="Dictionary MEDICATION_UNIT: PILL, ML, DOSE, …")


class DosageInstruction(Answer):
    sequence: int
    text: str = Field(description="The doctor's own words (always present).")
    patient_instruction: str | None = None
    as_needed: bool = False
    frequency: int | None = None  # `frequency` times per `period` `period_unit`
    period: float | None = None
    period_unit: str | None = None  # UCUM: h, d, wk, mo
    when: list[str] = []  # timing codes: MORN, ACM, HS, …
    duration_days: float | None = None
    route: str | None = None  # SNOMED route code
    route_text: str | None = None
    dose: Quantity | None = None
    max_dose_per_period: list[Quantity] | None = None  # [numerator, denominator]
    max_dose_per_administration: Quantity | None = None


class Medication(Answer):
    medication_id: str
    name: str
    form: str = Field(description="Dictionary MEDICATION_FORM (a code: render it as words).")
    strength: Strength | None = None
    quantity: float = Field(description="How much was prescribed, in the strength's denominator units.")
    ingredients: list[str] = []


class Program(Answer):
    id: str
    name: str
    funding_source: str | None = None
    blank_type: str | None = None


class Prescription(Answer):
    id: str
    request_number: str
    status: str = Field(description="ACTIVE, COMPLETED, EXPIRED, REJECTED")
    created_at: date
    started_at: date | None = None
    ended_at: date | None = None
    dispense_valid_from: date
    dispense_valid_to: date
    medication: Medication
    program: Program
    doctor: DoctorRef
    division: Division
    legal_entity: LegalEntity
    dosage_instructions: list[DosageInstruction] = []
    rejected_at: date | None = None
    reject_reason: str | None = None
    reject_reason_code: str | None = None
    blocked_to: datetime | None = None
    block_reason: str | None = None
    note: str | None = None


class PrescriptionList(Answer):
    items: list[Prescription] = []
    page: int
    page_size: int
    total_entries: int
    total_pages: int


class VerificationCode(Answer):
    request_number: str
    verification_code: str = Field(repr=False)  # only for the pharmacist; never log it

    def __repr__(self) -> str:  # the number and the code are medical data: keep both out of logs
        return "VerificationCode(<hidden>)"

    __str__ = __repr__


class DispenseLine(Answer):
    medication_name: str
    form: str | None = None
    manufacturer: str | None = None
    quantity: float
    sell_price: float | None = None
    sell_amount: float | None = None
    discount_amount: float | None = None
    reimbursement_amount: float


class Dispense(Answer):
    id: str
    medication_request_id: str
    status: str = Field(description="NEW, PROCESSED, REJECTED, EXPIRED")
    dispensed_at: date
    pharmacy: LegalEntity
    division: Division
    program: Program | None = None
    lines: list[DispenseLine] = []
    payment_amount: float | None = None  # what the patient paid, UAH


class DispenseList(Answer):
    items: list[Dispense] = []
    page: int
    page_size: int
    total_entries: int
    total_pages: int


# Doctors ------------------------------------------------------------------------------------------------


class DoctorCard(Answer):
    employee_id: str
    party_id: str
    full_name: str
    first_name: str
    last_name: str
    second_name: str | None = None
    speciality: str | None = None
    about: str | None = None
    working_experience: int | None = None
    division_id: str
    division_name: str
    division_type: str | None = None
    address: str | None = None
    area: str | None = None
    settlement: str | None = None
    settlement_type: str | None = None
    phones: list[str] = []
    working_hours: dict[str, list[list[str]]] = {}
    latitude: float | None = None
    longitude: float | None = None
    legal_entity_id: str
    legal_entity_name: str
    available: bool = True
    declaration_limit: int | None = None
    declaration_count: int | None = None
    free_places: int | None = None
    updated_at: datetime | None = None


class DoctorHit(DoctorCard):
    distance_km: float | None = None


class DoctorSearchPage(Answer):
    items: list[DoctorHit] = []
    total: int | None = None
    next_offset: int | None = None
    radius_km: float | None = None


class Settlement(Answer):
    name: str
    area: str | None = None
    settlement_type: str | None = None
    doctors: int = 0


# Accesses and cabinets ----------------------------------------------------------------------------------


class Access(Answer):
    id: str
    client_id: str
    client_name: str
    scopes: list[str] = []
    created_at: datetime | None = None


class Cabinet(Answer):
    id: str
    name: str
    url: str
    kind: str
    description_uk: str
    description_en: str
    ours: bool = False


# Events (the notifier) ----------------------------------------------------------------------------------


class Event(Answer):
    id: int
    telegram_user_id: int
    chat_id: int
    language: str
    kind: str
    payload: dict[str, Any] = {}
    attempts: int = 1
    created_at: datetime


class FieldError(Answer):
    field: str
    code: str
    message: str


# Medical record and referrals -------------------------------------------------------------------------
# Coded values stay codes (the bot words them with its dictionaries); `text`/`display` are the registry's own.


class CodedValue(Answer):
    code: str
    system: str | None = None
    text: str | None = None


class RecordRef(Answer):
    id: str | None = None
    display: str | None = None  # a doctor's or a clinic's name, when the registry gives one
    kind: str | None = None  # employee, legal_entity, division, service, …


class Diagnosis(Answer):
    condition_id: str | None = None
    code: CodedValue  # ICPC2 or ICD10
    role: str | None = None
    rank: int | None = None


class Condition(Answer):
    id: str
    code: CodedValue
    clinical_status: str
    verification_status: str | None = None
    onset_date: date | None = None
    asserted_date: date | None = None
    asserter: RecordRef | None = None
    report_origin: str | None = None
    severity: str | None = None
    body_sites: list[str] = []
    encounter_id: str | None = None


class ReferenceRange(Answer):
    low: float | None = None
    high: float | None = None
    type: str | None = None
    text: str | None = None


class Observation(Answer):
    id: str
    status: str
    code: CodedValue  # LOINC
    categories: list[str] = []
    issued: datetime
    effective_at: datetime | None = None
    taken_at: datetime
    value_number: float | None = None
    value_string: str | None = None
    value_boolean: bool | None = None
    value_code: CodedValue | None = None
    unit: str | None = None
    comparator: str | None = None
    reference_ranges: list[ReferenceRange] = []
    interpretation: str | None = None
    mark: Literal["LOW", "NORMAL", "HIGH"] | None = None  # against the normal range
    performer: RecordRef | None = None
    report_origin: str | None = None
    diagnostic_report_id: str | None = None
    encounter_id: str | None = None
    comment: str | None = None


class DiagnosticReport(Answer):
    id: str
    status: str
    service: RecordRef
    categories: list[str] = []
    issued: datetime
    effective_at: datetime | None = None
    conclusion: str | None = None
    conclusion_code: CodedValue | None = None
    performer: RecordRef | None = None
    recorded_by: RecordRef | None = None
    results_interpreter: RecordRef | None = None
    division: RecordRef | None = None
    legal_entity: RecordRef | None = None
    service_request_id: str | None = None
    encounter_id: str | None = None


class Immunization(Answer):
    id: str
    status: str
    not_given: bool = False
    vaccine: CodedValue
    date: datetime
    dose_number: int | None = None
    series_doses: int | None = None
    target_diseases: list[str] = []
    lot_number: str | None = None
    manufacturer: str | None = None
    expiration_date: date | None = None
    site: str | None = None
    route: str | None = None
    dose_value: float | None = None
    dose_unit: str | None = None
    reactions: list[str] = []
    reasons: list[str] = []
    performer: RecordRef | None = None
    report_origin: str | None = None


class Allergy(Answer):
    id: str
    code: CodedValue
    clinical_status: str
    verification_status: str | None = None
    type: str | None = None
    category: str | None = None
    criticality: str | None = None
    onset: datetime | None = None
    asserted_date: datetime | None = None
    last_occurrence: datetime | None = None
    asserter: RecordRef | None = None
    report_origin: str | None = None


class Encounter(Answer):
    id: str
    status: str
    start: datetime
    end: datetime | None = None
    encounter_class: str | None = None
    type: str | None = None
    performer_speciality: str | None = None
    episode_id: str | None = None
    performer: RecordRef | None = None
    division: RecordRef | None = None
    reasons: list[CodedValue] = []
    diagnoses: list[Diagnosis] = []


class Episode(Answer):
    id: str
    name: str
    status: str
    start: datetime
    end: datetime | None = None


class Procedure(Answer):
    id: str
    status: str
    service: RecordRef
    category: str | None = None
    performed_at: datetime | None = None
    performed_end: datetime | None = None
    recorded_by: RecordRef | None = None
    performer: RecordRef | None = None
    division: RecordRef | None = None
    legal_entity: RecordRef | None = None
    outcome: str | None = None
    note: str | None = None
    service_request_id: str | None = None
    encounter_id: str | None = None


class Referral(Answer):
    id: str
    requisition: str  # the referral's number: medical data, never log it
    status: str
    is_open: bool = False
    intent: str | None = None
    priority: str | None = None
    category: str | None = None
    service: RecordRef
    occurrence_start: datetime | None = None
    occurrence_end: datetime | None = None
    expires_at: datetime | None = None
    requester: RecordRef | None = None
    requester_legal_entity: RecordRef | None = None
    performer: RecordRef | None = None
    performer_type: str | None = None
    used_by_legal_entity: RecordRef | None = None
    note: str | None = None
    patient_instruction: str | None = None
    status_reason: str | None = None
    program: RecordRef | None = None
    inserted_at: datetime | None = None


class RecordOverview(Answer):
    allergies: list[Allergy] = []
    diagnoses: list[Diagnosis] = []
    last_visit: Encounter | None = None
    latest_results: list[Observation] = []
    open_referrals: list[Referral] = []


class _RecordPage(Answer):
    page: int
    page_size: int
    total_entries: int
    total_pages: int


class DiagnosisList(_RecordPage):
    items: list[Diagnosis] = []


class ConditionList(_RecordPage):
    items: list[Condition] = []


class ObservationList(_RecordPage):
    items: list[Observation] = []


class DiagnosticReportList(_RecordPage):
    items: list[DiagnosticReport] = []


class ImmunizationList(_RecordPage):
    items: list[Immunization] = []


class AllergyList(_RecordPage):
    items: list[Allergy] = []


class EncounterList(_RecordPage):
    items: list[Encounter] = []


class EpisodeList(_RecordPage):
    items: list[Episode] = []


class ProcedureList(_RecordPage):
    items: list[Procedure] = []


class ReferralList(_RecordPage):
    items: list[Referral] = []
