from aiogram.fsm.state import State, StatesGroup


class DoctorSearch(StatesGroup):
    filters = State()  # how to search, and the filters chosen so far
    results = State()
    card = State()  # started with data={"employee_id": …} (deep links, inline results)
    speciality = State()
    where = State()  # after a speciality: type a settlement, or near me, or all of Ukraine
    settlement = State()  # type a name
    settlement_pick = State()  # pick one of the matches
    name = State()  # type a doctor's name
    location = State()  # share a location (reply keyboard)
