"""The auth host over HTTP: sign-in pages, the code exchange, refresh rotation, logout, token checks."""

from __future__ import annotations

import calendar
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select

from sandbox.registry.auth.attempts import PasswordAttemptSettings
from sandbox.registry.auth.grants import grant_approval, issue_code
from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.models import Approval, AuthCode, Client
from sandbox.registry.core.scopes import APP_READ, DECLARATION_READ, PIS_SCOPES, SIGN_IN
from tests.registry.conftest import REDIRECT_URI, sign_in
from tests.registry.conftest import test_person as person_of

FULL_SCOPE = " ".join((SIGN_IN, *PIS_SCOPES))
ADULT = "adult_with_declaration"
CHILD = "child_12"


def _authorize_params(settings: RegistrySettings, **overrides: str) -> dict[str, str]:
    params = {
        "client_id": settings.pis_client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": FULL_SCOPE,
        "state": "state-xyz",
    }
    params.update(overrides)
    return params


def _sign_in_form(settings: RegistrySettings, slug: str = ADULT, **overrides: str) -> dict[str, str]:
    person = person_of(slug)
    form = {**_authorize_params(settings), "key_id": person.key_id, "password": person.password}
    form.update(overrides)
    return form


async def _code(registry: httpx.AsyncClient, settings: RegistrySettings, **overrides: str) -> str:
    response = await registry.post("/sign-in", data=_sign_in_form(settings, **overrides))
    assert response.status_code == 302, response.text
    return parse_qs(urlsplit(response.headers["location"]).query)["code"][0]


def _exchange_body(settings: RegistrySettings, code: str, **overrides: str) -> dict[str, dict[str, str]]:
    token = {
        "client_id": settings.pis_client_id,
        "client_secret": settings.pis_client_secret,
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": REDIRECT_URI,
        "scope": FULL_SCOPE,
    }
    token.update(overrides)
    return {"token": token}


def _refresh_body(settings: RegistrySettings, refresh_token: str) -> dict[str, dict[str, str]]:
    return {
        "token": {
            "client_id": settings.pis_client_id,
            "client_secret": settings.pis_client_secret,
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
        }
    }


def _headers(settings: RegistrySettings, access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}", "api-key": settings.pis_client_secret}


def _error(response: httpx.Response) -> dict:  # type: ignore[type-arg]
    body = response.json()
    assert "data" not in body
    assert body["meta"]["code"] == response.status_code
    return body["error"]


async def _advance(registry: httpx.AsyncClient, seconds: float) -> None:
    response = await registry.post("/sandbox/clock/advance", json={"seconds": seconds})
    assert response.status_code == 200, response.text


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/sign-in", "/sign-up"])
async def test_page_lists_every_sandbox_key_under_a_sandbox_banner(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, path: str
) -> None:
    response = await registry.get(path, params=_authorize_params(registry_settings))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-frame-options"] == "DENY"
    assert "SANDBOX — не справжній eHealth" in response.text
    keys = (await registry.get("/sandbox/signer/keys")).json()["data"]
    for key in keys:
        assert f'value="{key["key_id"]}"' in response.text
    assert f'action="{path.lstrip("/")}"' in response.text


@pytest.mark.parametrize(
    "overrides",
    [
        {"client_id": "no-such-client"},
        {"client_id": ""},
        {"redirect_uri": "https://attacker.example/callback"},
        {"redirect_uri": REDIRECT_URI + "/extra"},
        {"redirect_uri": ""},
        {"scope": "person:sign_in admin:everything"},
        {"scope": ""},
        {"state": "s" * 5000},
    ],
    ids=lambda o: next(iter(o)) + "=" + next(iter(o.values()))[:30],
)
async def test_bad_authorization_request_ends_on_an_error_page_never_a_redirect(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, overrides: dict[str, str]
) -> None:
    params = _authorize_params(registry_settings, **overrides)

    page = await registry.get("/sign-in", params=params)
    posted = await registry.post("/sign-in", data=_sign_in_form(registry_settings, **overrides))

    for response in (page, posted):
        assert response.status_code == 400
        assert "location" not in response.headers
        assert "Не вдалося почати вхід" in response.text


async def test_page_without_any_parameters_is_an_error_page(registry: httpx.AsyncClient) -> None:
    response = await registry.get("/sign-in")

    assert response.status_code == 400
    assert "не зареєстрований" in response.text


