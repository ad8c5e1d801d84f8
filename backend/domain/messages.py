"""Ukrainian explanations of every code the domain raises, for field messages in API errors.

The bot keeps its own texts in locale files keyed by the same codes; these are the backend's.
Placeholders in braces are filled from `InvalidValue.params` by `message_for`.
"""

from __future__ import annotations

import string

from backend.domain.errors import InvalidValue

UK_MESSAGES: dict[str, str] = {
    "tax_id.format": "РНОКПП має складатися рівно з 10 цифр. Перевірте номер на картці платника податків.",
    "tax_id.checksum": (
        "Схоже, в РНОКПП помилка: контрольна цифра не збігається. Перевірте 10 цифр з картки платника податків."
    ),
    "unzr.format": "УНЗР має вигляд РРРРММДД-ННННН, наприклад 19910819-00022. Перевірте запис у паспорті.",
    "unzr.birth_date_mismatch": "Перші 8 цифр УНЗР мають збігатися з датою народження. Перевірте, будь ласка.",
    "phone.format": "Не вдалося розпізнати український номер. Введіть його так: +380 67 123 45 67 або 067 123 45 67.",
    "email.format": "Схоже, в адресі електронної пошти помилка. Введіть її так: name@ukr.net.",
    "document.type": "Такого типу документа немає в переліку. Оберіть тип зі списку.",
    "document.passport_format": "Номер паспорта-книжечки — дві українські літери та 6 цифр, наприклад КА123456.",
    "document.national_id_format": "Номер ID-картки — 9 цифр. Його видно на лицьовому боці картки.",
    "document.birth_certificate_format": (
        "Номер свідоцтва про народження має вигляд І-БК 123456: серія римськими цифрами, дві літери та 6 цифр."
    ),
    "document.number_format": "Номер документа — до {max_len} літер і цифр (можна з дефісом). Перевірте, будь ласка.",
    "document.expiration_date_required": "Для ID-картки вкажіть, будь ласка, дату, до якої вона дійсна.",
    "document.expiration_date_format": "Дату дійсності документа вкажіть у форматі РРРР-ММ-ДД.",
    "name.format": (
        "Ім’я може містити лише літери, апостроф, дефіс і пробіл, до {max_len} символів. Перевірте написання."
    ),
    "secret.format": "Кодове слово — від {min_len} до {max_len} літер або цифр, без пробілів. Придумайте інше.",
    "text.empty": "Тут порожньо. Напишіть, будь ласка, кілька слів.",
    "text.too_long": "Текст задовгий. Скоротіть його до {max_len} символів.",
    "settlement.format": (
        "Введіть назву населеного пункту: від {min_len} до {max_len} літер, можна з пробілом, дефісом чи апострофом."
    ),
    "address.format": "Адресу заповнено не повністю або неправильно. Перевірте, будь ласка.",
    "address.unknown_field": "В адресі є поле, якого немає в ЕСОЗ. Залиште лише поля адреси.",
    "address.type": "Оберіть тип адреси: місце проживання чи реєстрації.",
    "address.country": "Адреса має бути в Україні.",
    "address.area_required": "Вкажіть область.",
    "address.area_format": "Назва області — до {max_len} символів. Перевірте, будь ласка.",
    "address.region_format": "Назва району — до {max_len} символів. Перевірте, будь ласка.",
    "address.settlement_required": "Вкажіть населений пункт.",
    "address.settlement_format": "Назва населеного пункту — до {max_len} символів. Перевірте, будь ласка.",
    "address.settlement_type": "Оберіть тип населеного пункту: місто, селище міського типу, село чи селище.",
    "address.settlement_id_format": "Населений пункт не знайдено в довіднику. Оберіть його зі списку ще раз.",
    "address.street_type_format": "Оберіть тип вулиці зі списку.",
    "address.street_format": "Назва вулиці — до {max_len} символів. Перевірте, будь ласка.",
    "address.building_required": "Вкажіть номер будинку.",
    "address.building_format": "Номер будинку починається з цифри, наприклад 15, 15А або 15/2.",
    "address.apartment_format": "Номер квартири — до 20 літер і цифр, наприклад 23 або 23А.",
    "address.zip_format": "Поштовий індекс — 5 цифр, наприклад 02090.",
    "addresses.format": "Список адрес заповнено неправильно. Перевірте, будь ласка.",
    "addresses.duplicate_type": "Можна вказати лише одну адресу проживання та одну адресу реєстрації.",
    "address.residence_required": "Вкажіть, будь ласка, адресу, де ви проживаєте.",
    "auth_method.format": "Спосіб підтвердження заповнено неправильно. Перевірте, будь ласка.",
    "auth_method.unknown_field": "У способі підтвердження є поле, якого немає в ЕСОЗ. Залиште лише потрібні поля.",
    "auth_method.type": "Оберіть спосіб підтвердження: код з SMS, особисто у лікаря або через довірену особу.",
    "otp.phone_required": "Для підтвердження кодом з SMS вкажіть номер мобільного телефону.",
    "auth_method.third_person_required": "Оберіть довірену особу, яка підтверджуватиме дії за вас.",
    "auth_method.alias_required": "Вкажіть, ким вам доводиться довірена особа, наприклад «дружина».",
    "auth_method.alias_format": "Опишіть довірену особу коротко — до {max_len} символів.",
    "phones.format": "Список телефонів заповнено неправильно. Перевірте, будь ласка.",
    "phones.type": "Оберіть тип телефону: мобільний чи стаціонарний.",
    "phones.duplicate_type": "Можна вказати лише один мобільний і один стаціонарний номер.",
    "precheck.NO_ACCESS": (
        "До 14 років декларацію підписує батько, мати або інший законний представник дитини у своєму кабінеті."
    ),
    "precheck.READ_ONLY": (
        "До 18 років подати декларацію самостійно можна після підтвердження повної цивільної "
        "дієздатності. Поки що це може зробити батько, мати чи інший законний представник."
    ),
    "precheck.SPECIALITY_AGE_MISMATCH": (
        "Цей лікар не приймає пацієнтів вашого віку: педіатр — до 18 років, терапевт — з 18. "
        "Оберіть сімейного лікаря або лікаря відповідного фаху."
    ),
    "precheck.DOCTOR_NOT_AVAILABLE": "Цей лікар зараз не приймає декларації. Оберіть, будь ласка, іншого лікаря.",
    "precheck.ALREADY_YOUR_DOCTOR": "Це вже ваш лікар — декларація з ним чинна. Нічого робити не потрібно.",
    "precheck.NO_FREE_PLACES": "У цього лікаря немає вільних місць для нових декларацій. Оберіть, будь ласка, іншого.",
    "precheck.WILL_REPLACE_CURRENT": (
        "Коли ви підпишете нову декларацію, попередня припиниться автоматично. Окремо її скасовувати не потрібно."
    ),
    "precheck.DATA_NOT_VERIFIED": (
        "Ваші дані ще не підтверджено в ЕСОЗ: після підпису декларація буде на перевірці — до 30 днів, "
        "доки дані не підтвердять."
    ),
}

_FALLBACK = "Перевірте, будь ласка, це значення."


def message_for(error: InvalidValue) -> str:
    """The Ukrainian message for an error, with its parameters filled in where the text names them."""
    template = UK_MESSAGES.get(error.code, _FALLBACK)
    names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
    if not names <= error.params.keys():
        # A message whose numbers are unknown would show raw braces; fall back to a generic text.
        return _FALLBACK if names else template
    return template.format(**{name: error.params[name] for name in names})
