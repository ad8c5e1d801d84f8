## Accesses: systems that may work with the patient's data

access-title = <b>Systems with access to your data</b>
    You gave them access when you signed in through them with your e-signature. If you no longer use one, revoke its access.
access-title-paged = <b>Systems with access to your data</b> (page { $page } of { $pages })
access-none = No system has access to your data now.
access-item = <b>{ $position }. { $name }</b>
access-item-ours = <b>{ $position }. { $name }</b> (this bot)
access-since = Access given: { $since }
access-may = What it may do:
access-scope-sign-in = sign in to the cabinet on your behalf
access-scope-read = see your personal data, declarations and declaration requests
access-scope-prescriptions = see your e-prescriptions and what pharmacies dispensed on them
access-scope-medical-record = see your medical record — diagnoses, test results, vaccinations, allergies, visits and referrals
access-scope-change-data = change your personal data — only with your signature
access-scope-declarations = submit, decline and end declarations — only at your request
access-scope-accesses = revoke accesses at your request
access-scope-other = other actions the registry did not explain
access-btn-revoke = Revoke access: { $name }

access-revoke-question = <b>Revoke the access of “{ $name }”?</b>
    This system will no longer be able to see or change your data. Your declarations and data in eHealth stay as they are. You can give access again by signing in to that system with your e-signature.
access-revoke-ours-warning = <b>Please note:</b> this is this bot's own access. After revoking it you will be signed out of the Telegram cabinet, and to use it again you will have to sign in with your e-signature.
access-btn-revoke-yes = Yes, revoke the access
access-btn-revoke-no = No, keep it
access-revoked = The access of “{ $name }” is revoked.
notice-access-ours-revoked = This bot's access is revoked and you are signed out. To use the cabinet again, please sign in with your e-signature.
