"""Event kinds the bot understands, and which notification preference (if any) silences each."""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    AUTH_LINKED = "auth.linked"  # payload: first_name, access_level
    SECURITY_RELINKED = "security.relinked"  # to the OLD account when the person signs in elsewhere
    SECURITY_SESSION_EXPIRED = "security.session_expired"  # the registry refused to renew the session
    REQUEST_SIGNED = "request.signed"  # payload: request_id, declaration_id, doctor_name, status
    REQUEST_STATUS = "request.status_changed"  # status watcher (later)
    DECLARATION_STATUS = "declaration.status_changed"  # status watcher (later)
    PERSON_UPDATED = "person.updated"  # payload: fields (names of the changed fields only)
    REMINDER = "reminder"  # payload: topic, entity id


class NotificationPreference(StrEnum):
    DECLARATION_STATUS = "declaration_status"
    REQUEST_STATUS = "request_status"
    SECURITY = "security"
    REMINDERS = "reminders"


# Answers to the patient's own action (sign-in done, signature accepted) are always delivered:
# they are not notifications the patient can opt out of, they are the reply.
PREFERENCE_OF_KIND: dict[str, NotificationPreference] = {
    EventKind.SECURITY_RELINKED: NotificationPreference.SECURITY,
    EventKind.SECURITY_SESSION_EXPIRED: NotificationPreference.SECURITY,
    EventKind.REQUEST_STATUS: NotificationPreference.REQUEST_STATUS,
    EventKind.DECLARATION_STATUS: NotificationPreference.DECLARATION_STATUS,
    EventKind.REMINDER: NotificationPreference.REMINDERS,
}


def default_preferences() -> dict[str, bool]:
    return {preference.value: True for preference in NotificationPreference}
