"""Tables of the registry sandbox.

They model the parts of eHealth a patient information system (PIS) touches: persons (MPI),
the auth host (clients, codes, tokens, approvals), the address directory, legal entities,
divisions, doctors (parties and their employee records), declaration requests and declarations.
Nested eHealth structures that are always read whole (documents, phones, addresses…) are JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JsonList = list[dict[str, Any]]


class Base(DeclarativeBase):
    pass


class SandboxClock(Base):
    """One row: how far the sandbox clock is moved ahead of real time (demo control)."""

    __tablename__ = "sandbox_clock"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offset_seconds: Mapped[float] = mapped_column(Float, default=0.0)


class TableChanges(Base):
    """How many row changes a directory table has seen: bumped by the database's own triggers (core.changes)."""

    __tablename__ = "sandbox_table_changes"
    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    changes: Mapped[int] = mapped_column(Integer, default=0)


# --- auth host -------------------------------------------------------------------------------


class Client(Base):
    """A registered OAuth client (a PIS such as ours). `secret` is the `api-key` of every call."""

    __tablename__ = "clients"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    secret: Mapped[str] = mapped_column(String(200))
    redirect_uris: Mapped[list[str]] = mapped_column(JSON, default=list)
    scope: Mapped[str] = mapped_column(Text, default="")


class AuthCode(Base):
    __tablename__ = "auth_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"))
    redirect_uri: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Token(Base):
    """Access and refresh tokens; only their SHA-256 is stored."""

    __tablename__ = "tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # access | refresh
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    scope: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Approval(Base):
    """An access (Mithril approval) of a system to the person's data: `GET/DELETE /api/pis/apps`."""

    __tablename__ = "approvals"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    client_name: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class SandboxKey(Base):
    """A test person's sandbox e-signature key (see sandbox/signer)."""

    __tablename__ = "sandbox_keys"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    public_key: Mapped[str] = mapped_column(Text)
    encrypted_private_key: Mapped[str] = mapped_column(Text)


# --- persons ---------------------------------------------------------------------------------


class Person(Base):
    __tablename__ = "persons"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    second_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    birth_date: Mapped[date] = mapped_column(Date)
    birth_country: Mapped[str] = mapped_column(String(100), default="Україна")
    birth_settlement: Mapped[str] = mapped_column(String(100))
    gender: Mapped[str] = mapped_column(String(8))  # MALE | FEMALE
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    tax_id: Mapped[str | None] = mapped_column(String(10), nullable=True, unique=True)
    no_tax_id: Mapped[bool] = mapped_column(Boolean, default=False)
    unzr: Mapped[str | None] = mapped_column(String(14), nullable=True)
    secret: Mapped[str | None] = mapped_column(String(100), nullable=True)
    documents: Mapped[JsonList] = mapped_column(JSON, default=list)
    phones: Mapped[JsonList] = mapped_column(JSON, default=list)
    addresses: Mapped[JsonList] = mapped_column(JSON, default=list)
    emergency_contact: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    confidant_person: Mapped[JsonList] = mapped_column(JSON, default=list)
    authentication_methods: Mapped[JsonList] = mapped_column(JSON, default=list)
    preferred_way_communication: Mapped[str | None] = mapped_column(String(16), nullable=True)
    verification_status: Mapped[str] = mapped_column(String(32), default="VERIFIED")
    # VERIFIED | NOT_VERIFIED | None: full civil capacity of a 14–17-year-old (DOMAIN §3)
    legal_capacity_status: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


# --- addresses -------------------------------------------------------------------------------


class Region(Base):
    __tablename__ = "regions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)  # e.g. "КИЇВСЬКА", "М.КИЇВ"
    koatuu: Mapped[str] = mapped_column(String(10))


class Settlement(Base):
    __tablename__ = "settlements"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)
    district: Mapped[str | None] = mapped_column(String(100), nullable=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    type: Mapped[str] = mapped_column(String(16))  # CITY | TOWNSHIP | VILLAGE | SETTLEMENT
    koatuu: Mapped[str] = mapped_column(String(10))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)


