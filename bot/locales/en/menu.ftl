## Main menu

menu-title = What would you like to do?
menu-profile = 👤 My data
menu-declarations = 📄 My declarations
menu-medical-record = 🩺 Medical record
menu-doctor-search = 🔎 Find a doctor
menu-accesses = 🔐 Accesses
menu-settings = ⚙️ Settings
menu-help = ❓ Help
notice-cancelled = Cancelled. Anything you have already signed is safe: it is stored in eHealth.
notice-stale = That button no longer works — let us carry on from here.
