"""Doctor directory answers: search results, the doctor card, settlements."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class DoctorCard(BaseModel):
    employee_id: str
    party_id: str
    full_name: str = Field(examples=["Шевченко Марія Іванівна"])
    first_name: str
    last_name: str
    second_name: str | None
    speciality: str | None = Field(examples=["FAMILY_DOCTOR"])
    about: str | None
    working_experience: int | None
    division_id: str
    division_name: str
    division_type: str | None
    address: str | None
    area: str | None
    settlement: str | None
    settlement_type: str | None
    phones: list[str]
    working_hours: dict[str, list[list[str]]]
    latitude: float | None
    longitude: float | None
    legal_entity_id: str
    legal_entity_name: str
    available: bool = Field(description="Approved employee of an active clinic.")
    declaration_limit: int | None
    declaration_count: int | None
    free_places: int | None = Field(description="limit − count; null while unknown.")
    updated_at: datetime | None


class DoctorHit(DoctorCard):
    distance_km: float | None = Field(description="From the given lat/lon, when searching near a place.")


class DoctorSearchPage(BaseModel):
    items: list[DoctorHit]
    total: int | None
    next_offset: int | None = Field(description="Pass as `offset` for the next page; null on the last page.")
    radius_km: float | None = Field(description="The search radius used after widening (location searches).")


class SettlementOut(BaseModel):
    name: str = Field(examples=["Львів"])
    area: str | None = Field(examples=["Львівська"])
    settlement_type: str | None = Field(examples=["CITY"])
    doctors: int
