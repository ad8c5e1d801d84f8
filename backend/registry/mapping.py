"""eHealth JSON ↔ our domain types.

Readers are lenient where eHealth itself varies (the same entity comes in a short form in lists and a
full form in details; statuses are upper-case in one place and lower-case in another) and strict where
a missing value would make the result a lie: a required id or name that is absent raises
`MalformedData`, which the adapter reports as `RegistryUnavailable`.

Text a patient reads (names of people, places, clinics, streets) leaves here with one apostrophe, ’:
registries store whichever form was typed (' ’ ʼ …), and a list must not mix them. Ids, codes and what
is signed or sent back as the registry has it (`person_update_document` starts from the raw JSON) keep
their bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, TypedDict, TypeVar

import msgspec
import orjson

from backend.domain.declarations import speciality_of_position
from backend.domain.dictionaries import STREET_TYPE, address_parts
from backend.domain.text import unify_apostrophes
from backend.registry.port import (
    Access,
    Address,
    AllergyIntolerance,
    AuthenticationMethod,
    CodedValue,
    Condition,
    Declaration,
    DeclarationRequest,
    DeclarationsLimit,
    Diagnosis,
    DiagnosticReport,
    DispenseLine,
    DivisionRef,
    DoctorRecord,
    DoctorRef,
    DosageInstruction,
    Education,
    EmergencyContact,
    EmployeeRecord,
    Encounter,
    Episode,
    Immunization,
    LegalEntityRef,
    MedicalProgramRef,
    MedicationDispense,
    MedicationInfo,
    MedicationRequest,
    Observation,
    Page,
    Person,
    PersonChanges,
    PersonDocument,
    Phone,
    PortalDoctor,
    Procedure,
    Quantity,
    RecordRef,
    ReferenceRange,
    ServiceRequest,
    SettlementRef,
    Strength,
    TokenSet,
)

JSON = dict[str, Any]
T = TypeVar("T")


class MalformedData(ValueError):
    """The registry's answer lacks something it must carry."""


# --- primitive readers ------------------------------------------------------------------------


def obj(value: Any) -> JSON:
    return value if isinstance(value, dict) else {}


def objects(value: Any) -> list[JSON]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def text(value: Any) -> str | None:
    # Nearly every value is a string already: a directory sync reads millions of them.
    if type(value) is str:
        return value or None
    return None if value is None or value == "" else str(value)


def required(data: Mapping[str, Any], *keys: str) -> str:
    """The first non-empty of `keys`; a required value that is absent makes the answer malformed."""
    for key in keys:
        value = data.get(key)
        if type(value) is str:
            if value:
                return value
        elif (value := text(value)) is not None:
            return value
    raise MalformedData(f"missing {'/'.join(keys)}")


def words(value: Any) -> str | None:
    """Registry text a patient reads, with every apostrophe form as ’."""
    value = text(value)
    return unify_apostrophes(value) if value is not None else None


def required_words(data: Mapping[str, Any], *keys: str) -> str:
    """`required`, as text a patient reads."""
    return unify_apostrophes(required(data, *keys))


def as_date(value: Any) -> date | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value)
    try:
        return date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise MalformedData(f"bad date {raw!r}") from exc


