from aiogram.fsm.state import State, StatesGroup


class Referrals(StatesGroup):
    listing = State()  # open referrals first, then the rest, paged
    card = State()  # one referral: what for, status, validity, who referred; the way to show its number
    shown = State()  # after the number and its QR code were sent as a picture
