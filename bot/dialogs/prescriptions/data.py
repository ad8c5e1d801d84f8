"""What the prescriptions flow keeps in `dialog_data`: read by its getters, written by its handlers.

Only ids, the list's filter and its page: no medicine, number or code is kept at rest in the dialog storage.
"""

from __future__ import annotations

FILTER_KEY = "filter"  # "ACTIVE" or "past" (COMPLETED, EXPIRED and REJECTED together)
PAGE_KEY = "page"
IDS_KEY = "ids"  # the prescriptions of the page shown, in the order of its buttons
CARD_ID_KEY = "card_id"
# The last read was refused because the patient's eHealth session does not allow prescriptions (a session from
# before the cabinet asked for them): only a new sign-in helps, not a retry.
PERMISSION_KEY = "permission_needed"
PERMISSION_NEEDED = "permission_needed"  # the backend's error code for it

ACTIVE = "ACTIVE"
PAST = "past"
