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
    updated_at: Mapped[datetime] = mapped_column(DateTime)


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
