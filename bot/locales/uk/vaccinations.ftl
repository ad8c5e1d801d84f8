## Щеплення: the vaccinations given and what the national calendar says is due next

vax-list-title = <b>Ваші щеплення</b> (сторінка { $page } з { $pages })
vax-list-none = У реєстрі ще немає записів про ваші щеплення. Щеплення записує до реєстру лікар або медсестра, які його роблять.
vax-line-title = <b>{ $position }. { $vaccine }</b>
vax-line-dose = { $dose }, { $date }
vax-line-date = { $date }
vax-line-not-given = ⚠️ Не зроблено ({ $date })
vax-vaccine-unnamed = Щеплення

vax-btn-back-list = До списку щеплень

## A dose: "2-га доза з 3"

vax-dose = { $number ->
        [1] 1-ша
        [2] 2-га
        [3] 3-тя
        [7] 7-ма
        [8] 8-ма
        [21] 21-ша
        [22] 22-га
        [23] 23-тя
       *[other] { $number }-та
    } доза
vax-dose-of = { vax-dose } з { $of }

## The national calendar (МОЗ order №595)

vax-calendar-title = <b>За календарем щеплень</b>
vax-calendar-overdue = ❗️ Пропущено: { $series }, { $dose } — належало { $age } (з { $date })
vax-calendar-due = ⚠️ Пора зробити: { $series }, { $dose } — { $age } (з { $date })
vax-calendar-next = Наступне за календарем: { $series }, { $dose } — { $age } (з { $date })
vax-calendar-done = ✅ Усе, що належить за календарем на ваш вік, зроблено.
vax-calendar-adult-no-record = Дорослим раз на 10 років роблять щеплення АДП-М (від дифтерії та правця). У реєстрі запису про нього немає — запитайте сімейного лікаря, чи воно вам потрібне.
vax-calendar-missing-hint = Якщо щеплення робили, але його немає в реєстрі, скажіть про це сімейному лікарю.
vax-calendar-doctor = Календар — орієнтир; коли і яке щеплення робити, вирішує ваш лікар.

vax-age-birth = при народженні
vax-age-days = на { $days }-й день життя
vax-age-months = у { $months } { $months ->
        [one] місяць
        [few] місяці
        [many] місяців
       *[other] місяця
    }
vax-age-years = у { $years } { $years ->
        [one] рік
        [few] роки
        [many] років
       *[other] року
    }

## The card

vax-card-title = <b>{ $vaccine }</b>
vax-card-code = Код вакцини: { $code }
vax-card-diseases = Захищає від: { $diseases }
vax-card-date = Дата: { $date }
vax-card-dose = Доза: { $dose }
vax-card-amount = Кількість: { NUMBER($amount, maximumFractionDigits: 2) } мл
vax-card-route = Спосіб: { $route }
vax-card-site = Місце введення: { $site }
vax-card-reason = Підстава: { $reason }
vax-card-lot = Серія вакцини: { $lot }
vax-card-expires = Придатна до: { $date }
vax-card-manufacturer = Виробник: { $manufacturer }
vax-card-reactions = ⚠️ Після щеплення лікар записав { $count ->
        [one] реакцію
       *[other] реакції ({ $count })
    } — подробиці розповість ваш лікар.
vax-card-no-reactions = Реакцій на щеплення не записано.
vax-card-performer = Хто зробив: { $performer }
vax-card-not-given = ⚠️ Щеплення не зроблено ({ $date }).
vax-card-not-given-reason = Причина: { $reason }

## eHealth dictionaries (the Ukrainian words are the ones in backend/domain/vaccinations_view.py)

vax-vaccine-bcg = БЦЖ (туберкульоз)
vax-vaccine-hepb = Гепатит B
vax-vaccine-hepa = Гепатит A
vax-vaccine-hepahepb = Гепатит A і B
vax-vaccine-dtp = АКДП (кашлюк, дифтерія, правець)
vax-vaccine-dtap = АаКДП (кашлюк, дифтерія, правець)
vax-vaccine-dtwp = АКДП (кашлюк, дифтерія, правець)
vax-vaccine-dt = АДП (дифтерія, правець)
vax-vaccine-td = АДП-М (дифтерія, правець)
vax-vaccine-ipv = Поліомієліт (ІПВ, укол)
vax-vaccine-opv = Поліомієліт (ОПВ, краплі)
vax-vaccine-hib = Hib-інфекція
vax-vaccine-mmr = КПК (кір, паротит, краснуха)
vax-vaccine-dtap-ipv = АаКДП та поліомієліт
vax-vaccine-dtap-ipv-hib = АаКДП, поліомієліт і Hib-інфекція
vax-vaccine-dtap-ipv-hib-hepb = АаКДП, поліомієліт, Hib-інфекція і гепатит B
vax-vaccine-hpv = Вірус папіломи людини (ВПЛ)
vax-vaccine-influenza = Грип
vax-vaccine-covid-19 = COVID-19
vax-vaccine-rabies = Сказ

vax-disease-56717001 = туберкульоз
vax-disease-66071002 = гепатит B
vax-disease-40468003 = гепатит A
vax-disease-397430003 = дифтерія
vax-disease-76902006 = правець
vax-disease-27836007 = кашлюк
vax-disease-398102009 = поліомієліт
vax-disease-91428005 = Hib-інфекція
vax-disease-14189004 = кір
vax-disease-36989005 = епідемічний паротит (свинка)
vax-disease-36653000 = краснуха
vax-disease-240532009 = вірус папіломи людини
vax-disease-6142004 = грип
vax-disease-840539006 = COVID-19
vax-disease-14168008 = сказ

vax-route-im = внутрішньом’язово
vax-route-sc = підшкірно
vax-route-id = внутрішньошкірно
vax-route-po = через рот (краплі)
vax-route-in = у ніс
vax-route-iv = внутрішньовенно

vax-site-la = ліве плече
vax-site-ra = праве плече
vax-site-ld = ліве плече (дельтоподібний м’яз)
vax-site-rd = праве плече (дельтоподібний м’яз)
vax-site-lt = ліве стегно
vax-site-rt = праве стегно
vax-site-lvl = ліве стегно (зовнішня поверхня)
vax-site-rvl = праве стегно (зовнішня поверхня)
vax-site-lg = ліва сідниця
vax-site-rg = права сідниця
vax-site-oral = рот

vax-reason-immunization-by-calendar = планове, за календарем щеплень
vax-reason-immunization-by-epidemic-indications = за епідемічними показаннями

vax-not-given-immune = імунітет уже є
vax-not-given-medprec = медичні протипоказання
vax-not-given-ostock = вакцини не було в наявності
vax-not-given-patobj = відмова пацієнта
vax-not-given-philisop = відмова з особистих переконань
vax-not-given-relig = відмова з релігійних переконань
vax-not-given-vaceff = сумнів в ефективності вакцини
vax-not-given-vacsaf = сумнів у безпечності вакцини
vax-not-given-other = причину не вказано

vax-series-hepb = Гепатит B
vax-series-bcg = БЦЖ (туберкульоз)
vax-series-dtap = АКДП (кашлюк, дифтерія, правець)
vax-series-polio = Поліомієліт
vax-series-hib = Hib-інфекція
vax-series-mmr = КПК (кір, паротит, краснуха)
vax-series-dt = АДП (дифтерія, правець)
vax-series-td = АДП-М (дифтерія, правець)
vax-series-hpv = Вірус папіломи людини (ВПЛ)
