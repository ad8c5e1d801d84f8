"""The patient's own data: the masked view, validated changes, the signing page, the registry updated."""

from __future__ import annotations

import json
import re

import httpx
from sqlalchemy import select

from backend.models import PersonLink, SigningSession
from backend.registry.ehealth import EHealthRegistry
from backend.registry.port import Person
from backend.services.container import Services
from tests.backend.app.conftest import Cabinet, person


async def _registry_person(services: Services, tg: int) -> Person:
    async with services.sessionmaker() as session:
        link = await session.get(PersonLink, tg)
        assert link is not None
        return await services.tokens.call(session, link, services.registry.get_person)


async def test_me_shows_the_person_with_identifiers_masked(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    who = person("adult_with_declaration")
    await cabinet.sign_in(3001, who)
    real = await _registry_person(cabinet.services, 3001)
    response = await api.get("/v1/users/3001/me")
    assert response.status_code == 200
    me = response.json()
    assert (me["first_name"], me["last_name"]) == (who.first_name, who.last_name)
    assert me["access_level"] == "FULL"
    assert real.tax_id and real.tax_id not in response.text
    assert me["tax_id_masked"] == real.tax_id[:2] + "******" + real.tax_id[-2:]
    for document, shown in zip(real.documents, me["documents"], strict=True):
        assert document.number not in response.text
        assert shown["number_masked"].endswith(document.number[-3:])
    if real.unzr:
        assert real.unzr not in response.text
    if real.secret:
        assert real.secret not in response.text
    assert me["secret_set"] is bool(real.secret)
    assert [phone["number"] for phone in me["phones"]] == [phone.number for phone in real.phones]


async def test_a_teen_without_capacity_can_view_but_not_change(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(3002, person("teen_16_read_only"))
    me = (await api.get("/v1/users/3002/me")).json()
    assert me["access_level"] == "READ_ONLY"
    assert me["read_only_reason"] == "minor_without_capacity"
    refused = await api.post("/v1/users/3002/me/changes", json={"email": "new@ukr.net"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "read_only"


async def test_changes_are_validated_field_by_field(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(3003, person("adult_without_declaration"))
    response = await api.post(
        "/v1/users/3003/me/changes",
        json={
            "email": "not an email",
            "secret": "a b",
            "phones": [{"type": "MOBILE", "number": "123"}],
            "documents": [{"type": "PASSPORT", "number": "12"}],
            "addresses": [
                {"type": "RESIDENCE", "area": "Київ", "settlement": "Київ", "settlement_type": "CITY", "building": "x"}
            ],
        },
    )
    assert response.status_code == 422
    fields = {item["field"]: item for item in response.json()["error"]["fields"]}
    assert set(fields) == {
        "email",
        "secret",
        "phones[0].number",
        "documents[0].number",
        "addresses[0].building",
    }
    assert fields["email"]["code"] == "email.format"
    assert all(item["message"] and re.search("[а-яіїєґ]", item["message"]) for item in fields.values())


async def test_an_empty_change_is_refused(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(3004, person("adult_without_declaration"))
    response = await api.post("/v1/users/3004/me/changes", json={})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "nothing_to_change"


async def test_changing_the_email_goes_through_the_signing_page_to_the_registry(
    cabinet: Cabinet, api: httpx.AsyncClient, adapter: EHealthRegistry
) -> None:
    who = person("adult_without_declaration")
    await cabinet.sign_in(3005, who)
    await cabinet.events()
    prepared = await api.post("/v1/users/3005/me/changes", json={"email": "Andrii.Shevchuk@UKR.NET"})
    assert prepared.status_code == 200, prepared.text
    body = prepared.json()
    assert body["summary"]["items"] == [{"label": "Електронна пошта", "value": "Andrii.Shevchuk@ukr.net"}]
    assert body["signing_url"].startswith("http://127.0.0.1:8000/sign/")

    page = await cabinet.browser.get(body["signing_url"])
    assert page.status_code == 200
    assert "Зміна ваших даних" in page.text
    assert "Andrii.Shevchuk@ukr.net" in page.text  # the exact data block
    assert page.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in page.headers["content-security-policy"]

    signed = await cabinet.sign(body["signing_url"], who)
    assert signed.status_code == 200, signed.text
    assert "Ваші дані оновлено" in signed.text

    me = (await api.get("/v1/users/3005/me")).json()
    assert me["email"] == "Andrii.Shevchuk@ukr.net"
    events = await cabinet.events()
    assert [(e["kind"], e["payload"]) for e in events] == [("person.updated", {"fields": ["email"]})]

    again = await cabinet.browser.get(body["signing_url"])
    assert again.status_code == 410
    assert "вже використано" in again.text


async def test_a_wrong_key_password_keeps_the_link_and_counts_the_attempt(
    cabinet: Cabinet, api: httpx.AsyncClient, services: Services
) -> None:
    who = person("adult_without_declaration")
    await cabinet.sign_in(3006, who)
    url = (await api.post("/v1/users/3006/me/changes", json={"preferred_way_communication": "email"})).json()[
        "signing_url"
    ]
    wrong = await cabinet.sign(url, who, password="not-the-password")
    assert wrong.status_code == 400
    assert "Пароль не підходить" in wrong.text
    async with services.sessionmaker() as session:
        row = await session.scalar(select(SigningSession))
    assert row is not None and row.failed_attempts == 1 and row.used_at is None
    assert (await cabinet.sign(url, who)).status_code == 200


async def test_an_expired_signing_link_is_refused(cabinet: Cabinet, api: httpx.AsyncClient, services: Services) -> None:
    who = person("adult_without_declaration")
    await cabinet.sign_in(3007, who)
    url = (await api.post("/v1/users/3007/me/changes", json={"email": "a@ukr.net"})).json()["signing_url"]
    services.clock.advance(services.settings.signing_link_ttl + 1)
    page = await cabinet.browser.get(url)
    assert page.status_code == 410
    assert "минув" in page.text
    posted = await cabinet.browser.post(url, {"key_id": who.key_id, "password": who.password})
    assert posted.status_code == 410
    assert (await api.get("/v1/users/3007/me")).json()["email"] != "a@ukr.net"


async def test_an_unknown_signing_link_is_refused(cabinet: Cabinet) -> None:
    page = await cabinet.browser.get("/sign/forged-token")
    assert page.status_code == 404
    assert "недійсне" in page.text


async def test_the_signing_payload_and_summary_are_stored_encrypted(
    cabinet: Cabinet, api: httpx.AsyncClient, services: Services
) -> None:
    await cabinet.sign_in(3008, person("adult_without_declaration"))
    await api.post("/v1/users/3008/me/changes", json={"email": "secret.address@ukr.net"})
    async with services.sessionmaker() as session:
        row = await session.scalar(select(SigningSession))
    assert row is not None
    assert "secret.address" not in row.payload_encrypted + row.summary_encrypted
    payload = json.loads(services.cipher.decrypt_bytes(row.payload_encrypted))
    assert payload["email"] == "secret.address@ukr.net"
