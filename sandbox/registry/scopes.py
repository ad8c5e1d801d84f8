"""OAuth scopes of the PIS protocol (DOMAIN §2). Those marked (ours) are not in eHealth's public docs."""

from __future__ import annotations

SIGN_IN = "person:sign_in"
SIGN_UP = "person:sign_up"
PERSON_READ = "person:read"
PERSON_WRITE = "person:write_pis"  # (ours) the patient's signed update of their own data
DECLARATION_READ = "declaration:read_pis"
DECLARATION_TERMINATE = "declaration:terminate_pis"
REQUEST_WRITE = "declaration_request:write_pis"
REQUEST_READ = "declaration_request:read_pis"
REQUEST_DETAILS = "declaration_request:details_pis"
REQUEST_SIGN = "declaration_request:sign_pis"
REQUEST_REJECT = "declaration_request:reject_pis"
APP_READ = "app:read_pis"  # (ours) accesses: GET /api/pis/apps
APP_DELETE = "app:delete_pis"  # (ours) accesses: DELETE /api/pis/apps/{id}

# What our cabinet asks for at sign-in, besides SIGN_IN/SIGN_UP.
PIS_SCOPES: tuple[str, ...] = (
    PERSON_READ,
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
)