# --- clinics and doctors ---------------------------------------------------------------------


class LegalEntity(Base):
    __tablename__ = "legal_entities"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    public_name: Mapped[str] = mapped_column(String(300))
    edrpou: Mapped[str] = mapped_column(String(10))
    type: Mapped[str] = mapped_column(String(32))  # PRIMARY_CARE | MSP
    status: Mapped[str] = mapped_column(String(16))  # ACTIVE | CLOSED | SUSPENDED
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phones: Mapped[JsonList] = mapped_column(JSON, default=list)
    addresses: Mapped[JsonList] = mapped_column(JSON, default=list)


class Division(Base):
    __tablename__ = "divisions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    legal_entity_id: Mapped[str] = mapped_column(ForeignKey("legal_entities.id"), index=True)
    settlement_id: Mapped[str] = mapped_column(ForeignKey("settlements.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(32))  # CLINIC | AMBULANT_CLINIC | FAP
    status: Mapped[str] = mapped_column(String(16), default="ACTIVE")
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phones: Mapped[JsonList] = mapped_column(JSON, default=list)
    addresses: Mapped[JsonList] = mapped_column(JSON, default=list)
    working_hours: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    # Indexed: the portal's `updated_at_from` looks up the divisions changed since a moment.
    updated_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class Party(Base):
    """A doctor as a person; one party may hold several employee records (divisions)."""

    __tablename__ = "parties"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    second_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    gender: Mapped[str] = mapped_column(String(8))
    about_myself: Mapped[str | None] = mapped_column(Text, nullable=True)
    working_experience: Mapped[int | None] = mapped_column(Integer, nullable=True)
    educations: Mapped[JsonList] = mapped_column(JSON, default=list)
    qualifications: Mapped[JsonList] = mapped_column(JSON, default=list)
    specialities: Mapped[JsonList] = mapped_column(JSON, default=list)
    science_degree: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    party_id: Mapped[str] = mapped_column(ForeignKey("parties.id"), index=True)
    legal_entity_id: Mapped[str] = mapped_column(ForeignKey("legal_entities.id"), index=True)
    division_id: Mapped[str] = mapped_column(ForeignKey("divisions.id"), index=True)
    position: Mapped[str] = mapped_column(String(16))  # P7 family doctor, P8 pediatrician, P10 therapist
    employee_type: Mapped[str] = mapped_column(String(32), default="DOCTOR")
    status: Mapped[str] = mapped_column(String(16))  # APPROVED | DISMISSED
    speciality_officio: Mapped[str] = mapped_column(String(32))  # FAMILY_DOCTOR | THERAPIST | PEDIATRICIAN
    declaration_limit: Mapped[int] = mapped_column(Integer)
    # Active declarations of patients the sandbox does not model one by one (the seed sets it so that
    # some doctors are at or near their limit without seeding thousands of persons).
    unmodelled_declarations: Mapped[int] = mapped_column(Integer, default=0)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, index=True)


# --- declarations ----------------------------------------------------------------------------


class DeclarationRequest(Base):
    __tablename__ = "declaration_requests"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employees.id"), index=True)
    division_id: Mapped[str] = mapped_column(ForeignKey("divisions.id"))
    legal_entity_id: Mapped[str] = mapped_column(ForeignKey("legal_entities.id"))
    status: Mapped[str] = mapped_column(String(16), index=True)  # NEW|SIGNED|REJECTED|CANCELLED|EXPIRED
    status_reason: Mapped[str | None] = mapped_column(String(64), nullable=True)
    channel: Mapped[str] = mapped_column(String(16), default="PIS")
    declaration_number: Mapped[str] = mapped_column(String(14))
    # The exact document the patient signs; wiped (set to None) when the request expires.
    data_to_be_signed: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    declaration_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class Declaration(Base):
    __tablename__ = "declarations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    declaration_number: Mapped[str] = mapped_column(String(14), unique=True)
    declaration_request_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employees.id"), index=True)
    division_id: Mapped[str] = mapped_column(ForeignKey("divisions.id"))
    legal_entity_id: Mapped[str] = mapped_column(ForeignKey("legal_entities.id"))
    status: Mapped[str] = mapped_column(String(32), index=True)
    # active | pending_verification | terminated | closed | rejected
    reason: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reason_description: Mapped[str | None] = mapped_column(Text, nullable=True)
    signed_at: Mapped[datetime] = mapped_column(DateTime)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


Index("ix_declarations_employee_status", Declaration.employee_id, Declaration.status)


# --- e-prescriptions (medication requests) and their dispenses ----------------------------------


class MedicalProgram(Base):
    """A reimbursement programme of the NHSU (`Medical_Program_Response_without_settings`)."""

    __tablename__ = "medical_programs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(32), default="MEDICATION")
    funding_source: Mapped[str] = mapped_column(String(16))  # FUNDING_SOURCE: NHS
    mr_blank_type: Mapped[str] = mapped_column(String(16))  # MR_BLANK_TYPES: F-1, …
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    medication_request_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    medication_dispense_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    inserted_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class InnmDosage(Base):
    """A medicine by its INN, form and strength (a medication of type INNM_DOSAGE): what a doctor prescribes.

    `key` names it in the sandbox's controls; the defaults are what the issue control prescribes."""

    __tablename__ = "innm_dosages"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))  # "Метформін 500 мг таблетки"
    form: Mapped[str] = mapped_column(String(64))  # MEDICATION_FORM
    dosage: Mapped[dict[str, Any]] = mapped_column(JSON)  # Dosage_drug
    ingredients: Mapped[JsonList] = mapped_column(JSON)  # Ingredient_v2
    medical_program_id: Mapped[str] = mapped_column(ForeignKey("medical_programs.id"))
    default_qty: Mapped[float] = mapped_column(Float)
    treatment_days: Mapped[int] = mapped_column(Integer)
    default_dosage_instruction: Mapped[JsonList] = mapped_column(JSON)  # Dosage_Instruction[]


