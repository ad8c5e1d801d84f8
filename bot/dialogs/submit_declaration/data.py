"""What submitting a declaration keeps in `dialog_data` (read by its getters, written by its handlers),
and the request statuses it branches on."""

from __future__ import annotations

CLIENT_KEY = "client_key"
PRECHECK_KEY = "precheck"
DOCTOR_KEY = "doctor"
REQUEST_KEY = "request"
RESULT_KEY = "result"

SIGNED = "SIGNED"
CANCELLED = "CANCELLED"
WAITING_FOR_SIGNATURE = frozenset({"NEW", "APPROVED"})
