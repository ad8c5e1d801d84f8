## My prescriptions: e-prescriptions, their dispenses, showing one at a pharmacy

menu-prescriptions = 💊 My prescriptions

rx-active-title = <b>Your active prescriptions</b> (page { $page } of { $pages })
rx-past-title = <b>Past prescriptions</b> (page { $page } of { $pages })
rx-active-none = You have no active prescriptions. Your doctor writes a prescription: as soon as they create one, it appears here and its number comes to you by SMS. Earlier prescriptions are under “Past prescriptions”.
rx-past-none = No past prescriptions: dispensed, expired and withdrawn prescriptions will be listed here.
rx-line-title = <b>{ $position }. { $medicine }</b>
rx-line-form = { $form }
rx-line-valid = Valid until { $valid_to }
rx-line-valid-soon = ⚠️ Valid until { $valid_to } — { $days ->
        [0] today is the last day
        [one] { $days } day left
       *[other] { $days } days left
    }
rx-line-program = Programme: { $program }
rx-line-number = Prescription No. { $number }
rx-line-status = { $status }

rx-btn-past = 🗂 Past prescriptions
rx-btn-active = 💊 Active prescriptions
notice-permission-needed = Sign in again with your e-signature and allow the cabinet to see your e-prescriptions. Everything else stays as it was.
rx-btn-back-list = Back to prescriptions
rx-btn-back-card = Back to the prescription
rx-btn-pharmacy = 🏪 Show at the pharmacy
rx-btn-code = 🔑 Show the confirmation code

## The card

rx-card-title = <b>{ $medicine }</b>
rx-card-form = Form: { $form }
rx-card-quantity = Prescribed: { $quantity }
rx-card-how = <b>How to take it:</b>
rx-card-dosage-text = { $text }
rx-card-dosage-words = { $phrase }
rx-card-patient-note = Advice for you: { $text }
rx-card-valid = Valid from { $valid_from } to { $valid_to }
rx-card-program = Programme: { $program }
rx-card-doctor = Doctor: { $doctor }
rx-card-clinic = Clinic: { $division } ({ $clinic })
rx-card-number = Prescription number: { $number }
rx-card-status = Status: { $status }
rx-card-rejected-on = Withdrawn on { $date }.
rx-card-reject-reason = Reason: { $reason }
rx-card-partly = You have already received part of this prescription; you can get the rest until { $valid_to }.
rx-card-dispenses = <b>Dispensed at a pharmacy:</b>
rx-card-no-dispenses = Nothing has been dispensed on this prescription yet.
rx-card-dispense = { $date } — { $pharmacy }
rx-card-dispense-place = { $place }
rx-card-dispense-line = • { $medicine }{ $manufacturer }: { $quantity }
rx-card-dispense-manufacturer = , { $manufacturer }
rx-card-dispense-paid = You paid: { $paid }, the state reimbursed: { $reimbursed }
rx-card-dispense-free = Free for you; the state reimbursed: { $reimbursed }
rx-card-dispense-reimbursed = The state reimbursed: { $reimbursed }
rx-card-active-hint = To get the medicine, tap “Show at the pharmacy” and show the pharmacist the QR code or the prescription number.

rx-status-active = Active
rx-status-completed = Dispensed — the medicine has been received
rx-status-expired = Expired — its validity has ended
rx-status-rejected = Withdrawn — the prescription was cancelled
rx-status-unknown = Please ask your doctor about its status

rx-money = UAH { NUMBER($amount, minimumFractionDigits: 2, maximumFractionDigits: 2) }

rx-program-affordable-medicines = Medicines under the “Affordable Medicines” programme are free or need a small co-payment at a pharmacy that has a contract with the NHSU (look for the “Доступні ліки” sticker).
rx-program-insulin = Insulin under the state programme is free or needs a small co-payment at a pharmacy that has a contract with the NHSU.
rx-program-nhsu = The NHSU pays for this medicine: it is free or needs a small co-payment at a pharmacy that has a contract with the NHSU.

## Showing it at a pharmacy (protected messages)

rx-pharmacy-caption = Prescription No. <code>{ $number }</code>
    { $medicine }
    Show the pharmacist this QR code or tell them the prescription number.
rx-pharmacy-window = Show the pharmacist the QR code above or read out the prescription number. Only the pharmacist needs the confirmation code, when they hand over the medicine.
rx-pharmacy-not-active = This prescription is no longer active — no medicine can be dispensed on it.
rx-code-warning = ⚠️ Tell the confirmation code only to the pharmacist when you collect the medicine.
rx-code = Confirmation code: <code>{ $code }</code>

## How to take it, in words

rx-frequency-per = { $times ->
        [one] once
        [2] twice
       *[other] { $times } times
    } a { $unit ->
        [min] minute
        [h] hour
        [d] day
        [wk] week
        [mo] month
       *[a] year
    }
rx-frequency-every = every { $period } { $unit ->
        [min] { $period ->
                [one] minute
               *[other] minutes
            }
        [h] { $period ->
                [one] hour
               *[other] hours
            }
        [d] { $period ->
                [one] day
               *[other] days
            }
        [wk] { $period ->
                [one] week
               *[other] weeks
            }
        [mo] { $period ->
                [one] month
               *[other] months
            }
       *[a] { $period ->
                [one] year
               *[other] years
            }
    }
rx-frequency-times-every = { $times ->
        [one] once
        [2] twice
       *[other] { $times } times
    } { rx-frequency-every }
rx-as-needed = as needed
rx-dose = a single dose of { $dose }
rx-duration = for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }

