from aiogram.fsm.state import State, StatesGroup


class Prescriptions(StatesGroup):
    listing = State()  # active or past prescriptions, paged
    card = State()  # one prescription: what, how to take it, until when, dispenses
    pharmacy = State()  # after the QR code and the number were sent: the way to the confirmation code
    code = State()  # the confirmation code, for the pharmacist
