## Inline mode: @bot <query> in any chat

inline-btn-submit = Submit a declaration
inline-btn-open = Open the bot
inline-result-description = { $speciality }, { $division }, { $settlement }. { $places }

inline-hint-title = Find a family doctor
inline-hint-description = Type a surname, a speciality or a place, for example: pediatrician Lviv
inline-hint-message = Looking for a family doctor, a therapist or a pediatrician? Type <code>@{ $bot } pediatrician Lviv</code> or a doctor's surname in any chat — and send the doctor's card. You can submit a declaration in the bot @{ $bot }.

inline-nothing-title = Nobody found for “{ $typed }”
inline-nothing-description = Try just a surname, a speciality (family, therapist, pediatrician) or a place name.
inline-nothing-message = We found no doctor for “{ $typed }”. Try just a surname, a speciality (family, therapist, pediatrician) or a place name. Searching is easy in the bot @{ $bot } too.

inline-nothing-speciality-title = No such doctors for you
inline-nothing-speciality-description = A pediatrician signs declarations with children under 18, a therapist with people aged 18 and over. A family doctor with everyone.
inline-nothing-speciality-message = For “{ $typed }” we found no doctors who can sign a declaration with you: a pediatrician only with children under 18, a therapist only with people aged 18 and over. A family doctor sees everyone.

inline-unavailable-title = Search is unavailable for now
inline-unavailable-description = Please try again in a few minutes.
inline-unavailable-message = Doctor search is unavailable for now. Please try again in a few minutes in the bot @{ $bot }.

inline-loading-title = The doctor directory is still loading
inline-loading-description = Please try again in a minute.
inline-loading-message = The doctor directory is still loading. Please try again in a minute in the bot @{ $bot }.
