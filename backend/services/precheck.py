"""The declaration precheck with real data: the patient's age and capacity, the doctor's card from the
directory (or the registry's portal when the directory lacks it), free places, the current declaration."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.errors import ApiError, FieldErrorBody, not_found
from backend.directory.documents import DoctorDocument, document_from_record
from backend.domain.declarations import PrecheckResult, precheck_declaration
from backend.registry.errors import RegistryNotFound
from backend.registry.port import Declaration
from backend.services import declarations
from backend.services.container import Services
from backend.services.patient import Patient
from backend.services.person import read_person


@dataclass(frozen=True, slots=True)
class Precheck:
    result: PrecheckResult
    doctor: DoctorDocument
    current: Declaration | None


async def find_doctor(services: Services, employee_id: str) -> DoctorDocument | None:
    index = services.directory.index
    document = await index.get(employee_id) if index is not None else None
    if document is not None:
        return document
    try:
        return document_from_record(await services.registry.get_doctor(employee_id))
    except RegistryNotFound:
        return None


async def run(
    session: AsyncSession,
    services: Services,
    patient: Patient,
    *,
    employee_id: str,
    division_id: str,
    with_verification: bool = False,
) -> Precheck:
    """The rules for this patient and doctor; `with_verification` also reads the person (one more registry
    call, unless the session already read them) to warn that a declaration of unverified data waits for
    verification. The current declaration comes from the session's read of the declarations."""
    doctor = await find_doctor(services, employee_id)
    if doctor is None:
        raise not_found()
    if doctor.division_id != division_id:
        raise ApiError(
            422,
            "validation_failed",
            fields=[
                FieldErrorBody(
                    field="division_id",
                    code="division.mismatch",
                    message="Цей лікар не працює в обраному підрозділі. Оберіть, будь ласка, лікаря ще раз.",
                )
            ],
        )
    current = await declarations.current(session, services, patient)
    # An unknown count (directory limits not loaded yet) does not block: the registry enforces the limit.
    free = doctor.free_places if doctor.free_places is not None else 1
    verification_status: str | None = None
    if with_verification:
        person = await read_person(session, services, patient)
        verification_status = person.verification_status
    result = precheck_declaration(
        patient_birth_date=patient.link.birth_date,
        legal_capacity_confirmed=patient.link.legal_capacity_confirmed,
        today=services.clock.today(),
        doctor_speciality=doctor.speciality or "",
        doctor_employee_id=doctor.employee_id,
        doctor_available=doctor.is_available,
        free_places=free,
        current_declaration_employee_id=current.doctor.employee_id if current else None,
        person_verification_status=verification_status,
    )
    return Precheck(result=result, doctor=doctor, current=current)
