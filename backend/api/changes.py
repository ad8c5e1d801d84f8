"""The patient's requested data changes → validated `PersonChanges`, every problem reported per field."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from backend.api.schemas.person import AddressIn, DocumentIn, PersonChangesIn
from backend.domain.errors import InvalidValue
from backend.domain.validators import (
    validate_address,
    validate_document,
    validate_email,
    validate_person_name,
    validate_phone,
    validate_phones,
    validate_secret,
)
from backend.registry.port import (
    Address,
    AuthenticationMethod,
    EmergencyContact,
    PersonChanges,
    PersonDocument,
    Phone,
)

T = TypeVar("T")


class ChangesInvalid(Exception):
    def __init__(self, errors: list[InvalidValue]) -> None:
        super().__init__(f"{len(errors)} invalid field(s)")
        self.errors = errors


# Rules of a whole change set that no single-value validator knows; messages for the codes they raise.
EXTRA_MESSAGES = {
    "document.expiration_date_required": "Для ID-картки вкажіть, будь ласка, дату, до якої вона дійсна.",
    "address.residence_required": "Серед адрес має бути адреса проживання.",
    "otp.phone_required": "Для входу з кодом у SMS вкажіть, будь ласка, номер мобільного телефону.",
}


class _Collector:
    """Runs validators and keeps every failure with its full field path, so the patient sees all at once."""

    def __init__(self) -> None:
        self.errors: list[InvalidValue] = []

    def check(self, path: str, validate: Callable[[], T], *, nested: bool = False) -> T | None:
        """`nested`: the validator checks a structure and names the field inside it; join the two paths."""
        try:
            return validate()
        except InvalidValue as error:
            inner = error.field if nested else None
            field = ".".join(part for part in (path, inner) if part)
            self.errors.append(InvalidValue(error.code, field, error.params))
            return None

    def add(self, code: str, field: str) -> None:
        self.errors.append(InvalidValue(code, field))


def _address(collector: _Collector, index: int, item: AddressIn) -> Address | None:
    normalised = collector.check(
        f"addresses[{index}]", partial(validate_address, item.model_dump(exclude_none=True)), nested=True
    )
    if normalised is None:
        return None
    return Address(
        type=normalised["type"],
        area=normalised["area"],
        settlement=normalised["settlement"],
        settlement_type=normalised["settlement_type"],
        region=normalised.get("region"),
        street_type=normalised.get("street_type"),
        street=normalised.get("street"),
        building=normalised.get("building"),
        apartment=normalised.get("apartment"),
        zip=normalised.get("zip"),
        settlement_id=normalised.get("settlement_id"),
    )


def _document(collector: _Collector, index: int, item: DocumentIn) -> PersonDocument | None:
    number = collector.check(f"documents[{index}]", partial(validate_document, item.type, item.number), nested=True)
    if number is None:
        return None
    if item.type == "NATIONAL_ID" and item.expiration_date is None:
        collector.add("document.expiration_date_required", f"documents[{index}].expiration_date")
        return None
    return PersonDocument(
        type=item.type.strip().upper(),
        number=number,
        issued_by=item.issued_by.strip() if item.issued_by else None,
        issued_at=item.issued_at,
        expiration_date=item.expiration_date,
    )


def person_changes(body: PersonChangesIn) -> PersonChanges:
    """Validate with the domain validators; raises `ChangesInvalid` listing every bad field."""
    collector = _Collector()
    email = collector.check("email", partial(validate_email, body.email)) if body.email is not None else None
    secret = collector.check("secret", partial(validate_secret, body.secret)) if body.secret is not None else None

    phones: tuple[Phone, ...] | None = None
    if body.phones is not None:
        checked = collector.check(
            "", partial(validate_phones, [phone.model_dump() for phone in body.phones]), nested=True
        )
        if checked is not None:
            phones = tuple(Phone(type=item["type"], number=item["number"]) for item in checked)

    addresses: tuple[Address, ...] | None = None
    if body.addresses is not None:
        converted = [_address(collector, index, item) for index, item in enumerate(body.addresses)]
        if body.addresses and not any(item.type == "RESIDENCE" for item in body.addresses):
            collector.add("address.residence_required", "addresses")
        addresses = tuple(item for item in converted if item is not None)

    documents: tuple[PersonDocument, ...] | None = None
    if body.documents is not None:
        documents = tuple(
            document
            for index, item in enumerate(body.documents)
            if (document := _document(collector, index, item)) is not None
        )

    emergency_contact: EmergencyContact | None = None
    if body.emergency_contact is not None:
        contact = body.emergency_contact
        first = collector.check("emergency_contact.first_name", partial(validate_person_name, contact.first_name))
        last = collector.check("emergency_contact.last_name", partial(validate_person_name, contact.last_name))
        second: str | None = None
        if contact.second_name:
            second = collector.check(
                "emergency_contact.second_name", partial(validate_person_name, contact.second_name)
            )
        contact_phones = collector.check(
            "emergency_contact", partial(validate_phones, [phone.model_dump() for phone in contact.phones]), nested=True
        )
        if first and last and contact_phones is not None:
            emergency_contact = EmergencyContact(
                first_name=first,
                last_name=last,
                second_name=second,
                phones=tuple(Phone(type=item["type"], number=item["number"]) for item in contact_phones),
            )

    methods: tuple[AuthenticationMethod, ...] | None = None
    if body.authentication_methods is not None:
        checked_methods: list[AuthenticationMethod] = []
        for index, method in enumerate(body.authentication_methods):
            number = None
            if method.type == "OTP":
                if not method.phone_number:
                    collector.add("otp.phone_required", f"authentication_methods[{index}].phone_number")
                    continue
                number = collector.check(
                    f"authentication_methods[{index}].phone_number",
                    partial(validate_phone, method.phone_number),
                )
                if number is None:
                    continue
            checked_methods.append(AuthenticationMethod(type=method.type, phone_number=number))
        methods = tuple(checked_methods)

    if collector.errors:
        raise ChangesInvalid(collector.errors)
    return PersonChanges(
        email=email,
        secret=secret,
        preferred_way_communication=body.preferred_way_communication,
        phones=phones,
        addresses=addresses,
        documents=documents,
        emergency_contact=emergency_contact,
        authentication_methods=methods,
    )


def changed_fields(changes: PersonChanges) -> list[str]:
    return [name for name in PersonChanges.__dataclass_fields__ if getattr(changes, name) is not None]
