"""The Telegram account's state and the requests that change it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.domain.age import AccessLevel
from backend.domain.declarations import Speciality
from backend.domain.events import NotificationPreference

Language = Literal["uk", "en"]


class Strict(BaseModel):
    """A request body: no unknown fields, and each value in the one JSON type it documents (`0`, `0.0` or
    `"false"` is no boolean, `true`, `1.0` or `"1"` no integer), answered 422 otherwise. Dates, which JSON
    can only carry as ISO strings, opt back in field by field (`LaxDate`)."""

    model_config = ConfigDict(extra="forbid", strict=True)


# A date in a strict body: parsed from its ISO string.
LaxDate = Annotated[date, Field(strict=False)]


class AccountUpsert(Strict):
    chat_id: int = Field(ge=-(2**63), le=2**63 - 1, description="The private chat with the bot.")
    language: Language | None = Field(None, description="Set on first contact from Telegram's language_code.")


class ConsentIn(Strict):
    version: str = Field(min_length=1, max_length=32, description="The consent text version the patient accepted.")


class PhoneIn(Strict):
    phone_number: str = Field(min_length=1, max_length=64, description="The number from the shared Telegram contact.")


class AuthStartIn(Strict):
    sign_up: bool = Field(False, description="True the first time a person registers in eHealth through us.")


class AuthStartOut(BaseModel):
    url: str = Field(description="Open in the browser (a URL button): the backend's /auth/start.")
    expires_at: datetime


class Notifications(BaseModel):
    declaration_status: bool = True
    request_status: bool = True
    security: bool = True
    reminders: bool = True
    prescriptions: bool = True
    medical_record: bool = True


class NotificationsPatch(Strict):
    declaration_status: bool | None = None
    request_status: bool | None = None
    security: bool | None = None
    reminders: bool | None = None
    prescriptions: bool | None = None
    medical_record: bool | None = None

    def changes(self) -> dict[NotificationPreference, bool]:
        return {NotificationPreference(name): value for name, value in self.model_dump(exclude_none=True).items()}


class SettingsPatch(Strict):
    language: Language | None = None
    notifications: NotificationsPatch | None = None


class Consent(BaseModel):
    given: bool = Field(description="Consent to the CURRENT version is on record.")
    version: str | None = Field(description="The version on record, if any.")
    at: datetime | None
    current_version: str


class AccountState(BaseModel):
    """Everything the bot needs to decide what to show first."""

    telegram_user_id: int
    language: Language
    consent: Consent
    phone_shared: bool
    phone_masked: str | None = Field(description="e.g. `+380 67 *** ** 67`.")
    linked: bool
    first_name: str | None = Field(description="For greetings; null until linked.")
    access_level: AccessLevel | None = Field(description="FULL or READ_ONLY when linked.")
    read_only_reason: Literal["minor_without_capacity"] | None
    notifications: Notifications
    unreachable: bool
    allowed_specialities: list[Speciality] | None = Field(
        None,
        description="The doctors' specialities the linked patient may choose at their age today (the same rule "
        "as the search's `for_user`); null until linked.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "telegram_user_id": 123456789,
                    "language": "uk",
                    "consent": {
                        "given": True,
                        "version": "2026-02-01",
                        "at": "2026-02-10T09:30:00Z",
                        "current_version": "2026-02-01",
                    },
                    "phone_shared": True,
                    "phone_masked": "+380 67 *** ** 67",
                    "linked": True,
                    "first_name": "Олена",
                    "access_level": "FULL",
                    "read_only_reason": None,
                    "notifications": {
                        "declaration_status": True,
                        "request_status": True,
                        "security": True,
                        "reminders": True,
                        "prescriptions": True,
                        "medical_record": True,
                    },
                    "unreachable": False,
                    "allowed_specialities": ["FAMILY_DOCTOR", "THERAPIST"],
                }
            ]
        }
    )
