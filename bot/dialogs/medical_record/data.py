"""What the medical record flow keeps in `dialog_data`: read by its getters, written by its handlers.

Only ids and pages: no diagnosis, allergy, result or name is kept at rest in the dialog storage.
"""

from __future__ import annotations

PAGE_KEYS = {"allergies": "allergies_page", "diagnoses": "diagnoses_page", "visits": "visits_page"}
IDS_KEY = "ids"  # the items of the page shown, in the order of its buttons
CARD_ID_KEY = "card_id"

ALLERGIES = "allergies"
DIAGNOSES = "diagnoses"
VISITS = "visits"
