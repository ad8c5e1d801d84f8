## My declarations: the current one, history, ending it, requests waiting for a signature

decl-current-title = <b>Your doctor: { $doctor }</b>
decl-detail-title = <b>Declaration with { $doctor }</b>
decl-none = You have no declaration with a doctor now. Choose a doctor — it is free and takes a few minutes.
decl-requests-waiting = Declaration requests waiting for your signature: { $count }.
decl-speciality = Speciality: { $speciality }
decl-clinic = Clinic: { $division } ({ $clinic })
decl-address = Address: { $address }
decl-phones = Phone: { $phones }
decl-hours = Opening hours: { $hours }
decl-number = Declaration number: { $number }
decl-start = In force from: { $start }
decl-end = In force until: { $end }
decl-started = Was in force from: { $start }
decl-ended = Ended: { $ended }
decl-status = Status: { $status }
decl-reason = Reason: { $reason }

decl-status-active = in force — this is your doctor.
decl-status-pending-verification = signed; the registry is checking your data — up to 30 days. After the check it comes into force by itself; the doctor can already see you.
decl-status-terminated = ended — no longer in force.
decl-status-terminated-auto-new-declaration = replaced by a new declaration — no longer in force.
decl-status-closed = closed — its term ran out.
decl-status-rejected = rejected — the registry did not confirm your data, the declaration is not in force. Check your data and submit a declaration again.
decl-status-unknown = unknown — please ask the doctor's clinic.

decl-reason-manual-person = you ended the declaration yourself.
decl-reason-manual-employee = the doctor or the clinic ended the declaration.
decl-reason-manual-nhs = the National Health Service of Ukraine ended the declaration.
decl-reason-no-tax-id = you have no tax number, so the registry checks your documents by hand.
decl-reason-offline = the declaration was signed on paper at the clinic; the registry is checking the data.
decl-reason-person-not-verified = your data in the registry is not confirmed yet, so the declaration is being checked.
decl-reason-auto-new-declaration = you made a new declaration with another doctor, so the old one ended by itself.
decl-reason-auto-expired = its term ran out (a declaration with a pediatrician lasts until 18).
decl-reason-auto-employee-deactivate = the doctor no longer works at this clinic. Please choose a new doctor.
decl-reason-auto-reorganization = the clinic was reorganised. Please choose a doctor again.
decl-reason-auto-suspend-legal-entity = the clinic's work was suspended. Please choose a doctor at another clinic.
decl-reason-unknown = the registry gave no reason.

decl-history-title = <b>All your declarations</b> (page { $page } of { $pages })
decl-history-empty = No declarations yet.
decl-line-title = <b>{ $position }. { $doctor }</b>
decl-line-where = { $speciality }, { $division }
decl-line-dates = from { $start } to { $end }
decl-line-since = from { $start }
decl-line-ended = from { $start } to { $ended }
decl-line-ended-on = ended { $ended }

decl-requests-title = <b>Requests waiting for your signature</b>
decl-requests-none = No requests are waiting for your signature.
decl-request-number = <b>Request { $position }</b>
decl-request-doctor = Doctor: { $doctor }
decl-request-created = Created: { $created }
decl-request-status-new = waiting for your signature.
decl-request-status-approved = approved, waiting for your signature.
decl-request-status-signed = signed — the declaration is made.
decl-request-status-rejected = declined — no declaration was made.
decl-request-status-cancelled = cancelled — no declaration was made.
decl-request-status-cancelled-auto-new-request = cancelled because you made a newer request to the same doctor.
decl-request-status-expired = the time to sign ran out — please submit the declaration again.
decl-request-status-unknown = unknown.

decl-terminate-question = <b>End your declaration with { $doctor }?</b>
    You will then have no primary care doctor: to get a referral or a prescription you will first have to choose a new doctor.
    If you just want to change doctors, there is no need to end it: submit a new declaration — the old one ends by itself.
# Sent to the registry, which keeps it as text: Ukrainian in every language.
decl-terminate-reason-registry = Пацієнт розірвав декларацію в кабінеті пацієнта.
decl-terminated = The declaration is ended.
decl-cancel-request-question = Cancel the declaration request with { $doctor }? No declaration will be made.
decl-request-cancelled = The request is cancelled.

decl-btn-terminate = End the declaration
decl-btn-requests = Requests to sign ({ $waiting })
decl-btn-history = All declarations
decl-btn-find-doctor = Find a doctor
decl-btn-terminate-yes = Yes, end it
decl-btn-choose-other = Choose another doctor
decl-btn-terminate-no = No, keep it
decl-btn-back-history = Back to the list
decl-btn-sign = ✍️ Sign
decl-btn-cancel-request = Cancel the request
decl-btn-cancel-request-yes = Yes, cancel the request
decl-btn-cancel-request-no = No, go back
