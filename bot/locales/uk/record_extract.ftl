## Виписка з медичної картки: a PDF of the record, in Ukrainian or English, sent as a protected document

extract-window = <b>📄 Виписка з медичної картки</b>
    Це PDF-файл з вашими даними з eHealth: персональні дані, алергії, активні діагнози, ліки за чинними рецептами, щеплення та останні результати аналізів і вимірювань.

    🔒 У виписці — ваші медичні дані. Бережіть її: не показуйте стороннім. Telegram не дасть переслати файл чи зберегти його поза чатом, тож лікареві його можна показати з телефону.

    Якою мовою зробити виписку?
extract-btn-uk = 🇺🇦 Українською
extract-btn-en = 🇬🇧 English
extract-btn-another = 📄 Зробити ще одну
extract-not-made = Не вдалося скласти виписку. Спробуйте, будь ласка, ще раз трохи згодом.
extract-not-sent = Telegram не прийняв файл виписки. Спробуйте, будь ласка, ще раз трохи згодом.
extract-caption = Виписка з медичної картки станом на { $date }
extract-file-name = vypyska-{ $day }.pdf
extract-sent = ✅ Виписку надіслано вище. Відкрийте файл, щоб переглянути його.
    Переслати чи зберегти його поза чатом Telegram не дасть: так ваші медичні дані не потраплять до сторонніх.

## The PDF itself (in the language chosen for the extract)

extract-pdf-title = Виписка з медичної картки
extract-pdf-issued = Дата видачі: { $date }
extract-pdf-source = Складено за даними електронної системи охорони здоров’я (eHealth) у «Кабінеті пацієнта в Telegram».
extract-pdf-private = Містить медичні дані: зберігайте в безпеці й не передавайте стороннім.
extract-pdf-page = стор. { $page } з { $pages }
extract-pdf-personal = Персональні дані
extract-pdf-name = Прізвище, ім’я, по батькові
extract-pdf-birth-date = Дата народження
extract-pdf-sex = Стать
extract-pdf-tax-id = РНОКПП (ідентифікаційний код)
extract-pdf-no-tax-id = немає (відмова від коду)
extract-pdf-not-given = не вказано
extract-pdf-allergies = Алергії та непереносимість
extract-pdf-allergies-none = Алергій не записано.
extract-pdf-col-allergy = Алергія
extract-pdf-col-code = Код
extract-pdf-col-category = На що
extract-pdf-col-criticality = Ризик тяжкої реакції
extract-pdf-category-food = на їжу
extract-pdf-category-medication = на ліки
extract-pdf-category-environment = на довкілля (пилок, пил, тварини)
extract-pdf-category-biologic = на біологічні речовини
extract-pdf-criticality-high = високий
extract-pdf-criticality-low = низький
extract-pdf-criticality-unable-to-assess = не оцінено
extract-pdf-diagnoses = Активні діагнози
extract-pdf-diagnoses-none = Активних діагнозів не записано.
extract-pdf-col-diagnosis = Діагноз
extract-pdf-system-icd10 = МКХ-10-АМ
extract-pdf-system-icpc2 = ICPC-2
extract-pdf-medicines = Ліки за чинними рецептами
extract-pdf-medicines-none = Чинних рецептів немає.
extract-pdf-col-medicine = Лікарський засіб
extract-pdf-col-form = Форма і дозування
extract-pdf-col-valid-until = Рецепт діє до
extract-pdf-vaccinations = Щеплення
extract-pdf-vaccinations-none = Щеплень не записано.
extract-pdf-col-vaccine = Вакцина
extract-pdf-col-dose = Доза
extract-pdf-col-date = Дата
extract-pdf-dose = { $number } з { $of }
extract-pdf-results = Останні результати аналізів і вимірювань
extract-pdf-results-none = Результатів не записано.
extract-pdf-col-measure = Показник
extract-pdf-col-value = Значення
extract-pdf-col-range = Норма
extract-pdf-col-mark = Оцінка
extract-pdf-number = { NUMBER($value, maximumFractionDigits: 3) }
extract-pdf-range = { NUMBER($low, maximumFractionDigits: 3) }–{ NUMBER($high, maximumFractionDigits: 3) }
extract-pdf-range-up-to = до { NUMBER($high, maximumFractionDigits: 3) }
extract-pdf-range-from = від { NUMBER($low, maximumFractionDigits: 3) }
extract-pdf-mark-low = нижче норми
extract-pdf-mark-normal = у межах норми
extract-pdf-mark-high = вище норми
extract-pdf-yes = так
extract-pdf-no = ні
