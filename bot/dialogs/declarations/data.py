"""What the declarations flow keeps in `dialog_data`: read by its getters, written by its handlers."""

from __future__ import annotations

CURRENT_IDS_KEY = "current_ids"
HISTORY_PAGE_KEY = "history_page"
HISTORY_IDS_KEY = "history_ids"
DETAIL_ID_KEY = "detail_id"
REQUEST_IDS_KEY = "request_ids"
REQUEST_KEY = "request"  # {"id", "signing_url"}
DONE_KEY = "done"  # a text key: what just succeeded, shown once on the next window
