## Inline mode: @bot <query> in any chat

inline-btn-submit = Подати декларацію
inline-btn-open = Відкрити бота
inline-result-description = { $speciality }, { $division }, { $settlement }. { $places }

inline-hint-title = Пошук сімейного лікаря
inline-hint-description = Напишіть прізвище, спеціальність чи населений пункт, наприклад: педіатр Львів
inline-hint-message = Шукаєте сімейного лікаря, терапевта чи педіатра? Напишіть у будь-якому чаті <code>@{ $bot } педіатр Львів</code> або прізвище лікаря — і надішліть картку лікаря. Подати декларацію можна в боті @{ $bot }.

inline-nothing-title = Нікого не знайшли за «{ $typed }»
inline-nothing-description = Спробуйте лише прізвище, спеціальність (сімейний, терапевт, педіатр) або назву населеного пункту.
inline-nothing-message = Лікаря за запитом «{ $typed }» не знайшли. Спробуйте лише прізвище, спеціальність (сімейний, терапевт, педіатр) або назву населеного пункту. Шукати зручно й у боті @{ $bot }.

inline-nothing-speciality-title = Таких лікарів для вас не знайшли
inline-nothing-speciality-description = Педіатр укладає декларації з дітьми до 18 років, терапевт — з людьми від 18. Сімейний лікар — з усіма.
inline-nothing-speciality-message = За запитом «{ $typed }» не знайшли лікарів, які можуть укласти з вами декларацію: педіатр — лише з дітьми до 18 років, терапевт — лише з людьми від 18. Сімейний лікар приймає всіх.

inline-unavailable-title = Пошук тимчасово недоступний
inline-unavailable-description = Спробуйте, будь ласка, за кілька хвилин.
inline-unavailable-message = Пошук лікарів тимчасово недоступний. Спробуйте, будь ласка, за кілька хвилин у боті @{ $bot }.

inline-loading-title = Довідник лікарів ще завантажується
inline-loading-description = Спробуйте, будь ласка, за хвилину.
inline-loading-message = Довідник лікарів ще завантажується. Спробуйте, будь ласка, за хвилину в боті @{ $bot }.
