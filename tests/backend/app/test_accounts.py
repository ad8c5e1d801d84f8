"""The account: upsert, consent, phone, settings, unreachable, and the not_linked answers."""

from __future__ import annotations

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.models import TelegramAccount
from backend.services.container import Services
from tests.backend.app.conftest import Cabinet


async def test_a_new_account_starts_without_consent_phone_or_link(api: httpx.AsyncClient, services: Services) -> None:
    response = await api.put("/v1/users/501", json={"chat_id": 5010, "language": "en"})
    assert response.status_code == 200
    state = response.json()
    assert state["telegram_user_id"] == 501
    assert state["language"] == "en"
    assert state["consent"] == {
        "given": False,
        "version": None,
        "at": None,
        "current_version": services.settings.consent_version,
    }
    assert state["phone_shared"] is False
    assert state["linked"] is False
    assert state["allowed_specialities"] is None
    assert state["access_level"] is None
    assert state["notifications"] == {
        "declaration_status": True,
        "request_status": True,
        "security": True,
        "reminders": True,
        "prescriptions": True,
        "medical_record": True,
    }
    assert (await api.get("/v1/users/501")).json() == state


async def test_upsert_sets_the_language_on_first_contact_only(api: httpx.AsyncClient) -> None:
    await api.put("/v1/users/502", json={"chat_id": 1, "language": "en"})
    state = (await api.put("/v1/users/502", json={"chat_id": 2})).json()
    assert state["language"] == "en"
    # A later /start carries Telegram's language again; the one the account has (the patient's choice) stays.
    state = (await api.put("/v1/users/502", json={"chat_id": 2, "language": "uk"})).json()
    assert state["language"] == "en"


async def test_unknown_user_is_not_linked(api: httpx.AsyncClient) -> None:
    for path in ("/v1/users/999", "/v1/users/999/me", "/v1/users/999/declarations", "/v1/users/999/accesses"):
        response = await api.get(path)
        assert response.status_code == 409, path
        assert response.json()["error"]["code"] == "not_linked"
        assert "Увійдіть" in response.json()["error"]["message"]


async def test_consent_records_the_current_version_only(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(503, consent=False)
    outdated = await api.post("/v1/users/503/consent", json={"version": "2000-01-01"})
    assert outdated.status_code == 422
    assert outdated.json()["error"]["fields"][0]["field"] == "version"
    version = cabinet.services.settings.consent_version
    state = (await api.post("/v1/users/503/consent", json={"version": version})).json()
    assert state["consent"]["given"] is True
    assert state["consent"]["version"] == version
    assert state["consent"]["at"] is not None


async def test_sign_in_link_needs_consent(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(504, consent=False)
    response = await api.post("/v1/users/504/auth/start", json={})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "consent_required"


async def test_phone_is_validated_normalised_and_masked(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(505)
    bad = await api.post("/v1/users/505/phone", json={"phone_number": "12345"})
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["code"] == "validation_failed"
    assert error["fields"] == [
        {"field": "phone_number", "code": "phone.format", "message": error["fields"][0]["message"]}
    ]
    assert "+380" in error["fields"][0]["message"]
    state = (await api.post("/v1/users/505/phone", json={"phone_number": "067 123 45 67"})).json()
    assert state["phone_shared"] is True
    assert state["phone_masked"] == "+380 67 *** ** 67"
    assert "1234567" not in str(state)


async def test_the_phone_is_stored_encrypted(cabinet: Cabinet, api: httpx.AsyncClient, services: Services) -> None:
    await cabinet.start(506)
    await api.post("/v1/users/506/phone", json={"phone_number": "+380501112233"})
    async with services.sessionmaker() as session:
        account = await session.get(TelegramAccount, 506)
    assert account is not None and account.phone_encrypted is not None
    assert "501112233" not in account.phone_encrypted
    assert services.cipher.decrypt(account.phone_encrypted) == "+380501112233"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=80))
async def test_any_phone_text_is_answered_without_a_server_error(
    cabinet: Cabinet, api: httpx.AsyncClient, text: str
) -> None:
    await cabinet.start(507)
    response = await api.post("/v1/users/507/phone", json={"phone_number": text})
    assert response.status_code in (200, 422)


async def test_settings_change_language_and_notifications(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(508)
    state = (
        await api.patch("/v1/users/508/settings", json={"language": "en", "notifications": {"reminders": False}})
    ).json()
    assert state["language"] == "en"
    assert state["notifications"]["reminders"] is False
    assert state["notifications"]["security"] is True
    unknown = await api.patch("/v1/users/508/settings", json={"notifications": {"marketing": True}})
    assert unknown.status_code == 422


async def test_unreachable_is_cleared_when_the_user_comes_back(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(509)
    assert (await api.post("/v1/users/509/unreachable")).status_code == 204
    assert (await api.get("/v1/users/509")).json()["unreachable"] is True
    state = (await api.put("/v1/users/509", json={"chat_id": 5090})).json()
    assert state["unreachable"] is False


async def test_bad_ids_are_rejected_not_crashed(api: httpx.AsyncClient) -> None:
    for path in ("/v1/users/0", "/v1/users/-5", "/v1/users/abc", f"/v1/users/{2**64}"):
        response = await api.get(path)
        assert response.status_code == 422, path
        assert response.json()["error"]["code"] == "validation_failed"
