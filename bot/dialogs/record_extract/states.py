from aiogram.fsm.state import State, StatesGroup


class RecordExtract(StatesGroup):
    language = State()  # which language the extract (PDF) is in: Ukrainian or English
    sent = State()  # after the PDF was sent as a protected document
