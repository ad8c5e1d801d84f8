"""What the profile flow keeps in `dialog_data`: read by its getters, written by its handlers."""

from __future__ import annotations

DRAFT_KEY = "draft"
STEP_KEY = "step"  # the item being built over several questions (an address, a document, a contact)
SETTLEMENTS_KEY = "settlements"
FINGERPRINT_KEY = "fingerprint"
SIGNING_KEY = "signing"
