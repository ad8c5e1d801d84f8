"""Declarations and declaration requests as the bot shows them."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from backend.api.schemas.accounts import Strict
from backend.api.schemas.person import Summary
from backend.domain.declarations import PrecheckProblem


class DoctorRefOut(BaseModel):
    employee_id: str
    full_name: str = Field(examples=["Шевченко Марія Іванівна"])
    first_name: str
    last_name: str
    second_name: str | None
    speciality: str | None = Field(examples=["FAMILY_DOCTOR"])


class DivisionOut(BaseModel):
    id: str
    name: str
    address: str | None
    settlement: str | None
    phones: list[str]
    working_hours: dict[str, list[list[str]]] = Field(
        description='Weekday → intervals, e.g. {"mon": [["08.00", "12.00"], ["13.00", "17.00"]]}.'
    )
    latitude: float | None
    longitude: float | None


class LegalEntityOut(BaseModel):
    id: str
    name: str
    edrpou: str | None


class DeclarationOut(BaseModel):
    id: str
    number: str | None = Field(examples=["0000-12H4-245D"])
    status: str = Field(examples=["active"], description="active, pending_verification, terminated, closed, rejected")
    reason: str | None
    reason_description: str | None
    start_date: date | None
    end_date: date | None = Field(description="The term the declaration was signed for (none: no fixed end).")
    ended_on: date | None = Field(
        description="For an ended declaration (terminated, closed, rejected): the day it ended, as the registry "
        "records it (the day its status changed; a closed one's end date). None while it holds."
    )
    signed_at: datetime | None
    current: bool = Field(description="active or pending_verification: this is the patient's doctor now.")
    doctor: DoctorRefOut
    division: DivisionOut
    legal_entity: LegalEntityOut


class DeclarationList(BaseModel):
    current: list[DeclarationOut] = Field(
        description="The current declaration(s) (active, pending_verification); filled on page 1 without `status`."
    )
    items: list[DeclarationOut] = Field(description="This page of the registry's list, in the registry's order.")
    page: int
    page_size: int
    total_entries: int
    total_pages: int


class TerminateIn(Strict):
    reason: str = Field(min_length=1, max_length=500, description="Why the patient ends the declaration (free text).")


class RequestRef(Strict):
    employee_id: str = Field(min_length=1, max_length=64)
    division_id: str = Field(min_length=1, max_length=64)


class PrecheckOut(BaseModel):
    ok: bool
    blockers: list[PrecheckProblem] = Field(description="Reasons the declaration cannot be submitted now.")
    warnings: list[PrecheckProblem] = Field(
        description="WILL_REPLACE_CURRENT: signing ends the current declaration. DATA_NOT_VERIFIED: the person's "
        "data are not verified in eHealth, so the signed declaration waits up to 30 days (pending_verification)."
    )
    free_places: int | None
    current_doctor_name: str | None = Field(description="Whose declaration will be replaced, if any.")


class DeclarationRequestIn(RequestRef):
    client_key: str = Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="Idempotency key (one per dialog step): the same key returns the same request.",
    )


class DeclarationRequestOut(BaseModel):
    id: str
    status: str = Field(examples=["NEW"], description="NEW, APPROVED, SIGNED, REJECTED, CANCELLED, EXPIRED")
    status_reason: str | None
    number: str | None
    doctor: DoctorRefOut | None
    division: DivisionOut | None
    legal_entity: LegalEntityOut | None
    start_date: date | None
    end_date: date | None
    created_at: datetime | None
    declaration_id: str | None
    current_declaration_count: int | None
    system_declaration_limit: int | None
    signable: bool = Field(description="NEW: awaits the patient's signature (ask for a signing link).")


class DeclarationRequestCreated(DeclarationRequestOut):
    signing_url: str | None = Field(description="The signing page link (null when the request cannot be signed).")
    signing_expires_at: datetime | None
    summary: Summary | None = Field(None, description="What the patient signs, in readable Ukrainian.")


class DeclarationRequestList(BaseModel):
    items: list[DeclarationRequestOut]
    page: int
    page_size: int
    total_entries: int
    total_pages: int
