"""Port types and directory documents → the API's response models (and nothing unmasked that should be)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from backend.api.schemas.accounts import AccountState, Consent, Notifications
from backend.api.schemas.declarations import (
    DeclarationOut,
    DeclarationRequestOut,
    DivisionOut,
    DoctorRefOut,
    LegalEntityOut,
)
from backend.api.schemas.doctors import DoctorCard, DoctorHit
from backend.api.schemas.medical_record import (
    AllergyOut,
    DiagnosisOut,
    EncounterOut,
    ObservationOut,
    RecordOverviewOut,
    ReferralOut,
)
from backend.api.schemas.misc import AccessOut
from backend.api.schemas.person import (
    AddressOut,
    AuthenticationMethodOut,
    DocumentOut,
    EmergencyContactOut,
    PersonView,
    PhoneOut,
)
from backend.api.schemas.prescriptions import (
    DispenseLineOut,
    DispenseOut,
    DosageInstructionOut,
    MedicationOut,
    PrescriptionOut,
    ProgramOut,
    QuantityOut,
    StrengthOut,
)
from backend.clock import KYIV
from backend.directory.documents import DoctorDocument
from backend.domain.age import AccessLevel
from backend.domain.declarations import (
    CURRENT_DECLARATION_STATUSES,
    Speciality,
    declaration_ended_on,
)
from backend.domain.masking import mask_document, mask_phone, mask_tax_id
from backend.domain.medical_record import is_open_referral, normal_range_mark
from backend.domain.verification import declaration_waits_for_verification
from backend.models import PersonLink, TelegramAccount
from backend.registry.port import (
    Access,
    Declaration,
    DeclarationRequest,
    DispenseLine,
    DivisionRef,
    DoctorRef,
    DosageInstruction,
    LegalEntityRef,
    MedicalProgramRef,
    MedicationDispense,
    MedicationInfo,
    MedicationRequest,
    Observation,
    Person,
    Quantity,
    ServiceRequest,
    Strength,
    WorkingHours,
)
from backend.services.declaration_requests import is_signable
from backend.services.medical_record import Overview
from backend.signing.summary import address_text


def read_only_reason(level: AccessLevel | None) -> str | None:
    return "minor_without_capacity" if level is AccessLevel.READ_ONLY else None


def account_state(
    account: TelegramAccount,
    link: PersonLink | None,
    level: AccessLevel | None,
    *,
    phone: str | None,
    current_consent_version: str,
    allowed_specialities: Sequence[Speciality] | None = None,
) -> AccountState:
    return AccountState(
        telegram_user_id=account.telegram_user_id,
        language="en" if account.language == "en" else "uk",
        consent=Consent(
            given=account.consent_version == current_consent_version,
            version=account.consent_version,
            at=account.consent_at,
            current_version=current_consent_version,
        ),
        phone_shared=phone is not None,
        phone_masked=mask_phone(phone) if phone else None,
        linked=link is not None,
        first_name=link.first_name if link else None,
        access_level=level,
        read_only_reason=read_only_reason(level),
        notifications=Notifications(**(account.notification_prefs or {})),
        unreachable=account.unreachable,
        allowed_specialities=list(allowed_specialities) if allowed_specialities is not None else None,
    )


def _unzr_masked(unzr: str | None) -> str | None:
    # The first eight digits are the birth date (shown elsewhere anyway); the record number is hidden.
    if not unzr:
        return None
    return unzr[:9] + "*" * max(len(unzr) - 11, 0) + unzr[-2:] if len(unzr) > 11 else "*" * len(unzr)


def person_view(person: Person, level: AccessLevel) -> PersonView:
    return PersonView(
        first_name=person.first_name,
        last_name=person.last_name,
        second_name=person.second_name,
        birth_date=person.birth_date,
        gender=person.gender,
        tax_id_masked=mask_tax_id(person.tax_id) if person.tax_id else None,
        no_tax_id=person.no_tax_id,
        unzr_masked=_unzr_masked(person.unzr),
        email=person.email,
        phones=[PhoneOut(type=phone.type, number=phone.number) for phone in person.phones],
        addresses=[
            AddressOut(
                type=address.type,
                area=address.area,
                region=address.region,
                settlement=address.settlement,
                settlement_type=address.settlement_type,
                street_type=address.street_type,
                street=address.street,
                building=address.building,
                apartment=address.apartment,
                zip=address.zip,
                text=address_text(address),
            )
            for address in person.addresses
        ],
        documents=[
            DocumentOut(
                type=document.type,
                number_masked=mask_document(document.number),
                issued_by=document.issued_by,
                issued_at=document.issued_at,
                expiration_date=document.expiration_date,
            )
            for document in person.documents
        ],
        emergency_contact=EmergencyContactOut(
            first_name=person.emergency_contact.first_name,
            last_name=person.emergency_contact.last_name,
            second_name=person.emergency_contact.second_name,
            phones=[PhoneOut(type=phone.type, number=phone.number) for phone in person.emergency_contact.phones],
        )
        if person.emergency_contact
        else None,
        preferred_way_communication=person.preferred_way_communication,
        authentication_methods=[
            AuthenticationMethodOut(type=method.type, phone_number=method.phone_number)
            for method in person.authentication_methods
        ],
        secret_set=bool(person.secret),
        verification_status=person.verification_status,
        declaration_pending_verification=declaration_waits_for_verification(person.verification_status),
        access_level=level,
        read_only_reason=read_only_reason(level),
    )


def working_hours(hours: WorkingHours) -> dict[str, list[list[str]]]:
    return {day: [list(interval) for interval in intervals] for day, intervals in hours.items()}


def doctor_ref(doctor: DoctorRef) -> DoctorRefOut:
    return DoctorRefOut(
        employee_id=doctor.employee_id,
        full_name=doctor.full_name,
        first_name=doctor.first_name,
        last_name=doctor.last_name,
        second_name=doctor.second_name,
        speciality=doctor.speciality,
    )


def division(ref: DivisionRef) -> DivisionOut:
    return DivisionOut(
        id=ref.id,
        name=ref.name,
        address=ref.address,
        settlement=ref.settlement,
        phones=[phone.number for phone in ref.phones],
        working_hours=working_hours(ref.working_hours),
        latitude=ref.latitude,
        longitude=ref.longitude,
    )


def legal_entity(ref: LegalEntityRef) -> LegalEntityOut:
    return LegalEntityOut(id=ref.id, name=ref.name, edrpou=ref.edrpou)


def declaration(item: Declaration) -> DeclarationOut:
    return DeclarationOut(
        id=item.id,
        number=item.number,
        status=item.status,
        reason=item.reason,
        reason_description=item.reason_description,
        start_date=item.start_date,
        end_date=item.end_date,
        ended_on=declaration_ended_on(
            item.status, item.end_date, item.updated_at.astimezone(KYIV).date() if item.updated_at else None
        ),
        signed_at=item.signed_at,
        current=item.status in CURRENT_DECLARATION_STATUSES,
        doctor=doctor_ref(item.doctor),
        division=division(item.division),
        legal_entity=legal_entity(item.legal_entity),
    )


def declaration_request_fields(item: DeclarationRequest) -> dict[str, object]:
    return {
        "id": item.id,
        "status": item.status,
        "status_reason": item.status_reason,
        "number": item.number,
        "doctor": doctor_ref(item.doctor) if item.doctor else None,
        "division": division(item.division) if item.division else None,
        "legal_entity": legal_entity(item.legal_entity) if item.legal_entity else None,
        "start_date": item.start_date,
        "end_date": item.end_date,
        "created_at": item.created_at,
        "declaration_id": item.declaration_id,
        "current_declaration_count": item.current_declaration_count,
        "system_declaration_limit": item.system_declaration_limit,
        "signable": is_signable(item),
    }


def declaration_request(item: DeclarationRequest) -> DeclarationRequestOut:
    return DeclarationRequestOut.model_validate(declaration_request_fields(item))


def access(item: Access) -> AccessOut:
    return AccessOut(
        id=item.id,
        client_id=item.client_id,
        client_name=item.client_name,
        scopes=list(item.scopes),
        created_at=item.created_at,
    )


def doctor_card_fields(document: DoctorDocument) -> dict[str, object]:
    return {
        "employee_id": document.employee_id,
        "party_id": document.party_id,
        "full_name": document.full_name,
        "first_name": document.first_name,
        "last_name": document.last_name,
        "second_name": document.second_name,
        "speciality": document.speciality,
        "about": document.about,
        "working_experience": document.working_experience,
        "division_id": document.division_id,
        "division_name": document.division_name,
        "division_type": document.division_type,
        "address": document.address,
        "area": document.area,
        "settlement": document.settlement,
        "settlement_type": document.settlement_type,
        "phones": list(document.phones),
        "working_hours": working_hours(document.working_hours),
        "latitude": document.latitude,
        "longitude": document.longitude,
        "legal_entity_id": document.legal_entity_id,
        "legal_entity_name": document.legal_entity_name,
        "available": document.is_available,
        "declaration_limit": document.declaration_limit,
        "declaration_count": document.declaration_count,
        "free_places": document.free_places,
        "updated_at": document.updated_at,
    }


def doctor_card(document: DoctorDocument) -> DoctorCard:
    return DoctorCard.model_validate(doctor_card_fields(document))


def doctor_hit(document: DoctorDocument, distance_km: float | None) -> DoctorHit:
    return DoctorHit.model_validate(
        {**doctor_card_fields(document), "distance_km": round(distance_km, 2) if distance_km is not None else None}
    )


# --- prescriptions and dispenses -----------------------------------------------------------------


def quantity(item: Quantity | None) -> QuantityOut | None:
    return QuantityOut(value=item.value, unit=item.unit, code=item.code) if item is not None else None


def strength(item: Strength | None) -> StrengthOut | None:
    if item is None:
        return None
    return StrengthOut(
        numerator_value=item.numerator_value,
        numerator_unit=item.numerator_unit,
        denominator_value=item.denominator_value,
        denominator_unit=item.denominator_unit,
    )


def dosage_instruction(item: DosageInstruction) -> DosageInstructionOut:
    per_period = item.max_dose_per_period
    return DosageInstructionOut(
        sequence=item.sequence,
        text=item.text,
        patient_instruction=item.patient_instruction,
        as_needed=item.as_needed,
        frequency=item.frequency,
        period=item.period,
        period_unit=item.period_unit,
        when=list(item.when),
        duration_days=item.duration_days,
        route=item.route,
        route_text=item.route_text,
        dose=quantity(item.dose),
        max_dose_per_period=[QuantityOut(value=q.value, unit=q.unit, code=q.code) for q in per_period]
        if per_period is not None
        else None,
        max_dose_per_administration=quantity(item.max_dose_per_administration),
    )


def medication(item: MedicationInfo) -> MedicationOut:
    return MedicationOut(
        medication_id=item.medication_id,
        name=item.name,
        form=item.form,
        strength=strength(item.strength),
        quantity=item.quantity,
        ingredients=list(item.ingredients),
    )


def program(item: MedicalProgramRef) -> ProgramOut:
    return ProgramOut(id=item.id, name=item.name, funding_source=item.funding_source, blank_type=item.blank_type)


def prescription(item: MedicationRequest) -> PrescriptionOut:
    """The prescription without its verification code (only its own endpoint hands that out)."""
    return PrescriptionOut(
        id=item.id,
        request_number=item.request_number,
        status=item.status,
        created_at=item.created_at,
        started_at=item.started_at,
        ended_at=item.ended_at,
        dispense_valid_from=item.dispense_valid_from,
        dispense_valid_to=item.dispense_valid_to,
        medication=medication(item.medication),
        program=program(item.program),
        doctor=doctor_ref(item.doctor),
        division=division(item.division),
        legal_entity=legal_entity(item.legal_entity),
        dosage_instructions=[dosage_instruction(d) for d in item.dosage_instructions],
        rejected_at=item.rejected_at,
        reject_reason=item.reject_reason,
        reject_reason_code=item.reject_reason_code,
        blocked_to=item.blocked_to,
        block_reason=item.block_reason,
        note=item.note,
    )


def dispense_line(item: DispenseLine) -> DispenseLineOut:
    return DispenseLineOut(
        medication_name=item.medication_name,
        form=item.form,
        manufacturer=item.manufacturer,
        quantity=item.quantity,
        sell_price=item.sell_price,
        sell_amount=item.sell_amount,
        discount_amount=item.discount_amount,
        reimbursement_amount=item.reimbursement_amount,
    )


def dispense(item: MedicationDispense) -> DispenseOut:
    return DispenseOut(
        id=item.id,
        medication_request_id=item.medication_request_id,
        status=item.status,
        dispensed_at=item.dispensed_at,
        pharmacy=legal_entity(item.pharmacy),
        division=division(item.division),
        program=program(item.program) if item.program is not None else None,
        lines=[dispense_line(line) for line in item.lines],
        payment_amount=item.payment_amount,
    )


# --- the medical record and referrals ---------------------------------------------------------------


def observation(item: Observation) -> ObservationOut:
    """The result with its mark against the first normal (or untyped) reference range."""
    mark = normal_range_mark(item.value_number, item.reference_ranges)
    return ObservationOut.model_validate(item).model_copy(update={"mark": mark})


def referral(item: ServiceRequest, now: datetime) -> ReferralOut:
    return ReferralOut.model_validate(item).model_copy(
        update={"is_open": is_open_referral(item.status, item.expires_at, now)}
    )


def record_overview(item: Overview, now: datetime) -> RecordOverviewOut:
    return RecordOverviewOut(
        allergies=[AllergyOut.model_validate(a) for a in item.allergies],
        diagnoses=[DiagnosisOut.model_validate(d) for d in item.diagnoses],
        last_visit=EncounterOut.model_validate(item.last_visit) if item.last_visit is not None else None,
        latest_results=[observation(o) for o in item.latest_results],
        open_referrals=[referral(r, now) for r in item.open_referrals],
    )
