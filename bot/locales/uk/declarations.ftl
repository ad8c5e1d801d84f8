## My declarations: the current one, history, ending it, requests waiting for a signature

decl-current-title = <b>Ваш лікар: { $doctor }</b>
decl-detail-title = <b>Декларація з лікарем { $doctor }</b>
decl-none = У вас зараз немає декларації з лікарем. Оберіть лікаря — це безоплатно й займе кілька хвилин.
decl-requests-waiting = Запитів на декларацію, що чекають вашого підпису: { $count }.
decl-speciality = Спеціальність: { $speciality }
decl-clinic = Заклад: { $division } ({ $clinic })
decl-address = Адреса: { $address }
decl-phones = Телефон: { $phones }
decl-hours = Години роботи: { $hours }
decl-number = Номер декларації: { $number }
decl-start = Діє з: { $start }
decl-end = Діє до: { $end }
decl-started = Діяла з: { $start }
decl-ended = Завершилася: { $ended }
decl-status = Стан: { $status }
decl-reason = Причина: { $reason }

decl-status-active = діє — це ваш лікар.
decl-status-pending-verification = декларацію підписано, реєстр перевіряє ваші дані — до 30 днів. Після перевірки вона почне діяти сама; лікар уже може вас приймати.
decl-status-terminated = розірвана — більше не діє.
decl-status-terminated-auto-new-declaration = замінена новою декларацією — більше не діє.
decl-status-closed = закрита — строк дії скінчився.
decl-status-rejected = відхилена — реєстр не підтвердив ваші дані, декларація не діє. Перевірте свої дані й подайте декларацію знову.
decl-status-unknown = стан невідомий — уточніть, будь ласка, у закладі лікаря.

decl-reason-manual-person = ви самі розірвали декларацію.
decl-reason-manual-employee = декларацію розірвав лікар або заклад.
decl-reason-manual-nhs = декларацію розірвала Національна служба здоров’я.
decl-reason-no-tax-id = ви не маєте РНОКПП, тому реєстр перевіряє ваші документи вручну.
decl-reason-offline = декларацію підписано на папері в закладі, реєстр перевіряє дані.
decl-reason-person-not-verified = ваші дані в реєстрі ще не підтверджено, тому декларація на перевірці.
decl-reason-auto-new-declaration = ви уклали нову декларацію з іншим лікарем, тож стара завершилася сама.
decl-reason-auto-expired = строк дії скінчився (декларація з педіатром діє до 18 років).
decl-reason-auto-employee-deactivate = лікар більше не працює в цьому закладі. Оберіть, будь ласка, нового лікаря.
decl-reason-auto-reorganization = заклад реорганізовано. Оберіть, будь ласка, лікаря знову.
decl-reason-auto-suspend-legal-entity = діяльність закладу призупинено. Оберіть, будь ласка, лікаря в іншому закладі.
decl-reason-unknown = реєстр не пояснив причину.

decl-history-title = <b>Усі ваші декларації</b> (сторінка { $page } з { $pages })
decl-history-empty = Декларацій поки немає.
decl-line-title = <b>{ $position }. { $doctor }</b>
decl-line-where = { $speciality }, { $division }
decl-line-dates = з { $start } до { $end }
decl-line-since = з { $start }
decl-line-ended = з { $start } до { $ended }
decl-line-ended-on = завершилася { $ended }

decl-requests-title = <b>Запити, що чекають вашого підпису</b>
decl-requests-none = Запитів, що чекають вашого підпису, немає.
decl-request-number = <b>Запит { $position }</b>
decl-request-doctor = Лікар: { $doctor }
decl-request-created = Створено: { $created }
decl-request-status-new = чекає вашого підпису.
decl-request-status-approved = погоджено, чекає вашого підпису.
decl-request-status-signed = підписано — декларацію укладено.
decl-request-status-rejected = відхилено — декларацію не укладено.
decl-request-status-cancelled = скасовано — декларацію не укладено.
decl-request-status-cancelled-auto-new-request = скасовано, бо ви створили новіший запит до того самого лікаря.
decl-request-status-expired = час на підпис минув — подайте, будь ласка, декларацію ще раз.
decl-request-status-unknown = стан невідомий.

decl-terminate-question = <b>Розірвати декларацію з лікарем { $doctor }?</b>
    Після цього у вас не буде лікаря первинної допомоги: щоб отримати направлення чи рецепт, доведеться спершу обрати нового лікаря.
    Якщо ви просто хочете змінити лікаря, розривати не потрібно: подайте нову декларацію — стара завершиться сама.
# Sent to the registry, which keeps it as text: Ukrainian in every language.
decl-terminate-reason-registry = Пацієнт розірвав декларацію в кабінеті пацієнта.
decl-terminated = Декларацію розірвано.
decl-cancel-request-question = Скасувати запит на декларацію з лікарем { $doctor }? Декларацію не буде укладено.
decl-request-cancelled = Запит скасовано.

decl-btn-terminate = Розірвати декларацію
decl-btn-requests = Запити на підпис ({ $waiting })
decl-btn-history = Усі декларації
decl-btn-find-doctor = Знайти лікаря
decl-btn-terminate-yes = Так, розірвати
decl-btn-choose-other = Обрати іншого лікаря
decl-btn-terminate-no = Ні, залишити
decl-btn-back-history = До списку
decl-btn-sign = ✍️ Підписати
decl-btn-cancel-request = Скасувати запит
decl-btn-cancel-request-yes = Так, скасувати запит
decl-btn-cancel-request-no = Ні, повернутися
