"""The events the backend tells the bot (outbox kinds and their payloads), and which notification preference (if
any) silences each: the vocabulary both sides share, so it lives with the pure rules the bot may import."""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    AUTH_LINKED = "auth.linked"  # payload: first_name, access_level
    SECURITY_RELINKED = "security.relinked"  # to the OLD account when the person signs in elsewhere
    # The status watcher found that the registry refused to renew the session (the link is dropped).
    SECURITY_SESSION_EXPIRED = "security.session_expired"
    REQUEST_SIGNED = "request.signed"  # payload: request_id, declaration_id, doctor_name, status
    # The status watcher (backend.events.watcher) writes these three and the reminders.
    # payload: request_id, status, reason, doctor_name, declaration_id
    REQUEST_STATUS = "request.status_changed"
    # payload: declaration_id, status, previous_status (None for a declaration seen for the first time), reason,
    # doctor_name, end_date
    DECLARATION_STATUS = "declaration.status_changed"
    SECURITY_ACCESS_GRANTED = "security.access_granted"  # payload: access_id, client_name
    PERSON_UPDATED = "person.updated"  # payload: fields (names of the changed fields only)
    # payload: topic (ReminderTopic) and the entity: request_id + doctor_name + expires_at, or
    # declaration_id + doctor_name + end_date
    REMINDER = "reminder"
    # The status watcher's prescription notices. payload: medication_request_id, medication_name, status,
    # dispense_valid_to (ISO date); PRESCRIPTION_DISPENSED adds dispense_id, fully (bool: nothing left to dispense);
    # PRESCRIPTION_REJECTED adds reject_reason_code.
    PRESCRIPTION_ISSUED = "prescription.issued"
    PRESCRIPTION_DISPENSED = "prescription.dispensed"
    PRESCRIPTION_REJECTED = "prescription.rejected"
    # A reminder, once, days before an undispensed prescription's dispense period ends (same payload).
    PRESCRIPTION_EXPIRING = "prescription.expiring"
    # The status watcher's medical record notices: a new lab result, a new referral. Medical: what a push needs
    # and nothing more. LAB_RESULT_ADDED payload: observation_id, measure (the measure's name, or None), value
    # (a number, or None), unit, comparator, value_text (a value given in words), mark (backend.domain.
    # medical_record.RangeMark, or None). REFERRAL_ISSUED payload: service_request_id, service (what the referral
    # is for), expires_at (ISO instant, or None) — never the referral's number.
    LAB_RESULT_ADDED = "record.lab_result_added"
    REFERRAL_ISSUED = "record.referral_issued"


class ReminderTopic(StrEnum):
    REQUEST_EXPIRING = "request_expiring"  # an unsigned request expires soon
    PEDIATRIC_ENDING = "pediatric_ending"  # a pediatrician's declaration ends at the patient's 18th birthday


class NotificationPreference(StrEnum):
    DECLARATION_STATUS = "declaration_status"
    REQUEST_STATUS = "request_status"
    SECURITY = "security"
    REMINDERS = "reminders"
    PRESCRIPTIONS = "prescriptions"
    MEDICAL_RECORD = "medical_record"  # new lab results and referrals


# Answers to the patient's own action (sign-in done, signature accepted) are always delivered:
# they are not notifications the patient can opt out of, they are the reply.
PREFERENCE_OF_KIND: dict[str, NotificationPreference] = {
    EventKind.SECURITY_RELINKED: NotificationPreference.SECURITY,
    EventKind.SECURITY_SESSION_EXPIRED: NotificationPreference.SECURITY,
    EventKind.SECURITY_ACCESS_GRANTED: NotificationPreference.SECURITY,
    EventKind.REQUEST_STATUS: NotificationPreference.REQUEST_STATUS,
    EventKind.DECLARATION_STATUS: NotificationPreference.DECLARATION_STATUS,
    EventKind.REMINDER: NotificationPreference.REMINDERS,
    EventKind.PRESCRIPTION_ISSUED: NotificationPreference.PRESCRIPTIONS,
    EventKind.PRESCRIPTION_DISPENSED: NotificationPreference.PRESCRIPTIONS,
    EventKind.PRESCRIPTION_REJECTED: NotificationPreference.PRESCRIPTIONS,
    EventKind.PRESCRIPTION_EXPIRING: NotificationPreference.PRESCRIPTIONS,
    EventKind.LAB_RESULT_ADDED: NotificationPreference.MEDICAL_RECORD,
    EventKind.REFERRAL_ISSUED: NotificationPreference.MEDICAL_RECORD,
}


def default_preferences() -> dict[str, bool]:
    return {preference.value: True for preference in NotificationPreference}
