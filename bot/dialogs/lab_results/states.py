from aiogram.fsm.state import State, StatesGroup


class LabResults(StatesGroup):
    listing = State()  # results (observations), newest first, paged, each with its high/low mark
    card = State()  # one result: value, unit, normal range, mark, when, who; the way to its chart
    chart = State()  # after the chart of one measure over time was sent as a picture