def as_datetime(value: Any) -> datetime | None:
    """An aware UTC datetime from eHealth's ISO strings (naive ones are UTC) or Unix seconds."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise MalformedData("bad timestamp")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC)
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise MalformedData(f"bad timestamp {value!r}") from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def as_int(value: Any) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise MalformedData(f"bad number {value!r}") from exc


def as_float(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise MalformedData(f"bad number {value!r}") from exc


# --- paging ----------------------------------------------------------------------------------


def page_of(items: Any, paging: Mapping[str, Any] | None, read: Callable[[JSON], T]) -> Page[T]:
    if not isinstance(items, list):
        raise MalformedData("a list was expected")
    mapped = tuple(read(item) for item in objects(items))
    if not paging:
        return Page(mapped, page=1, page_size=len(mapped), total_entries=len(mapped), total_pages=1)
    return Page(
        mapped,
        page=as_int(paging.get("page_number")) or 1,
        page_size=as_int(paging.get("page_size")) or len(mapped),
        total_entries=as_int(paging.get("total_entries")) or 0,
        total_pages=as_int(paging.get("total_pages")) or 1,
    )


def summary_page_of(
    items: Any, paging: Mapping[str, Any] | None, read: Callable[[JSON], T], *, page: int, page_size: int
) -> Page[T]:
    """A patient-summary list. Its Blueprint pages with `Response__Pagination` (limit, cursors, size = the
    collection's total, has_more); eHealth's numbered paging (page_number, total_entries, …) is read as usual."""
    if not paging or "page_number" in paging:
        return page_of(items, paging, read)
    mapped = page_of(items, None, read).items
    limit = as_int(paging.get("limit")) or page_size
    size = as_int(paging.get("size"))
    total = size if size is not None else (page - 1) * limit + len(mapped)
    pages = max(1, -(-total // limit)) if limit else 1
    if paging.get("has_more") is True:
        pages = max(pages, page + 1)
    return Page(mapped, page=page, page_size=limit, total_entries=total, total_pages=max(pages, page))


# --- auth ------------------------------------------------------------------------------------


def token_set_from(data: JSON) -> TokenSet:
    details = obj(data.get("details"))
    expires_at = as_datetime(data.get("expires_at"))
    if expires_at is None:
        raise MalformedData("missing expires_at")
    return TokenSet(
        access_token=required(data, "value"),
        refresh_token=required(details, "refresh_token"),
        expires_at=expires_at,
        # eHealth names the signed-in subject `user_id`; a person id in details wins when given.
        person_id=text(details.get("person_id")) or required(data, "user_id"),
        scope=tuple(str(details.get("scope") or "").split()),
    )


# --- person ----------------------------------------------------------------------------------


def phone_from(data: JSON) -> Phone:
    return Phone(type=required(data, "type"), number=required(data, "number"))


def document_from(data: JSON) -> PersonDocument:
    return PersonDocument(
        type=required(data, "type"),
        number=required(data, "number"),
        issued_by=words(data.get("issued_by")),
        issued_at=as_date(data.get("issued_at")),
        expiration_date=as_date(data.get("expiration_date")),
    )


def address_from(data: JSON) -> Address:
    return Address(
        type=required(data, "type"),
        area=words(data.get("area")) or "",
        settlement=required_words(data, "settlement"),
        settlement_type=text(data.get("settlement_type")) or "",
        region=words(data.get("region")),
        street_type=text(data.get("street_type")),
        street=words(data.get("street")),
        building=text(data.get("building")),
        apartment=text(data.get("apartment")),
        zip=text(data.get("zip")),
        settlement_id=text(data.get("settlement_id")),
    )


def emergency_contact_from(data: Any) -> EmergencyContact | None:
    data = obj(data)
    if not data:
        return None
    return EmergencyContact(
        first_name=required_words(data, "first_name"),
        last_name=required_words(data, "last_name"),
        second_name=words(data.get("second_name")),
        phones=tuple(phone_from(p) for p in objects(data.get("phones"))),
    )


def authentication_method_from(data: JSON) -> AuthenticationMethod:
    return AuthenticationMethod(type=required(data, "type"), phone_number=text(data.get("phone_number")))


def person_from(data: JSON) -> Person:
    verification = obj(data.get("verification"))
    legal_capacity = obj(obj(verification.get("details")).get("legal_capacity"))
    birth_date = as_date(data.get("birth_date"))
    if birth_date is None:
        raise MalformedData("missing birth_date")
    return Person(
        id=required(data, "id"),
        first_name=required_words(data, "first_name"),
        last_name=required_words(data, "last_name"),
        second_name=words(data.get("second_name")),
        birth_date=birth_date,
        gender=required(data, "gender"),
        email=text(data.get("email")),
        tax_id=text(data.get("tax_id")),
        no_tax_id=bool(data.get("no_tax_id")),
        unzr=text(data.get("unzr")),
        secret=text(data.get("secret")),
        documents=tuple(document_from(d) for d in objects(data.get("documents"))),
        phones=tuple(phone_from(p) for p in objects(data.get("phones"))),
        addresses=tuple(address_from(a) for a in objects(data.get("addresses"))),
        emergency_contact=emergency_contact_from(data.get("emergency_contact")),
        preferred_way_communication=text(data.get("preferred_way_communication")),
        authentication_methods=tuple(
            authentication_method_from(m) for m in objects(data.get("authentication_methods"))
        ),
        verification_status=text(verification.get("verification_status"))
        or text(data.get("verification_status"))
        or "NOT_VERIFIED",
        legal_capacity_confirmed=legal_capacity.get("verification_status") == "VERIFIED",
    )


# --- the person update document ---------------------------------------------------------------

# Fields the registry keeps about a person but that are not part of the document the patient signs.
REGISTRY_MANAGED_PERSON_FIELDS = frozenset(
    {"verification", "verification_status", "inserted_at", "updated_at", "is_active", "merged_ids", "status"}
)


def _without_none(data: Mapping[str, Any]) -> JSON:
    return {key: value for key, value in data.items() if value is not None}


def phone_json(phone: Phone) -> JSON:
    return {"type": phone.type, "number": phone.number}


def document_json(document: PersonDocument) -> JSON:
    return _without_none(
        {
            "type": document.type,
            "number": document.number,
            "issued_by": document.issued_by,
            "issued_at": document.issued_at.isoformat() if document.issued_at else None,
            "expiration_date": document.expiration_date.isoformat() if document.expiration_date else None,
        }
    )


def address_json(address: Address) -> JSON:
    return _without_none(
        {
            "type": address.type,
            "country": "UA",
            "area": address.area,
            "region": address.region,
            "settlement": address.settlement,
            "settlement_type": address.settlement_type,
            "settlement_id": address.settlement_id,
            "street_type": address.street_type,
            "street": address.street,
            "building": address.building,
            "apartment": address.apartment,
            "zip": address.zip,
        }
    )


def emergency_contact_json(contact: EmergencyContact) -> JSON:
    return _without_none(
        {
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "second_name": contact.second_name,
            "phones": [phone_json(p) for p in contact.phones],
        }
    )


def authentication_method_json(method: AuthenticationMethod) -> JSON:
    return _without_none({"type": method.type, "phone_number": method.phone_number})


def person_update_document(current: JSON, changes: PersonChanges) -> JSON:
    """The whole person as the patient will sign it: the registry's current data with `changes` applied.

    Starting from the registry's own JSON keeps every field we do not model (birth country, confidant
    persons…) exactly as the registry has it.
    """
    document = {key: value for key, value in current.items() if key not in REGISTRY_MANAGED_PERSON_FIELDS}
    scalar_changes = {
        "email": changes.email,
        "secret": changes.secret,
        "preferred_way_communication": changes.preferred_way_communication,
    }
    document.update({key: value for key, value in scalar_changes.items() if value is not None})
    if changes.phones is not None:
        document["phones"] = [phone_json(p) for p in changes.phones]
    if changes.addresses is not None:
        document["addresses"] = [address_json(a) for a in changes.addresses]
    if changes.documents is not None:
        # By type: a patient never sees the other documents' full numbers, so they are kept as the registry has them.
        replaced = {d.type for d in changes.documents}
        kept = [d for d in objects(current.get("documents")) if d.get("type") not in replaced]
        document["documents"] = kept + [document_json(d) for d in changes.documents]
    if changes.emergency_contact is not None:
        document["emergency_contact"] = emergency_contact_json(changes.emergency_contact)
    if changes.authentication_methods is not None:
        document["authentication_methods"] = [authentication_method_json(m) for m in changes.authentication_methods]
    return document


# --- clinics and doctors -----------------------------------------------------------------------


def address_line(address: JSON) -> str | None:
    """One readable line: "вул. Шевченка, 12, Київ" (the street type through eHealth's STREET_TYPE dictionary;
    a type it does not know, or one the street name already says, adds no word)."""
    parts = address_parts(address)
    street = " ".join(part for part in (STREET_TYPE.word(parts.street_type), parts.street) if part)
    line = words(", ".join(part for part in (street, parts.building, parts.settlement) if part))
    return line or None


def _working_hours(value: Any) -> dict[str, tuple[tuple[str, str], ...]]:
    hours: dict[str, tuple[tuple[str, str], ...]] = {}
    for day, intervals in obj(value).items():
        pairs = tuple(
            (str(interval[0]), str(interval[1]))
            for interval in intervals or ()
            if isinstance(interval, list | tuple) and len(interval) == 2
        )
        if pairs:
            hours[str(day)] = pairs
    return hours


def _main_address(addresses: list[JSON]) -> JSON:
    # A division's RESIDENCE address is where it receives patients.
    return next((a for a in addresses if a.get("type") == "RESIDENCE"), addresses[0] if addresses else {})


def _addresses(value: Any) -> list[JSON]:
    # The portal's MSON gives a division one `addresses (Address)`; everywhere else it is an array.
    return [value] if isinstance(value, dict) else objects(value)


def division_from(data: JSON) -> DivisionRef:
    address = _main_address(_addresses(data.get("addresses")))
    # Declarations carry `location` and `phones`; the portal `coordinates` and `contacts` (`ContactInfo`).
    location = obj(data.get("location")) or obj(data.get("coordinates"))
    contacts = obj(data.get("contacts"))
    return DivisionRef(
        id=required(data, "id"),
        name=required_words(data, "name"),
        address=address_line(address),
        settlement=words(address.get("settlement")),
        phones=tuple(phone_from(p) for p in objects(data.get("phones") or contacts.get("phones"))),
        working_hours=_working_hours(data.get("working_hours")),
        latitude=as_float(location.get("latitude")),
        longitude=as_float(location.get("longitude")),
        type=text(data.get("type")),
        area=words(address.get("area")),
        settlement_type=text(address.get("settlement_type")),
        settlement_id=text(address.get("settlement_id")),
        email=text(data.get("email") or contacts.get("email")),
    )


def reading_once(read: Callable[[JSON], T], *, known: Mapping[str, T] | None = None) -> Callable[[msgspec.Raw], T]:
    """`read` of an object given as its JSON text, reading each text once while the reader lives (one walk of a
    listing); an object whose id is in `known` (read already by the caller) is given as it is there.

    A doctor list names a division and a clinic with each of its doctors (four doctors a division, twenty a clinic at
    100,000 doctors): reading a division, its address line above all, was most of reading a list item, and a clinic
    read anew for each doctor kept 100,000 copies of the same names while the sync's join held them. An object is
    kept by its whole text, so one that differs in anything is read again; the text is parsed only then."""
    seen: dict[bytes, T] = {}
    known = {} if known is None else known

    def reader(raw: msgspec.Raw) -> T:
        key = bytes(raw)
        found = seen.get(key)
        if found is None:
            data = obj(orjson.loads(key))
            identifier = data.get("id")
            given = known.get(identifier) if type(identifier) is str else None
            found = seen[key] = read(data) if given is None else given
        return found

    return reader


def legal_entity_from(data: JSON) -> LegalEntityRef:
    return LegalEntityRef(
        id=required(data, "id"),
        name=required_words(data, "name", "public_name", "short_name"),
        edrpou=text(data.get("edrpou")),
        status=text(data.get("status")),
        type=text(data.get("type")),
    )


def _speciality(employee: JSON) -> str | None:
    """The officio speciality (the one a declaration is signed under)."""
    own = employee.get("speciality")
    if isinstance(own, str) and own:
        return own
    if isinstance(own, dict) and text(own.get("speciality")):
        return text(own.get("speciality"))
    party = obj(employee.get("party"))
    for holder in (obj(employee.get("doctor")), party, employee):
        specialities = objects(holder.get("specialities"))
        officio = next((s for s in specialities if s.get("speciality_officio")), None)
        if officio is not None:
            return text(officio.get("speciality"))
    officio = text(employee.get("speciality_officio"))
    if officio:
        return officio
    # `Employee_Minimal` (the declarations list) has only the position: P7/P8/P10 name the speciality.
    by_position = speciality_of_position(text(employee.get("position")))
    return by_position.value if by_position is not None else None


def doctor_ref_from(employee: JSON) -> DoctorRef:
    party = obj(employee.get("party"))
    return DoctorRef(
        employee_id=required(employee, "id"),
        party_id=text(party.get("id")) or text(employee.get("party_id")),
        first_name=required_words(party, "first_name"),
        last_name=required_words(party, "last_name"),
        second_name=words(party.get("second_name")),
        speciality=_speciality(employee),
    )


def education_from(data: JSON) -> Education:
    return Education(
        institution=required_words(data, "institution_name", "institution"),
        speciality=words(data.get("speciality")),
        degree=text(data.get("degree")),
        country=text(data.get("country")),
        city=words(data.get("city")),
        issued_date=as_date(data.get("issued_date")),
    )


# --- what the directory sync reads of eHealth's listings (`envelope.listing_decoder`) --------------------------
# Only these fields are decoded; the rest of each item is skipped unread. Every field takes any JSON value (a nested
# object may also be null): the readers below check them as they check any answer.

_NULL = msgspec.Raw(b"null")  # an object the answer left out, as JSON text


class _AdditionalInfo(TypedDict, total=False):
    specialities: Any  # the export's educations, qualifications and degree are not read: no document shows them


class EmployeeBulkItem(TypedDict, total=False):
    """What `employee_record_from` reads of `Employee_bulk`."""

    id: Any
    party_id: Any
    legal_entity_id: Any
    division_id: Any
    status: Any
    is_active: Any
    employee_type: Any
    position: Any
    speciality: Any
    updated_at: Any
    additional_info: _AdditionalInfo | None


class _PartyNames(TypedDict, total=False):
    id: Any
    first_name: Any
    last_name: Any
    second_name: Any
    specialities: Any


class PortalDoctorItem(TypedDict, total=False):
    """What `portal_doctor_from` reads of `EntriesEmployeesListMap`: the division and the clinic as JSON text."""

    id: Any
    party: _PartyNames | None
    division: msgspec.Raw
    legal_entity: msgspec.Raw


class PortalDivisionItem(TypedDict, total=False):
    """What `division_from` reads of `EntriesDivisionMap` (not its legal entity)."""

    id: Any
    name: Any
    type: Any
    addresses: Any
    contacts: Any
    coordinates: Any
    location: Any
    phones: Any
    email: Any
    working_hours: Any


def employee_record_from(data: JSON) -> EmployeeRecord:
    """`Employee_bulk` (ehealth-pis-structures.apib): ids of the party, division and legal entity, no names."""
    additional = obj(data.get("additional_info"))
    return EmployeeRecord(
        employee_id=required(data, "id"),
        party_id=required(data, "party_id"),
        legal_entity_id=required(data, "legal_entity_id"),
        division_id=text(data.get("division_id")),
        status=required(data, "status"),
        is_active=data.get("is_active") is not False,
        employee_type=text(data.get("employee_type")),
        position=text(data.get("position")),
        speciality=_speciality({"speciality": data.get("speciality"), "doctor": additional}),
        updated_at=as_datetime(data.get("updated_at")),
    )


def portal_doctor_from(
    data: JSON,
    read_division: Callable[[msgspec.Raw], DivisionRef],
    read_legal_entity: Callable[[msgspec.Raw], LegalEntityRef],
) -> PortalDoctor:
    """`EntriesEmployeesListMap` (`GET /api/stats/employees`) as `PortalDoctorItem` decodes it: the doctor's names,
    division and clinic (the last two as their JSON text, each read once a walk: `reading_once`)."""
    party = obj(data.get("party"))
    return PortalDoctor(
        employee_id=required(data, "id"),
        party_id=text(party.get("id")),
        first_name=required_words(party, "first_name"),
        last_name=required_words(party, "last_name"),
        second_name=words(party.get("second_name")),
        speciality=_speciality({"party": party}),
        division=read_division(data.get("division", _NULL)),
        legal_entity=read_legal_entity(data.get("legal_entity", _NULL)),
    )


def portal_division_from(data: JSON) -> DivisionRef:
    """`EntriesDivisionMap` (`GET /reports/stats/divisions`): the division's place and contacts."""
    return division_from(data)


