"""The registry port: the one interface the backend uses to reach the eHealth registry.

Everything here is in our own words. Nothing outside the adapter knows eHealth's URLs,
envelope shapes or error format; the adapter (`backend.registry.ehealth`) translates at the edge.
All datetimes are timezone-aware UTC; dates are plain `datetime.date`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")

# Every page eHealth serves is a call of its own, counted against the client's limit. Whoever pays per call (the
# client's budget) sets this gate around a call of the port; an adapter that walks a listing page by page awaits
# `admit_further_page()` before asking for each page after the first, which the call itself paid for.
further_page_gate: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar("further_page_gate", default=None)


async def admit_further_page() -> None:
    gate = further_page_gate.get()
    if gate is not None:
        await gate()


# Working hours of a division: weekday key ("mon".."sun") → intervals [("08.00", "12.00"), …].
WorkingHours = Mapping[str, tuple[tuple[str, str], ...]]


# --- Auth -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenSet:
    """A patient's session with the registry, issued at sign-in and renewed with the refresh token."""

    access_token: str
    refresh_token: str
    expires_at: datetime
    person_id: str
    scope: tuple[str, ...]


# --- Person ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonDocument:
    type: str  # PASSPORT, NATIONAL_ID, BIRTH_CERTIFICATE, …
    number: str
    issued_by: str | None = None
    issued_at: date | None = None
    expiration_date: date | None = None


@dataclass(frozen=True, slots=True)
class Phone:
    type: str  # MOBILE or LAND_LINE
    number: str  # +380XXXXXXXXX


@dataclass(frozen=True, slots=True)
class Address:
    type: str  # RESIDENCE or REGISTRATION
    area: str
    settlement: str
    settlement_type: str  # CITY, TOWNSHIP, VILLAGE, SETTLEMENT
    region: str | None = None
    street_type: str | None = None
    street: str | None = None
    building: str | None = None
    apartment: str | None = None
    zip: str | None = None
    settlement_id: str | None = None


@dataclass(frozen=True, slots=True)
class EmergencyContact:
    first_name: str
    last_name: str
    second_name: str | None = None
    phones: tuple[Phone, ...] = ()


@dataclass(frozen=True, slots=True)
class AuthenticationMethod:
    type: str  # OTP, OFFLINE, THIRD_PERSON
    phone_number: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """The signed-in patient as the registry knows them."""

    id: str
    first_name: str
    last_name: str
    second_name: str | None
    birth_date: date
    gender: str  # MALE or FEMALE
    email: str | None
    tax_id: str | None
    no_tax_id: bool
    unzr: str | None
    secret: str | None
    documents: tuple[PersonDocument, ...]
    phones: tuple[Phone, ...]
    addresses: tuple[Address, ...]
    emergency_contact: EmergencyContact | None
    preferred_way_communication: str | None  # email or phone
    authentication_methods: tuple[AuthenticationMethod, ...]
    verification_status: str  # VERIFIED, NOT_VERIFIED, VERIFICATION_NEEDED, CHANGES_NEEDED
    legal_capacity_confirmed: bool  # a 14–17-year-old with confirmed full civil capacity


@dataclass(frozen=True, slots=True)
class PersonChanges:
    """What the patient may change themselves; `None` keeps the current value.

    Names, birth data and the tax ID are not changeable by the patient (DOMAIN §4).
    """

    email: str | None = None
    secret: str | None = None
    preferred_way_communication: str | None = None
    phones: tuple[Phone, ...] | None = None
    addresses: tuple[Address, ...] | None = None
    # Documents are added or replaced by type; the person's documents of other types stay.
    documents: tuple[PersonDocument, ...] | None = None
    emergency_contact: EmergencyContact | None = None
    authentication_methods: tuple[AuthenticationMethod, ...] | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


# --- Doctors, divisions, legal entities ---------------------------------------------------


def full_name(last_name: str, first_name: str, second_name: str | None) -> str:
    """A person's name as the registry orders it: surname, first name, patronymic (when there is one)."""
    return " ".join(part for part in (last_name, first_name, second_name) if part)


@dataclass(frozen=True, slots=True)
class LegalEntityRef:
    id: str
    name: str
    edrpou: str | None = None
    status: str | None = None  # ACTIVE, CLOSED, SUSPENDED
    type: str | None = None  # PRIMARY_CARE, MSP, …


