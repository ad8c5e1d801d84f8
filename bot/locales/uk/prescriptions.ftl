## Мої рецепти: e-prescriptions, their dispenses, showing one at a pharmacy

menu-prescriptions = 💊 Мої рецепти

rx-active-title = <b>Ваші активні рецепти</b> (сторінка { $page } з { $pages })
rx-past-title = <b>Минулі рецепти</b> (сторінка { $page } з { $pages })
rx-active-none = Активних рецептів немає. Рецепт на ліки виписує ваш лікар: щойно він його створить, рецепт з’явиться тут, а номер прийде вам у SMS. Попередні рецепти — у «Минулих рецептах».
rx-past-none = Минулих рецептів немає: тут будуть погашені, прострочені й відкликані рецепти.
rx-line-title = <b>{ $position }. { $medicine }</b>
rx-line-form = { $form }
rx-line-valid = Діє до { $valid_to }
rx-line-valid-soon = ⚠️ Діє до { $valid_to } — { $days ->
        [0] останній день
        [one] залишився { $days } день
        [few] залишилося { $days } дні
        [many] залишилося { $days } днів
       *[other] залишилося { $days } дня
    }
rx-line-program = Програма: { $program }
rx-line-number = Рецепт № { $number }
rx-line-status = { $status }

rx-btn-past = 🗂 Минулі рецепти
rx-btn-active = 💊 Активні рецепти
notice-permission-needed = Увійдіть ще раз з електронним підписом і дозвольте кабінету бачити ваші е-рецепти. Усе інше лишається як було.
rx-btn-back-list = До списку рецептів
rx-btn-back-card = До рецепта
rx-btn-pharmacy = 🏪 Показати в аптеці
rx-btn-code = 🔑 Показати код підтвердження

## The card

rx-card-title = <b>{ $medicine }</b>
rx-card-form = Форма: { $form }
rx-card-quantity = Виписано: { $quantity }
rx-card-how = <b>Як приймати:</b>
rx-card-dosage-text = { $text }
rx-card-dosage-words = { $phrase }
rx-card-patient-note = Порада для вас: { $text }
rx-card-valid = Діє з { $valid_from } до { $valid_to }
rx-card-program = Програма: { $program }
rx-card-doctor = Лікар: { $doctor }
rx-card-clinic = Заклад: { $division } ({ $clinic })
rx-card-number = Номер рецепта: { $number }
rx-card-status = Статус: { $status }
rx-card-rejected-on = Відкликано { $date }.
rx-card-reject-reason = Причина: { $reason }
rx-card-partly = Частину ліків за цим рецептом ви вже отримали; решту можна отримати до { $valid_to }.
rx-card-dispenses = <b>Видано в аптеці:</b>
rx-card-no-dispenses = Ліки за цим рецептом ще не видавали.
rx-card-dispense = { $date } — { $pharmacy }
rx-card-dispense-place = { $place }
rx-card-dispense-line = • { $medicine }{ $manufacturer }: { $quantity }
rx-card-dispense-manufacturer = , { $manufacturer }
rx-card-dispense-paid = Ви сплатили: { $paid }, держава відшкодувала: { $reimbursed }
rx-card-dispense-free = Для вас — безоплатно, держава відшкодувала: { $reimbursed }
rx-card-dispense-reimbursed = Держава відшкодувала: { $reimbursed }
rx-card-active-hint = Щоб отримати ліки, натисніть «Показати в аптеці» та покажіть фармацевту QR-код або номер рецепта.

rx-status-active = Активний
rx-status-completed = Погашений — ліки отримано
rx-status-expired = Прострочений — термін дії минув
rx-status-rejected = Відхилений — рецепт відкликано
rx-status-unknown = Статус уточнюйте у свого лікаря

rx-money = { NUMBER($amount, minimumFractionDigits: 2, maximumFractionDigits: 2) } грн

rx-program-affordable-medicines = Ліки за програмою «Доступні ліки» безоплатні або з невеликою доплатою — в аптеці, що має договір з НСЗУ (шукайте наліпку «Доступні ліки»).
rx-program-insulin = Інсулін за державною програмою безоплатний або з невеликою доплатою — в аптеці, що має договір з НСЗУ.
rx-program-nhsu = Ліки оплачує НСЗУ: безоплатно або з невеликою доплатою в аптеці, що має договір з НСЗУ.

