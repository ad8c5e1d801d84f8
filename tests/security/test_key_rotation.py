"""Rotating the Fernet keys that encrypt tokens, phones and signing payloads at rest.

The documented procedure: put the new key first (it encrypts), keep the old one after it (it still
decrypts), and drop the old key once nothing encrypted with it is left. A key dropped too early must cost
the patient a new sign-in at worst — never an error page.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from backend.logging import JsonFormatter
from backend.models import PersonLink, TelegramAccount
from backend.security import TokenCipher
from tests.backend.app.conftest import person
from tests.security.harness import Rig, running_rig

OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()
TG = 95001


@pytest.fixture
async def rig(tmp_path: Path, security_registry_template: Path) -> AsyncIterator[Rig]:
    async with running_rig(tmp_path, security_registry_template, token_encryption_key=OLD_KEY) as running:
        await running.cabinet.sign_in(TG, person("adult_with_declaration"))
        assert (await running.api.post(f"/v1/users/{TG}/phone", json={"phone_number": "+380671234567"})).is_success
        yield running


def _use_keys(rig: Rig, keys: str) -> None:
    """What a restart with a new BACKEND_TOKEN_ENCRYPTION_KEY does to the running services."""
    cipher = TokenCipher(keys)
    rig.services.cipher = cipher
    rig.services.tokens._cipher = cipher


async def _stored(rig: Rig) -> tuple[str, str]:
    async with rig.services.sessionmaker() as session:
        account = await session.get(TelegramAccount, TG)
        link = await session.get(PersonLink, TG)
    assert account is not None and account.phone_encrypted and link is not None
    return account.phone_encrypted, link.access_token_encrypted


async def test_with_the_new_key_first_old_data_still_reads_and_new_data_uses_the_new_key(rig: Rig) -> None:
    _use_keys(rig, f"{NEW_KEY},{OLD_KEY}")
    state = await rig.api.get(f"/v1/users/{TG}")
    assert state.status_code == 200 and state.json()["phone_masked"]
    assert (await rig.api.get(f"/v1/users/{TG}/me")).status_code == 200

    await rig.api.post(f"/v1/users/{TG}/phone", json={"phone_number": "+380501112233"})
    phone, _ = await _stored(rig)
    assert Fernet(NEW_KEY.encode()).decrypt(phone.encode()) == b"+380501112233"


async def test_a_dropped_key_asks_for_a_new_sign_in_instead_of_failing(rig: Rig) -> None:
    _use_keys(rig, NEW_KEY)
    me = await rig.api.get(f"/v1/users/{TG}/me")
    assert me.status_code == 401 and me.json()["error"]["code"] == "auth_required"


async def test_a_dropped_key_leaves_the_account_readable(rig: Rig, caplog: pytest.LogCaptureFixture) -> None:
    _use_keys(rig, NEW_KEY)
    with caplog.at_level(logging.WARNING, logger="backend"):
        state = await rig.api.get(f"/v1/users/{TG}")
    assert state.status_code == 200, state.text
    assert state.json()["phone_shared"] is False
    _assert_warned_by_code_only(caplog, "phone_key_dropped")


async def test_a_dropped_key_turns_an_old_signing_link_into_a_polite_page(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    prepared = await rig.api.post(f"/v1/users/{TG}/me/changes", json={"email": "rotated@ukr.net"})
    url = prepared.json()["signing_url"]
    _use_keys(rig, NEW_KEY)
    with caplog.at_level(logging.WARNING, logger="backend"):
        page = await rig.cabinet.browser.get(url)
        submitted = await rig.cabinet.browser.post(url, data={"password": "anything"})
    assert page.status_code in (404, 410), page.text
    assert "text/html" in page.headers["content-type"]
    # The signing page's own expired-link page: the link is no longer valid, get a new one in the bot.
    for answer in (page, submitted):
        assert answer.status_code == 410, answer.text
        assert "Час дії посилання для підпису минув" in answer.text
        assert "у боті ще раз" in answer.text
    _assert_warned_by_code_only(caplog, "signing_link_key_dropped")


def _assert_warned_by_code_only(caplog: pytest.LogCaptureFixture, code: str) -> None:
    warned = [record for record in caplog.records if getattr(record, "code", None) == code]
    assert warned and all(record.levelno == logging.WARNING for record in warned)
    for record in caplog.records:
        line = json.loads(JsonFormatter().format(record))
        del line["ts"]  # a time's digits could spell the Telegram id by chance
        text = json.dumps(line, ensure_ascii=False)
        assert "671234567" not in text and str(TG) not in text and "rotated@ukr.net" not in text
