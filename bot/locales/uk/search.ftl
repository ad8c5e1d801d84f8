## Doctor search: filters, results, the doctor card

search-filters-title = <b>Як шукати лікаря?</b>
    Оберіть один спосіб. Спеціальність можна поєднати з будь-яким іншим.
search-chosen-speciality = Спеціальність: <b>{ $speciality }</b>
search-chosen-settlement = Населений пункт: <b>{ $settlement }</b>
search-chosen-name = Прізвище: <b>{ $name }</b>
search-chosen-near = Поруч із місцем, яке ви надіслали
search-btn-by-speciality = 🩺 За спеціальністю
search-btn-by-settlement = 🏙 За населеним пунктом
search-btn-by-name = 🔤 За прізвищем лікаря
search-btn-near = 📍 Поруч зі мною
search-btn-show = Показати лікарів
search-btn-reset = Почати пошук спочатку
search-btn-inline = Шукати в рядку повідомлення

search-speciality-question = Лікаря якої спеціальності ви шукаєте?
search-btn-any-speciality = Будь-яка спеціальність
search-spec-family-doctor = сімейний лікар
search-spec-therapist = терапевт
search-spec-pediatrician = педіатр
search-spec-unknown = лікар
search-spec-why-not-pediatrician = Педіатра тут немає, бо педіатр укладає декларації лише з дітьми до 18 років. Вам підійде сімейний лікар або терапевт.
search-spec-why-not-therapist = Терапевта тут немає, бо терапевт укладає декларації лише з людьми від 18 років. Вам підійде сімейний лікар або педіатр.
search-spec-ages = Сімейний лікар приймає людей будь-якого віку, терапевт — від 18 років, педіатр — дітей до 18 років.

search-where-question = Спеціальність: <b>{ $speciality }</b>.
    Де шукати лікаря? Напишіть, будь ласка, назву міста, селища чи села — можна лише початок, наприклад «Біла Ц». Або оберіть нижче.
search-btn-everywhere = 🇺🇦 По всій Україні

search-settlement-question = Напишіть, будь ласка, назву міста, селища чи села. Можна лише початок, наприклад «Біла Ц».
search-settlement-invalid = Назва населеного пункту — від { $min_len } до { $max_len } літер; можна з пробілом, дефісом, апострофом чи крапкою. Напишіть, будь ласка, ще раз.
search-settlement-pick = Оберіть, будь ласка, населений пункт:
search-settlement-option = { $name } — лікарів: { $doctors }
search-settlement-option-area = { $name } ({ $area }) — лікарів: { $doctors }
search-settlement-none = Населений пункт «{ $typed }» не знайшли серед тих, де є лікарі. Перевірте назву або напишіть лише її початок.
search-btn-type-again = Написати іншу назву

search-name-question = Напишіть, будь ласка, прізвище лікаря (можна з іменем). Помилка в одній літері не завадить.
search-name-invalid = Прізвище може містити лише літери, апостроф, дефіс і пробіл — до 50 символів. Напишіть, будь ласка, ще раз.

search-location-question = Натисніть кнопку «Надіслати місцезнаходження» внизу — покажемо найближчих лікарів. Місцезнаходження потрібне лише для цього пошуку: у кабінеті ми його не зберігаємо.
search-btn-send-location = 📍 Надіслати місцезнаходження
search-location-received = Дякуємо! Ось лікарі поруч із вами.
search-location-left = Добре, оберіть інший спосіб пошуку.
search-location-hint = Щоб знайти лікарів поруч, натисніть, будь ласка, кнопку «Надіслати місцезнаходження» внизу екрана.
search-location-outside = Схоже, це місце поза Україною. Лікарів можна обрати лише в Україні — пошукайте, будь ласка, за населеним пунктом.

search-nothing-speciality = Лікарів цієї спеціальності за вашими умовами не знайшли. Спробуйте іншу спеціальність або інший населений пункт.
search-nothing-settlement = У цьому населеному пункті лікарів за вашими умовами не знайшли. Спробуйте сусідній населений пункт або інший спосіб пошуку.
search-nothing-name = Лікаря з таким прізвищем не знайшли. Перевірте написання або напишіть лише прізвище.
search-nothing-near = Поруч із вами (до 200 км) лікарів не знайшли. Спробуйте пошук за населеним пунктом.
search-nothing-filters = За цими умовами лікарів не знайшли. Змініть, будь ласка, умови пошуку.

search-typed-nothing = За «{ $typed }» не знайшли ні населеного пункту з лікарями, ні лікаря з таким прізвищем. Перевірте написання або оберіть кнопку під повідомленням.
search-typed-invalid = Напишіть, будь ласка, назву населеного пункту, прізвище лікаря чи спеціальність — або оберіть кнопку під повідомленням.

search-results-total = Знайдено лікарів: { $count }. Показуємо { $first }–{ $last }:
search-results-some = Показуємо лікарів { $first }–{ $last }:
search-results-radius = У радіусі { NUMBER($km, maximumFractionDigits: 0) } км від вас, найближчі першими.
search-hit-title = <b>{ $position }. { $name }</b>
search-hit-where = { $speciality }, { $division }
search-hit-address = { $address }
search-hit-address-distance = { $address } — { NUMBER($km, maximumFractionDigits: 1) } км
search-btn-prev = ◀️ Попередні
search-btn-next = Наступні ▶️
search-btn-change = Змінити умови пошуку

search-card-name = <b>{ $name }</b>
search-card-speciality = Спеціальність: { $speciality }
search-card-clinic = Заклад: { $division } ({ $clinic })
search-card-address = Адреса: { $address }
search-card-phones = Телефон: { $phones }
search-card-hours = Години роботи: { $hours }
search-card-hours-unknown = Години роботи заклад не вказав — уточніть, будь ласка, телефоном.
search-card-distance = Відстань від вас: { NUMBER($km, maximumFractionDigits: 1) } км
search-card-places = Є вільні місця ({ $count })
search-card-no-places = Місць немає: лікар уже має найбільшу дозволену кількість декларацій.
search-card-places-unknown = Про вільні місця даних поки немає.
search-card-not-available = Лікар зараз не укладає нових декларацій.
search-card-missing = Не вдалося показати картку лікаря.
search-hours-closed = вихідний
search-day-mon = Пн
search-day-tue = Вт
search-day-wed = Ср
search-day-thu = Чт
search-day-fri = Пт
search-day-sat = Сб
search-day-sun = Нд
search-btn-submit = Подати декларацію
search-btn-share = Поділитися
search-btn-retry = Спробувати ще раз
search-btn-back-results = До списку лікарів
search-btn-other = Шукати іншого лікаря
