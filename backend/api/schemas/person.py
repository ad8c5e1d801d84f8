"""The patient's own data for display (identifiers masked) and the changes they may sign."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.api.schemas.accounts import LaxDate, Strict
from backend.domain.age import AccessLevel


class PhoneOut(BaseModel):
    type: str = Field(examples=["MOBILE"])
    number: str = Field(examples=["+380671234567"])


class AddressOut(BaseModel):
    type: str = Field(examples=["RESIDENCE"])
    area: str
    region: str | None
    settlement: str
    settlement_type: str
    street_type: str | None
    street: str | None
    building: str | None
    apartment: str | None
    zip: str | None
    text: str = Field(description="The whole address in one readable line.")


class DocumentOut(BaseModel):
    type: str = Field(examples=["PASSPORT"])
    number_masked: str = Field(examples=["КА***456"])
    issued_by: str | None
    issued_at: date | None
    expiration_date: date | None


class EmergencyContactOut(BaseModel):
    first_name: str
    last_name: str
    second_name: str | None
    phones: list[PhoneOut]


class AuthenticationMethodOut(BaseModel):
    type: str = Field(examples=["OTP"])
    phone_number: str | None


class PersonView(BaseModel):
    """The signed-in person for display. The tax ID, UNZR and document numbers are masked."""

    first_name: str
    last_name: str
    second_name: str | None
    birth_date: date
    gender: str
    tax_id_masked: str | None = Field(examples=["30******78"])
    no_tax_id: bool
    unzr_masked: str | None
    email: str | None
    phones: list[PhoneOut]
    addresses: list[AddressOut]
    documents: list[DocumentOut]
    emergency_contact: EmergencyContactOut | None
    preferred_way_communication: str | None
    authentication_methods: list[AuthenticationMethodOut]
    secret_set: bool = Field(description="Whether a code word is set (the word itself is never returned).")
    verification_status: str = Field(examples=["VERIFIED"], description="VERIFIED, NOT_VERIFIED, … (eHealth).")
    declaration_pending_verification: bool = Field(
        description="The data are not verified in eHealth: a declaration signed now waits for verification "
        "(pending_verification) up to 30 days."
    )
    access_level: AccessLevel
    read_only_reason: Literal["minor_without_capacity"] | None


class PhoneIn(Strict):
    type: Literal["MOBILE", "LAND_LINE"]
    number: str = Field(min_length=1, max_length=64)


class AddressIn(Strict):
    type: Literal["RESIDENCE", "REGISTRATION"]
    country: Literal["UA"] = "UA"
    area: str = Field(min_length=1, max_length=200)
    region: str | None = Field(None, max_length=200)
    settlement: str = Field(min_length=1, max_length=200)
    settlement_type: Literal["CITY", "TOWNSHIP", "VILLAGE", "SETTLEMENT"]
    settlement_id: str | None = Field(None, max_length=64)
    street_type: str | None = Field(None, max_length=40)
    street: str | None = Field(None, max_length=200)
    building: str = Field(min_length=1, max_length=40)
    apartment: str | None = Field(None, max_length=40)
    zip: str | None = Field(None, max_length=10)


class DocumentIn(Strict):
    type: str = Field(min_length=1, max_length=64, examples=["PASSPORT"])
    number: str = Field(min_length=1, max_length=64)
    issued_by: str | None = Field(None, max_length=300)
    issued_at: LaxDate | None = None
    expiration_date: LaxDate | None = None


class EmergencyContactIn(Strict):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    second_name: str | None = Field(None, max_length=100)
    phones: list[PhoneIn] = Field(min_length=1, max_length=2)


class AuthenticationMethodIn(Strict):
    type: Literal["OTP", "OFFLINE", "THIRD_PERSON"]
    phone_number: str | None = Field(None, max_length=64)


class PersonChangesIn(Strict):
    """Only what the patient may change; absent fields stay as they are.

    Lists replace the whole list, except documents, which are added or replaced by type.
    """

    email: str | None = Field(None, max_length=300)
    secret: str | None = Field(None, max_length=100, description="A new code word.")
    preferred_way_communication: Literal["email", "phone"] | None = None
    phones: list[PhoneIn] | None = Field(None, max_length=2)
    addresses: list[AddressIn] | None = Field(None, max_length=2)
    documents: list[DocumentIn] | None = Field(
        None, max_length=10, description="Added or replaced by type; documents of other types stay as they are."
    )
    emergency_contact: EmergencyContactIn | None = None
    authentication_methods: list[AuthenticationMethodIn] | None = Field(None, max_length=3)

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"email": "olena.petrenko@ukr.net", "preferred_way_communication": "email"}]},
    )


class SummaryItem(BaseModel):
    label: str = Field(examples=["Лікар"])
    value: str = Field(examples=["Шевченко Марія Іванівна"])


class Summary(BaseModel):
    """A readable Ukrainian account of what is signed (also shown on the signing page)."""

    title: str = Field(examples=["Декларація з лікарем"])
    lead: str
    items: list[SummaryItem]


class SigningLinkOut(BaseModel):
    signing_url: str = Field(description="Open in the browser (a URL button). Single use.")
    expires_at: datetime
    summary: Summary
