## Lab results: results of tests and measurements, one result's card, a measure's chart

lab-list-title = 🧪 <b>Your test results and measurements</b> (page { $page } of { $pages })
lab-list-none = Your medical record has no test results or measurements yet. As soon as a doctor or a laboratory enters them in eHealth, they will appear here.
lab-list-hint = Tap a result to see its normal range and details.
lab-line = { $position }. { $measure }: <b>{ $value }</b>, { $date }
lab-line-marked = { $position }. { $measure }: <b>{ $value }</b> { $mark }, { $date }

lab-btn-back-list = Back to test results
lab-btn-back-card = Back to the result
lab-btn-chart = 📈 Chart

lab-mark-high = ⬆️ above normal
lab-mark-low = ⬇️ below normal
lab-mark-normal = ✅ within normal

lab-number = { NUMBER($value, maximumFractionDigits: 3) }
lab-with-unit = { $amount } { $unit }
lab-compared = { $comparator } { $amount }
lab-pressure = { $systolic }/{ $diastolic }
lab-value-yes = yes
lab-value-no = no
lab-value-none = no value given
lab-measure-unnamed = Unnamed measure
lab-range-between = { $low }–{ $high }
lab-range-up-to = up to { $high }
lab-range-from = from { $low }

lab-unit-percent = %
lab-unit-mmol-l = mmol/L
lab-unit-umol-l = µmol/L
lab-unit-g-l = g/L
lab-unit-g-dl = g/dL
lab-unit-mg-dl = mg/dL
lab-unit-mm-hg = mmHg
lab-unit-kg = kg
lab-unit-cm = cm
lab-unit-per-min = bpm
lab-unit-celsius = °C
lab-unit-e9-l = ×10⁹/L
lab-unit-e12-l = ×10¹²/L
lab-unit-u-l = U/L
lab-unit-kg-m2 = kg/m²

lab-card-title = 🧪 <b>{ $measure }</b>
lab-card-code = Measure code (LOINC): <code>{ $code }</code>
lab-card-value = Result: <b>{ $value }</b>
lab-card-pressure = Blood pressure at this measurement: <b>{ $reading }</b>
lab-card-range = Normal range: { $range }
lab-card-no-range = No normal range is given for this measure.
lab-card-mark = Assessment: { $mark }
lab-card-interpretation = Laboratory’s interpretation: { $interpretation }
lab-card-taken = Taken: { $taken }
lab-card-issued = Result ready: { $issued }
lab-card-performer = Entered by: { $performer }
lab-card-category = Kind: { $category }
lab-card-comment = Comment: { $comment }
lab-card-chart-hint = To see how this measure has changed, tap “📈 Chart”.

lab-category-laboratory = laboratory test
lab-category-vital-signs = vital sign
lab-category-exam = examination
lab-category-imaging = imaging study
lab-category-procedure = medical procedure
lab-category-survey = questionnaire
lab-category-social-history = lifestyle
lab-category-therapy = treatment
lab-category-activity = physical activity

lab-interpretation-n = within normal limits
lab-interpretation-l = low
lab-interpretation-h = high
lab-interpretation-ll = critically low
lab-interpretation-hh = critically high
lab-interpretation-lu = significantly low
lab-interpretation-hu = significantly high
lab-interpretation-a = abnormal
lab-interpretation-aa = critically abnormal
lab-interpretation-pos = positive
lab-interpretation-neg = negative
lab-interpretation-ind = indeterminate
lab-interpretation-det = detected
lab-interpretation-nd = not detected
lab-interpretation-u = significantly up since the last one
lab-interpretation-d = significantly down since the last one
lab-interpretation-b = better than before
lab-interpretation-w = worse than before

lab-chart-caption = 📈 <b>{ $measure }</b>
lab-chart-period = { $since } — { $until }, { $count ->
    [one] { $count } result
   *[other] { $count } results
}
lab-chart-latest = Latest result: <b>{ $value }</b>, { $date }
lab-chart-latest-marked = Latest result: <b>{ $value }</b> { $mark }, { $date }
lab-chart-window = The chart is in the message above. The green band is the normal range, red dots are results outside it.
lab-chart-axis-date = Date
lab-chart-axis-value = Value
lab-chart-normal = Normal range
lab-chart-outside = Outside normal
lab-chart-too-few = A chart needs at least two results of this measure.
lab-chart-not-sent = Sorry, Telegram did not accept the chart. Please try again a little later.
