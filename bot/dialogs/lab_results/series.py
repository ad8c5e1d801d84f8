"""One measure's results over time, read from the backend page by page (newest first) until about two years are
covered: what a chart draws and what the card counts to offer one."""

from __future__ import annotations

from backend.domain.lab_results_view import CHART_PERIOD
from bot.api_client import BackendClient
from bot.api_models import Observation

SERIES_PAGE_SIZE = 50  # the backend's largest page
SERIES_PAGES = 4  # at most 200 results of one measure: years of monthly results


async def read_series(
    backend: BackendClient, user_id: int, code: str, *, pages: int = SERIES_PAGES
) -> list[Observation]:
    """The measure's results, newest first: pages are read while there are more and the oldest read is still
    within the chart's period."""
    read: list[Observation] = []
    for page in range(1, pages + 1):
        listed = await backend.list_observations(user_id, code=code, page=page, page_size=SERIES_PAGE_SIZE)
        read.extend(listed.items)
        if page >= listed.total_pages or not listed.items:
            break
        if read[0].taken_at - read[-1].taken_at > CHART_PERIOD:
            break
    return read
