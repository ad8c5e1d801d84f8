from aiogram.fsm.state import State, StatesGroup


class DoctorSearch(StatesGroup):
    filters = State()
    results = State()
    card = State()  # started with data={"employee_id": …} (deep links, inline results)
