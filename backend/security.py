"""Secrets at rest and secrets in transit.

- `TokenCipher` encrypts what we must be able to read back (registry tokens, phones, signing
  payloads) with Fernet; several comma-separated keys allow rotation.
- `secret_hash` stores what we only need to recognise (sign-in states, signing-link tokens).
- `pseudonym` turns a Telegram user id into an audit identifier: keyed, so the small space of
  Telegram ids cannot be brute-forced back from the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class DecryptionFailed(Exception):
    """Stored ciphertext cannot be read with the configured keys (rotated away or corrupted)."""


class TokenCipher:
    def __init__(self, keys: str) -> None:
        fernets = [Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()]
        if not fernets:
            raise ValueError("at least one Fernet key is required")
        self._fernet = MultiFernet(fernets)
        # A separate key for pseudonyms, derived so that it never equals an encryption key.
        self._pseudonym_key = hashlib.sha256(b"pseudonym:" + keys.split(",")[0].strip().encode()).digest()

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, value: str) -> str:
        try:
            return self._fernet.decrypt(value.encode()).decode()
        except InvalidToken as exc:
            raise DecryptionFailed from exc

    def encrypt_bytes(self, value: bytes) -> str:
        return self._fernet.encrypt(value).decode()

    def decrypt_bytes(self, value: str) -> bytes:
        try:
            return self._fernet.decrypt(value.encode())
        except InvalidToken as exc:
            raise DecryptionFailed from exc

    def encrypt_json(self, value: Any) -> str:
        return self.encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def decrypt_json(self, value: str) -> Any:
        return json.loads(self.decrypt(value))

    def pseudonym(self, telegram_user_id: int) -> str:
        return hmac.new(self._pseudonym_key, str(telegram_user_id).encode(), hashlib.sha256).hexdigest()


def new_secret() -> str:
    """A URL-safe random secret for single-use links (256 bits)."""
    return secrets.token_urlsafe(32)


def secret_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def bytes_hash(value: bytes) -> str:
    return hashlib.sha256(value).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison, so response timing does not leak the service token."""
    return hmac.compare_digest(given.encode(), expected.encode())
