"""What the extract flow keeps in `dialog_data`: the language chosen (for "try again") and the last failure's
line, shown once. No medical data is kept: the record is read, made into a PDF and sent in one go."""

from __future__ import annotations

LANGUAGE_KEY = "language"  # "uk" or "en": the language of the extract asked for last
FAILED_KEY = "failed"  # the localized line about the last failure (the reading, the PDF, Telegram)

EXTRACT_LANGUAGES = ("uk", "en")
