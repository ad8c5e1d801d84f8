## Settings

settings-title = <b>Налаштування</b>
    Мова: { $language_name }
settings-language = Мова / Language
settings-notifications = Сповіщення
settings-sign-out = Вийти з кабінету
settings-erase = Видалити мої дані з бота
language-uk = Українська
language-en = English
settings-language-question = Оберіть мову / Choose the language:
settings-notifications-question = Про що вам повідомляти? Натисніть на рядок, щоб увімкнути чи вимкнути.
settings-on-nd = ✅ Зміни декларації з лікарем
settings-off-nd = ⬜ Зміни декларації з лікарем
settings-on-nr = ✅ Стан заяв на декларацію
settings-off-nr = ⬜ Стан заяв на декларацію
settings-on-ns = ✅ Безпека: новий вхід чи доступ
settings-off-ns = ⬜ Безпека: новий вхід чи доступ
settings-on-nm = ✅ Нагадування
settings-off-nm = ⬜ Нагадування
settings-on-np = ✅ Рецепти
settings-off-np = ⬜ Рецепти
settings-on-nc = ✅ Медична картка: аналізи й направлення
settings-off-nc = ⬜ Медична картка: аналізи й направлення
settings-sign-out-question =
    Вийти з кабінету?

    Бот забуде зв’язок із вашими даними в eHealth. Щоб повернутися, потрібно буде знову увійти з електронним підписом.
settings-sign-out-confirm = Так, вийти
settings-erase-question =
    <b>Видалити ваші дані з бота?</b>

    Буде видалено: зв’язок Telegram із кабінетом, номер телефону, згоду, налаштування та сповіщення, які ще не надіслано.

    Залишиться в eHealth: ваші особисті дані, декларація з лікарем і заяви — бот їх не змінює і не видаляє.

    Щоб користуватися ботом знову, натисніть /start.
settings-erase-confirm = Так, видалити мої дані
settings-erased = Готово: ваші дані видалено з бота. Записи в eHealth залишилися без змін. Щоб почати знову, натисніть /start.
notice-signed-out = Ви вийшли з кабінету. Щоб повернутися, увійдіть з електронним підписом.
