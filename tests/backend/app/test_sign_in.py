"""Sign-in with the e-signature: the bot's link → the registry → the callback → a linked person."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy import select

from backend.models import AuthState, PersonLink
from backend.services.container import Services
from tests.backend.app.conftest import BOT_USERNAME, Cabinet, person


async def test_full_sign_in_links_the_person_and_tells_the_bot(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    who = person("adult_without_declaration")
    page = await cabinet.sign_in(2001, who)
    assert page.status_code == 200
    assert "Готово! Поверніться в Telegram" in page.text
    assert "Андрію, ви увійшли в кабінет пацієнта." in page.text  # the vocative, as Ukrainian addresses a person
    assert f"https://t.me/{BOT_USERNAME}" in page.text
    assert page.headers["cache-control"] == "no-store"

    state = (await api.get("/v1/users/2001")).json()
    assert state["linked"] is True
    assert state["first_name"] == who.first_name
    assert state["access_level"] == "FULL"

    events = await cabinet.events()
    assert [(e["kind"], e["telegram_user_id"], e["chat_id"]) for e in events] == [("auth.linked", 2001, 20010)]
    assert events[0]["payload"] == {"first_name": who.first_name, "access_level": "FULL"}


async def test_the_page_addresses_women_and_names_with_an_apostrophe_in_the_vocative(cabinet: Cabinet) -> None:
    olena = await cabinet.sign_in(2014, person("adult_with_declaration"))
    assert "Олено, ви увійшли" in olena.text
    viacheslav = await cabinet.sign_in(2015, person("adult_with_accesses"))
    assert "В’ячеславе, ви увійшли" in viacheslav.text


async def test_tokens_are_stored_encrypted(cabinet: Cabinet, services: Services) -> None:
    await cabinet.sign_in(2002, person("adult_without_declaration"))
    async with services.sessionmaker() as session:
        link = await session.get(PersonLink, 2002)
    assert link is not None
    access_token = services.cipher.decrypt(link.access_token_encrypted)
    assert access_token and access_token not in link.access_token_encrypted
    assert services.cipher.decrypt(link.refresh_token_encrypted) != access_token


async def test_the_state_is_random_hashed_and_single_use(cabinet: Cabinet, services: Services) -> None:
    await cabinet.start(2003)
    link = await cabinet.sign_in_link(2003)
    state = parse_qs(urlsplit(link).query)["state"][0]
    assert len(state) >= 40
    async with services.sessionmaker() as session:
        stored = list(await session.scalars(select(AuthState.state_hash)))
    assert state not in stored and len(stored) == 1

    callback = await cabinet.registry_callback(link, person("adult_without_declaration"))
    assert (await cabinet.browser.get(callback)).status_code == 200
    replay = await cabinet.browser.get(callback)
    assert replay.status_code == 400
    assert "вже використано" in replay.text
    # The used link cannot start another sign-in either.
    again = await cabinet.browser.get(link)
    assert again.status_code == 400


async def test_unknown_and_missing_states_get_a_polite_page(cabinet: Cabinet) -> None:
    for url in ("/auth/start?state=forged", "/auth/start", "/auth/callback?code=x&state=forged", "/auth/callback"):
        page = await cabinet.browser.get(url)
        assert page.status_code == 400, url
        assert "Посилання для входу недійсне" in page.text
        assert "text/html" in page.headers["content-type"]


async def test_an_expired_state_is_refused(cabinet: Cabinet, services: Services) -> None:
    await cabinet.start(2004)
    link = await cabinet.sign_in_link(2004)
    services.clock.advance(services.settings.auth_state_ttl + 1)
    page = await cabinet.browser.get(link)
    assert page.status_code == 400
    assert "минув" in page.text


async def test_cancelled_at_the_registry_spends_the_state(cabinet: Cabinet) -> None:
    await cabinet.start(2005)
    link = await cabinet.sign_in_link(2005)
    state = parse_qs(urlsplit(link).query)["state"][0]
    page = await cabinet.browser.get(f"/auth/callback?error=access_denied&state={state}")
    assert page.status_code == 400
    assert "Вхід не завершено" in page.text
    assert (await cabinet.browser.get(link)).status_code == 400


async def test_a_bad_code_ends_on_a_registry_error_page(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(2006)
    link = await cabinet.sign_in_link(2006)
    state = parse_qs(urlsplit(link).query)["state"][0]
    page = await cabinet.browser.get(f"/auth/callback?code=not-a-code&state={state}")
    assert page.status_code in (400, 502)
    assert "Не вдалося завершити вхід" in page.text
    assert (await api.get("/v1/users/2006")).json()["linked"] is False


async def test_a_child_under_14_is_refused_by_the_registry_and_nothing_is_kept(
    cabinet: Cabinet, api: httpx.AsyncClient
) -> None:
    # eHealth's auth host issues no code to a person under 14 (DOMAIN §1): the child stops on its page
    # and never comes back to the cabinet's callback.
    await cabinet.start(2007)
    page = await cabinet.registry_sign_in(await cabinet.sign_in_link(2007), person("child_12"))
    assert page.status_code == 403
    assert "location" not in page.headers
    assert "з 14 років" in page.text
    assert "батьків" in page.text
    assert (await api.get("/v1/users/2007")).json()["linked"] is False
    assert await cabinet.events() == []


async def test_a_teen_without_capacity_is_read_only(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    page = await cabinet.sign_in(2008, person("teen_16_read_only"))
    assert page.status_code == 200
    assert "лише для перегляду" in page.text
    state = (await api.get("/v1/users/2008")).json()
    assert state["access_level"] == "READ_ONLY"
    assert state["read_only_reason"] == "minor_without_capacity"
    # A 16-year-old may choose a paediatrician or a family doctor, not a therapist (from the link's birth date).
    assert state["allowed_specialities"] == ["FAMILY_DOCTOR", "PEDIATRICIAN"]


async def test_a_capable_teen_has_full_access(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(2009, person("teen_17_capable"))
    state = (await api.get("/v1/users/2009")).json()
    assert state["access_level"] == "FULL"
    assert state["read_only_reason"] is None
    assert state["allowed_specialities"] == ["FAMILY_DOCTOR", "PEDIATRICIAN"]


async def test_signing_in_from_another_telegram_account_revokes_the_old_link(
    cabinet: Cabinet, api: httpx.AsyncClient
) -> None:
    who = person("adult_with_declaration")
    await cabinet.sign_in(2010, who)
    await cabinet.events()  # the first greeting, claimed
    await cabinet.sign_in(2011, who)

    assert (await api.get("/v1/users/2010")).json()["linked"] is False
    assert (await api.get("/v1/users/2011")).json()["linked"] is True
    assert (await api.get("/v1/users/2010/me")).json()["error"]["code"] == "not_linked"
    events = await cabinet.events()
    assert {(e["telegram_user_id"], e["kind"]) for e in events} == {(2010, "security.relinked"), (2011, "auth.linked")}


async def test_signing_in_again_on_the_same_account_is_not_a_relink(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    who = person("adult_with_declaration")
    await cabinet.sign_in(2012, who)
    await cabinet.sign_in(2012, who)
    assert (await api.get("/v1/users/2012")).json()["linked"] is True
    assert [e["kind"] for e in await cabinet.events()] == ["auth.linked", "auth.linked"]


async def test_sign_out_drops_the_link(cabinet: Cabinet, api: httpx.AsyncClient, services: Services) -> None:
    await cabinet.sign_in(2013, person("adult_with_declaration"))
    state = (await api.post("/v1/users/2013/sign-out")).json()
    assert state["linked"] is False and state["first_name"] is None
    async with services.sessionmaker() as session:
        assert await session.get(PersonLink, 2013) is None
    assert (await api.get("/v1/users/2013/me")).json()["error"]["code"] == "not_linked"
