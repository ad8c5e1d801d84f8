"""What the referrals flow keeps in `dialog_data`: read by its getters, written by its handlers.

Only ids and the page: no service, number or doctor is kept at rest in the dialog storage.
"""

from __future__ import annotations

PAGE_KEY = "page"
IDS_KEY = "ids"  # the referrals of the page shown, in the order of its buttons
CARD_ID_KEY = "card_id"
