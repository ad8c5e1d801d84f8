from aiogram.fsm.state import State, StatesGroup


class SubmitDeclaration(StatesGroup):
    precheck = State()  # started with data={"employee_id": …, "division_id": …}
    signing = State()
