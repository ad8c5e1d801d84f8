"""E-prescriptions (medication requests) and their dispenses as the bot shows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from backend.api.schemas.declarations import DivisionOut, DoctorRefOut, LegalEntityOut

# What the list endpoint filters by: one registry status, or `past` (COMPLETED, EXPIRED and REJECTED together,
# newest first).
PrescriptionFilter = Literal["ACTIVE", "COMPLETED", "EXPIRED", "REJECTED", "past"]


class QuantityOut(BaseModel):
    value: float
    unit: str = Field(description="As the registry writes it (a code such as PILL or a word).")
    code: str | None


class StrengthOut(BaseModel):
    numerator_value: float = Field(examples=[500])
    numerator_unit: str = Field(examples=["MG"], description="Dictionary MEDICATION_UNIT")
    denominator_value: float = Field(examples=[1])
    denominator_unit: str = Field(examples=["PILL"], description="Dictionary MEDICATION_UNIT")


class DosageInstructionOut(BaseModel):
    sequence: int
    text: str = Field(description="The doctor's own words (always present).")
    patient_instruction: str | None
    as_needed: bool
    frequency: int | None = Field(description="`frequency` times per `period` `period_unit`.")
    period: float | None
    period_unit: str | None = Field(examples=["d"], description="UCUM: h, d, wk, mo")
    when: list[str] = Field(description="Timing codes: MORN, ACM, HS, …")
    duration_days: float | None
    route: str | None = Field(description="SNOMED route code")
    route_text: str | None
    dose: QuantityOut | None
    max_dose_per_period: list[QuantityOut] | None = Field(description="[numerator, denominator] when given.")
    max_dose_per_administration: QuantityOut | None


class MedicationOut(BaseModel):
    medication_id: str
    name: str = Field(examples=["Метформін 500 мг таблетки"])
    form: str = Field(examples=["TABLET"], description="Dictionary MEDICATION_FORM")
    strength: StrengthOut | None
    quantity: float = Field(description="How much the doctor prescribed, in the strength's denominator units.")
    ingredients: list[str]


class ProgramOut(BaseModel):
    id: str
    name: str = Field(examples=["Доступні ліки"])
    funding_source: str | None
    blank_type: str | None


class PrescriptionOut(BaseModel):
    id: str
    request_number: str = Field(examples=["0000-243P-1X53-EH38"])
    status: str = Field(examples=["ACTIVE"], description="ACTIVE, COMPLETED, EXPIRED, REJECTED")
    created_at: date
    started_at: date | None
    ended_at: date | None
    dispense_valid_from: date
    dispense_valid_to: date
    medication: MedicationOut
    program: ProgramOut
    doctor: DoctorRefOut
    division: DivisionOut
    legal_entity: LegalEntityOut
    dosage_instructions: list[DosageInstructionOut]
    rejected_at: date | None
    reject_reason: str | None
    reject_reason_code: str | None
    blocked_to: datetime | None
    block_reason: str | None
    note: str | None


class PrescriptionList(BaseModel):
    items: list[PrescriptionOut]
    page: int
    page_size: int
    total_entries: int
    total_pages: int


class VerificationCodeOut(BaseModel):
    request_number: str
    verification_code: str = Field(description="Only a pharmacist needs it. Never stored or logged by the backend.")


class DispenseLineOut(BaseModel):
    medication_name: str = Field(examples=["Діаформін 500"])
    form: str | None
    manufacturer: str | None
    quantity: float
    sell_price: float | None
    sell_amount: float | None
    discount_amount: float | None
    reimbursement_amount: float


class DispenseOut(BaseModel):
    id: str
    medication_request_id: str
    status: str = Field(examples=["PROCESSED"], description="NEW, PROCESSED, REJECTED, EXPIRED")
    dispensed_at: date
    pharmacy: LegalEntityOut
    division: DivisionOut
    program: ProgramOut | None
    lines: list[DispenseLineOut]
    payment_amount: float | None = Field(description="What the patient paid, UAH.")


class DispenseList(BaseModel):
    items: list[DispenseOut]
    page: int
    page_size: int
    total_entries: int
    total_pages: int
