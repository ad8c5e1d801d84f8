"""The Telegram bot of the patient cabinet (aiogram + aiogram-dialog)."""

from bot.deferred_types import defer_aiogram_type_builds

defer_aiogram_type_builds()