def portal_card_from(data: JSON) -> DoctorRecord:
    """`EntriesEmployeeMap` (`GET /api/stats/employees/{id}`): the public card. It does not say the
    employee's status, nor the division's contacts or place; those stay unknown."""
    party = obj(data.get("party"))
    return DoctorRecord(
        employee_id=required(data, "id"),
        party_id=required(party, "id"),
        first_name=required_words(party, "first_name"),
        last_name=required_words(party, "last_name"),
        second_name=words(party.get("second_name")),
        gender=None,
        speciality=_speciality(data),
        position=text(data.get("position")),
        status=None,
        about=words(party.get("about_myself")),
        working_experience=as_int(party.get("working_experience")),
        educations=tuple(education_from(e) for e in objects(party.get("educations"))),
        division=division_from(obj(data.get("division"))),
        legal_entity=legal_entity_from(obj(data.get("legal_entity"))),
        declaration_limit=None,
        updated_at=None,
    )


def declarations_limit_from(data: JSON) -> DeclarationsLimit:
    return DeclarationsLimit(
        party_id=required(data, "party_id"),
        limit=as_int(data.get("declarations_limit")) or 0,
        count=as_int(data.get("declarations_count")) or 0,
    )


def settlement_from(data: JSON) -> SettlementRef:
    location = obj(data.get("location")) or obj(data.get("coordinates"))
    return SettlementRef(
        id=required(data, "id"),
        name=required_words(data, "settlement_name", "name"),
        type=text(data.get("type")),
        region=words(data.get("region")),
        district=words(data.get("district")),
        latitude=as_float(location.get("latitude")),
        longitude=as_float(location.get("longitude")),
    )


