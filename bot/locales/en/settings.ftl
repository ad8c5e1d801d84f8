## Settings

settings-title = <b>Settings</b>
    Language: { $language_name }
settings-language = Мова / Language
settings-notifications = Notifications
settings-sign-out = Sign out of the cabinet
settings-erase = Delete my data from the bot
language-uk = Українська
language-en = English
settings-language-question = Оберіть мову / Choose the language:
settings-notifications-question = What should we tell you about? Tap a line to turn it on or off.
settings-on-nd = ✅ Changes to my declaration
settings-off-nd = ⬜ Changes to my declaration
settings-on-nr = ✅ Status of declaration requests
settings-off-nr = ⬜ Status of declaration requests
settings-on-ns = ✅ Security: new sign-in or access
settings-off-ns = ⬜ Security: new sign-in or access
settings-on-nm = ✅ Reminders
settings-off-nm = ⬜ Reminders
settings-on-np = ✅ Prescriptions
settings-off-np = ⬜ Prescriptions
settings-on-nc = ✅ Medical record: lab results and referrals
settings-off-nc = ⬜ Medical record: lab results and referrals
settings-sign-out-question =
    Sign out of the cabinet?

    The bot will forget the link to your eHealth data. To come back, you will need to sign in with your electronic signature again.
settings-sign-out-confirm = Yes, sign out
settings-erase-question =
    <b>Delete your data from the bot?</b>

    We delete: the link between Telegram and the cabinet, your phone number, your consent, settings and notifications not yet sent.

    What stays in eHealth: your personal data, your declaration with a doctor and your requests — the bot neither changes nor deletes them.

    To use the bot again, press /start.
settings-erase-confirm = Yes, delete my data
settings-erased = Done: your data is deleted from the bot. Your eHealth records are unchanged. To start again, press /start.
notice-signed-out = You have signed out. To come back, sign in with your electronic signature.
