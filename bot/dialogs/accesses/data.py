"""What the accesses flow keeps in `dialog_data`: read by its getters, written by its handlers."""

from __future__ import annotations

ACCESSES_KEY = "accesses"  # [{"id", "name", "ours"}] as last shown: system names, no personal data
REVOKE_KEY = "revoke"
PAGE_KEY = "page"  # 0-based page of the list
DONE_KEY = "done"  # {"key", "name"}: shown once above the list
