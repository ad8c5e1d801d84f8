"""The directory's document: one flat doctor record with everything a search result and a card show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from backend.domain.declarations import free_places
from backend.registry.port import (
    DeclarationsLimit,
    DivisionRef,
    DoctorRecord,
    LegalEntityRef,
    WorkingHours,
    full_name,
)

APPROVED = "APPROVED"
ACTIVE = "ACTIVE"


# Not frozen: a frozen dataclass sets each of its 30 fields through object.__setattr__, 8.5 µs a document against
# 1.2 µs, and a first sync makes 100,000 of them (a search page 50). Nothing changes a document once made: a
# changed one is a new one (`dataclasses.replace`).
@dataclass(slots=True, kw_only=True)
class DoctorDocument:
    employee_id: str
    party_id: str
    full_name: str
    first_name: str
    last_name: str
    second_name: str | None = None
    gender: str | None = None
    speciality: str | None = None
    position: str | None = None
    about: str | None = None
    working_experience: int | None = None
    division_id: str
    division_name: str
    division_type: str | None = None
    address: str | None = None
    area: str | None = None  # oblast
    settlement: str | None = None
    settlement_type: str | None = None
    phones: tuple[str, ...] = ()
    working_hours: WorkingHours = field(default_factory=dict)
    latitude: float | None = None
    longitude: float | None = None
    legal_entity_id: str
    legal_entity_name: str
    legal_entity_status: str | None = None
    # The party's limit and count once `apply_limits` ran; before that the record's own limit and no count.
    declaration_limit: int | None = None
    declaration_count: int | None = None
    # None only for a card read from the portal (`get_doctor`), which does not say: the registry still
    # refuses a declaration with a doctor who no longer works.
    status: str | None
    updated_at: datetime | None = None

    @property
    def free_places(self) -> int | None:
        """Declarations the doctor can still sign; None while the count is unknown."""
        if self.declaration_limit is None or self.declaration_count is None:
            return None
        return free_places(self.declaration_limit, self.declaration_count)

    @property
    def is_available(self) -> bool:
        """Whether a patient may choose this doctor now: the employee is approved and the clinic active."""
        return self.status in (APPROVED, None) and self.legal_entity_status == ACTIVE


def document_from_record(record: DoctorRecord, limit: DeclarationsLimit | None = None) -> DoctorDocument:
    """The directory's document of a record; `limit`, the party's declaration limit and count, when known."""
    return document_of(
        employee_id=record.employee_id,
        party_id=record.party_id,
        first_name=record.first_name,
        last_name=record.last_name,
        second_name=record.second_name,
        gender=record.gender,
        speciality=record.speciality,
        position=record.position,
        about=record.about,
        working_experience=record.working_experience,
        division=record.division,
        legal_entity=record.legal_entity,
        declaration_limit=record.declaration_limit if limit is None else limit.limit,
        declaration_count=None if limit is None else limit.count,
        status=record.status,
        updated_at=record.updated_at,
    )


def document_of(
    *,
    employee_id: str,
    party_id: str,
    first_name: str,
    last_name: str,
    second_name: str | None,
    gender: str | None,
    speciality: str | None,
    position: str | None,
    about: str | None,
    working_experience: int | None,
    division: DivisionRef,
    legal_entity: LegalEntityRef,
    declaration_limit: int | None,
    declaration_count: int | None,
    status: str | None,
    updated_at: datetime | None,
) -> DoctorDocument:
    """A document of a doctor's own fields and their division and clinic, flattened into the document's columns."""
    return DoctorDocument(
        employee_id=employee_id,
        party_id=party_id,
        full_name=full_name(last_name, first_name, second_name),
        first_name=first_name,
        last_name=last_name,
        second_name=second_name,
        gender=gender,
        speciality=speciality,
        position=position,
        about=about,
        working_experience=working_experience,
        division_id=division.id,
        division_name=division.name,
        division_type=division.type,
        address=division.address,
        area=division.area,
        settlement=division.settlement,
        settlement_type=division.settlement_type,
        phones=tuple(phone.number for phone in division.phones),
        working_hours=division.working_hours,
        latitude=division.latitude,
        longitude=division.longitude,
        legal_entity_id=legal_entity.id,
        legal_entity_name=legal_entity.name,
        legal_entity_status=legal_entity.status,
        declaration_limit=declaration_limit,
        declaration_count=declaration_count,
        status=status,
        updated_at=updated_at,
    )