@dataclass(frozen=True, slots=True)
class DivisionRef:
    id: str
    name: str
    address: str | None = None  # one line a patient can read: "вул. Шевченка, 12, Київ"
    settlement: str | None = None
    phones: tuple[Phone, ...] = ()
    working_hours: WorkingHours = field(default_factory=dict)
    latitude: float | None = None
    longitude: float | None = None
    type: str | None = None  # CLINIC, AMBULANT_CLINIC, FAP
    area: str | None = None
    settlement_type: str | None = None
    settlement_id: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class DoctorRef:
    employee_id: str
    party_id: str | None
    first_name: str
    last_name: str
    second_name: str | None
    speciality: str | None  # FAMILY_DOCTOR, THERAPIST, PEDIATRICIAN

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.second_name)


@dataclass(frozen=True, slots=True)
class Education:
    institution: str
    speciality: str | None = None
    degree: str | None = None
    country: str | None = None
    city: str | None = None
    issued_date: date | None = None


@dataclass(frozen=True, slots=True)
class EmployeeRecord:
    """One record of eHealth's bulk employee export (`Employee_bulk`): ids, status and the officio speciality,
    no names. The directory sync joins it with the public portal's `PortalDoctor` and divisions. The export's
    educations are not read: the directory shows none (the portal's card has a doctor's own)."""

    employee_id: str
    party_id: str
    legal_entity_id: str
    division_id: str | None
    status: str  # APPROVED, STOPPED, ENTERED IN ERROR, AUTODEACTIVATED, REORGANIZED
    is_active: bool
    employee_type: str | None  # DOCTOR, …
    position: str | None
    speciality: str | None  # the officio one
    updated_at: datetime | None

    @property
    def works(self) -> bool:
        """Whether the record is a working doctor a patient may choose (anything else leaves the directory)."""
        return self.status == "APPROVED" and self.is_active and self.employee_type in (None, "DOCTOR")


@dataclass(frozen=True, slots=True)
class PortalDoctor:
    """A doctor as the public portal lists them (`EntriesEmployeesListMap`): names, division and clinic."""

    employee_id: str
    party_id: str | None
    first_name: str
    last_name: str
    second_name: str | None
    speciality: str | None
    division: DivisionRef
    legal_entity: LegalEntityRef


@dataclass(frozen=True, slots=True)
class DoctorRecord:
    """One doctor of the directory: a bulk record joined with the portal's names and places, or the
    portal's card alone (`get_doctor`)."""

    employee_id: str
    party_id: str
    first_name: str
    last_name: str
    second_name: str | None
    gender: str | None
    speciality: str | None
    position: str | None  # P7 family doctor, P8 pediatrician, P10 therapist, …
    status: str | None  # APPROVED, STOPPED, …; None when the source does not say (the portal's card)
    about: str | None
    working_experience: int | None  # years
    educations: tuple[Education, ...]
    division: DivisionRef
    legal_entity: LegalEntityRef
    declaration_limit: int | None
    updated_at: datetime | None

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.second_name)


@dataclass(frozen=True, slots=True)
class DeclarationsLimit:
    """How many declarations a doctor (party) may hold and how many they hold now."""

    party_id: str
    limit: int
    count: int

    @property
    def free(self) -> int:
        return max(self.limit - self.count, 0)


@dataclass(frozen=True, slots=True)
class SettlementRef:
    id: str
    name: str
    type: str | None  # CITY, TOWNSHIP, VILLAGE, SETTLEMENT
    region: str | None
    district: str | None
    latitude: float | None = None
    longitude: float | None = None


# --- Declarations ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Declaration:
    id: str
    number: str | None
    status: str  # active, pending_verification, terminated, closed, rejected
    reason: str | None
    reason_description: str | None
    start_date: date | None
    end_date: date | None
    signed_at: datetime | None
    doctor: DoctorRef
    division: DivisionRef
    legal_entity: LegalEntityRef
    updated_at: datetime | None = None  # when the registry last changed it (for an ended one: when it ended)