## Showing it at a pharmacy (protected messages)

rx-pharmacy-caption = Рецепт № <code>{ $number }</code>
    { $medicine }
    Покажіть фармацевту цей QR-код або назвіть номер рецепта.
rx-pharmacy-window = Покажіть фармацевту QR-код вище або продиктуйте номер рецепта. Код підтвердження потрібен лише фармацевту, коли він видає ліки.
rx-pharmacy-not-active = Цей рецепт уже не активний — за ним ліки не видадуть.
rx-code-warning = ⚠️ Код підтвердження повідомляйте лише фармацевту під час видачі ліків.
rx-code = Код підтвердження: <code>{ $code }</code>

## How to take it, in words

rx-frequency-per = { $times ->
        [one] { $times } раз
        [few] { $times } рази
        [many] { $times } разів
       *[other] { $times } рази
    } на { $unit ->
        [min] хвилину
        [h] годину
        [d] день
        [wk] тиждень
        [mo] місяць
       *[a] рік
    }
rx-frequency-every = кожні { $period } { $unit ->
        [min] { $period -> 
                [one] хвилину
                [few] хвилини
                [many] хвилин
               *[other] хвилини
            }
        [h] { $period ->
                [one] годину
                [few] години
                [many] годин
               *[other] години
            }
        [d] { $period ->
                [one] день
                [few] дні
                [many] днів
               *[other] дня
            }
        [wk] { $period ->
                [one] тиждень
                [few] тижні
                [many] тижнів
               *[other] тижня
            }
        [mo] { $period ->
                [one] місяць
                [few] місяці
                [many] місяців
               *[other] місяця
            }
       *[a] { $period ->
                [one] рік
                [few] роки
                [many] років
               *[other] року
            }
    }
rx-frequency-times-every = { $times ->
        [one] { $times } раз
        [few] { $times } рази
        [many] { $times } разів
       *[other] { $times } рази
    } { rx-frequency-every }
rx-as-needed = за потреби
rx-dose = разова доза — { $dose }
rx-duration = протягом { $days ->
        [one] { $days } дня
        [many] { $days } днів
       *[other] { $days } дня
    }

## Amounts: the number with its unit (MEDICATION_UNIT)

rx-amount-other = { $count }
rx-amount-mg = { $count } мг
rx-amount-mkg = { $count } мкг
rx-amount-g = { $count } г
rx-amount-ml = { $count } мл
rx-amount-l = { $count } л
rx-amount-iu = { $count } ОД
rx-amount-mmol = { $count } ммоль
rx-amount-percent = { $count } %
rx-amount-pill = { $count } { $count ->
        [one] таблетка
        [few] таблетки
        [many] таблеток
       *[other] таблетки
    }
rx-amount-capsule = { $count } { $count ->
        [one] капсула
        [few] капсули
        [many] капсул
       *[other] капсули
    }
rx-amount-dose = { $count } { $count ->
        [one] доза
        [few] дози
        [many] доз
       *[other] дози
    }
rx-amount-ampoule = { $count } { $count ->
        [one] ампула
        [few] ампули
        [many] ампул
       *[other] ампули
    }
rx-amount-vial = { $count } { $count ->
        [one] флакон
        [few] флакони
        [many] флаконів
       *[other] флакона
    }
rx-amount-bottle = { $count } { $count ->
        [one] флакон
        [few] флакони
        [many] флаконів
       *[other] флакона
    }
rx-amount-sachet = { $count } саше
rx-amount-suppository = { $count } { $count ->
        [one] супозиторій
        [few] супозиторії
        [many] супозиторіїв
       *[other] супозиторію
    }
rx-amount-patch = { $count } { $count ->
        [one] пластир
        [few] пластирі
        [many] пластирів
       *[other] пластиря
    }
rx-amount-drop = { $count } { $count ->
        [one] крапля
        [few] краплі
        [many] крапель
       *[other] краплі
    }
rx-amount-package = { $count } { $count ->
        [one] упаковка
        [few] упаковки
        [many] упаковок
       *[other] упаковки
    }
rx-amount-container = { $count } { $count ->
        [one] контейнер
        [few] контейнери
        [many] контейнерів
       *[other] контейнера
    }
rx-amount-pen = { $count } { $count ->
        [one] шприц-ручка
        [few] шприц-ручки
        [many] шприц-ручок
       *[other] шприц-ручки
    }
