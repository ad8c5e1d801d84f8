## Аналізи: результати аналізів і вимірювань, картка результату, графік показника

lab-list-title = 🧪 <b>Ваші аналізи та вимірювання</b> (сторінка { $page } з { $pages })
lab-list-none = У вашій медичній картці поки немає результатів аналізів чи вимірювань. Щойно лікар або лабораторія внесуть їх в eHealth, вони з’являться тут.
lab-list-hint = Натисніть на результат, щоб побачити норму й подробиці.
lab-line = { $position }. { $measure }: <b>{ $value }</b>, { $date }
lab-line-marked = { $position }. { $measure }: <b>{ $value }</b> { $mark }, { $date }

lab-btn-back-list = До списку аналізів
lab-btn-back-card = До результату
lab-btn-chart = 📈 Графік

lab-mark-high = ⬆️ вище норми
lab-mark-low = ⬇️ нижче норми
lab-mark-normal = ✅ у нормі

lab-number = { NUMBER($value, maximumFractionDigits: 3) }
lab-with-unit = { $amount } { $unit }
lab-compared = { $comparator } { $amount }
lab-pressure = { $systolic }/{ $diastolic }
lab-value-yes = так
lab-value-no = ні
lab-value-none = значення не вказано
lab-measure-unnamed = Показник без назви
lab-range-between = { $low }–{ $high }
lab-range-up-to = до { $high }
lab-range-from = від { $low }

lab-unit-percent = %
lab-unit-mmol-l = ммоль/л
lab-unit-umol-l = мкмоль/л
lab-unit-g-l = г/л
lab-unit-g-dl = г/дл
lab-unit-mg-dl = мг/дл
lab-unit-mm-hg = мм рт. ст.
lab-unit-kg = кг
lab-unit-cm = см
lab-unit-per-min = уд/хв
lab-unit-celsius = °C
lab-unit-e9-l = ×10⁹/л
lab-unit-e12-l = ×10¹²/л
lab-unit-u-l = од/л
lab-unit-kg-m2 = кг/м²

lab-card-title = 🧪 <b>{ $measure }</b>
lab-card-code = Код показника (LOINC): <code>{ $code }</code>
lab-card-value = Результат: <b>{ $value }</b>
lab-card-pressure = Тиск під час цього вимірювання: <b>{ $reading }</b>
lab-card-range = Норма: { $range }
lab-card-no-range = Норму для цього показника не вказано.
lab-card-mark = Оцінка: { $mark }
lab-card-interpretation = Висновок лабораторії: { $interpretation }
lab-card-taken = Взято: { $taken }
lab-card-issued = Результат готовий: { $issued }
lab-card-performer = Хто вніс: { $performer }
lab-card-category = Вид: { $category }
lab-card-comment = Коментар: { $comment }
lab-card-chart-hint = Щоб побачити, як змінювався цей показник, натисніть «📈 Графік».

lab-category-laboratory = лабораторний аналіз
lab-category-vital-signs = показник життєво важливих функцій
lab-category-exam = огляд
lab-category-imaging = візуалізація
lab-category-procedure = процедура
lab-category-survey = опитування
lab-category-social-history = спосіб життя
lab-category-therapy = лікування
lab-category-activity = фізична активність

lab-interpretation-n = у межах норми
lab-interpretation-l = знижений
lab-interpretation-h = підвищений
lab-interpretation-ll = критично знижений
lab-interpretation-hh = критично підвищений
lab-interpretation-lu = значно знижений
lab-interpretation-hu = значно підвищений
lab-interpretation-a = поза нормою
lab-interpretation-aa = критично поза нормою
lab-interpretation-pos = позитивний
lab-interpretation-neg = негативний
lab-interpretation-ind = сумнівний
lab-interpretation-det = виявлено
lab-interpretation-nd = не виявлено
lab-interpretation-u = значно зріс від попереднього
lab-interpretation-d = значно знизився від попереднього
lab-interpretation-b = краще, ніж раніше
lab-interpretation-w = гірше, ніж раніше

lab-chart-caption = 📈 <b>{ $measure }</b>
lab-chart-period = { $since } — { $until }, { $count ->
    [one] { $count } результат
    [few] { $count } результати
   *[many] { $count } результатів
}
lab-chart-latest = Останній результат: <b>{ $value }</b>, { $date }
lab-chart-latest-marked = Останній результат: <b>{ $value }</b> { $mark }, { $date }
lab-chart-window = Графік — у повідомленні вище. Зелена смуга — норма, червоні точки — результати поза нею.
lab-chart-axis-date = Дата
lab-chart-axis-value = Значення
lab-chart-normal = Норма
lab-chart-outside = Поза нормою
lab-chart-too-few = Для графіка потрібно щонайменше два результати цього показника.
lab-chart-not-sent = На жаль, Telegram не прийняв графік. Спробуйте, будь ласка, ще раз трохи згодом.