@dataclass(frozen=True, slots=True)
class DeclarationRequest:
    id: str
    status: str  # NEW, SIGNED, REJECTED, CANCELLED, EXPIRED
    status_reason: str | None
    number: str | None
    doctor: DoctorRef | None  # the registry may omit details of expired/cancelled requests
    division: DivisionRef | None
    legal_entity: LegalEntityRef | None
    start_date: date | None
    end_date: date | None
    created_at: datetime | None
    # The exact bytes the patient must sign. None once the request is no longer NEW, and in list items:
    # eHealth's list carries no document, so fetch the request (get_declaration_request) to sign it.
    signing_payload: bytes | None
    declaration_id: str | None
    current_declaration_count: int | None
    system_declaration_limit: int | None
    expires_at: datetime | None = None  # when an unsigned request expires, if the registry says


# --- Prescriptions (medication requests) and their dispenses ------------------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount with its unit (eHealth's `Simple_Quantity`): 500 mg, 1 pill, 2 puffs."""

    value: float
    unit: str  # as the registry writes it: "mg", "PILL", "таблетка", …
    code: str | None = None  # the coded unit, when given (UCUM or MEDICATION_UNIT)


@dataclass(frozen=True, slots=True)
class Strength:
    """How much active substance per unit of the form (`Dosage_drug`): 500 MG per 1 PILL."""

    numerator_value: float
    numerator_unit: str  # MEDICATION_UNIT: MG, MKG, ML, IU, …
    denominator_value: float
    denominator_unit: str  # MEDICATION_UNIT: PILL, ML, DOSE, …


@dataclass(frozen=True, slots=True)
class DosageInstruction:
    """One line of how to take the medicine (`Dosage_Instruction`), in the registry's terms.

    `text` is the doctor's free-text instruction (always present); the structured fields, when given, let the
    bot say it in the patient's language. Codes stay codes here (SNOMED, UCUM, TIMING when-codes); wording them
    is the bot's job (backend.domain.dosage).
    """

    sequence: int
    text: str
    patient_instruction: str | None = None
    as_needed: bool = False
    frequency: int | None = None  # timing.repeat: `frequency` times per `period` `period_unit`
    period: float | None = None
    period_unit: str | None = None  # UCUM: h, d, wk, mo
    when: tuple[str, ...] = ()  # timing.repeat.when: MORN, ACM, HS, …
    duration_days: float | None = None  # timing.repeat.bounds_duration, in days, when given
    route: str | None = None  # SNOMED route code (eHealth/SNOMED/route_codes)
    route_text: str | None = None  # the coding's text, when the registry gives one
    dose: Quantity | None = None  # dose_and_rate.dose_quantity
    max_dose_per_period: tuple[Quantity, Quantity] | None = None  # numerator per denominator (e.g. 4 PILL per 1 d)
    max_dose_per_administration: Quantity | None = None


@dataclass(frozen=True, slots=True)
class MedicationInfo:
    """What is prescribed (`Innm_Dosage_for_Medication_request_Responce`): the INN medicine, form, strength and
    the quantity the doctor prescribed."""

    medication_id: str
    name: str  # "Метформін 500 мг таблетки"
    form: str  # MEDICATION_FORM: TABLET, COATED_TABLET, SOLUTION_FOR_INJECTION, INHALATION_AEROSOL, …
    strength: Strength | None
    quantity: float  # in the strength's denominator units (pills, ml, doses)
    ingredients: tuple[str, ...] = ()  # INN names, the primary one first: ("Метформін",)


@dataclass(frozen=True, slots=True)
class MedicalProgramRef:
    """The reimbursement programme a prescription belongs to (`Medical_Program_Response_min_without_settings`)."""

    id: str
    name: str  # "Доступні ліки", "Інсуліни", …
    funding_source: str | None = None  # FUNDING_SOURCE: NHS, …
    blank_type: str | None = None  # MR_BLANK_TYPES: F-1, F-3, …


