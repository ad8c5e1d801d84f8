from aiogram.fsm.state import State, StatesGroup


class Settings(StatesGroup):
    main = State()
    language = State()
    notifications = State()
    sign_out = State()  # confirm
    erase = State()  # confirm, with what is deleted and what stays in eHealth