# --- declarations ---------------------------------------------------------------------------


def declaration_from(data: JSON) -> Declaration:
    return Declaration(
        id=required(data, "id"),
        number=text(data.get("declaration_number")),
        status=required(data, "status").lower(),
        reason=text(data.get("reason")),
        reason_description=words(data.get("reason_description")),
        start_date=as_date(data.get("start_date")),
        end_date=as_date(data.get("end_date")),
        signed_at=as_datetime(data.get("signed_at")),
        doctor=doctor_ref_from(obj(data.get("employee"))),
        division=division_from(obj(data.get("division"))),
        legal_entity=legal_entity_from(obj(data.get("legal_entity"))),
        updated_at=as_datetime(data.get("updated_at")),
    )


def _part(data: JSON, signed: JSON, key: str) -> JSON:
    # Request details carry only ids at the top level; the full objects live in data_to_be_signed.
    return obj(data.get(key)) or obj(signed.get(key))


def declaration_request_from(data: JSON, signing_bytes: Callable[[JSON], bytes]) -> DeclarationRequest:
    signed = obj(data.get("data_to_be_signed"))
    status = required(data, "status").upper()
    employee, division, legal_entity = (_part(data, signed, key) for key in ("employee", "division", "legal_entity"))
    return DeclarationRequest(
        id=required(data, "id"),
        status=status,
        status_reason=text(data.get("status_reason")),
        number=text(data.get("declaration_number")) or text(signed.get("declaration_number")),
        doctor=doctor_ref_from(employee) if obj(employee.get("party")) else None,
        division=division_from(division) if division.get("name") else None,
        legal_entity=legal_entity_from(legal_entity) if legal_entity.get("name") else None,
        start_date=as_date(data.get("start_date") or signed.get("start_date")),
        end_date=as_date(data.get("end_date") or signed.get("end_date")),
        created_at=as_datetime(data.get("inserted_at") or data.get("created_at")),
        signing_payload=signing_bytes(signed) if signed and status == "NEW" else None,
        declaration_id=text(data.get("declaration_id")) or text(signed.get("declaration_id")),
        current_declaration_count=as_int(data.get("current_declaration_count")),
        system_declaration_limit=as_int(data.get("system_declaration_limit")),
        expires_at=as_datetime(data.get("expires_at")),
    )


