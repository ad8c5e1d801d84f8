## Notifications: what changed in eHealth, sent by the notifier without the patient asking

ntf-with-doctor = with { $doctor }
ntf-with-some-doctor = with the doctor you chose
ntf-reason = Reason: { $reason }

ntf-declaration-active = Your declaration { $with_doctor } is now in force. The registry has checked your data — this is your doctor.
ntf-declaration-pending-verification = Your declaration { $with_doctor } is being checked: the registry is checking your data, which takes up to 30 days. The doctor can already see you.
ntf-declaration-rejected = Your declaration { $with_doctor } was rejected: the registry did not confirm your data. Please check your data and submit a declaration again.
ntf-declaration-terminated = Your declaration { $with_doctor } is no longer in force.
ntf-declaration-closed = Your declaration { $with_doctor } was closed and is no longer in force.
ntf-declaration-other = The status of your declaration { $with_doctor } has changed. See "My declarations" for details.
ntf-choose-doctor = To have a doctor of your own, please choose a new one — it is free and takes a few minutes.

ntf-request-signed = Your declaration request { $with_doctor } was signed — the declaration is made.
ntf-request-expired = The time to sign your declaration request { $with_doctor } has run out, so no declaration was made. If you still want this doctor, please submit the request again.
ntf-request-rejected = Your declaration request { $with_doctor } was rejected — no declaration was made.
ntf-request-cancelled = Your declaration request { $with_doctor } was cancelled — no declaration was made.
ntf-request-other = The status of your declaration request { $with_doctor } has changed. See "My declarations" for details.

ntf-signed = Done: you have signed a declaration { $with_doctor }. You can see its status in "My declarations".
ntf-person-updated = Your data in eHealth has been updated.

ntf-access-granted =
    Attention: the system "{ $client }" got access to your data in eHealth.

    If you have just signed in there yourself, all is well. If not, revoke the access and call the NHSU contact centre: 16-77.
ntf-relinked =
    Attention: someone has just signed in to the patient cabinet with your e-signature from another Telegram account, so you are signed out here.

    If it was not you, block your e-signature key with its issuer and call the NHSU contact centre: 16-77.
ntf-session-expired = Your eHealth session has ended, so we cannot see changes to your declarations. Please sign in again with your e-signature.

ntf-reminder-request-expiring = A reminder: your declaration request { $with_doctor } is waiting for your signature until { $expires }. If it is not signed, no declaration will be made.
ntf-reminder-pediatric-ending = Your declaration with the pediatrician { $doctor } lasts until { $end } — the day before your 18th birthday. To keep having a doctor, please choose a therapist or a family doctor and submit a new declaration.

ntf-rx-issued = Your doctor has written you an e-prescription: <b>{ $medicine }</b>. You can get the medicine at a pharmacy until { $valid_to } inclusive.
ntf-rx-dispensed-fully = The medicine on your prescription <b>{ $medicine }</b> has been dispensed in full — the prescription is fulfilled.
ntf-rx-dispensed-partly = Part of the medicine on your prescription <b>{ $medicine }</b> has been dispensed at a pharmacy. You can get the rest until { $valid_to } inclusive.
ntf-rx-rejected = Your prescription <b>{ $medicine }</b> has been cancelled: no pharmacy will dispense it any more.
ntf-rx-reject-patient-reject = you declined this prescription
ntf-rx-rejected-ask = If this is unexpected, please ask the doctor who wrote the prescription.
ntf-rx-expiring = A reminder: your prescription <b>{ $medicine }</b> is valid until { $valid_to } inclusive. Please get the medicine at a pharmacy by then — after that the prescription is no longer valid.

ntf-lab-result = A new lab result has come in: <b>{ $measure }</b> — { $value }.
ntf-lab-result-high = A new lab result has come in: <b>{ $measure }</b> — { $value } ⬆️ above normal.
ntf-lab-result-low = A new lab result has come in: <b>{ $measure }</b> — { $value } ⬇️ below normal.
ntf-lab-result-normal = A new lab result has come in: <b>{ $measure }</b> — { $value }, within the normal range.
ntf-lab-result-no-value = A new lab result has come in: <b>{ $measure }</b>.
ntf-lab-result-unnamed = A new lab result has come in.
ntf-lab-value = { NUMBER($number, maximumFractionDigits: 3) } { $unit }
ntf-lab-number = { NUMBER($number, maximumFractionDigits: 3) }
ntf-referral = Your doctor has written you a referral: <b>{ $service }</b>.
ntf-referral-unnamed = Your doctor has written you a new referral.
ntf-referral-valid-to = Valid until { $valid_to }.

ntf-btn-declarations = My declarations
ntf-btn-sign = Sign
ntf-btn-find-doctor = Find a doctor
ntf-btn-accesses = View accesses
ntf-btn-profile = My data
ntf-btn-sign-in = Sign in again
ntf-btn-prescriptions = My prescriptions
ntf-btn-lab-results = My lab results
ntf-btn-referrals = My referrals
ntf-btn-menu = Open the menu
