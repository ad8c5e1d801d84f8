"""Telegram accounts and their link to a verified person: consent, phone, settings, sign-out, erase."""
