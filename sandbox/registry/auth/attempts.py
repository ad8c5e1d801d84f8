"""Throttling of sandbox key passwords: a key locks after too many wrong passwords in a window.

The sign-in page and the signer API share one throttle per key, so guessing a password through
either counts against the same key. Times come from the sandbox clock, so a demo (or a test) can
move past a lock-out by advancing the clock.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from sandbox.registry.core.models import SandboxKey
from sandbox.signer import WrongPassword, open_key


class PasswordAttemptSettings(BaseSettings):
    """Environment prefix `REGISTRY_PASSWORD_`."""

    model_config = SettingsConfigDict(env_prefix="REGISTRY_PASSWORD_", env_file=".env", extra="ignore")

    max_failures: int = Field(
        5, ge=1, description="Wrong sandbox key passwords (sign-in page and signer API together) that lock the key."
    )
    window_seconds: int = Field(
        300, ge=1, description="Seconds a wrong password counts against its key; the lock lifts as they age out."
    )


@dataclass(slots=True)
class PasswordAttempts:
    max_failures: int
    window: timedelta
    _failures: dict[str, deque[datetime]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: PasswordAttemptSettings) -> PasswordAttempts:
        return cls(max_failures=settings.max_failures, window=timedelta(seconds=settings.window_seconds))

    def retry_after(self, key_id: str, now: datetime) -> timedelta | None:
        """How long the key stays locked, or None when a password may be tried now."""
        failures = self._recent(key_id, now)
        if len(failures) < self.max_failures:
            return None
        return failures[0] + self.window - now

    def record_failure(self, key_id: str, now: datetime) -> None:
        self._recent(key_id, now).append(now)

    def reset(self, key_id: str) -> None:
        self._failures.pop(key_id, None)

    def _recent(self, key_id: str, now: datetime) -> deque[datetime]:
        failures = self._failures.setdefault(key_id, deque())
        while failures and failures[0] + self.window <= now:
            failures.popleft()
        return failures


class KeyLocked(Exception):
    def __init__(self, retry_after: timedelta) -> None:
        super().__init__("too many wrong passwords")
        self.retry_after = retry_after

    @property
    def minutes(self) -> int:
        """Whole minutes to wait, at least one (what a person is told)."""
        return max(1, -(-int(self.retry_after.total_seconds()) // 60))


def check_key_password(attempts: PasswordAttempts, key: SandboxKey, password: str, now: datetime) -> None:
    """Raise KeyLocked while the key is locked, WrongPassword for a wrong password (and count it)."""
    retry_after = attempts.retry_after(key.id, now)
    if retry_after is not None:
        raise KeyLocked(retry_after)
    try:
        open_key(key.encrypted_private_key, password)
    except WrongPassword:
        attempts.record_failure(key.id, now)
        raise
    attempts.reset(key.id)


def get_password_attempts(request: Request) -> PasswordAttempts:
    # One throttle per app; created on first use so the app factory need not know about it.
    state = request.app.state
    attempts = getattr(state, "password_attempts", None)
    if attempts is None:
        attempts = PasswordAttempts.from_settings(PasswordAttemptSettings())
        state.password_attempts = attempts
    return attempts


PasswordAttemptsDep = Annotated[PasswordAttempts, Depends(get_password_attempts)]
