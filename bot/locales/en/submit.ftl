## Submitting a declaration: rules, summary, signing, outcome

submit-not-loaded = We could not check whether you can submit a declaration with this doctor.
submit-blocked-title = <b>A declaration with { $doctor } cannot be submitted now.</b>
submit-blocker-no-access = For children under 14 a parent or another legal representative submits the declaration from their own cabinet.
submit-blocker-read-only = Your cabinet is view-only: you can submit a declaration from the age of 18 or once your full civil capacity is confirmed (for example, at an administrative services centre).
submit-blocker-speciality-age-mismatch = This doctor cannot sign a declaration with a person of your age: a pediatrician only with children under 18, a therapist only from 18. A family doctor sees everyone.
submit-blocker-doctor-not-available = The doctor is not signing new declarations now (for example, they changed jobs). Please choose another doctor.
submit-blocker-already-your-doctor = This is already your doctor — your declaration with them is in force, there is nothing to submit.
submit-blocker-no-free-places = The doctor has no free places: they already have the most declarations allowed. Please look at other doctors nearby.
submit-blocker-unknown = eHealth does not allow this declaration. Please try another doctor.

submit-summary-title = <b>Declaration with a doctor</b>
submit-summary-meaning = <b>What it means:</b> this doctor becomes your primary care doctor. You go to them first: they treat you, refer you to other doctors, write prescriptions and certificates. It is free of charge for you.
submit-warning-replace = <b>Please note:</b> your doctor now is { $current }. As soon as you sign the new declaration, the old one ends by itself — you do not need to end it separately.
submit-warning-replace-unnamed = <b>Please note:</b> you already have a declaration. As soon as you sign the new one, the old one ends by itself — you do not need to end it separately.
submit-warning-not-verified = <b>Please note:</b> your data are not yet verified in eHealth. So after you sign, the declaration will be “pending verification”: it comes into force as soon as your data are verified, or automatically after 30 days. Please check your data in “My data” — it says what you can correct yourself. You can still submit the declaration now.
submit-summary-next = Tap “Submit a declaration” — we will create a request in eHealth, and then you sign it with your e-signature.
submit-btn-submit = Submit a declaration
submit-btn-replace = Yes, change my doctor
submit-btn-other-doctors = Other doctors nearby
submit-btn-my-declarations = My declarations
submit-btn-retry = Try again

submit-signing = <b>The declaration request is created.</b>
    1. Tap “Sign” — the signing page opens.
    2. Sign the request with your e-signature.
    3. Come back here and tap “Check the status”.
    Please do not put it off: an unsigned request is cancelled by itself after a while.
submit-btn-sign = ✍️ Sign
submit-btn-check = Check the status
submit-btn-cancel-request = Cancel the request
submit-not-signed-yet = The request is not signed yet. Please tap “Sign”, and after signing — “Check the status”.
submit-cancel-question = Cancel the declaration request? No new declaration will be made. If you already have a doctor, they stay your doctor.
submit-btn-cancel-yes = Yes, cancel the request
submit-btn-cancel-no = No, go back

submit-result-active = <b>Done! The declaration is made and in force.</b>
    Your doctor now is { $doctor }. Declaration number: { $number }.
    Your previous declaration, if any, ended by itself.
submit-result-pending = <b>The declaration is signed.</b>
    The registry is checking your data — this may take up to 30 days. While it checks, the declaration is “being verified”; { $doctor } can already see you. You can follow it under “My declarations”.
submit-result-signed-status = The request is signed. The declaration is: { $status }
submit-result-signed = The request is signed. The declaration will appear under “My declarations” as soon as the registry makes it.
submit-result-rejected = The request was declined, no declaration was made. If you change your mind, please submit the declaration again.
submit-result-cancelled = The request is cancelled, no declaration was made. Your current declaration, if any, stays in force.
submit-result-cancelled-auto-new-request = This request was cancelled because you made a newer request to the same doctor. Please sign the newer one.
submit-result-expired = The time to sign ran out, so the request was cancelled. Please submit the declaration again — it takes a minute.
submit-result-unknown = The request has changed. Please look under “My declarations”.
submit-btn-again = Submit again
