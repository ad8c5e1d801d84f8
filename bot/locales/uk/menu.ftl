## Main menu

menu-title = Що бажаєте зробити?
menu-profile = 👤 Мої дані
menu-declarations = 📄 Мої декларації
menu-medical-record = 🩺 Медична картка
menu-doctor-search = 🔎 Знайти лікаря
menu-accesses = 🔐 Доступи
menu-settings = ⚙️ Налаштування
menu-help = ❓ Допомога
notice-cancelled = Дію скасовано. Підписані заяви нікуди не зникли: вони зберігаються в eHealth.
notice-stale = Ця кнопка вже не діє — продовжимо звідси.
