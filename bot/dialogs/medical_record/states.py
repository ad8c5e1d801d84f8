from aiogram.fsm.state import State, StatesGroup


class MedicalRecord(StatesGroup):
    overview = State()  # allergies first, active diagnoses, the last visit, latest results, open referrals
    allergies = State()  # the list, paged
    allergy = State()  # one allergy's card
    diagnoses = State()  # conditions (active first), paged
    diagnosis = State()  # one condition's card
    visits = State()  # encounters, newest first, paged
    visit = State()  # one encounter's card
