## Accesses: systems that may work with the patient's data

access-title = <b>Системи з доступом до ваших даних</b>
    Ви надали їм доступ, коли входили через них з електронним підписом. Якщо якоюсь більше не користуєтеся — скасуйте доступ.
access-title-paged = <b>Системи з доступом до ваших даних</b> (сторінка { $page } з { $pages })
access-btn-prev = ◀️ Попередні
access-btn-next = Наступні ▶️
access-none = Жодна система зараз не має доступу до ваших даних.
access-item = <b>{ $position }. { $name }</b>
access-item-ours = <b>{ $position }. { $name }</b> (цей бот)
access-since = Доступ надано: { $since }
access-may = Що може робити:
access-scope-sign-in = входити в кабінет від вашого імені
access-scope-read = бачити ваші персональні дані, декларації та запити на них
access-scope-prescriptions = бачити ваші електронні рецепти та де й що за ними видали в аптеці
access-scope-change-data = змінювати ваші персональні дані — лише з вашим підписом
access-scope-declarations = подавати, відхиляти й розривати декларації — лише на ваше прохання
access-scope-accesses = скасовувати доступи на ваше прохання
access-scope-other = інші дії, які реєстр не пояснив
access-btn-revoke = Скасувати доступ: { $name }
access-btn-retry = Спробувати ще раз

access-revoke-question = <b>Скасувати доступ для «{ $name }»?</b>
    Ця система більше не зможе бачити чи змінювати ваші дані. Ваші декларації та дані в eHealth не зміняться. Знову надати доступ можна, увійшовши в цю систему з електронним підписом.
access-revoke-ours-warning = <b>Увага:</b> це доступ цього бота. Після скасування ви вийдете з кабінету в Telegram і, щоб користуватися ним далі, доведеться увійти знову з електронним підписом.
access-btn-revoke-yes = Так, скасувати доступ
access-btn-revoke-no = Ні, залишити
access-revoked = Доступ для «{ $name }» скасовано.
notice-access-ours-revoked = Доступ цього бота скасовано, і ви вийшли з кабінету. Щоб користуватися ним знову, увійдіть з електронним підписом.
