## Направлення: referrals (open ones first), a card, showing one's number as a QR code

ref-list-title = <b>Ваші направлення</b> (сторінка { $page } з { $pages })
ref-list-open = <b>Дійсні ({ $count })</b>
ref-list-closed = <b>Минулі</b>
ref-list-none-open = Дійсних направлень зараз немає.
ref-list-none = У вас немає направлень. Направлення на аналізи, обстеження чи до іншого лікаря дає ваш лікар: щойно він його створить, воно з’явиться тут.
ref-line-title = <b>{ $position }. { $service }</b>
ref-line-open-until = ✅ Дійсне до { $date }
ref-line-state = { $state }
ref-line-number = Направлення № { $number }
ref-service-unnamed = Направлення

ref-btn-back-list = До списку направлень
ref-btn-back-card = До направлення
ref-btn-show = 🔳 Показати номер

## The card

ref-card-title = <b>{ $service }</b>
ref-card-category = Вид: { $category }
ref-card-priority = Терміновість: { $priority }
ref-card-state = Стан: { $state }
ref-card-recall-reason = Причина: { $reason }
ref-card-valid = Дійсне з { $valid_from } до { $valid_to }
ref-card-valid-to = Дійсне до { $date }
ref-card-issued = Видане { $date }
ref-card-requester = Направив лікар: { $doctor }
ref-card-requester-clinic = Заклад, що направив: { $clinic }
ref-card-performer = Куди: { $performer }
ref-card-used-by = Використане в закладі: { $clinic }
ref-card-program = Програма: { $program }
ref-card-note = Примітка лікаря: { $note }
ref-card-instruction = Як підготуватися: { $instruction }
ref-card-number = Номер направлення: <code>{ $number }</code>
ref-card-open-hint = Щоб скористатися направленням, натисніть «Показати номер» і покажіть QR-код або назвіть номер у лабораторії чи в кабінеті лікаря.

## Showing the number (protected messages)

ref-shown-caption = Направлення № <code>{ $number }</code>
    { $service }
    Покажіть цей QR-код або назвіть номер направлення.
ref-shown-window = Покажіть QR-код вище або назвіть номер направлення в лабораторії чи в кабінеті лікаря, куди вас направили.
ref-shown-not-open = Це направлення вже не дійсне — за ним послугу не нададуть. Якщо воно вам ще потрібне, зверніться до свого лікаря.

## eHealth dictionaries (the Ukrainian words are the ones in backend/domain/referrals_view.py)

ref-state-open = Дійсне — ним можна скористатися
ref-state-expired = Термін дії минув
ref-state-completed = Використане — послугу надано
ref-state-recalled = Відкликане лікарем
ref-state-entered-in-error = Скасоване: внесене помилково
ref-state-other = Стан уточнюйте у свого лікаря

ref-category-108252007 = Лабораторне дослідження
ref-category-363679005 = Інструментальне дослідження (знімок, УЗД)
ref-category-409063005 = Консультація лікаря
ref-category-103693007 = Діагностична процедура
ref-category-387713003 = Хірургічна процедура
ref-category-409073007 = Навчання
ref-category-3457005 = Направлення до іншого закладу

ref-priority-routine = планове
ref-priority-urgent = термінове
ref-priority-asap = якнайшвидше
ref-priority-stat = невідкладне

ref-recall-cured = потреби вже немає — ви одужали
ref-recall-error = у направленні була помилка
ref-recall-patient-refused = ви відмовилися
ref-recall-changed-plan = лікар змінив план обстеження
ref-recall-other = лікар відкликав направлення
