## /help

help =
    <b>How it works</b>
    This bot is an eHealth patient cabinet in Telegram. You sign in with an electronic signature, and the bot shows your eHealth data: personal data, your declaration with a doctor, and who may access your data. You can also find a doctor and sign a declaration here.

    <b>Electronic signature</b>
    Any qualified signature works: a key file (КЕП), Diia.Signature or a cloud signature. You sign data changes and declarations yourself — nothing changes without your signature.

    <b>Privacy</b>
    We keep only what the bot needs to work, and we never show your tax number or document numbers in full. You can delete your data from the bot in "Settings".

    <b>Commands</b>
    /menu — main menu
    /cancel — cancel the current action
    /language — change the language
    /cabinets — other verified patient cabinets

    <b>Need help?</b>
    NHSU contact centre: 16-77 (free from mobile and landline phones in Ukraine).
help-back = Back to the menu
