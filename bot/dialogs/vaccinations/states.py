from aiogram.fsm.state import State, StatesGroup


class Vaccinations(StatesGroup):
    listing = State()  # vaccinations given, newest first, paged; what the national calendar says is due next
    card = State()  # one vaccination: vaccine, dose, date, lot, who gave it