class Medication(Base):
    """A brand a pharmacy dispenses for an INNM dosage (`Medication_Short`), with its price per unit."""

    __tablename__ = "medications"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    innm_dosage_id: Mapped[str] = mapped_column(ForeignKey("innm_dosages.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    form: Mapped[str] = mapped_column(String(64))
    manufacturer: Mapped[dict[str, Any]] = mapped_column(JSON)  # Manufacturer
    container: Mapped[dict[str, Any]] = mapped_column(JSON)  # Dosage_container
    package_qty: Mapped[float] = mapped_column(Float)  # units in one package (60 pills, 15 ml, 200 doses)
    sell_price: Mapped[float] = mapped_column(Float)  # UAH per unit
    reimbursement_per_unit: Mapped[float] = mapped_column(Float)  # UAH per unit the programme pays


class Pharmacy(Base):
    """A pharmacy's legal entity (`Legal_Entity_Short`, type PHARMACY)."""

    __tablename__ = "pharmacies"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(200))
    public_name: Mapped[str] = mapped_column(String(300))
    edrpou: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(16), default="ACTIVE")


class PharmacyDivision(Base):
    """A pharmacy's outlet (`Division_Short`) with the pharmacist who dispenses there."""

    __tablename__ = "pharmacy_divisions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    pharmacy_id: Mapped[str] = mapped_column(ForeignKey("pharmacies.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(32), default="DRUGSTORE")
    status: Mapped[str] = mapped_column(String(16), default="ACTIVE")
    settlement: Mapped[str] = mapped_column(String(100))
    pharmacist: Mapped[dict[str, Any]] = mapped_column(JSON)  # {id, first_name, last_name, second_name}