# --- accesses ---------------------------------------------------------------------------------


def access_from(data: JSON) -> Access:
    return Access(
        id=required(data, "id"),
        client_id=required(data, "client_id"),
        client_name=words(data.get("client_name")) or required(data, "client_id"),
        scopes=tuple(str(data.get("scope") or "").split()),
        created_at=as_datetime(data.get("created_at") or data.get("inserted_at")),
    )


# --- prescriptions and dispenses --------------------------------------------------------------
# ehealth-cabinet-medication-structures.apib. Optional parts (timing, route, doses, reject and block
# details) may be absent or null; what a prescription cannot be shown without (its id, number, dates,
# medicine, programme, doctor, clinic) is required.

# UCUM time units of `Duration` (bounds_duration) in days.
_DAYS_PER_UNIT = {"min": 1 / 1440, "h": 1 / 24, "d": 1.0, "wk": 7.0, "mo": 30.0, "a": 365.0}


def _number(value: Any) -> float | None:
    """A number as the registry writes it; MSON samples use a decimal comma (`13,5`)."""
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    return as_float(value)


def _required_number(data: Mapping[str, Any], key: str) -> float:
    value = _number(data.get(key))
    if value is None:
        raise MalformedData(f"missing {key}")
    return value


def _first_code(concept: Any) -> str | None:
    """The first coding's code of a `Codeable_Concept`."""
    return next((text(c.get("code")) for c in objects(obj(concept).get("coding")) if text(c.get("code"))), None)


def _one(value: Any) -> JSON:
    """An object the MSON gives once and FHIR as a list (`dose_and_rate`): the first one."""
    if isinstance(value, list):
        found = objects(value)
        return found[0] if found else {}
    return obj(value)


def quantity_from(value: Any) -> Quantity | None:
    """`Simple_Quantity`; None when it is absent or says no amount."""
    data = obj(value)
    amount = _number(data.get("value"))
    unit = text(data.get("unit")) or text(data.get("code"))
    if amount is None or unit is None:
        return None
    return Quantity(value=amount, unit=unit, code=text(data.get("code")))


def strength_from(value: Any) -> Strength | None:
    """`Dosage_drug` (eHealth spells the denominator `denumerator_*`)."""
    data = obj(value)
    numerator = _number(data.get("numerator_value"))
    denominator = _number(data.get("denumerator_value"))
    if denominator is None:
        denominator = _number(data.get("denominator_value"))
    numerator_unit = text(data.get("numerator_unit"))
    denominator_unit = text(data.get("denumerator_unit")) or text(data.get("denominator_unit"))
    if numerator is None or denominator is None or numerator_unit is None or denominator_unit is None:
        return None
    return Strength(numerator, numerator_unit, denominator, denominator_unit)


def _duration_days(value: Any) -> float | None:
    duration = obj(value)
    amount = _number(duration.get("value"))
    per_unit = _DAYS_PER_UNIT.get(text(duration.get("code")) or text(duration.get("unit")) or "")
    if amount is None or per_unit is None:
        return None
    return amount * per_unit


def _ratio(value: Any) -> tuple[Quantity, Quantity] | None:
    ratio = obj(value)
    numerator, denominator = quantity_from(ratio.get("numerator")), quantity_from(ratio.get("denominator"))
    return (numerator, denominator) if numerator is not None and denominator is not None else None


def dosage_instruction_from(data: JSON, position: int = 1) -> DosageInstruction:
    """`Dosage_Instruction`: the doctor's text, and its structured parts when given."""
    repeat = obj(obj(data.get("timing")).get("repeat"))
    when = repeat.get("when")
    route = obj(data.get("route"))
    as_needed = data.get("as_needed_boolean") is True or bool(obj(data.get("as_needed_codeable_concept")))
    return DosageInstruction(
        sequence=as_int(data.get("sequence")) or position,
        text=words(data.get("text")) or words(data.get("patient_instruction")) or "",
        patient_instruction=words(data.get("patient_instruction")),
        as_needed=as_needed,
        frequency=as_int(repeat.get("frequency")),
        period=_number(repeat.get("period")),
        period_unit=text(repeat.get("period_unit")),
        when=tuple(str(w) for w in (when if isinstance(when, list) else [when]) if text(w)),
        duration_days=_duration_days(repeat.get("bounds_duration")),
        route=_first_code(route),
        route_text=words(route.get("text")),
        dose=quantity_from(_one(data.get("dose_and_rate")).get("dose_quantity")),
        max_dose_per_period=_ratio(data.get("max_dose_per_period")),
        max_dose_per_administration=quantity_from(data.get("max_dose_per_administration")),
    )


