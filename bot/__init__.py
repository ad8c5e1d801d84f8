"""The Telegram bot of the patient cabinet (aiogram + aiogram-dialog)."""
