## Medical record extract: a PDF of the record, in Ukrainian or English, sent as a protected document

extract-window = <b>📄 Medical record extract</b>
    A PDF file with your data from eHealth: personal data, allergies, active diagnoses, medicines on valid prescriptions, vaccinations and the latest test and measurement results.

    🔒 The extract holds your medical data. Keep it private: do not show it to strangers. Telegram will not let the file be forwarded or saved outside the chat, so show it to your doctor on your phone.

    Which language should the extract be in?
extract-btn-uk = 🇺🇦 Українською
extract-btn-en = 🇬🇧 English
extract-btn-another = 📄 Make another one
extract-not-made = The extract could not be made. Please try again a little later.
extract-not-sent = Telegram did not accept the extract file. Please try again a little later.
extract-caption = Medical record extract as of { $date }
extract-file-name = medical-extract-{ $day }.pdf
extract-sent = ✅ The extract is sent above. Open the file to read it.
    Telegram will not let it be forwarded or saved outside the chat: this keeps your medical data away from strangers.

## The PDF itself (in the language chosen for the extract)

extract-pdf-title = Medical record extract
extract-pdf-issued = Date of issue: { $date }
extract-pdf-source = Compiled from the data of Ukraine’s electronic health system (eHealth) in the “Patient cabinet in Telegram”.
extract-pdf-private = Contains medical data: keep it safe and do not pass it on to strangers.
extract-pdf-page = page { $page } of { $pages }
extract-pdf-personal = Personal data
extract-pdf-name = Full name
extract-pdf-birth-date = Date of birth
extract-pdf-sex = Sex
extract-pdf-tax-id = Taxpayer number (RNOKPP)
extract-pdf-no-tax-id = none (declined a number)
extract-pdf-not-given = not given
extract-pdf-allergies = Allergies and intolerances
extract-pdf-allergies-none = No allergies recorded.
extract-pdf-col-allergy = Allergy
extract-pdf-col-code = Code
extract-pdf-col-category = To what
extract-pdf-col-criticality = Risk of a severe reaction
extract-pdf-category-food = food
extract-pdf-category-medication = medicines
extract-pdf-category-environment = environment (pollen, dust, animals)
extract-pdf-category-biologic = biological substances
extract-pdf-criticality-high = high
extract-pdf-criticality-low = low
extract-pdf-criticality-unable-to-assess = not assessed
extract-pdf-diagnoses = Active diagnoses
extract-pdf-diagnoses-none = No active diagnoses recorded.
extract-pdf-col-diagnosis = Diagnosis
extract-pdf-system-icd10 = ICD-10-AM
extract-pdf-system-icpc2 = ICPC-2
extract-pdf-medicines = Medicines on valid prescriptions
extract-pdf-medicines-none = No valid prescriptions.
extract-pdf-col-medicine = Medicine
extract-pdf-col-form = Form and strength
extract-pdf-col-valid-until = Prescription valid until
extract-pdf-vaccinations = Vaccinations
extract-pdf-vaccinations-none = No vaccinations recorded.
extract-pdf-col-vaccine = Vaccine
extract-pdf-col-dose = Dose
extract-pdf-col-date = Date
extract-pdf-dose = { $number } of { $of }
extract-pdf-results = Latest test and measurement results
extract-pdf-results-none = No results recorded.
extract-pdf-col-measure = Measure
extract-pdf-col-value = Value
extract-pdf-col-range = Normal range
extract-pdf-col-mark = Assessment
extract-pdf-number = { NUMBER($value, maximumFractionDigits: 3) }
extract-pdf-range = { NUMBER($low, maximumFractionDigits: 3) }–{ NUMBER($high, maximumFractionDigits: 3) }
extract-pdf-range-up-to = up to { NUMBER($high, maximumFractionDigits: 3) }
extract-pdf-range-from = from { NUMBER($low, maximumFractionDigits: 3) }
extract-pdf-mark-low = below normal
extract-pdf-mark-normal = normal
extract-pdf-mark-high = above normal
extract-pdf-yes = yes
extract-pdf-no = no
