## Shared buttons and short lines

btn-back = Назад
btn-menu = До меню
btn-cancel = Скасувати
btn-confirm = Так, підтверджую
btn-skip = Пропустити
btn-prev = ◀️ Попередні
btn-next = Наступні ▶️
btn-sign-in-allow = 🔑 Увійти й дозволити
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

## eHealth's dictionaries as words (backend/domain/dictionaries.py: the Ukrainian words equal its own)

# An address in one line: street and house, flat, settlement, district, area, postcode
address-part = { $value }
address-street = { $type } { $street }
address-house = буд. { $value }
address-apartment = кв. { $value }
address-settlement = { $type } { $settlement }

# STREET_TYPE: the word before a street's name
street-type-street = вул.
street-type-avenue = просп.
street-type-boulevard = бульв.
street-type-lane = пров.
street-type-square = пл.
street-type-maidan = майдан
street-type-river-side = наб.
street-type-ascent = узвіз
street-type-blind-street = туп.
street-type-passage = проїзд
street-type-pass = прохід
street-type-country-lane = завулок
street-type-alley = алея
street-type-line = лінія
street-type-highway = шосе
street-type-road = дорога
street-type-roadway = тракт
street-type-track = траса
street-type-way = шлях
street-type-entrance = в’їзд
street-type-passing-loop = роз’їзд
street-type-crossroads = розвилка
street-type-microdistrict = мкрн
street-type-block = кв-л
street-type-housing-area = ж/м
street-type-massif = масив
street-type-garden-square = сквер
street-type-park = парк
street-type-grove = гай
street-type-tract = урочище
street-type-island = острів
street-type-settlement = с-ще
street-type-small-village = присілок
street-type-hamlet = хутір
street-type-station = ст.
street-type-station-settlement = будинок МПС
street-type-state-farm = радгосп
street-type-selection-base = селекційна станція
street-type-forestry = лісництво
street-type-mine = шахта
street-type-military-base = в/ч
street-type-sanatorium = санаторій
street-type-boarging-house = пансіонат
street-type-dacha-cooperative = дачний кооператив

# SETTLEMENT_TYPE
settlement-type-city = м.
settlement-type-township = смт
settlement-type-village = с.
settlement-type-settlement = с-ще

# GENDER
gender-male = чоловіча
gender-female = жіноча
