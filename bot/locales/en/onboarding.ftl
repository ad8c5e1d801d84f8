## First steps: consent, phone, sign-in

welcome =
    Welcome! This is the patient cabinet of Ukraine's electronic health system (eHealth) in Telegram.

    Here you can view and update your data, see your declaration with a doctor, find a doctor and sign a declaration, and manage who may access your data.

    To start, we need your consent to process your personal data. We use it only to run the cabinet.
onboarding-consent-agree = I agree
onboarding-consent-read = Read the consent
consent-text =
    <b>Consent to personal data processing</b> (version { $version })

    I agree that this patient cabinet processes my personal data: name, date of birth, contacts, documents, addresses and my declaration with a doctor.

    The purpose is to show me my eHealth data, help me change it, find a doctor and sign a declaration.

    The data goes only to the central eHealth database and is stored securely. It is never sold or shared with advertisers.

    I can withdraw my consent at any time: "Settings" → "Delete my data from the bot". The records in eHealth itself stay.
onboarding-phone =
    Thank you! Now please share your phone number: press the "Share my number" button below the input field.

    We need the number to connect your Telegram with the cabinet.
onboarding-phone-button = Share my number
onboarding-phone-foreign = This is someone else's contact. Please share your own number with the "Share my number" button below.
onboarding-phone-hint = No need to type the number: just press the "Share my number" button below the input field.
onboarding-phone-not-ukrainian = The eHealth cabinet works only with Ukrainian phone numbers. If you have a Ukrainian number, open the bot from the Telegram account linked to it. Help: NHSU contact centre 16-77.
onboarding-phone-saved = Thank you, the number is saved.
onboarding-sign-in =
    One last step: sign in with your electronic signature. This is how eHealth makes sure it is really you.

    Any qualified electronic signature works:
    • a key file (КЕП) from your bank or a certification centre;
    • Diia.Signature in the Diia app;
    • a cloud signature (for example, from your bank).

    Press "Sign in with e-signature", sign on the eHealth page and come back here.
onboarding-sign-in-button = Sign in with e-signature
onboarding-sign-in-done = I have signed in
onboarding-not-yet =
    The sign-in is not finished yet. Please open "Sign in with e-signature", sign on the eHealth page, then press "I have signed in".

    If you are under 14, you cannot sign in yourself: a parent or another legal representative uses the child's cabinet.
onboarding-greeting = Welcome, { $first_name }! You are signed in to the patient cabinet.
onboarding-read-only =
    You are under 18, so the cabinet is view-only for now. You will be able to sign a declaration and change your data at 18, or once your full civil capacity is confirmed.