## Amounts: the number with its unit (MEDICATION_UNIT)

rx-amount-other = { $count }
rx-amount-mg = { $count } mg
rx-amount-mkg = { $count } mcg
rx-amount-g = { $count } g
rx-amount-ml = { $count } ml
rx-amount-l = { $count } l
rx-amount-iu = { $count } IU
rx-amount-mmol = { $count } mmol
rx-amount-percent = { $count }%
rx-amount-pill = { $count } { $count ->
        [one] tablet
       *[other] tablets
    }
rx-amount-capsule = { $count } { $count ->
        [one] capsule
       *[other] capsules
    }
rx-amount-dose = { $count } { $count ->
        [one] dose
       *[other] doses
    }
rx-amount-ampoule = { $count } { $count ->
        [one] ampoule
       *[other] ampoules
    }
rx-amount-vial = { $count } { $count ->
        [one] vial
       *[other] vials
    }
rx-amount-bottle = { $count } { $count ->
        [one] bottle
       *[other] bottles
    }
rx-amount-sachet = { $count } { $count ->
        [one] sachet
       *[other] sachets
    }
rx-amount-suppository = { $count } { $count ->
        [one] suppository
       *[other] suppositories
    }
rx-amount-patch = { $count } { $count ->
        [one] patch
       *[other] patches
    }
rx-amount-drop = { $count } { $count ->
        [one] drop
       *[other] drops
    }
rx-amount-package = { $count } { $count ->
        [one] pack
       *[other] packs
    }
rx-amount-container = { $count } { $count ->
        [one] container
       *[other] containers
    }
rx-amount-pen = { $count } { $count ->
        [one] pen
       *[other] pens
    }
rx-amount-cartridge = { $count } { $count ->
        [one] cartridge
       *[other] cartridges
    }
rx-amount-inhaler = { $count } { $count ->
        [one] inhaler
       *[other] inhalers
    }

## eHealth dictionaries

rx-form-pill = tablets
rx-form-tablet = tablets
rx-form-film-coated-tablet = film-coated tablets
rx-form-coated-tablet = coated tablets
rx-form-prolonged-release-tablet = prolonged-release tablets
rx-form-modified-release-tablet = modified-release tablets
rx-form-dispersible-tablet = dispersible tablets
rx-form-chewable-tablet = chewable tablets
rx-form-sublingual-tablet = sublingual tablets
rx-form-capsule = capsules
rx-form-hard-capsule = hard capsules
rx-form-soft-capsule = soft capsules
rx-form-solution-for-injection = solution for injection
rx-form-suspension-for-injection = suspension for injection
rx-form-aerosol-for-inhalation = inhalation aerosol
rx-form-inhalation-aerosol = inhalation aerosol
rx-form-aerosol-for-inhalation-dosed = metered-dose inhalation aerosol
rx-form-pressurised-inhalation-suspension = pressurised inhalation suspension
rx-form-inhalation-powder = inhalation powder
rx-form-inhalation-solution = inhalation solution
rx-form-nebuliser-suspension = nebuliser suspension
rx-form-oral-solution = oral solution
rx-form-oral-suspension = oral suspension
rx-form-syrup = syrup
rx-form-oral-drops = oral drops
rx-form-eye-drops = eye drops
rx-form-nasal-spray = nasal spray
rx-form-granules = granules
rx-form-powder-for-oral-solution = powder for oral solution
rx-form-suppository = suppositories
rx-form-cream = cream
rx-form-ointment = ointment
rx-form-gel = gel
rx-form-transdermal-patch = transdermal patch

rx-per-ml = ml
rx-per-l = l
rx-per-g = g
rx-per-mg = mg
rx-per-dose = dose
rx-per-drop = drop
rx-per-pill = tablet
rx-per-capsule = capsule
rx-per-ampoule = ampoule
rx-per-vial = vial
rx-per-sachet = sachet
rx-per-patch = patch
rx-per-suppository = suppository

rx-reject-patient-reject = you declined this medicine
rx-reject-doctor-error = the doctor corrected a mistake in the prescription
rx-reject-incorrect-data = the prescription had inaccurate data
rx-reject-incompatible-drugs = this medicine does not go with your other medicines
rx-reject-medical-reasons = for medical reasons
rx-reject-duplicate = the same prescription has already been written
rx-reject-patient-died = according to the registry
rx-reject-other = the doctor withdrew the prescription

rx-when-morn = in the morning
rx-when-morn-early = early in the morning
rx-when-morn-late = late in the morning
rx-when-noon = at noon
rx-when-aft = in the afternoon
rx-when-eve = in the evening
rx-when-night = at night
rx-when-wake = after waking up
rx-when-hs = before bed
rx-when-phs = after sleep
rx-when-c = with meals
rx-when-cm = with breakfast
rx-when-cd = with lunch
rx-when-cv = with dinner
rx-when-ac = before meals
rx-when-acm = before breakfast
rx-when-acd = before lunch
rx-when-acv = before dinner
rx-when-pc = after meals
rx-when-pcm = after breakfast
rx-when-pcd = after lunch
rx-when-pcv = after dinner

rx-route-26643006 = by mouth
rx-route-34206005 = under the skin
rx-route-447694001 = inhaled
rx-route-78421000 = into a muscle
rx-route-47625008 = into a vein
rx-route-37839007 = under the tongue
rx-route-6064005 = on the skin
rx-route-37161004 = rectally
rx-route-46713006 = into the nose
rx-route-54485002 = into the eyes
