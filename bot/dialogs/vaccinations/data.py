"""What the vaccinations flow keeps in `dialog_data`: read by its getters, written by its handlers.

Only ids and the page: no vaccine, date or lot number is kept at rest in the dialog storage.
"""

from __future__ import annotations

PAGE_KEY = "page"
IDS_KEY = "ids"  # the vaccinations of the page shown, in the order of its buttons
CARD_ID_KEY = "card_id"
