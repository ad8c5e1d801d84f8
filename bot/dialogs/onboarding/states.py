from aiogram.fsm.state import State, StatesGroup


class Onboarding(StatesGroup):
    welcome = State()  # what the bot can do + consent to personal-data processing
    policy = State()  # the full consent text
    phone = State()  # share your own phone (reply keyboard)
    sign_in = State()  # "Увійти з електронним підписом" + "Я вже увійшов(ла)"
