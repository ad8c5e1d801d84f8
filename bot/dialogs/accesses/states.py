from aiogram.fsm.state import State, StatesGroup


class Accesses(StatesGroup):
    overview = State()
    revoke = State()  # confirm
