## Vaccinations: the vaccinations given and what the national calendar says is due next

vax-list-title = <b>Your vaccinations</b> (page { $page } of { $pages })
vax-list-none = The registry has no record of your vaccinations yet. The doctor or nurse who gives a vaccination records it in the registry.
vax-line-title = <b>{ $position }. { $vaccine }</b>
vax-line-dose = { $dose }, { $date }
vax-line-date = { $date }
vax-line-not-given = ⚠️ Not given ({ $date })
vax-vaccine-unnamed = Vaccination

vax-btn-back-list = To the vaccinations

## A dose: "dose 2 of 3"

vax-dose = { $number ->
        [1] 1st
        [2] 2nd
        [3] 3rd
        [21] 21st
        [22] 22nd
        [23] 23rd
       *[other] { $number }th
    } dose
vax-dose-of = { vax-dose } of { $of }

## The national calendar (Ministry of Health order No. 595)

vax-calendar-title = <b>By the vaccination calendar</b>
vax-calendar-overdue = ❗️ Missed: { $series }, { $dose } — due { $age } (from { $date })
vax-calendar-due = ⚠️ Due now: { $series }, { $dose } — { $age } (from { $date })
vax-calendar-next = Next by the calendar: { $series }, { $dose } — { $age } (from { $date })
vax-calendar-done = ✅ Everything the calendar sets for your age is done.
vax-calendar-adult-no-record = Adults get a Td vaccination (diphtheria and tetanus) every 10 years. The registry has no record of one for you — ask your family doctor whether you need it.
vax-calendar-missing-hint = If you had a vaccination that the registry does not show, tell your family doctor.
vax-calendar-doctor = The calendar is a guide; your doctor decides which vaccination you get and when.

vax-age-birth = at birth
vax-age-days = on day { $days } of life
vax-age-months = at { $months } { $months ->
        [one] month
       *[other] months
    }
vax-age-years = at { $years } { $years ->
        [one] year
       *[other] years
    }

## The card

vax-card-title = <b>{ $vaccine }</b>
vax-card-code = Vaccine code: { $code }
vax-card-diseases = Protects from: { $diseases }
vax-card-date = Date: { $date }
vax-card-dose = Dose: { $dose }
vax-card-amount = Amount: { NUMBER($amount, maximumFractionDigits: 2) } ml
vax-card-route = Given: { $route }
vax-card-site = Where: { $site }
vax-card-reason = Why: { $reason }
vax-card-lot = Vaccine lot: { $lot }
vax-card-expires = Use by: { $date }
vax-card-manufacturer = Manufacturer: { $manufacturer }
vax-card-reactions = ⚠️ The doctor recorded { $count ->
        [one] a reaction
       *[other] { $count } reactions
    } after the vaccination — your doctor will tell you more.
vax-card-no-reactions = No reaction to the vaccination was recorded.
vax-card-performer = Given by: { $performer }
vax-card-not-given = ⚠️ The vaccination was not given ({ $date }).
vax-card-not-given-reason = Reason: { $reason }

## eHealth dictionaries

vax-vaccine-bcg = BCG (tuberculosis)
vax-vaccine-hepb = Hepatitis B
vax-vaccine-hepa = Hepatitis A
vax-vaccine-hepahepb = Hepatitis A and B
vax-vaccine-dtp = DTP (whooping cough, diphtheria, tetanus)
vax-vaccine-dtap = DTaP (whooping cough, diphtheria, tetanus)
vax-vaccine-dtwp = DTP (whooping cough, diphtheria, tetanus)
vax-vaccine-dt = DT (diphtheria, tetanus)
vax-vaccine-td = Td (diphtheria, tetanus)
vax-vaccine-ipv = Polio (IPV, injection)
vax-vaccine-opv = Polio (OPV, drops)
vax-vaccine-hib = Hib disease
vax-vaccine-mmr = MMR (measles, mumps, rubella)
vax-vaccine-dtap-ipv = DTaP and polio
vax-vaccine-dtap-ipv-hib = DTaP, polio and Hib
vax-vaccine-dtap-ipv-hib-hepb = DTaP, polio, Hib and hepatitis B
vax-vaccine-hpv = Human papillomavirus (HPV)
vax-vaccine-influenza = Flu
vax-vaccine-covid-19 = COVID-19
vax-vaccine-rabies = Rabies

vax-disease-56717001 = tuberculosis
vax-disease-66071002 = hepatitis B
vax-disease-40468003 = hepatitis A
vax-disease-397430003 = diphtheria
vax-disease-76902006 = tetanus
vax-disease-27836007 = whooping cough
vax-disease-398102009 = polio
vax-disease-91428005 = Hib disease
vax-disease-14189004 = measles
vax-disease-36989005 = mumps
vax-disease-36653000 = rubella
vax-disease-240532009 = human papillomavirus
vax-disease-6142004 = flu
vax-disease-840539006 = COVID-19
vax-disease-14168008 = rabies

vax-route-im = into a muscle
vax-route-sc = under the skin
vax-route-id = into the skin
vax-route-po = by mouth (drops)
vax-route-in = into the nose
vax-route-iv = into a vein

vax-site-la = left arm
vax-site-ra = right arm
vax-site-ld = left arm (deltoid muscle)
vax-site-rd = right arm (deltoid muscle)
vax-site-lt = left thigh
vax-site-rt = right thigh
vax-site-lvl = left thigh (outer side)
vax-site-rvl = right thigh (outer side)
vax-site-lg = left buttock
vax-site-rg = right buttock
vax-site-oral = mouth

vax-reason-immunization-by-calendar = routine, by the vaccination calendar
vax-reason-immunization-by-epidemic-indications = because of an outbreak

vax-not-given-immune = already immune
vax-not-given-medprec = a medical reason against it
vax-not-given-ostock = the vaccine was out of stock
vax-not-given-patobj = the patient declined
vax-not-given-philisop = declined for personal beliefs
vax-not-given-relig = declined for religious beliefs
vax-not-given-vaceff = doubts about the vaccine working
vax-not-given-vacsaf = doubts about the vaccine's safety
vax-not-given-other = no reason given

vax-series-hepb = Hepatitis B
vax-series-bcg = BCG (tuberculosis)
vax-series-dtap = DTP (whooping cough, diphtheria, tetanus)
vax-series-polio = Polio
vax-series-hib = Hib disease
vax-series-mmr = MMR (measles, mumps, rubella)
vax-series-dt = DT (diphtheria, tetanus)
vax-series-td = Td (diphtheria, tetanus)
vax-series-hpv = Human papillomavirus (HPV)