@dataclass(frozen=True, slots=True)
class MedicationRequest:
    """An e-prescription as the patient's cabinet sees it."""

    id: str
    request_number: str  # the public number the pharmacy asks for: "0000-243P-1X53-EH38"
    status: str  # ACTIVE, COMPLETED, EXPIRED, REJECTED
    created_at: date
    started_at: date | None  # the treatment period
    ended_at: date | None
    dispense_valid_from: date  # when a pharmacy may dispense it
    dispense_valid_to: date
    medication: MedicationInfo
    program: MedicalProgramRef
    doctor: DoctorRef
    division: DivisionRef
    legal_entity: LegalEntityRef
    dosage_instructions: tuple[DosageInstruction, ...]
    intent: str | None = None  # order, plan
    rejected_at: date | None = None
    reject_reason: str | None = None  # free text
    reject_reason_code: str | None = None  # MEDICATION_REQUEST_REJECT_REASON
    blocked_to: datetime | None = None  # blocked for dispensing until then (suspected fraud, …)
    block_reason: str | None = None
    note: str | None = None
    # The code a pharmacist asks for with the number. Only `get_medication_request` fills it; never stored or logged.
    verification_code: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class DispenseLine:
    """One medicine handed over in a dispense (`Medication_Dispense_Detail_Response_without_2d_codes`)."""

    medication_name: str  # the brand name: "Діаформін 500"
    form: str | None  # MEDICATION_FORM
    manufacturer: str | None
    quantity: float  # in the prescription's units (pills, ml, doses)
    sell_price: float | None  # per unit, UAH
    sell_amount: float | None  # total pharmacy price, UAH
    discount_amount: float | None  # UAH
    reimbursement_amount: float  # paid by the programme, UAH


@dataclass(frozen=True, slots=True)
class MedicationDispense:
    """A dispense of a prescription at a pharmacy (`Medication_Dispense_Response_without_2d_codes`)."""

    id: str
    medication_request_id: str
    status: str  # NEW, PROCESSED, REJECTED, EXPIRED
    dispensed_at: date
    pharmacy: LegalEntityRef
    division: DivisionRef
    program: MedicalProgramRef | None
    lines: tuple[DispenseLine, ...]
    payment_amount: float | None  # what the patient paid, UAH
    inserted_at: datetime | None = None


# --- The medical record (patient summary) and referrals (service requests) -------------------
# From ehealth-patient-summary.apib. Coded values stay codes (the bot words them); where eHealth gives a
# `text` or a `display_value`, it is kept as the registry wrote it.


@dataclass(frozen=True, slots=True)
class CodedValue:
    """A `Codeable_Concept`: its first coding's code and system, and the concept's text when given."""

    code: str
    system: str | None = None  # eHealth/ICD10/condition_codes, eHealth/LOINC/observation_codes, …
    text: str | None = None


@dataclass(frozen=True, slots=True)
class RecordRef:
    """A `Reference_response` (or an `asserter`/`performer` object): the referenced id and its display text."""

    id: str | None
    display: str | None = None  # display_value, or identifier.type.text (a doctor's name), when given
    kind: str | None = None  # identifier.type.coding[0].code: employee, legal_entity, division, service, …


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A current diagnosis of an active episode (`Diagnosis_Referrence_Condition`)."""

    condition_id: str | None
    code: CodedValue  # ICPC2 or ICD10
    role: str | None  # eHealth/diagnosis_roles: primary, comorbidity, CC, …
    rank: int | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition (`Condition_Response`)."""

    id: str
    code: CodedValue
    clinical_status: str  # eHealth/condition_clinical_statuses: active, resolved, …
    verification_status: str | None  # provisional, confirmed, …
    onset_date: date | None
    asserted_date: date | None
    asserter: RecordRef | None  # the doctor, when primary_source
    report_origin: str | None = None  # eHealth/report_origins, when not primary_source
    severity: str | None = None
    body_sites: tuple[str, ...] = ()
    encounter_id: str | None = None


@dataclass(frozen=True, slots=True)
class ReferenceRange:
    """One `reference_ranges` entry of an observation."""

    low: float | None
    high: float | None
    type: str | None = None  # eHealth/reference_range_types: normal, …
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Observation:
    """A measurement or test result (`Observation_Response`).

    The value is one of: a number (`value_quantity`, with its unit), a string, a boolean, or a coded value."""

    id: str
    status: str  # valid, entered_in_error, …
    code: CodedValue  # LOINC
    categories: tuple[str, ...]  # eHealth/observation_categories: vital_signs, laboratory, …
    issued: datetime
    effective_at: datetime | None  # effective_date_time, or the effective period's start
    value_number: float | None = None
    value_string: str | None = None
    value_boolean: bool | None = None
    value_code: CodedValue | None = None
    unit: str | None = None
    comparator: str | None = None  # <, >, … in front of the number
    reference_ranges: tuple[ReferenceRange, ...] = ()
    interpretation: str | None = None  # eHealth/observation_interpretations: L, H, N, …
    performer: RecordRef | None = None
    report_origin: str | None = None
    diagnostic_report_id: str | None = None
    encounter_id: str | None = None
    comment: str | None = None

    @property
    def taken_at(self) -> datetime:
        """When the value holds: its effective time, else when it was issued."""
        return self.effective_at or self.issued


