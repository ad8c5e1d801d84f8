## Shared buttons and short lines

btn-back = Назад
btn-menu = До меню
btn-cancel = Скасувати
btn-confirm = Так, підтверджую
btn-skip = Пропустити
btn-retry = Спробувати ще раз
btn-yes = Так
btn-no = Ні
throttled = Ви надсилаєте повідомлення дуже швидко. Зачекайте, будь ласка, кілька секунд — потім продовжимо.
wrong-type-text = Тут потрібен текст. Напишіть, будь ласка, відповідь повідомленням.
wrong-type-button = Оберіть, будь ласка, одну з кнопок під повідомленням.
not-set = не вказано

command-start = Почати або повернутися до початку
command-menu = Головне меню
command-help = Як користуватися ботом
command-cancel = Скасувати поточну дію
command-language = Мова / Language
command-cabinets = Перевірені кабінети пацієнта

cabinets-title = <b>Перевірені кабінети пацієнта</b>
    Ці кабінети МОЗ визнало надійними. Основні можливості в усіх однакові.
cabinets-item = <b>{ $name }</b> — { $description }
cabinets-item-ours = <b>{ $name }</b> (ви зараз тут) — { $description }
