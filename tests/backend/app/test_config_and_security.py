"""Settings refuse the public development secrets in production; the cipher encrypts, rotates, pseudonymises."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from backend.config import DEV_SERVICE_TOKEN, DEV_TOKEN_ENCRYPTION_KEY, BackendSettings
from backend.security import DecryptionFailed, TokenCipher, same_secret, secret_hash

REAL_KEY = Fernet.generate_key().decode()


def test_production_refuses_the_dev_service_token() -> None:
    with pytest.raises(ValidationError, match="BACKEND_SERVICE_TOKEN"):
        BackendSettings(environment="production", token_encryption_key=REAL_KEY, _env_file=None)


def test_production_refuses_the_dev_encryption_key_even_among_others() -> None:
    with pytest.raises(ValidationError, match="BACKEND_TOKEN_ENCRYPTION_KEY"):
        BackendSettings(
            environment="production",
            service_token="a-long-random-token",
            token_encryption_key=f"{REAL_KEY},{DEV_TOKEN_ENCRYPTION_KEY}",
            _env_file=None,
        )


def test_production_with_real_secrets_starts() -> None:
    settings = BackendSettings(
        environment="production", service_token="a-long-random-token", token_encryption_key=REAL_KEY, _env_file=None
    )
    assert settings.service_token.get_secret_value() != DEV_SERVICE_TOKEN
    assert "a-long-random-token" not in repr(settings)


def test_the_widget_provider_needs_its_url() -> None:
    with pytest.raises(ValidationError, match="BACKEND_WIDGET_URL"):
        BackendSettings(signing_provider="widget", _env_file=None)


@given(st.text(max_size=300))
def test_encryption_round_trips_and_hides_the_value(value: str) -> None:
    cipher = TokenCipher(REAL_KEY)
    token = cipher.encrypt(value)
    assert cipher.decrypt(token) == value
    if len(value) >= 4:
        assert value not in token


def test_keys_rotate() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    written_before = TokenCipher(old).encrypt("refresh-token")
    rotated = TokenCipher(f"{new},{old}")
    assert rotated.decrypt(written_before) == "refresh-token"
    assert TokenCipher(new).decrypt(rotated.encrypt("x")) == "x"  # new writes use the first key
    with pytest.raises(DecryptionFailed):
        TokenCipher(new).decrypt(written_before)


def test_pseudonyms_are_stable_keyed_and_not_the_id() -> None:
    cipher = TokenCipher(REAL_KEY)
    assert cipher.pseudonym(42) == TokenCipher(REAL_KEY).pseudonym(42)
    assert cipher.pseudonym(42) != cipher.pseudonym(43)
    assert cipher.pseudonym(42) != TokenCipher(Fernet.generate_key().decode()).pseudonym(42)
    assert cipher.pseudonym(42) != secret_hash("42")


def test_secret_comparison() -> None:
    assert same_secret("abc", "abc")
    assert not same_secret("abc", "abd")
    assert not same_secret("", "abc")