@dataclass(frozen=True, slots=True)
class DiagnosticReport:
    """A diagnostic report (`Diagnostic_Report_Response`)."""

    id: str
    status: str  # final, entered_in_error, …
    service: RecordRef  # `code`: a service of the service catalogue
    categories: tuple[str, ...]  # eHealth/diagnostic_report_categories
    issued: datetime
    effective_at: datetime | None
    conclusion: str | None
    conclusion_code: CodedValue | None
    performer: RecordRef | None
    recorded_by: RecordRef | None
    results_interpreter: RecordRef | None = None
    division: RecordRef | None = None
    legal_entity: RecordRef | None = None  # managing_organization
    service_request_id: str | None = None  # based_on
    encounter_id: str | None = None


@dataclass(frozen=True, slots=True)
class Immunization:
    """A vaccination (`Immunization_Response`)."""

    id: str
    status: str  # completed, entered-in-error
    not_given: bool
    vaccine: CodedValue  # eHealth/vaccine_codes
    date: datetime
    dose_number: int | None = None  # vaccination_protocols[0].dose_sequence
    series_doses: int | None = None
    target_diseases: tuple[str, ...] = ()  # eHealth/vaccination_target_diseases
    lot_number: str | None = None
    manufacturer: str | None = None
    expiration_date: date | None = None
    site: str | None = None  # eHealth/immunization_body_sites
    route: str | None = None  # eHealth/vaccination_routes
    dose_value: float | None = None
    dose_unit: str | None = None
    reactions: tuple[str, ...] = ()  # ids of the observations that describe a reaction
    reasons: tuple[str, ...] = ()  # eHealth/reason_explanations, or why it was not given
    performer: RecordRef | None = None
    report_origin: str | None = None


@dataclass(frozen=True, slots=True)
class AllergyIntolerance:
    """An allergy or intolerance (`Allergy_Intolerance_Response`)."""

    id: str
    code: CodedValue  # eHealth/allergy_intolerance_codes
    clinical_status: str  # active, inactive, resolved
    verification_status: str | None
    type: str | None  # allergy, intolerance
    category: str | None  # food, medication, environment, biologic
    criticality: str | None  # low, high, unable-to-assess
    onset: datetime | None
    asserted_date: datetime | None = None
    last_occurrence: datetime | None = None
    asserter: RecordRef | None = None
    report_origin: str | None = None


@dataclass(frozen=True, slots=True)
class Encounter:
    """A visit. The summary's `Encounter_Short` gives the period, class, type, speciality and episode; the
    doctor, division, reasons and diagnoses are filled only when the registry's answer carries them."""

    id: str
    status: str  # finished, entered_in_error
    start: datetime
    end: datetime | None
    encounter_class: str | None  # eHealth/encounter_classes: AMB, INPATIENT, …
    type: str | None  # eHealth/encounter_types
    performer_speciality: str | None  # SPECIALITY_TYPE
    episode_id: str | None = None
    performer: RecordRef | None = None
    division: RecordRef | None = None
    reasons: tuple[CodedValue, ...] = ()
    diagnoses: tuple[Diagnosis, ...] = ()


@dataclass(frozen=True, slots=True)
class Episode:
    """An episode of care (`Episode_Of_Care_Short`)."""

    id: str
    name: str
    status: str  # active, closed, entered_in_error
    start: datetime
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class Procedure:
    """A procedure (`Procedure_Response`)."""

    id: str
    status: str  # completed, entered_in_error
    service: RecordRef  # `code`: a service of the service catalogue
    category: str | None  # eHealth/procedure_categories
    performed_at: datetime | None  # performed_date_time, or the performed period's start
    performed_end: datetime | None = None
    recorded_by: RecordRef | None = None
    performer: RecordRef | None = None
    division: RecordRef | None = None
    legal_entity: RecordRef | None = None  # managing_organization
    outcome: str | None = None
    note: str | None = None
    service_request_id: str | None = None  # based_on
    encounter_id: str | None = None