def medication_info_from(data: JSON) -> MedicationInfo:
    """`Innm_Dosage_for_Medication_request_Responce`: the INN medicine, the primary ingredient first."""
    ingredients = objects(data.get("ingredients"))
    ingredients.sort(key=lambda ingredient: ingredient.get("is_primary") is not True)
    return MedicationInfo(
        medication_id=required(data, "medication_id", "id"),
        name=required_words(data, "medication_name", "name"),
        form=required(data, "form"),
        strength=strength_from(data.get("dosage")),
        quantity=_required_number(data, "medication_qty"),
        ingredients=tuple(name for i in ingredients if (name := words(i.get("name")))),
    )


def medical_program_from(data: JSON) -> MedicalProgramRef:
    """`Medical_Program_Response_min_without_settings` (or the longer `..._without_settings`)."""
    return MedicalProgramRef(
        id=required(data, "id"),
        name=required_words(data, "name"),
        funding_source=text(data.get("funding_source")),
        blank_type=text(data.get("mr_blank_type")),
    )


def medication_request_from(data: JSON) -> MedicationRequest:
    """`Medication_request_Public_Response_with_Medical_Program_min`; the details add `verification_code`."""
    created_at, valid_from, valid_to = (
        as_date(data.get(key)) for key in ("created_at", "dispense_valid_from", "dispense_valid_to")
    )
    if created_at is None or valid_from is None or valid_to is None:
        raise MalformedData("missing created_at/dispense_valid_from/dispense_valid_to")
    instructions = objects(data.get("dosage_instruction"))
    return MedicationRequest(
        id=required(data, "id"),
        request_number=required(data, "request_number"),
        status=required(data, "status").upper(),
        created_at=created_at,
        started_at=as_date(data.get("started_at")),
        ended_at=as_date(data.get("ended_at")),
        dispense_valid_from=valid_from,
        dispense_valid_to=valid_to,
        medication=medication_info_from(obj(data.get("medication_info"))),
        program=medical_program_from(obj(data.get("medical_program"))),
        doctor=doctor_ref_from(obj(data.get("employee"))),
        division=division_from(obj(data.get("division"))),
        legal_entity=legal_entity_from(obj(data.get("legal_entity"))),
        dosage_instructions=tuple(
            sorted(
                (dosage_instruction_from(item, index) for index, item in enumerate(instructions, start=1)),
                key=lambda instruction: instruction.sequence,
            )
        ),
        intent=text(data.get("intent")),
        rejected_at=as_date(data.get("rejected_at")),
        reject_reason=words(data.get("reject_reason")),
        reject_reason_code=text(data.get("reject_reason_code")),
        blocked_to=as_datetime(data.get("blocked_to")),
        block_reason=words(data.get("block_reason")),
        note=words(data.get("note")),
        verification_code=text(data.get("verification_code")),
    )


def dispense_line_from(data: JSON) -> DispenseLine:
    """`Medication_Dispense_Detail_Response_without_2d_codes`: a brand medicine (`Medication_Short`) handed over."""
    medication = obj(data.get("medication"))
    return DispenseLine(
        medication_name=required_words(medication, "name"),
        form=text(medication.get("form")),
        manufacturer=words(obj(medication.get("manufacturer")).get("name")),
        quantity=_required_number(data, "medication_qty"),
        sell_price=_number(data.get("sell_price")),
        sell_amount=_number(data.get("sell_amount")),
        discount_amount=_number(data.get("discount_amount")),
        reimbursement_amount=_required_number(data, "reimbursement_amount"),
    )


def medication_dispense_from(data: JSON) -> MedicationDispense:
    """`Medication_Dispense_Response_without_2d_codes`; its division is `Division_Short` (no address)."""
    dispensed_at = as_date(data.get("dispensed_at"))
    if dispensed_at is None:
        raise MalformedData("missing dispensed_at")
    program = obj(data.get("medical_program"))
    return MedicationDispense(
        id=required(data, "id"),
        medication_request_id=text(obj(data.get("medication_request")).get("id"))
        or required(data, "medication_request_id"),
        status=required(data, "status").upper(),
        dispensed_at=dispensed_at,
        pharmacy=legal_entity_from(obj(data.get("legal_entity"))),
        division=division_from(obj(data.get("division"))),
        program=medical_program_from(program) if program else None,
        lines=tuple(dispense_line_from(line) for line in objects(data.get("details"))),
        payment_amount=_number(data.get("payment_amount")),
        inserted_at=as_datetime(data.get("inserted_at")),
    )


# --- the medical record (patient summary) and referrals -----------------------------------------
# ehealth-patient-summary.apib. Tolerant: an optional part that is absent or not the shape expected is
# None (or empty); only what the structure marks required and the cabinet cannot do without (an id, a
# code, a date the record is ordered by) makes an answer malformed.


def coded_from(value: Any) -> CodedValue | None:
    """A `Codeable_Concept` (or a bare `Coding`): its first coding with a code, and its text."""
    concept = obj(value)
    codings = objects(concept.get("coding")) or ([concept] if text(concept.get("code")) else [])
    first = next((c for c in codings if text(c.get("code"))), None)
    if first is None:
        return None
    return CodedValue(
        code=str(first["code"]),
        system=text(first.get("system")),
        text=words(concept.get("text")) or words(first.get("display")),
    )


def required_coded(data: Mapping[str, Any], key: str) -> CodedValue:
    found = coded_from(data.get(key))
    if found is None:
        raise MalformedData(f"missing {key}")
    return found


