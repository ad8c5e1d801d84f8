"""OAuth scopes of the PIS protocol (DOMAIN §2; the "Scope" row of each call in ehealth-pis.apib).
Those marked (ours) are not in eHealth's public Blueprints."""

from __future__ import annotations

SIGN_IN = "person:sign_in"  # also what GET /api/pis/person requires
SIGN_UP = "person:sign_up"
PERSON_WRITE = "person:write_pis"  # (ours) PATCH /api/cabinet/persons/{id}: the Blueprint names no scope
DECLARATION_READ = "declaration:read_pis"
DECLARATION_TERMINATE = "declaration:terminate_pis"
REQUEST_WRITE = "declaration_request:write_pis"
REQUEST_READ = "declaration_request:read_pis"
REQUEST_DETAILS = "declaration_request:details_pis"
REQUEST_SIGN = "declaration_request:sign_pis"
REQUEST_REJECT = "declaration_request:reject_pis"
APP_READ = "app:read_pis"  # (ours) accesses: GET /api/pis/apps
APP_DELETE = "app:delete_pis"  # (ours) accesses: DELETE /api/pis/apps/{id}
# (ours) e-prescriptions: the Blueprint names no scope for the cabinet's medication requests and dispenses.
MEDICATION_REQUEST_READ = "medication_request:read"  # (ours) GET /api/cabinet/medication_requests[/{id}]
MEDICATION_DISPENSE_READ = "medication_dispense:read"  # (ours) GET /api/cabinet/medication_dispenses[/{id}]
# The patient summary and referrals: the scopes ehealth-patient-summary.apib names ("Scope" row of each call).
PATIENT_SUMMARY_READ = "patient_summary:read"  # GET /api/patients/{patient_id}/summary/...
SERVICE_REQUEST_READ = "service_request:read"  # GET /api/patients/{patient_id}/service_requests[/{id}]

# What our cabinet asks for at sign-in, besides SIGN_IN/SIGN_UP.
PIS_SCOPES: tuple[str, ...] = (
    PERSON_WRITE,
    DECLARATION_READ,
    DECLARATION_TERMINATE,
    REQUEST_WRITE,
    REQUEST_READ,
    REQUEST_DETAILS,
    REQUEST_SIGN,
    REQUEST_REJECT,
    APP_READ,
    APP_DELETE,
    MEDICATION_REQUEST_READ,
    MEDICATION_DISPENSE_READ,
)
# The medical record's scopes (the Blueprint's own). A cabinet client may ask for them; they stay out of
# PIS_SCOPES (what our cabinet asks for today, and what the seeded accesses grant) until the cabinet reads
# the record.
RECORD_SCOPES: tuple[str, ...] = (PATIENT_SUMMARY_READ, SERVICE_REQUEST_READ)
# Everything a cabinet client of the sandbox may be granted besides SIGN_IN/SIGN_UP.
CLIENT_SCOPES: tuple[str, ...] = (*PIS_SCOPES, *RECORD_SCOPES)