class MedicationRequest(Base):
    __tablename__ = "medication_requests"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    request_number: Mapped[str] = mapped_column(String(19), unique=True)
    verification_code: Mapped[str] = mapped_column(String(8))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employees.id"))
    division_id: Mapped[str] = mapped_column(ForeignKey("divisions.id"))
    legal_entity_id: Mapped[str] = mapped_column(ForeignKey("legal_entities.id"))
    innm_dosage_id: Mapped[str] = mapped_column(ForeignKey("innm_dosages.id"))
    medical_program_id: Mapped[str] = mapped_column(ForeignKey("medical_programs.id"))
    medication_qty: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), index=True)  # ACTIVE | COMPLETED | EXPIRED | REJECTED
    intent: Mapped[str] = mapped_column(String(16), default="order")
    category: Mapped[str] = mapped_column(String(32), default="community")
    encounter_id: Mapped[str] = mapped_column(String(36))
    dosage_instruction: Mapped[JsonList] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[date] = mapped_column(Date)
    started_at: Mapped[date] = mapped_column(Date)
    ended_at: Mapped[date] = mapped_column(Date)
    dispense_valid_from: Mapped[date] = mapped_column(Date)
    dispense_valid_to: Mapped[date] = mapped_column(Date, index=True)
    rejected_at: Mapped[date | None] = mapped_column(Date, nullable=True)
    rejected_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    reject_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    reject_reason_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    inserted_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class MedicationDispense(Base):
    __tablename__ = "medication_dispenses"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    medication_request_id: Mapped[str] = mapped_column(ForeignKey("medication_requests.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    pharmacy_id: Mapped[str] = mapped_column(ForeignKey("pharmacies.id"))
    division_id: Mapped[str] = mapped_column(ForeignKey("pharmacy_divisions.id"))
    medical_program_id: Mapped[str] = mapped_column(ForeignKey("medical_programs.id"))
    status: Mapped[str] = mapped_column(String(16))  # NEW | PROCESSED | REJECTED | EXPIRED
    dispensed_at: Mapped[date] = mapped_column(Date)
    dispensed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    payment_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    payment_amount: Mapped[float | None] = mapped_column(Float, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    inserted_at: Mapped[datetime] = mapped_column(DateTime)
    inserted_by: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(36))


class MedicationDispenseDetail(Base):
    """One brand handed over in a dispense (`Medication_Dispense_Detail_Response_without_2d_codes`)."""

    __tablename__ = "medication_dispense_details"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dispense_id: Mapped[str] = mapped_column(ForeignKey("medication_dispenses.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    medication_id: Mapped[str] = mapped_column(ForeignKey("medications.id"))
    medication_qty: Mapped[float] = mapped_column(Float)
    sell_price: Mapped[float] = mapped_column(Float)
    sell_amount: Mapped[float] = mapped_column(Float)
    discount_amount: Mapped[float] = mapped_column(Float)
    reimbursement_amount: Mapped[float] = mapped_column(Float)


# --- medical records (ehealth-patient-summary.apib) ---------------------------------------------------


class MedicalRecord(Base):
    """One of a person's medical events as the patient summary shows it: an episode, encounter, condition,
    observation, diagnostic report, immunization, allergy intolerance, procedure or service request (`kind`).

    eHealth keeps medical events as documents; so does the sandbox: `body` is the resource in its Blueprint
    shape, the columns are what the lists filter and sort by (`occurred_at`: onset, issue, administration,
    period start; `facets`: the rarer filters, e.g. an encounter's `class` or a referral's
    `requester_legal_entity`). The seed writes them in bulk, O(test persons).
    """

    __tablename__ = "medical_records"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"))
    kind: Mapped[str] = mapped_column(String(32))
    code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str | None] = mapped_column(String(32), nullable=True)
    episode_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    encounter_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    facets: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    inserted_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_medical_records_person_kind", "person_id", "kind", "occurred_at"),)