def _codes(value: Any) -> tuple[str, ...]:
    """The first code of each `Codeable_Concept` of a list."""
    return tuple(found.code for item in objects(value) if (found := coded_from(item)) is not None)


def ref_from(value: Any) -> RecordRef | None:
    """A `Reference_response`, an `asserter`/`performer` identifier object, or `{reference, display_value}`/
    `{text}` (a performer given as a reference or as free text)."""
    data = obj(value)
    if not data:
        return None
    reference = obj(data.get("reference"))
    if reference:
        data = {**reference, "display_value": data.get("display_value") or reference.get("display_value")}
    identifier = obj(data.get("identifier"))
    kind = obj(identifier.get("type"))
    display = words(data.get("display_value")) or words(kind.get("text")) or words(data.get("text"))
    ref_id = text(identifier.get("value"))
    if ref_id is None and display is None:
        return None
    return RecordRef(id=ref_id, display=display, kind=_first_code(kind))


def _ref_id(value: Any) -> str | None:
    found = ref_from(value)
    return found.id if found is not None else None


def _origin(value: Any) -> str | None:
    """`report_origin`: who told the doctor (when not primary_source) — its code."""
    found = coded_from(value)
    return found.code if found is not None else None


def _start(data: JSON, moment: str, period: str) -> tuple[datetime | None, datetime | None]:
    """One Of `<x>_date_time` / `<x>_period`: (start, end)."""
    at = as_datetime(data.get(moment))
    if at is not None:
        return at, None
    span = obj(data.get(period))
    return as_datetime(span.get("start")), as_datetime(span.get("end"))


def _required_moment(data: JSON, key: str) -> datetime:
    moment = as_datetime(data.get(key))
    if moment is None:
        raise MalformedData(f"missing {key}")
    return moment


def diagnosis_from(data: JSON) -> Diagnosis:
    """`Diagnosis_Referrence_Condition`."""
    role = coded_from(data.get("role"))
    return Diagnosis(
        condition_id=_ref_id(data.get("condition")),
        code=required_coded(data, "code"),
        role=role.code if role is not None else None,
        rank=as_int(data.get("rank")),
    )


def condition_from(data: JSON) -> Condition:
    """`Condition_Response`."""
    severity = coded_from(data.get("severity"))
    return Condition(
        id=required(data, "id"),
        code=required_coded(data, "code"),
        clinical_status=required(data, "clinical_status"),
        verification_status=text(data.get("verification_status")),
        onset_date=as_date(data.get("onset_date")),
        asserted_date=as_date(data.get("asserted_date")),
        asserter=ref_from(data.get("asserter")),
        report_origin=_origin(data.get("report_origin")),
        severity=severity.code if severity is not None else None,
        body_sites=_codes(data.get("body_sites")),
        encounter_id=_ref_id(data.get("context")),
    )


def reference_range_from(data: JSON) -> ReferenceRange:
    kind = coded_from(data.get("type"))
    return ReferenceRange(
        low=_number(obj(data.get("low")).get("value")),
        high=_number(obj(data.get("high")).get("value")),
        type=kind.code if kind is not None else None,
        text=words(data.get("text")),
    )


def observation_from(data: JSON) -> Observation:
    """`Observation_Response`; its value is the One Of the structure allows (a range or ratio is not a single
    value and is left out)."""
    effective_at, _ = _start(data, "effective_date_time", "effective_period")
    quantity = obj(data.get("value_quantity"))
    boolean = data.get("value_boolean")
    interpretation = coded_from(data.get("interpretation"))
    return Observation(
        id=required(data, "id"),
        status=required(data, "status"),
        code=required_coded(data, "code"),
        categories=_codes(data.get("categories")),
        issued=_required_moment(data, "issued"),
        effective_at=effective_at,
        value_number=_number(quantity.get("value")) if quantity else _number(data.get("value_integer")),
        value_string=words(data.get("value_string")),
        value_boolean=boolean if isinstance(boolean, bool) else None,
        value_code=coded_from(data.get("value_codeable_concept")),
        unit=(text(quantity.get("unit")) or text(quantity.get("code"))) if quantity else None,
        comparator=text(quantity.get("comparator")) if quantity else None,
        reference_ranges=tuple(reference_range_from(r) for r in objects(data.get("reference_ranges"))),
        interpretation=interpretation.code if interpretation is not None else None,
        performer=ref_from(data.get("performer")),
        report_origin=_origin(data.get("report_origin")),
        diagnostic_report_id=_ref_id(data.get("diagnostic_report")),
        encounter_id=_ref_id(data.get("context")),
        comment=words(data.get("comment")),
    )


def _service(data: JSON) -> RecordRef:
    service = ref_from(data.get("code"))
    if service is None:
        raise MalformedData("missing code")
    return service


def diagnostic_report_from(data: JSON) -> DiagnosticReport:
    """`Diagnostic_Report_Response`."""
    effective_at, _ = _start(data, "effective_date_time", "effective_period")
    return DiagnosticReport(
        id=required(data, "id"),
        status=required(data, "status"),
        service=_service(data),
        categories=_codes(data.get("category")),
        issued=_required_moment(data, "issued"),
        effective_at=effective_at,
        conclusion=words(data.get("conclusion")),
        conclusion_code=coded_from(data.get("conclusion_code")),
        performer=ref_from(data.get("performer")),
        recorded_by=ref_from(data.get("recorded_by")),
        results_interpreter=ref_from(data.get("results_interpreter")),
        division=ref_from(data.get("division")),
        legal_entity=ref_from(data.get("managing_organization")),
        service_request_id=_ref_id(data.get("based_on")),
        encounter_id=_ref_id(data.get("encounter")),
    )


