## Notifications: what changed in eHealth, sent by the notifier without the patient asking

ntf-with-doctor = з лікарем { $doctor }
ntf-with-some-doctor = з обраним лікарем
ntf-reason = Причина: { $reason }

ntf-declaration-active = Ваша декларація { $with_doctor } тепер діє. Реєстр перевірив ваші дані — це ваш лікар.
ntf-declaration-pending-verification = Декларація { $with_doctor } на перевірці: реєстр перевіряє ваші дані, це триває до 30 днів. Лікар уже може вас приймати.
ntf-declaration-rejected = Декларацію { $with_doctor } відхилено: реєстр не підтвердив ваші дані. Перевірте, будь ласка, свої дані й подайте декларацію знову.
ntf-declaration-terminated = Декларація { $with_doctor } більше не діє.
ntf-declaration-closed = Декларацію { $with_doctor } закрито, вона більше не діє.
ntf-declaration-other = Стан вашої декларації { $with_doctor } змінився. Подробиці — у розділі «Мої декларації».
ntf-choose-doctor = Щоб мати свого лікаря, оберіть нового — це безоплатно й займе кілька хвилин.

ntf-request-signed = Запит на декларацію { $with_doctor } підписано — декларацію укладено.
ntf-request-expired = Час на підписання запиту на декларацію { $with_doctor } минув, тож декларацію не укладено. Якщо ви й надалі хочете обрати цього лікаря, подайте, будь ласка, запит ще раз.
ntf-request-rejected = Запит на декларацію { $with_doctor } відхилено — декларацію не укладено.
ntf-request-cancelled = Запит на декларацію { $with_doctor } скасовано — декларацію не укладено.
ntf-request-other = Стан вашого запиту на декларацію { $with_doctor } змінився. Подробиці — у розділі «Мої декларації».

ntf-signed = Готово: ви підписали декларацію { $with_doctor }. Її стан можна переглянути в розділі «Мої декларації».
ntf-person-updated = Ваші дані в eHealth оновлено.

ntf-access-granted =
    Увага: система «{ $client }» отримала доступ до ваших даних в eHealth.

    Якщо це ви щойно входили в неї — усе гаразд. Якщо ні — відкличте доступ і зателефонуйте в контакт-центр НСЗУ: 16-77.
ntf-relinked =
    Увага: у кабінет пацієнта щойно ввійшли з вашим електронним підписом з іншого облікового запису Telegram, тому тут вхід завершено.

    Якщо це були не ви, заблокуйте свій ключ електронного підпису в його видавця та зателефонуйте в контакт-центр НСЗУ: 16-77.
ntf-session-expired = Ваш вхід у eHealth завершився, тож ми не бачимо змін у ваших деклараціях. Увійдіть, будь ласка, знову з електронним підписом.

ntf-reminder-request-expiring = Нагадуємо: запит на декларацію { $with_doctor } чекає вашого підпису до { $expires }. Якщо не підписати, декларацію не буде укладено.
ntf-reminder-pediatric-ending = Ваша декларація з педіатром { $doctor } діє до { $end } включно — напередодні вашого 18-річчя. Щоб і далі мати лікаря, оберіть терапевта або сімейного лікаря й подайте нову декларацію.

ntf-rx-issued = Лікар виписав вам електронний рецепт: <b>{ $medicine }</b>. Отримати ліки в аптеці можна до { $valid_to } включно.
ntf-rx-dispensed-fully = Ліки за рецептом <b>{ $medicine }</b> видано повністю — рецепт виконано.
ntf-rx-dispensed-partly = За рецептом <b>{ $medicine }</b> в аптеці видано частину ліків. Решту можна отримати до { $valid_to } включно.
ntf-rx-rejected = Рецепт <b>{ $medicine }</b> скасовано: ліки за ним більше не видадуть.
ntf-rx-reject-patient-reject = ви відмовилися від цього рецепта
ntf-rx-rejected-ask = Якщо це для вас несподівано, зверніться, будь ласка, до лікаря, який виписав рецепт.
ntf-rx-expiring = Нагадуємо: рецепт <b>{ $medicine }</b> діє до { $valid_to } включно. Отримайте, будь ласка, ліки в аптеці до цього дня — потім рецепт стане недійсним.

ntf-lab-result = Надійшов новий результат аналізу: <b>{ $measure }</b> — { $value }.
ntf-lab-result-high = Надійшов новий результат аналізу: <b>{ $measure }</b> — { $value } ⬆️ вище норми.
ntf-lab-result-low = Надійшов новий результат аналізу: <b>{ $measure }</b> — { $value } ⬇️ нижче норми.
ntf-lab-result-normal = Надійшов новий результат аналізу: <b>{ $measure }</b> — { $value }, у межах норми.
ntf-lab-result-no-value = Надійшов новий результат аналізу: <b>{ $measure }</b>.
ntf-lab-result-unnamed = Надійшов новий результат аналізу.
ntf-lab-value = { NUMBER($number, maximumFractionDigits: 3) } { $unit }
ntf-lab-number = { NUMBER($number, maximumFractionDigits: 3) }
ntf-referral = Лікар виписав вам направлення: <b>{ $service }</b>.
ntf-referral-unnamed = Лікар виписав вам нове направлення.
ntf-referral-valid-to = Дійсне до { $valid_to }.

ntf-btn-declarations = Мої декларації
ntf-btn-sign = Підписати
ntf-btn-find-doctor = Знайти лікаря
ntf-btn-accesses = Переглянути доступи
ntf-btn-profile = Мої дані
ntf-btn-sign-in = Увійти знову
ntf-btn-prescriptions = Мої рецепти
ntf-btn-lab-results = Мої аналізи
ntf-btn-referrals = Мої направлення
ntf-btn-menu = Відкрити меню