# --- signing in --------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["plain", "a&b=c d/é?x#y", "ключ=значення&amp;", " "])
async def test_state_comes_back_exactly(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, state: str
) -> None:
    response = await registry.post("/sign-in", data=_sign_in_form(registry_settings, state=state))

    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    query = parse_qs(location.query, keep_blank_values=True)
    assert query["state"] == [state]
    assert len(query["code"][0]) >= 32


async def test_sign_up_of_an_existing_person_signs_them_in(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    person = person_of(ADULT)
    response = await registry.post("/sign-up", data=_sign_in_form(registry_settings))
    code = parse_qs(urlsplit(response.headers["location"]).query)["code"][0]

    exchanged = await registry.post("/oauth/tokens", json=_exchange_body(registry_settings, code))

    assert exchanged.status_code == 201
    assert exchanged.json()["data"]["user_id"] == person.person_id


async def test_wrong_password_shows_the_page_again_with_the_key_kept(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    person = person_of(ADULT)
    response = await registry.post("/sign-in", data=_sign_in_form(registry_settings, password="not-the-password"))

    assert response.status_code == 422
    assert "location" not in response.headers
    assert "Пароль не підходить до цього ключа" in response.text
    assert re.search(rf'value="{re.escape(person.key_id)}"\s+selected', response.text)
    assert 'name="state" value="state-xyz"' in response.text


async def test_unknown_key_asks_to_choose_one(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    response = await registry.post("/sign-in", data=_sign_in_form(registry_settings, key_id="no-such-key"))

    assert response.status_code == 422
    assert "Оберіть, будь ласка, свій ключ" in response.text


async def test_repeated_wrong_passwords_lock_the_key_until_the_window_passes(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    limits = PasswordAttemptSettings()
    for _ in range(limits.max_failures):
        wrong = await registry.post("/sign-in", data=_sign_in_form(registry_settings, password="wrong"))
        assert wrong.status_code == 422

    locked = await registry.post("/sign-in", data=_sign_in_form(registry_settings))
    assert locked.status_code == 429
    assert "Забагато невдалих спроб" in locked.text
    assert "location" not in locked.headers

    other = await registry.post("/sign-in", data=_sign_in_form(registry_settings, slug="adult_without_declaration"))
    assert other.status_code == 302, "a lock is per key"

    await _advance(registry, limits.window_seconds)
    unlocked = await registry.post("/sign-in", data=_sign_in_form(registry_settings))
    assert unlocked.status_code == 302


@pytest.mark.parametrize("path", ["/sign-in", "/sign-up"])
async def test_a_child_under_14_gets_no_code_and_is_told_why(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, path: str
) -> None:
    # DOMAIN §1: under 14 there is no own access; a parent or confidant acts for the child. eHealth signs
    # the person in on its own page, so that is where a child stops: no code, no approval, no token.
    child = person_of(CHILD)

    response = await registry.post(path, data=_sign_in_form(registry_settings, slug=CHILD))

    assert response.status_code == 403, response.text
    assert "location" not in response.headers
    assert "з 14 років" in response.text and "батьків" in response.text
    async with registry.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        codes = (await session.scalars(select(AuthCode).where(AuthCode.person_id == child.person_id))).all()
        approvals = (await session.scalars(select(Approval).where(Approval.person_id == child.person_id))).all()
    assert codes == []
    assert registry_settings.pis_client_id not in {a.client_id for a in approvals}


async def test_a_code_of_a_child_under_14_is_not_exchanged_for_a_token(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    # However a code came about (one left from before this rule), the token endpoint issues no token to a child.
    child = person_of(CHILD)
    app = registry.app  # type: ignore[attr-defined]
    async with app.state.sessionmaker() as session:
        client = await session.get(Client, registry_settings.pis_client_id)
        assert client is not None
        now = app.state.clock.now()
        await grant_approval(session, person_id=child.person_id, client=client, scope=FULL_SCOPE, now=now)
        code = issue_code(
            session,
            client_id=client.id,
            person_id=child.person_id,
            redirect_uri=REDIRECT_URI,
            scope=FULL_SCOPE,
            now=now,
            settings=registry_settings,
        )
        await session.commit()

    response = await registry.post("/oauth/tokens", json=_exchange_body(registry_settings, code))

    assert response.status_code == 403, response.text
    error = _error(response)
    assert error["type"] == "forbidden" and "under 14" in error["message"]


async def test_signing_in_records_the_approval_for_the_client(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await sign_in(registry, person_of("adult_without_declaration"), settings=registry_settings)

    apps = (await registry.get("/api/pis/apps", headers=signed_in.headers)).json()["data"]

    async with registry.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        client = await session.get(Client, registry_settings.pis_client_id)
    ours = [app for app in apps if app["client_id"] == registry_settings.pis_client_id]
    assert len(ours) == 1
    assert ours[0]["client_name"] == client.name
    assert ours[0]["scope"] == FULL_SCOPE
    assert ours[0]["user_id"] == signed_in.person_id


# --- the code exchange ---------------------------------------------------------------------------


async def test_code_exchange_answers_with_an_access_token(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    person = person_of(ADULT)
    code = await _code(registry, registry_settings)
    now = registry.app.state.clock.now()  # type: ignore[attr-defined]

    response = await registry.post("/oauth/tokens", json=_exchange_body(registry_settings, code))

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["user_id"] == person.person_id
    assert data["value"] and data["details"]["refresh_token"] and data["value"] != data["details"]["refresh_token"]
    assert data["details"]["scope"] == FULL_SCOPE
    assert data["details"]["grant_type"] == "authorization_code"
    assert data["details"]["redirect_uri"] == REDIRECT_URI
    expected_expiry = calendar.timegm((now + timedelta(seconds=registry_settings.access_token_ttl_seconds)).timetuple())
    assert abs(data["expires_at"] - expected_expiry) <= 5
    person_response = await registry.get("/api/pis/person", headers=_headers(registry_settings, data["value"]))
    assert person_response.status_code == 200


async def test_exchange_may_narrow_the_scope_but_not_widen_it(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    narrow_code = await _code(registry, registry_settings, scope=f"{SIGN_IN} {DECLARATION_READ}")
    widened = await registry.post(
        "/oauth/tokens", json=_exchange_body(registry_settings, narrow_code, scope=f"{SIGN_IN} {APP_READ}")
    )
    assert widened.status_code == 422
    assert _error(widened)["invalid"][0]["entry"] == "$.token.scope"

    code = await _code(registry, registry_settings)
    narrowed = await registry.post("/oauth/tokens", json=_exchange_body(registry_settings, code, scope=SIGN_IN))
    assert narrowed.status_code == 201
    assert narrowed.json()["data"]["details"]["scope"] == SIGN_IN


async def test_reused_code_is_refused_and_revokes_what_it_issued(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    code = await _code(registry, registry_settings)
    first = (await registry.post("/oauth/tokens", json=_exchange_body(registry_settings, code))).json()["data"]

    replay = await registry.post("/oauth/tokens", json=_exchange_body(registry_settings, code))

    assert replay.status_code == 401
    assert _error(replay)["type"] == "access_denied"
    revoked = await registry.get("/api/pis/person", headers=_headers(registry_settings, first["value"]))
    assert revoked.status_code == 401
    refresh = await registry.post(
        "/oauth/tokens", json=_refresh_body(registry_settings, first["details"]["refresh_token"])
    )
    assert refresh.status_code == 401


async def test_expired_code_is_refused(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    code = await _code(registry, registry_settings)
    await _advance(registry, registry_settings.auth_code_ttl_seconds + 1)

    response = await registry.post("/oauth/tokens", json=_exchange_body(registry_settings, code))

    assert response.status_code == 401
    assert _error(response) == {"type": "access_denied", "message": "Token expired."}


async def test_code_is_bound_to_its_redirect_uri(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    code = await _code(registry, registry_settings)

    wrong = await registry.post(
        "/oauth/tokens", json=_exchange_body(registry_settings, code, redirect_uri="https://elsewhere.example/cb")
    )
    assert wrong.status_code == 401
    assert _error(wrong)["type"] == "access_denied"

    # The refused attempt did not spend the code.
    right = await registry.post("/oauth/tokens", json=_exchange_body(registry_settings, code))
    assert right.status_code == 201


@pytest.mark.parametrize(
    "overrides",
    [{"client_secret": "wrong-secret"}, {"client_id": "no-such-client"}],
    ids=["wrong secret", "unknown client"],
)
async def test_wrong_client_credentials_are_refused(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, overrides: dict[str, str]
) -> None:
    code = await _code(registry, registry_settings)

    response = await registry.post("/oauth/tokens", json=_exchange_body(registry_settings, code, **overrides))

    assert response.status_code == 401
    assert _error(response) == {"type": "access_denied", "message": "Invalid client id or secret."}


async def test_unknown_code_is_refused(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    response = await registry.post("/oauth/tokens", json=_exchange_body(registry_settings, "made-up-code"))

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("token", "entry"),
    [
        ({"grant_type": "authorization_code", "redirect_uri": REDIRECT_URI}, "$.token.code"),
        ({"grant_type": "authorization_code", "code": "x"}, "$.token.redirect_uri"),
        ({"grant_type": "refresh_token"}, "$.token.refresh_token"),
        ({"grant_type": "password", "code": "x", "redirect_uri": REDIRECT_URI}, "$.token.grant_type"),
    ],
)
async def test_malformed_token_request_is_a_validation_error(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, token: dict[str, str], entry: str
) -> None:
    body = {"token": {"client_id": registry_settings.pis_client_id, "client_secret": "x", **token}}
    if token["grant_type"] != "password":
        body["token"]["client_secret"] = registry_settings.pis_client_secret

    response = await registry.post("/oauth/tokens", json=body)

    assert response.status_code == 422
    assert entry in [item["entry"] for item in _error(response)["invalid"]]


@pytest.mark.parametrize("body", [None, [], {"token": "x"}, {"token": {}}, {"nothing": 1}])
async def test_nonsense_body_is_a_validation_error(registry: httpx.AsyncClient, body: object) -> None:
    response = await registry.post("/oauth/tokens", json=body)

    assert response.status_code == 422
    assert _error(response)["type"] == "validation_failed"


async def test_exchange_after_the_person_revoked_the_approval_is_refused(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    person = person_of(ADULT)
    code = await _code(registry, registry_settings)
    async with registry.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        approval = await session.scalar(
            select(Approval).where(
                Approval.person_id == person.person_id, Approval.client_id == registry_settings.pis_client_id
            )
        )
        await session.delete(approval)
        await session.commit()

    response = await registry.post("/oauth/tokens", json=_exchange_body(registry_settings, code))

    assert response.status_code == 401
    assert "revoked" in _error(response)["message"]


# --- refresh ---------------------------------------------------------------------------------------


async def test_refresh_rotates_the_refresh_token(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await sign_in(registry, person_of(ADULT), settings=registry_settings)

    refreshed = await registry.post("/oauth/tokens", json=_refresh_body(registry_settings, signed_in.refresh_token))

    assert refreshed.status_code == 201
    data = refreshed.json()["data"]
    assert data["user_id"] == signed_in.person_id
    assert data["details"]["grant_type"] == "refresh_token"
    assert data["details"]["scope"] == FULL_SCOPE
    assert data["value"] != signed_in.access_token
    assert data["details"]["refresh_token"] != signed_in.refresh_token
    new_access = await registry.get("/api/pis/person", headers=_headers(registry_settings, data["value"]))
    assert new_access.status_code == 200

    old_refresh = await registry.post("/oauth/tokens", json=_refresh_body(registry_settings, signed_in.refresh_token))
    assert old_refresh.status_code == 401

    again = await registry.post(
        "/oauth/tokens", json=_refresh_body(registry_settings, data["details"]["refresh_token"])
    )
    assert again.status_code == 201


async def test_refresh_needs_the_same_client_and_a_refresh_token(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await sign_in(registry, person_of(ADULT), settings=registry_settings)

    access_as_refresh = await registry.post(
        "/oauth/tokens", json=_refresh_body(registry_settings, signed_in.access_token)
    )
    wrong_secret = _refresh_body(registry_settings, signed_in.refresh_token)
    wrong_secret["token"]["client_secret"] = "nope"
    with_wrong_secret = await registry.post("/oauth/tokens", json=wrong_secret)

    assert access_as_refresh.status_code == 401
    assert with_wrong_secret.status_code == 401
    still_good = await registry.post("/oauth/tokens", json=_refresh_body(registry_settings, signed_in.refresh_token))
    assert still_good.status_code == 201


async def test_expired_refresh_token_is_refused(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await sign_in(registry, person_of(ADULT), settings=registry_settings)
    await _advance(registry, timedelta(days=registry_settings.refresh_token_ttl_days).total_seconds() + 1)

    response = await registry.post("/oauth/tokens", json=_refresh_body(registry_settings, signed_in.refresh_token))

    assert response.status_code == 401
    assert _error(response)["message"] == "Token expired."


# --- using tokens ----------------------------------------------------------------------------------


async def test_access_token_expires_with_the_sandbox_clock(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await sign_in(registry, person_of(ADULT), settings=registry_settings)
    assert (await registry.get("/api/pis/person", headers=signed_in.headers)).status_code == 200

    await _advance(registry, registry_settings.access_token_ttl_seconds)

    response = await registry.get("/api/pis/person", headers=signed_in.headers)
    assert response.status_code == 401
    assert _error(response)["type"] == "access_denied"


async def test_api_calls_need_a_token_and_the_api_key_of_its_client(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await sign_in(registry, person_of(ADULT), settings=registry_settings)
    async with registry.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        other = await session.scalar(select(Client).where(Client.id != registry_settings.pis_client_id).limit(1))
    assert other is not None, "the seed registers other cabinets"

    cases = {
        "no token": {"api-key": registry_settings.pis_client_secret},
        "no api-key": {"Authorization": f"Bearer {signed_in.access_token}"},
        "unknown api-key": {**signed_in.headers, "api-key": "unknown"},
        "another client's api-key": {**signed_in.headers, "api-key": other.secret},
        "made-up token": {**signed_in.headers, "Authorization": "Bearer made-up"},
        "not a bearer": {**signed_in.headers, "Authorization": f"Basic {signed_in.access_token}"},
        "refresh token as bearer": {**signed_in.headers, "Authorization": f"Bearer {signed_in.refresh_token}"},
    }
    for name, headers in cases.items():
        response = await registry.get("/api/pis/person", headers=headers)
        assert response.status_code == 401, name
        assert _error(response)["type"] == "access_denied", name


async def test_a_scope_the_token_lacks_is_forbidden(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await sign_in(registry, person_of(ADULT), settings=registry_settings, scope=SIGN_IN)

    allowed = await registry.get("/api/pis/person", headers=signed_in.headers)
    refused = await registry.get("/api/pis/apps", headers=signed_in.headers)

    assert allowed.status_code == 200
    assert refused.status_code == 403
    assert _error(refused)["type"] == "forbidden"


async def test_reading_the_person_needs_person_sign_in_as_the_blueprint_says(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    # ehealth-pis.apib, "Get Person Details": Scope person:sign_in. No other scope stands in for it.
    without = await sign_in(registry, person_of(ADULT), settings=registry_settings, scope=" ".join(PIS_SCOPES))

    refused = await registry.get("/api/pis/person", headers=without.headers)

    assert refused.status_code == 403
    assert "person:sign_in" in _error(refused)["message"]


async def test_the_token_endpoint_and_logout_check_the_pre_shared_key(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    # ehealth-pis.apib shows X-Custom-PSK on POST /oauth/tokens and POST /auth/logout.
    code = await _code(registry, registry_settings)
    body = _exchange_body(registry_settings, code)
    missing = await registry.post("/oauth/tokens", json=body, headers={"X-Custom-PSK": ""})
    wrong = await registry.post("/oauth/tokens", json=body, headers={"X-Custom-PSK": "not-the-key"})
    assert (missing.status_code, wrong.status_code) == (401, 401)
    assert _error(missing)["message"] == "Missing header X-Custom-PSK"
    exchanged = await registry.post("/oauth/tokens", json=body)
    assert exchanged.status_code == 201  # the code was not spent by the refused attempts

    bearer = {"Authorization": f"Bearer {exchanged.json()['data']['value']}"}
    assert (await registry.post("/auth/logout", headers={**bearer, "X-Custom-PSK": "nope"})).status_code == 401
    # As the Blueprint shows it: Authorization and X-Custom-PSK, no api-key.
    assert (await registry.post("/auth/logout", headers=bearer)).status_code == 200


async def test_logout_revokes_only_this_session(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    person = person_of(ADULT)
    first = await sign_in(registry, person, settings=registry_settings)
    second = await sign_in(registry, person, settings=registry_settings)

    response = await registry.post("/auth/logout", headers=first.headers)

    assert response.status_code == 200
    assert (await registry.get("/api/pis/person", headers=first.headers)).status_code == 401
    assert (await registry.get("/api/pis/person", headers=second.headers)).status_code == 200
    assert (await registry.post("/auth/logout", headers=first.headers)).status_code == 401
