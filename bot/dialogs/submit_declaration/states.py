from aiogram.fsm.state import State, StatesGroup


class SubmitDeclaration(StatesGroup):
    precheck = State()  # started with data={"employee_id": …, "division_id": …}: rules, then the summary
    signing = State()  # "Підписати" URL button + "Перевірити статус"
    cancel = State()  # confirm cancelling the request
    result = State()  # signed (active / pending verification), rejected, cancelled or expired
