## Doctor search: filters, results, the doctor card

search-filters-title = <b>How would you like to find a doctor?</b>
    Choose one way. A speciality can be combined with any other.
search-chosen-speciality = Speciality: <b>{ $speciality }</b>
search-chosen-settlement = Place: <b>{ $settlement }</b>
search-chosen-name = Surname: <b>{ $name }</b>
search-chosen-near = Near the location you sent
search-btn-by-speciality = 🩺 By speciality
search-btn-by-settlement = 🏙 By city, town or village
search-btn-by-name = 🔤 By the doctor's surname
search-btn-near = 📍 Near me
search-btn-show = Show doctors
search-btn-reset = Start the search over
search-btn-inline = Search in the message field

search-speciality-question = Which kind of doctor are you looking for?
search-btn-any-speciality = Any speciality
search-spec-family-doctor = family doctor
search-spec-therapist = therapist
search-spec-pediatrician = pediatrician
search-spec-unknown = doctor
search-spec-why-not-pediatrician = Pediatricians are not listed: they sign declarations with children under 18 only. A family doctor or a therapist is right for you.
search-spec-why-not-therapist = Therapists are not listed: they sign declarations with people aged 18 and over only. A family doctor or a pediatrician is right for you.
search-spec-ages = A family doctor sees people of any age, a therapist people aged 18 and over, a pediatrician children under 18.

search-where-question = Speciality: <b>{ $speciality }</b>.
    Where should we look? Please type the name of the city, town or village — the beginning is enough, e.g. “Bila Ts”. Or choose below.
search-btn-everywhere = 🇺🇦 All of Ukraine

search-settlement-question = Please type the name of the city, town or village. The beginning is enough, e.g. “Bila Ts”.
search-settlement-invalid = A place name has { $min_len } to { $max_len } letters; spaces, hyphens, apostrophes and dots are fine. Please type it again.
search-settlement-pick = Please choose the place:
search-settlement-option = { $name } — doctors: { $doctors }
search-settlement-option-area = { $name } ({ $area }) — doctors: { $doctors }
search-settlement-none = We found no place “{ $typed }” among those with doctors. Please check the name or type just its beginning.
search-btn-type-again = Type another name

search-name-question = Please type the doctor's surname (the first name may follow). One wrong letter is fine.
search-name-invalid = A surname may contain only letters, an apostrophe, a hyphen and spaces — up to 50 characters. Please type it again.

search-location-question = Tap “Send my location” below and we will show the nearest doctors. Your location is used for this search only: we do not keep it in your cabinet.
search-btn-send-location = 📍 Send my location
search-location-received = Thank you! Here are the doctors near you.
search-location-left = All right, please choose another way to search.
search-location-hint = To find doctors near you, please tap the “Send my location” button at the bottom of the screen.
search-location-outside = This place seems to be outside Ukraine. Doctors can only be chosen in Ukraine — please search by place instead.

search-nothing-speciality = We found no doctors of this speciality for your choice. Try another speciality or another place.
search-nothing-settlement = We found no doctors in this place for your choice. Try a neighbouring place or another way to search.
search-nothing-name = We found no doctor with this surname. Please check the spelling or type the surname only.
search-nothing-near = We found no doctors near you (within 200 km). Try searching by place.
search-nothing-filters = We found no doctors for this choice. Please change the search.

search-typed-nothing = We found neither a place with doctors nor a doctor named “{ $typed }”. Please check the spelling or choose a button under the message.
search-typed-invalid = Please type a place name, a doctor’s surname or a speciality — or choose a button under the message.

search-results-total = Doctors found: { $count }. Showing { $first }–{ $last }:
search-results-some = Showing doctors { $first }–{ $last }:
search-results-radius = Within { NUMBER($km, maximumFractionDigits: 0) } km of you, nearest first.
search-hit-title = <b>{ $position }. { $name }</b>
search-hit-where = { $speciality }, { $division }
search-hit-address = { $address }
search-hit-address-distance = { $address } — { NUMBER($km, maximumFractionDigits: 1) } km
search-btn-prev = ◀️ Previous
search-btn-next = Next ▶️
search-btn-change = Change the search

search-card-name = <b>{ $name }</b>
search-card-speciality = Speciality: { $speciality }
search-card-clinic = Clinic: { $division } ({ $clinic })
search-card-address = Address: { $address }
search-card-phones = Phone: { $phones }
search-card-hours = Opening hours: { $hours }
search-card-hours-unknown = The clinic has not given its opening hours — please check by phone.
search-card-distance = Distance from you: { NUMBER($km, maximumFractionDigits: 1) } km
search-card-places = Has free places ({ $count })
search-card-no-places = No free places: the doctor already has the most declarations allowed.
search-card-places-unknown = No data about free places yet.
search-card-not-available = The doctor is not signing new declarations now.
search-card-missing = We could not show the doctor's card.
search-hours-closed = closed
search-day-mon = Mon
search-day-tue = Tue
search-day-wed = Wed
search-day-thu = Thu
search-day-fri = Fri
search-day-sat = Sat
search-day-sun = Sun
search-btn-submit = Submit a declaration
search-btn-share = Share
search-btn-retry = Try again
search-btn-back-results = Back to the list
search-btn-other = Find another doctor
