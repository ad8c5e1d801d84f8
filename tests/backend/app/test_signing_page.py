"""The signing page with the production provider (the e-signature widget), and its refusals."""

from __future__ import annotations

import base64
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from backend.config import BackendSettings
from backend.services.container import Services
from tests.backend.app.conftest import Cabinet, person, running_cabinet

WIDGET_URL = "https://widget.example/eusign/widget.js"


@pytest.fixture
async def widget_cabinet(
    tmp_path: Path, registry_template: Path, backend_settings: BackendSettings
) -> AsyncIterator[Cabinet]:
    async with running_cabinet(
        tmp_path, registry_template, backend_settings.database_url, signing_provider="widget", widget_url=WIDGET_URL
    ) as cab:
        yield cab


async def test_the_widget_page_signs_with_what_the_widget_posts_back(widget_cabinet: Cabinet) -> None:
    who = person("adult_without_declaration")
    await widget_cabinet.sign_in(12001, who)
    prepared = (await widget_cabinet.api.post("/v1/users/12001/me/changes", json={"email": "w@ukr.net"})).json()
    page = await widget_cabinet.browser.get(prepared["signing_url"])
    assert page.status_code == 200
    assert f'<script src="{WIDGET_URL}"></script>' in page.text
    nonce = re.search(r'<script nonce="([^"]+)">', page.text)
    assert nonce is not None
    assert f"'nonce-{nonce.group(1)}'" in page.headers["content-security-policy"]
    payload = base64.b64decode(re.search(r'data-payload-base64="([^"]+)"', page.text).group(1))  # type: ignore[union-attr]
    assert b'"w@ukr.net"' in payload
    assert "key_id" not in page.text  # no sandbox key store in production

    # The widget signs in the browser; here the sandbox key store plays the qualified signature.
    signed = await widget_cabinet.browser.registry.post(
        "/sandbox/signer/sign",
        json={"key_id": who.key_id, "password": who.password, "data_base64": base64.b64encode(payload).decode()},
    )
    signed_content = signed.json()["data"]["signed_content"]
    empty = await widget_cabinet.browser.post(prepared["signing_url"], {"signed_content": ""})
    assert empty.status_code == 400
    result = await widget_cabinet.browser.post(prepared["signing_url"], {"signed_content": signed_content})
    assert result.status_code == 200, result.text
    assert (await widget_cabinet.api.get("/v1/users/12001/me")).json()["email"] == "w@ukr.net"


async def test_a_signature_over_other_bytes_is_refused_and_the_link_stays(widget_cabinet: Cabinet) -> None:
    who = person("adult_without_declaration")
    await widget_cabinet.sign_in(12002, who)
    url = (await widget_cabinet.api.post("/v1/users/12002/me/changes", json={"email": "x@ukr.net"})).json()[
        "signing_url"
    ]
    page = await widget_cabinet.browser.get(url)
    payload = re.search(r'data-payload-base64="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    someone_else = person("adult_with_declaration")
    forged = await widget_cabinet.browser.registry.post(
        "/sandbox/signer/sign",
        json={"key_id": someone_else.key_id, "password": someone_else.password, "data_base64": payload},
    )
    refused = await widget_cabinet.browser.post(url, {"signed_content": forged.json()["data"]["signed_content"]})
    assert refused.status_code == 400
    assert "Підпис не прийнято" in refused.text
    assert (await widget_cabinet.browser.get(url)).status_code == 200  # the patient may try again
    assert (await widget_cabinet.api.get("/v1/users/12002/me")).json()["email"] != "x@ukr.net"


async def test_signing_after_sign_out_asks_to_sign_in(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    who = person("adult_without_declaration")
    await cabinet.sign_in(12003, who)
    url = (await api.post("/v1/users/12003/me/changes", json={"email": "y@ukr.net"})).json()["signing_url"]
    await api.post("/v1/users/12003/sign-out")
    page = await cabinet.sign(url, who)
    assert page.status_code == 403
    assert "увійти знову" in page.text.lower()


async def test_too_many_wrong_passwords_lock_the_link(
    cabinet: Cabinet, api: httpx.AsyncClient, services: Services
) -> None:
    who = person("adult_without_declaration")
    await cabinet.sign_in(12004, who)
    url = (await api.post("/v1/users/12004/me/changes", json={"email": "z@ukr.net"})).json()["signing_url"]
    for _ in range(services.settings.signing_max_attempts):
        response = await cabinet.browser.post(url, {"key_id": who.key_id, "password": "wrong"})
        assert response.status_code in (400, 429)
    locked = await cabinet.browser.get(url)
    assert locked.status_code == 410
    assert "заблоковано" in locked.text


async def test_the_summary_of_several_changes_masks_document_numbers(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(12005, person("adult_without_declaration"))
    prepared = await api.post(
        "/v1/users/12005/me/changes",
        json={
            "phones": [{"type": "MOBILE", "number": "0671234567"}],
            "documents": [{"type": "PASSPORT", "number": "ka123456"}],
            "emergency_contact": {
                "first_name": "марія",
                "last_name": "шевчук",
                "phones": [{"type": "MOBILE", "number": "+380501234567"}],
            },
        },
    )
    assert prepared.status_code == 200, prepared.text
    items = {item["label"]: item["value"] for item in prepared.json()["summary"]["items"]}
    assert items["Телефони"] == "Мобільний: +380671234567"
    assert items["Паспорт (книжечка)"] == "КА***456"
    assert items["Контактна особа"] == "Шевчук Марія; Мобільний: +380501234567"


async def test_sign_up_goes_to_the_registrys_sign_up_page(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(12006)
    url = (await api.post("/v1/users/12006/auth/start", json={"sign_up": True})).json()["url"]
    redirect = await cabinet.browser.get(url)
    assert redirect.status_code == 303
    assert redirect.headers["location"].startswith("http://registry.test/sign-up?")
    assert "person%3Asign_up" in redirect.headers["location"]


def _shown_key(page: str) -> str:
    """The key_id a browser shows chosen: the first option marked selected, else the first option."""
    select = re.search(r'<select id="key_id"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, page
    options = re.findall(r"<option([^>]*)>", select.group(1))
    chosen = next((o for o in options if re.search(r"\sselected\b", o)), options[0])
    value = re.search(r'value="([^"]*)"', chosen)
    assert value is not None
    return value.group(1)


async def test_no_key_is_chosen_for_the_patient_and_a_missing_one_is_asked_for_politely(
    cabinet: Cabinet, api: httpx.AsyncClient
) -> None:
    who = person("adult_with_declaration")
    await cabinet.sign_in(12006, who)
    url = (await api.post("/v1/users/12006/me/changes", json={"email": "k@ukr.net"})).json()["signing_url"]
    page = await cabinet.browser.get(url)
    assert page.status_code == 200
    assert who.key_id in page.text  # the patient's own key is offered…
    assert _shown_key(page.text) == ""  # …but neither it nor anybody else's is chosen for them
    assert "Оберіть ключ" in page.text

    no_key = await cabinet.browser.post(url, {"key_id": "", "password": who.password})
    assert no_key.status_code == 400
    assert "Оберіть, будь ласка, свій ключ зі списку." in no_key.text
    assert _shown_key(no_key.text) == ""

    no_password = await cabinet.browser.post(url, {"key_id": who.key_id, "password": ""})
    assert no_password.status_code == 400
    assert "Введіть, будь ласка, пароль до ключа." in no_password.text
    assert _shown_key(no_password.text) == who.key_id  # what the patient chose stays chosen

    assert (await cabinet.sign(url, who)).status_code == 200