rx-amount-cartridge = { $count } { $count ->
        [one] картридж
        [few] картриджі
        [many] картриджів
       *[other] картриджа
    }
rx-amount-inhaler = { $count } { $count ->
        [one] інгалятор
        [few] інгалятори
        [many] інгаляторів
       *[other] інгалятора
    }

## eHealth dictionaries (the Ukrainian words are the ones in backend/domain/prescriptions_view.py)

rx-form-pill = таблетки
rx-form-tablet = таблетки
rx-form-film-coated-tablet = таблетки, вкриті плівковою оболонкою
rx-form-coated-tablet = таблетки, вкриті оболонкою
rx-form-prolonged-release-tablet = таблетки пролонгованої дії
rx-form-modified-release-tablet = таблетки з модифікованим вивільненням
rx-form-dispersible-tablet = таблетки, що диспергуються
rx-form-chewable-tablet = таблетки жувальні
rx-form-sublingual-tablet = таблетки сублінгвальні
rx-form-capsule = капсули
rx-form-hard-capsule = капсули тверді
rx-form-soft-capsule = капсули м’які
rx-form-solution-for-injection = розчин для ін’єкцій
rx-form-suspension-for-injection = суспензія для ін’єкцій
rx-form-aerosol-for-inhalation = аерозоль для інгаляцій
rx-form-inhalation-aerosol = аерозоль для інгаляцій
rx-form-aerosol-for-inhalation-dosed = аерозоль для інгаляцій, дозований
rx-form-pressurised-inhalation-suspension = суспензія для інгаляцій під тиском
rx-form-inhalation-powder = порошок для інгаляцій
rx-form-inhalation-solution = розчин для інгаляцій
rx-form-nebuliser-suspension = суспензія для розпилення
rx-form-oral-solution = розчин оральний
rx-form-oral-suspension = суспензія оральна
rx-form-syrup = сироп
rx-form-oral-drops = краплі оральні
rx-form-eye-drops = краплі очні
rx-form-nasal-spray = спрей назальний
rx-form-granules = гранули
rx-form-powder-for-oral-solution = порошок для орального розчину
rx-form-suppository = супозиторії
rx-form-cream = крем
rx-form-ointment = мазь
rx-form-gel = гель
rx-form-transdermal-patch = пластир трансдермальний

rx-per-ml = мл
rx-per-l = л
rx-per-g = г
rx-per-mg = мг
rx-per-dose = дозу
rx-per-drop = краплю
rx-per-pill = таблетку
rx-per-capsule = капсулу
rx-per-ampoule = ампулу
rx-per-vial = флакон
rx-per-sachet = саше
rx-per-patch = пластир
rx-per-suppository = супозиторій

rx-reject-patient-reject = ви відмовилися від цих ліків
rx-reject-doctor-error = лікар виправив помилку в рецепті
rx-reject-incorrect-data = у рецепті були неточні дані
rx-reject-incompatible-drugs = ці ліки несумісні з іншими вашими ліками
rx-reject-medical-reasons = з медичних причин
rx-reject-duplicate = такий самий рецепт уже виписано
rx-reject-patient-died = за даними реєстру
rx-reject-other = лікар відкликав рецепт

rx-when-morn = вранці
rx-when-morn-early = рано вранці
rx-when-morn-late = пізно вранці
rx-when-noon = опівдні
rx-when-aft = удень
rx-when-eve = увечері
rx-when-night = уночі
rx-when-wake = після пробудження
rx-when-hs = перед сном
rx-when-phs = після сну
rx-when-c = під час їди
rx-when-cm = під час сніданку
rx-when-cd = під час обіду
rx-when-cv = під час вечері
rx-when-ac = перед їдою
rx-when-acm = перед сніданком
rx-when-acd = перед обідом
rx-when-acv = перед вечерею
rx-when-pc = після їди
rx-when-pcm = після сніданку
rx-when-pcd = після обіду
rx-when-pcv = після вечері

rx-route-26643006 = перорально
rx-route-34206005 = підшкірно
rx-route-447694001 = інгаляційно
rx-route-78421000 = внутрішньом’язово
rx-route-47625008 = внутрішньовенно
rx-route-37839007 = під язик
rx-route-6064005 = місцево
rx-route-37161004 = ректально
rx-route-46713006 = у ніс
rx-route-54485002 = в очі
