from aiogram.fsm.state import State, StatesGroup


class Declarations(StatesGroup):
    overview = State()  # the current declaration and the history
    detail = State()
