"""Аналізи: the buttons' actions. Results are read fresh by the getters; dialog data keeps only ids and the page
(no value, measure or date at rest in the dialog storage)."""

from __future__ import annotations

import html
import re

from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, Select

from backend.domain.lab_results_view import Series, chart_series
from bot.api_client import BackendError
from bot.api_models import Observation
from bot.dialogs.common.context import backend_of, translator_of, user_id_of
from bot.dialogs.common.failures import show_failure
from bot.dialogs.common.widgets import set_problem
from bot.dialogs.lab_results.chart import ChartLabels, render_chart
from bot.dialogs.lab_results.data import CARD_ID_KEY, IDS_KEY, PAGE_KEY
from bot.dialogs.lab_results.series import read_series
from bot.dialogs.lab_results.states import LabResults
from bot.dialogs.lab_results.texts import mark_text, measure_name, number_text, unit_text, with_unit
from bot.i18n import Translator, local_time

CHART_FILE_NAME = "chart.png"
_TAG = re.compile(r"<[^>]+>")


async def on_start(start_data: object, manager: DialogManager) -> None:
    manager.dialog_data[PAGE_KEY] = 1


async def on_result_picked(callback: CallbackQuery, widget: Select[int], manager: DialogManager, index: int) -> None:
    ids: list[str] = manager.dialog_data.get(IDS_KEY) or []
    if 0 <= index < len(ids):
        manager.dialog_data[CARD_ID_KEY] = ids[index]
        await manager.switch_to(LabResults.card)


def _plain(text: str) -> str:
    """A rendered text as words for the picture: no tags, no HTML entities."""
    return html.unescape(_TAG.sub("", text))


def chart_labels(i18n: Translator, observation: Observation) -> ChartLabels:
    unit = unit_text(i18n, observation.unit)
    return ChartLabels(
        title=_plain(measure_name(i18n, observation)),
        value_axis=_plain(unit) if unit else _plain(i18n.get("lab-chart-axis-value")),
        date_axis=_plain(i18n.get("lab-chart-axis-date")),
        normal=_plain(i18n.get("lab-chart-normal")),
        outside=_plain(i18n.get("lab-chart-outside")),
        decimal_comma=i18n.language == "uk",
    )


def chart_caption(i18n: Translator, observation: Observation, series: Series) -> str:
    latest = series.latest
    assert latest is not None  # a chart has points
    value = with_unit(i18n, number_text(i18n, latest.value), observation.unit)
    mark = mark_text(i18n, latest.mark)
    latest_line = (
        i18n.get("lab-chart-latest-marked", value=value, mark=mark, date=local_time(latest.at).date())
        if mark is not None
        else i18n.get("lab-chart-latest", value=value, date=local_time(latest.at).date())
    )
    return "\n".join(
        [
            i18n.get("lab-chart-caption", measure=measure_name(i18n, observation)),
            i18n.get(
                "lab-chart-period",
                since=local_time(series.points[0].at).date(),
                until=local_time(latest.at).date(),
                count=len(series.points),
            ),
            latest_line,
        ]
    )


async def on_show_chart(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """A new, protected photo: the measure's chart over about two years; then the dialog goes on below it."""
    observation_id = manager.dialog_data.get(CARD_ID_KEY)
    if not observation_id:
        await manager.switch_to(LabResults.listing)
        return
    i18n = translator_of(manager)
    backend, user_id = backend_of(manager), user_id_of(manager)
    try:
        observation = await backend.get_observation(user_id, observation_id)
        series = chart_series(await read_series(backend, user_id, observation.code.code))
    except BackendError as error:
        show_failure(manager, error)
        return
    if not series.chartable:
        set_problem(manager, i18n.get("lab-chart-too-few"))
        return
    picture = await render_chart(series, chart_labels(i18n, observation))
    chat_id = callback.message.chat.id if callback.message is not None else user_id
    try:
        await callback.bot.send_photo(  # type: ignore[union-attr]
            chat_id,
            BufferedInputFile(picture, filename=CHART_FILE_NAME),
            caption=chart_caption(i18n, observation, series),
            protect_content=True,
        )
    except TelegramRetryAfter:
        raise
    except TelegramAPIError:  # Telegram refused the photo: the patient stays on the card and may try again
        set_problem(manager, i18n.get("lab-chart-not-sent"))
        return
    await manager.switch_to(LabResults.chart, show_mode=ShowMode.SEND)