@dataclass(frozen=True, slots=True)
class ServiceRequest:
    """A referral (`Service_Request_Base`)."""

    id: str
    requisition: str  # the referral's public number
    status: str  # active, completed, recalled, entered_in_error
    intent: str | None
    priority: str | None
    category: str | None  # eHealth/SNOMED/service_request_categories
    service: RecordRef  # `code`: the service (or service group) referred to
    occurrence_start: datetime | None  # occurrence_period.start, or occurrence_date_time
    occurrence_end: datetime | None
    expires_at: datetime | None  # expiration_date: valid until
    requester: RecordRef | None  # requester_employee
    requester_legal_entity: RecordRef | None
    performer: RecordRef | None = None
    performer_type: str | None = None  # SPECIALITY_TYPE
    used_by_legal_entity: RecordRef | None = None
    note: str | None = None
    patient_instruction: str | None = None
    status_reason: str | None = None  # eHealth/service_request_recall_reasons
    program: RecordRef | None = None
    inserted_at: datetime | None = None


# --- Accesses and paging -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Access:
    """An approval the patient granted to an information system to process their data."""

    id: str
    client_id: str
    client_name: str
    scopes: tuple[str, ...]
    created_at: datetime | None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    page: int
    page_size: int
    total_entries: int
    total_pages: int

    @property
    def has_next(self) -> bool:
        return self.page < self.total_pages


# --- The port --------------------------------------------------------------------------------


