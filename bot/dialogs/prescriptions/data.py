"""What the prescriptions flow keeps in `dialog_data`: read by its getters, written by its handlers.

Only ids, the list's filter and its page: no medicine, number or code is kept at rest in the dialog storage.
"""

from __future__ import annotations

FILTER_KEY = "filter"  # "ACTIVE" or "past" (COMPLETED, EXPIRED and REJECTED together)
PAGE_KEY = "page"
IDS_KEY = "ids"  # the prescriptions of the page shown, in the order of its buttons
CARD_ID_KEY = "card_id"

ACTIVE = "ACTIVE"
PAST = "past"
