"""The patient a use case acts for: the Telegram user's own linked person."""

from __future__ import annotations

from dataclasses import dataclass

from backend.api.errors import ApiError
from backend.domain.age import AccessLevel, can_write
from backend.models import PersonLink, TelegramAccount


@dataclass(frozen=True, slots=True)
class Patient:
    """The Telegram user's own linked person: every /me, declaration and access call acts for them."""

    account: TelegramAccount
    link: PersonLink
    access_level: AccessLevel

    @property
    def owner(self) -> tuple[int, str]:
        """Whose registry reads the session cache keeps for this request: the Telegram user and their own person."""
        return (self.account.telegram_user_id, self.link.person_id)

    def require_write(self) -> None:
        if not can_write(self.access_level):
            raise ApiError(403, "read_only")
