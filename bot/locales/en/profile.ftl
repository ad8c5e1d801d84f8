## My data

profile-title = <b>My data in eHealth</b>
profile-name = Name: { $name }
profile-birth-date = Date of birth: { $birth_date }
profile-gender = Sex: { $gender }
profile-tax-id = Tax number (RNOKPP): { $tax_id }
profile-no-tax-id = declined to have a tax number
profile-email = Email: { $email }
profile-phones = Phones: { $phones }
profile-phone-line = { $kind } { $number }
profile-address-residence = Home address: { $address }
profile-address-registration = Registered address: { $address }
profile-address-other = Address: { $address }
profile-document = Document: { $kind }, { $number }
profile-document-until = Document: { $kind }, { $number }, valid until { $valid_until }
profile-emergency = Emergency contact: { $name }, { $phones }
profile-communication = Preferred way of contact: { $way }
profile-secret-set = Code word: set
profile-secret-not-set = Code word: not set
profile-read-only =
    You can view your data but not change it: under 18, data can be changed only once your full civil capacity is confirmed. Until then, a parent or another legal representative can make changes.
profile-not-verified =
    ⚠️ <b>Your data are not yet verified in eHealth.</b>
    The registry has not yet checked them against the state registers. So a new declaration with a doctor will be “pending verification” after you sign it: it comes into force as soon as your data are verified, or automatically after 30 days.
    Please check that your name, date of birth, tax number (RNOKPP) and document in the card above are correct.
profile-not-verified-edit = If your document has changed or has a mistake, update it here: “Change my data” → “Document”.
profile-not-verified-visit = Your name, date of birth and tax number cannot be changed in the cabinet. If one of them is wrong, bring your passport or ID card to a primary care facility (for example, to your doctor) — they can help correct them.

phone-type-mobile = Mobile
phone-type-land-line = Landline
phone-type-other = Phone
address-type-residence = Where I live
address-type-registration = Where I am registered
communication-email = Email
communication-phone = Phone
document-type-passport = Passport (booklet)
document-type-national-id = ID card
document-type-birth-certificate = Birth certificate
document-type-temporary-certificate = Temporary residence permit
document-type-permanent-residence-permit = Permanent residence permit
document-type-refugee-certificate = Refugee certificate
document-type-complementary-protection-certificate = Complementary protection certificate
document-type-birth-certificate-foreign = Foreign birth certificate
document-type-temporary-passport = Temporary certificate of a citizen of Ukraine
document-type-other = Document

profile-edit = Change my data
profile-edit-question = What would you like to change? We will ask a few simple questions, and at the end you will sign the changes with your electronic signature.
profile-field-email = Email
profile-field-phone = Phone number
profile-field-address = Address
profile-field-document = Document
profile-field-emergency = Emergency contact
profile-field-secret = Code word
profile-field-communication = Way of contact
profile-back-to-card = Back to my data
profile-back-to-edit = Back

profile-ask-email = Please type your email address. For example: name@ukr.net
profile-ask-phone-type = Which number would you like to change?
profile-ask-phone = Please type the phone number. For example: 067 123 45 67
profile-ask-address-type = Which address would you like to change?
profile-ask-settlement = Type the name of your city, town or village — the first letters are enough. For example: Вінниця
profile-pick-settlement = Choose the place from the list:
profile-settlement-again = Search for another name
profile-settlement-not-found = We could not find such a place. Check the name or type only the first letters.
profile-ask-street = Type the street, for example: вул. Соборна. If there is no street (in a village), press "No street".
profile-no-street = No street
profile-ask-building = Type the building number, for example: 15, 15А or 15/2
profile-ask-apartment = Type the apartment number. If it is a house, press "No apartment".
profile-no-apartment = No apartment
profile-ask-document-type = Which document would you like to give?
profile-ask-document-number = Type the document number as it is printed. For example: КА123456, or 123456789 for an ID card.
profile-ask-document-expiration = Until what date is the ID card valid? Type it like this: 31.12.2030
profile-ask-emergency-last-name = Who should be told in an emergency? Please type this person's surname.
profile-ask-emergency-first-name = Now type their first name.
profile-ask-emergency-phone = And this person's phone number. For example: 067 123 45 67
profile-ask-secret = Type a new code word: 6 to 20 letters or digits, no spaces. We will remove your message from the chat right away.
profile-ask-communication = How would you prefer to be contacted?

profile-confirm = <b>Please check the changes:</b>
profile-confirm-empty = You have not changed anything yet.
profile-submit = Go to signing
profile-change-more = Change something else
profile-discard = Discard the changes
profile-discarded = The changes are discarded. Your eHealth data stays as it was.
change-email = Email: { $email }
change-phone = { $kind } phone: { $number }
change-address-residence = Home address: { $address }
change-address-registration = Registered address: { $address }
change-document = Document: { $kind }, { $number }
change-document-until = Document: { $kind }, { $number }, valid until { $valid_until }
change-emergency = Emergency contact: { $name }, { $phone }
change-secret = Code word: will be changed
change-communication = Way of contact: { $way }

profile-summary =
    <b>{ $title }</b>
    { $lead }
    { $items }
profile-summary-item = • { $label }: { $value }
profile-signing-hint = Press "Sign", sign the changes with your electronic signature on the page that opens, then come back here and press "I have signed".
profile-sign = Sign
profile-signed = I have signed
profile-not-signed-yet = We do not see your signature in eHealth yet. Please sign the changes on the page behind the "Sign" button — or check again in a minute.
profile-saved = Done! The changes are saved in eHealth.