def immunization_from(data: JSON) -> Immunization:
    """`Immunization_Response`; the dose number is the first vaccination protocol's `dose_sequence`."""
    protocols = objects(data.get("vaccination_protocols"))
    protocol = protocols[0] if protocols else {}
    explanation = obj(data.get("explanation"))
    dose = obj(data.get("dose_quantity"))
    reasons = coded_from(explanation.get("reasons")) or coded_from(explanation.get("reasons_not_given"))
    return Immunization(
        id=required(data, "id"),
        status=required(data, "status"),
        not_given=data.get("not_given") is True,
        vaccine=required_coded(data, "vaccine_code"),
        date=_required_moment(data, "date"),
        dose_number=as_int(protocol.get("dose_sequence")),
        series_doses=as_int(protocol.get("series_doses")),
        target_diseases=tuple(code for p in protocols for code in _codes(p.get("target_diseases"))),
        lot_number=text(data.get("lot_number")),
        manufacturer=words(data.get("manufacturer")),
        expiration_date=as_date(data.get("expiration_date")),
        site=_origin(data.get("site")),
        route=_origin(data.get("route")),
        dose_value=_number(dose.get("value")),
        dose_unit=text(dose.get("unit")) or text(dose.get("code")),
        reactions=tuple(ref for r in objects(data.get("reactions")) if (ref := _ref_id(r.get("detail")))),
        reasons=(reasons.code,) if reasons is not None else (),
        performer=ref_from(data.get("performer")),
        report_origin=_origin(data.get("report_origin")),
    )


def allergy_intolerance_from(data: JSON) -> AllergyIntolerance:
    """`Allergy_Intolerance_Response`."""
    return AllergyIntolerance(
        id=required(data, "id"),
        code=required_coded(data, "code"),
        clinical_status=required(data, "clinical_status"),
        verification_status=text(data.get("verification_status")),
        type=text(data.get("type")),
        category=text(data.get("category")),
        criticality=text(data.get("criticality")),
        onset=as_datetime(data.get("onset_date_time")),
        asserted_date=as_datetime(data.get("asserted_date")),
        last_occurrence=as_datetime(data.get("last_occurrence")),
        asserter=ref_from(data.get("asserter")),
        report_origin=_origin(data.get("report_origin")),
    )


def encounter_from(data: JSON) -> Encounter:
    """`Encounter_Short`; a fuller encounter's `performer`, `division`, `reasons` and `diagnoses` when given."""
    period = obj(data.get("period"))
    start = as_datetime(period.get("start"))
    if start is None:
        raise MalformedData("missing period.start")
    encounter_class = coded_from(data.get("class"))
    kind = coded_from(data.get("type"))
    speciality = coded_from(data.get("performer_speciality"))
    return Encounter(
        id=required(data, "id"),
        status=required(data, "status"),
        start=start,
        end=as_datetime(period.get("end")),
        encounter_class=encounter_class.code if encounter_class is not None else None,
        type=kind.code if kind is not None else None,
        performer_speciality=speciality.code if speciality is not None else None,
        episode_id=_ref_id(data.get("episode")),
        performer=ref_from(data.get("performer")),
        division=ref_from(data.get("division")),
        reasons=tuple(found for r in objects(data.get("reasons")) if (found := coded_from(r)) is not None),
        diagnoses=tuple(diagnosis_from(d) for d in objects(data.get("diagnoses")) if coded_from(d.get("code"))),
    )


def episode_from(data: JSON) -> Episode:
    """`Episode_Of_Care_Short`."""
    period = obj(data.get("period"))
    start = as_datetime(period.get("start"))
    if start is None:
        raise MalformedData("missing period.start")
    return Episode(
        id=required(data, "id"),
        name=required_words(data, "name"),
        status=required(data, "status"),
        start=start,
        end=as_datetime(period.get("end")),
    )


def procedure_from(data: JSON) -> Procedure:
    """`Procedure_Response`."""
    performed_at, performed_end = _start(data, "performed_date_time", "performed_period")
    category, outcome = coded_from(data.get("category")), coded_from(data.get("outcome"))
    return Procedure(
        id=required(data, "id"),
        status=required(data, "status"),
        service=_service(data),
        category=category.code if category is not None else None,
        performed_at=performed_at,
        performed_end=performed_end,
        recorded_by=ref_from(data.get("recorded_by")),
        performer=ref_from(data.get("performer")),
        division=ref_from(data.get("division")),
        legal_entity=ref_from(data.get("managing_organization")),
        outcome=outcome.code if outcome is not None else None,
        note=words(data.get("note")),
        service_request_id=_ref_id(data.get("based_on")),
        encounter_id=_ref_id(data.get("encounter")),
    )


def service_request_from(data: JSON) -> ServiceRequest:
    """`Service_Request_Base` / `Service_Request_Show`."""
    start, end = _start(data, "occurrence_date_time", "occurrence_period")
    category, performer_type = coded_from(data.get("category")), coded_from(data.get("performer_type"))
    return ServiceRequest(
        id=required(data, "id"),
        requisition=required(data, "requisition"),
        status=required(data, "status"),
        intent=text(data.get("intent")),
        priority=text(data.get("priority")),
        category=category.code if category is not None else None,
        service=_service(data),
        occurrence_start=start,
        occurrence_end=end,
        expires_at=as_datetime(data.get("expiration_date")),
        requester=ref_from(data.get("requester_employee")),
        requester_legal_entity=ref_from(data.get("requester_legal_entity")),
        performer=ref_from(data.get("performer")),
        performer_type=performer_type.code if performer_type is not None else None,
        used_by_legal_entity=ref_from(data.get("used_by_legal_entity")),
        note=words(data.get("note")),
        patient_instruction=words(data.get("patient_instruction")),
        status_reason=_origin(data.get("status_reason")),
        program=ref_from(data.get("program")),
        inserted_at=as_datetime(data.get("inserted_at")),
    )
