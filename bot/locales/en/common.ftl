## Shared buttons and short lines

btn-back = Back
btn-menu = To the menu
btn-cancel = Cancel
btn-confirm = Yes, I confirm
btn-skip = Skip
btn-prev = ◀️ Previous
btn-next = Next ▶️
btn-sign-in-allow = 🔑 Sign in and allow
btn-retry = Try again
btn-yes = Yes
btn-no = No
throttled = You are sending messages very fast. Please wait a few seconds, then we will carry on.
wrong-type-text = A text answer is needed here. Please type it as a message.
wrong-type-button = Please choose one of the buttons under the message.
not-set = not given

command-start = Start or go back to the beginning
command-menu = Main menu
command-help = How to use the bot
command-cancel = Cancel the current action
command-language = Мова / Language
command-cabinets = Verified patient cabinets

cabinets-title = <b>Verified patient cabinets</b>
    The Ministry of Health has verified these cabinets. Their core features are the same.
cabinets-item = <b>{ $name }</b> — { $description }
cabinets-item-ours = <b>{ $name }</b> (you are here) — { $description }

## eHealth's dictionaries as words (backend/domain/dictionaries.py: the Ukrainian words equal its own)

# An address in one line: street and house, flat, settlement, district, area, postcode
address-part = { $value }
address-street = { $street } { $type }
address-house = bldg. { $value }
address-apartment = apt. { $value }
address-settlement = { $settlement } { $type }

# STREET_TYPE: the word after a street's name
street-type-street = St
street-type-avenue = Ave
street-type-boulevard = Blvd
street-type-lane = Ln
street-type-square = Sq
street-type-maidan = Maidan
street-type-river-side = Embankment
street-type-ascent = Descent
street-type-blind-street = Dead End
street-type-passage = Drive
street-type-pass = Passage
street-type-country-lane = Side Lane
street-type-alley = Alley
street-type-line = Line
street-type-highway = Hwy
street-type-road = Rd
street-type-roadway = Tract Road
street-type-track = Route
street-type-way = Way
street-type-entrance = Entry
street-type-passing-loop = Passing Loop
street-type-crossroads = Crossroads
street-type-microdistrict = Microdistrict
street-type-block = Block
street-type-housing-area = Housing Estate
street-type-massif = Area
street-type-garden-square = Garden Square
street-type-park = Park
street-type-grove = Grove
street-type-tract = Tract
street-type-island = Island
street-type-settlement = Settlement
street-type-small-village = Hamlet
street-type-hamlet = Farmstead
street-type-station = Station
street-type-station-settlement = Railway Houses
street-type-state-farm = State Farm
street-type-selection-base = Breeding Station
street-type-forestry = Forestry
street-type-mine = Mine
street-type-military-base = Military Unit
street-type-sanatorium = Sanatorium
street-type-boarging-house = Boarding House
street-type-dacha-cooperative = Dacha Cooperative

# SETTLEMENT_TYPE
settlement-type-city = city
settlement-type-township = urban-type settlement
settlement-type-village = village
settlement-type-settlement = settlement

# GENDER
gender-male = male
gender-female = female
