from aiogram.fsm.state import State, StatesGroup


class Declarations(StatesGroup):
    overview = State()  # the current declaration, with links to the history and pending requests
    detail = State()  # one declaration of the history
    history = State()  # every declaration, paged
    terminate = State()  # confirm ending the current declaration
    requests = State()  # requests waiting for the patient's signature
    request = State()  # one request: sign or cancel
    cancel_request = State()  # confirm cancelling it