class RegistryPort(Protocol):
    """The registry as the backend sees it. Every method raises `backend.registry.errors.RegistryError`
    subclasses on failure and nothing else."""

    # Auth
    def sign_in_url(self, state: str, *, sign_up: bool = False) -> str:
        """Where to send the patient's browser to sign in (or sign up) with their e-signature."""
        ...

    async def exchange_code(self, code: str) -> TokenSet: ...

    async def refresh(self, refresh_token: str) -> TokenSet: ...

    async def logout(self, access_token: str) -> None: ...

    # Person
    async def get_person(self, token: str) -> Person: ...

    async def prepare_person_update(self, token: str, changes: PersonChanges) -> bytes:
        """The exact bytes the patient signs to apply `changes` to their current data."""
        ...

    async def update_person(self, token: str, person_id: str, signed_request: str) -> Person:
        """Apply a signed update (base64 signed message over `prepare_person_update`'s bytes)."""
        ...

    # Declarations
    async def list_declarations(
        self, token: str, *, status: str | None = None, page: int = 1, page_size: int = 50
    ) -> Page[Declaration]: ...

    async def get_declaration(self, token: str, declaration_id: str) -> Declaration: ...

    async def terminate_declaration(self, token: str, declaration_id: str, reason_description: str) -> Declaration: ...

    # Declaration requests
    async def create_declaration_request(
        self, token: str, employee_id: str, division_id: str
    ) -> DeclarationRequest: ...

    async def list_declaration_requests(
        self, token: str, *, status: str | None = None, page: int = 1, page_size: int = 50
    ) -> Page[DeclarationRequest]: ...

    async def get_declaration_request(self, token: str, request_id: str) -> DeclarationRequest: ...

    async def sign_declaration_request(self, token: str, request_id: str, signed_content: str) -> DeclarationRequest:
        """Sign with a base64 signature over the request's `signing_payload`."""
        ...

    async def reject_declaration_request(self, token: str, request_id: str) -> DeclarationRequest: ...

    # Accesses
    async def list_accesses(self, token: str) -> list[Access]: ...

    async def revoke_access(self, token: str, access_id: str) -> None: ...

    # Prescriptions and dispenses (the person's own, with their token)
    async def list_medication_requests(
        self,
        token: str,
        *,
        status: str | None = None,
        request_number: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[MedicationRequest]:
        """The person's prescriptions of one status (the registry's default: ACTIVE), newest first.
        List items carry no verification code."""
        ...

    async def get_medication_request(self, token: str, request_id: str) -> MedicationRequest:
        """One prescription by id or by its public number, with its verification code."""
        ...

    async def list_medication_dispenses(
        self,
        token: str,
        *,
        medication_request_id: str | None = None,
        status: str | None = None,
        dispensed_from: date | None = None,
        dispensed_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[MedicationDispense]: ...

    async def get_medication_dispense(self, token: str, dispense_id: str) -> MedicationDispense: ...

    # The medical record (patient summary) and referrals: the person's own, with their token; `patient_id`
    # is always the signed-in person's own id. The registry pages at most 100 a page.
    async def list_diagnoses(
        self, token: str, patient_id: str, *, code: str | None = None, page: int = 1, page_size: int = 50
    ) -> Page[Diagnosis]:
        """The current diagnoses of the person's active episodes."""
        ...

    async def list_conditions(
        self,
        token: str,
        patient_id: str,
        *,
        code: str | None = None,
        onset_date_from: date | None = None,
        onset_date_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Condition]: ...

    async def get_condition(self, token: str, patient_id: str, condition_id: str) -> Condition: ...

    async def list_observations(
        self,
        token: str,
        patient_id: str,
        *,
        code: str | None = None,
        issued_from: date | None = None,
        issued_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Observation]: ...

    async def get_observation(self, token: str, patient_id: str, observation_id: str) -> Observation: ...

    async def list_diagnostic_reports(
        self,
        token: str,
        patient_id: str,
        *,
        code: str | None = None,
        issued_from: date | None = None,
        issued_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[DiagnosticReport]: ...

    async def get_diagnostic_report(self, token: str, patient_id: str, report_id: str) -> DiagnosticReport: ...

    async def list_immunizations(
        self,
        token: str,
        patient_id: str,
        *,
        vaccine_code: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Immunization]: ...

    async def get_immunization(self, token: str, patient_id: str, immunization_id: str) -> Immunization: ...

    async def list_allergy_intolerances(
        self,
        token: str,
        patient_id: str,
        *,
        code: str | None = None,
        onset_from: date | None = None,
        onset_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[AllergyIntolerance]: ...

    async def get_allergy_intolerance(self, token: str, patient_id: str, allergy_id: str) -> AllergyIntolerance: ...

    async def list_encounters(
        self,
        token: str,
        patient_id: str,
        *,
        status: str | None = None,
        episode_id: str | None = None,
        period_start_from: date | None = None,
        period_start_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Encounter]: ...

    async def get_encounter(self, token: str, patient_id: str, encounter_id: str) -> Encounter: ...

    async def list_episodes(
        self,
        token: str,
        patient_id: str,
        *,
        period_start_from: date | None = None,
        period_start_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Episode]: ...

    async def list_procedures(
        self,
        token: str,
        patient_id: str,
        *,
        status: str | None = None,
        code: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Procedure]: ...

    async def list_service_requests(
        self,
        token: str,
        patient_id: str,
        *,
        status: str | None = None,
        episode_id: str | None = None,
        code: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[ServiceRequest]:
        """The person's referrals (all of them, or of one status)."""
        ...

    async def get_service_request(self, token: str, patient_id: str, service_request_id: str) -> ServiceRequest: ...

    # Directory (no patient token: the client's api-key or the public portal)
    def bulk_employees(self, depth_days: int | None = None) -> AsyncIterator[EmployeeRecord]:
        """Every employee record; with `depth_days`, only those changed in that many days."""
        ...

    def declarations_limits(self) -> AsyncIterator[DeclarationsLimit]: ...

    def portal_doctors(
        self,
        employee_id: str | None = None,
        *,
        updated_since: datetime | None = None,
        divisions: Mapping[str, DivisionRef] | None = None,
    ) -> AsyncIterator[PortalDoctor]:
        """Every doctor the public portal lists (all pages), the one with `employee_id`, or those changed
        since `updated_since` (the portal's `updated_at_from`). `divisions`: those the caller has read already
        (`portal_divisions`), given to a doctor of one of them as they are instead of the list's own."""
        ...

    def portal_divisions(
        self, division_id: str | None = None, *, updated_since: datetime | None = None
    ) -> AsyncIterator[DivisionRef]:
        """Every division the public portal lists (all pages), the one with `division_id`, or those changed
        since `updated_since`."""
        ...

    async def get_doctor(self, employee_id: str) -> DoctorRecord: ...

    async def search_settlements(self, name: str, limit: int = 20) -> list[SettlementRef]: ...
