from aiogram.fsm.state import State, StatesGroup


class Profile(StatesGroup):
    view = State()
    edit = State()  # what to change
    email = State()
    phone_type = State()
    phone_number = State()
    address_type = State()
    address_settlement = State()
    address_settlement_pick = State()
    address_street = State()
    address_building = State()
    address_apartment = State()
    document_type = State()
    document_number = State()
    document_expiration = State()
    emergency_last_name = State()
    emergency_first_name = State()
    emergency_phone = State()
    secret = State()
    communication = State()
    confirm = State()  # summary of the change
    signing = State()  # "Підписати" URL button + status check
