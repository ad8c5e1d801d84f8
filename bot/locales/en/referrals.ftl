## Referrals: open ones first, a card, showing one's number as a QR code

ref-list-title = <b>Your referrals</b> (page { $page } of { $pages })
ref-list-open = <b>Valid ({ $count })</b>
ref-list-closed = <b>Past</b>
ref-list-none-open = You have no valid referrals now.
ref-list-none = You have no referrals. Your doctor gives a referral for tests, examinations or to another doctor: as soon as they create one, it appears here.
ref-line-title = <b>{ $position }. { $service }</b>
ref-line-open-until = ✅ Valid until { $date }
ref-line-state = { $state }
ref-line-number = Referral No. { $number }
ref-service-unnamed = Referral

ref-btn-back-list = To the referrals
ref-btn-back-card = To the referral
ref-btn-show = 🔳 Show the number

## The card

ref-card-title = <b>{ $service }</b>
ref-card-category = Kind: { $category }
ref-card-priority = Urgency: { $priority }
ref-card-state = State: { $state }
ref-card-recall-reason = Reason: { $reason }
ref-card-valid = Valid from { $valid_from } to { $valid_to }
ref-card-valid-to = Valid until { $date }
ref-card-issued = Issued { $date }
ref-card-requester = Referred by: { $doctor }
ref-card-requester-clinic = Referring clinic: { $clinic }
ref-card-performer = Where to: { $performer }
ref-card-used-by = Used at: { $clinic }
ref-card-program = Programme: { $program }
ref-card-note = Doctor's note: { $note }
ref-card-instruction = How to prepare: { $instruction }
ref-card-number = Referral number: <code>{ $number }</code>
ref-card-open-hint = To use the referral, tap "Show the number" and show the QR code or tell the number at the lab or the doctor's office.

## Showing the number (protected messages)

ref-shown-caption = Referral No. <code>{ $number }</code>
    { $service }
    Show this QR code or tell the referral's number.
ref-shown-window = Show the QR code above or tell the referral's number at the lab or the doctor's office you were referred to.
ref-shown-not-open = This referral is no longer valid — it cannot be used. If you still need it, ask your doctor.

## eHealth dictionaries

ref-state-open = Valid — you can use it
ref-state-expired = Expired
ref-state-completed = Used — the service was provided
ref-state-recalled = Recalled by the doctor
ref-state-entered-in-error = Cancelled: entered in error
ref-state-other = Ask your doctor about its state

ref-category-108252007 = Lab test
ref-category-363679005 = Imaging (X-ray, ultrasound)
ref-category-409063005 = Doctor's consultation
ref-category-103693007 = Diagnostic procedure
ref-category-387713003 = Surgical procedure
ref-category-409073007 = Education
ref-category-3457005 = Referral to another clinic

ref-priority-routine = planned
ref-priority-urgent = urgent
ref-priority-asap = as soon as possible
ref-priority-stat = emergency

ref-recall-cured = no longer needed — you recovered
ref-recall-error = the referral had a mistake
ref-recall-patient-refused = you declined
ref-recall-changed-plan = the doctor changed the examination plan
ref-recall-other = the doctor recalled the referral
