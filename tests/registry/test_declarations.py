"""PIS declarations over HTTP: the person's list, details, and ending a declaration."""

from __future__ import annotations

import uuid

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.models import Declaration
from sandbox.registry.core.scopes import DECLARATION_READ, SIGN_IN
from sandbox.registry.rules.numbers import is_declaration_number
from tests.registry.conftest import test_person as person_of
from tests.registry.test_declaration_requests import (
    ADULT,
    ADULT_FREE,
    CHILD,
    TEEN_CAPABLE,
    TEEN_READ_ONLY,
    db,
    person_declarations,
    pick_doctor,
    signed_declaration,
    signed_in,
)

URL = "/api/pis/declarations"


async def _current(registry: httpx.AsyncClient, slug: str) -> Declaration:
    holding = [d for d in await person_declarations(registry, slug) if d.status in ("active", "pending_verification")]
    assert len(holding) == 1, "the seed gives this person exactly one current declaration"
    return holding[0]


async def test_list_shows_only_the_persons_own_declarations(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    own = {d.id for d in await person_declarations(registry, ADULT)}
    response = await registry.get(URL, headers=session.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert {item["id"] for item in body["data"]} == own
    assert body["paging"]["total_entries"] == len(own)
    item = body["data"][0]
    assert item["person"]["id"] == session.person_id
    assert is_declaration_number(item["declaration_number"])
    assert item["employee"]["party"]["last_name"] and item["employee"]["position"]
    assert item["division"]["name"] and item["division"]["addresses"] and item["division"]["phones"]
    assert item["legal_entity"]["name"] and item["legal_entity"]["edrpou"]
    assert item["inserted_at"].endswith("Z")

    nobody = await signed_in(registry, registry_settings, ADULT_FREE)
    assert (await registry.get(URL, headers=nobody.headers)).json()["data"] == []


async def test_list_filters_by_status_and_dates(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    await signed_declaration(registry, registry_settings, ADULT, await pick_doctor(registry, "THERAPIST"))
    session = await signed_in(registry, registry_settings, ADULT)
    today = registry.app.state.clock.today().isoformat()  # type: ignore[attr-defined]

    active = (await registry.get(URL, params={"status": "active"}, headers=session.headers)).json()["data"]
    terminated = (await registry.get(URL, params={"status": "terminated"}, headers=session.headers)).json()["data"]
    assert len(active) == 1 and active[0]["start_date"] == today
    assert terminated and all(item["status"] == "terminated" for item in terminated)
    started_today = (await registry.get(URL, params={"start_date_from": today}, headers=session.headers)).json()
    assert [item["id"] for item in started_today["data"]] == [active[0]["id"]]


async def test_list_rejects_bad_paging_and_filters(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    for params in ({"page_size": 0}, {"page_size": 301}, {"page": 0}, {"page": "x"}, {"status": "open"}):
        response = await registry.get(URL, params=params, headers=session.headers)
        assert response.status_code == 422, params
        entry = response.json()["error"]["invalid"][0]
        assert entry["entry_type"] == "query_param" and entry["entry"] == f"$.{next(iter(params))}"
    assert (await registry.get(URL, params={"page_size": 300}, headers=session.headers)).status_code == 200


async def test_details_of_the_persons_declaration(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    declaration = await _current(registry, ADULT)
    session = await signed_in(registry, registry_settings, ADULT)
    response = await registry.get(f"{URL}/{declaration.id}", headers=session.headers)

    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["id"] == declaration.id and data["status"] == declaration.status
    assert data["person"]["id"] == session.person_id and data["person"]["tax_id"]
    assert data["employee"]["id"] == declaration.employee_id and data["employee"]["party"]["first_name"]
    assert data["division"]["id"] == declaration.division_id
    assert data["legal_entity"]["id"] == declaration.legal_entity_id and data["legal_entity"]["status"]
    assert declaration.declaration_number in data["content"]
    assert data["signed_at"].endswith("Z") and data["scope"] == "family_doctor"


async def test_a_signed_declaration_shows_the_text_the_patient_signed(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session, signed = await signed_declaration(
        registry, registry_settings, ADULT_FREE, await pick_doctor(registry, "FAMILY_DOCTOR")
    )
    data = (await registry.get(f"{URL}/{signed['declaration_id']}", headers=session.headers)).json()["data"]
    assert data["content"] == signed["data_to_be_signed"]["content"]
    assert data["declaration_request_id"] == signed["id"]


async def test_another_persons_declaration_is_forbidden_and_unknown_ones_are_not_found(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    theirs = await _current(registry, ADULT)
    intruder = await signed_in(registry, registry_settings, ADULT_FREE)
    assert (await registry.get(f"{URL}/{theirs.id}", headers=intruder.headers)).status_code == 403
    terminate = await registry.patch(f"{URL}/{theirs.id}/actions/terminate", json={}, headers=intruder.headers)
    assert terminate.status_code == 403
    assert (await _current(registry, ADULT)).id == theirs.id
    for missing in (str(uuid.uuid4()), "nope", "1" * 300):
        response = await registry.get(f"{URL}/{missing}", headers=intruder.headers)
        assert response.status_code == 404 and response.json()["error"]["type"] == "not_found"


async def test_reading_needs_a_token_and_the_scope(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    assert (await registry.get(URL)).status_code == 401
    assert (await registry.get(URL, headers={"api-key": registry_settings.pis_client_secret})).status_code == 401
    session = await signed_in(registry, registry_settings, ADULT)
    assert (await registry.get(URL, headers={**session.headers, "Authorization": "Bearer nope"})).status_code == 401
    reader = await signed_in(registry, registry_settings, ADULT, scope=f"{SIGN_IN} {DECLARATION_READ}")
    assert (await registry.get(URL, headers=reader.headers)).status_code == 200
    declaration = await _current(registry, ADULT)
    refused = await registry.patch(f"{URL}/{declaration.id}/actions/terminate", json={}, headers=reader.headers)
    assert refused.status_code == 403 and "declaration:terminate_pis" in refused.json()["error"]["message"]


async def test_terminate_ends_an_active_declaration_once(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    declaration = await _current(registry, ADULT)
    session = await signed_in(registry, registry_settings, ADULT)
    url = f"{URL}/{declaration.id}/actions/terminate"

    response = await registry.patch(url, json={"reason_description": "Переїхала"}, headers=session.headers)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["status"] == "terminated" and data["reason"] == "manual_person"
    assert data["reason_description"] == "Переїхала"
    async with db(registry) as db_session:
        stored = await db_session.get(Declaration, declaration.id)
        assert stored is not None and stored.status == "terminated"

    again = await registry.patch(url, headers=session.headers)
    assert again.status_code == 409 and again.json()["error"]["type"] == "request_conflict"
    too_long = await registry.patch(url, json={"reason_description": "x" * 3001}, headers=session.headers)
    assert too_long.status_code == 422


async def _give_declaration(registry: httpx.AsyncClient, slug: str) -> str:
    """Arrange: a copy of the adult's current declaration, held by `slug` (the seed gives them none)."""
    model = await _current(registry, ADULT)
    async with db(registry) as session:
        copy = Declaration(
            id=str(uuid.uuid4()),
            declaration_number=f"0000-0000-{len(slug):04d}",
            person_id=person_of(slug).person_id,
            employee_id=model.employee_id,
            division_id=model.division_id,
            legal_entity_id=model.legal_entity_id,
            status="active",
            signed_at=model.signed_at,
            start_date=model.start_date,
            created_at=model.created_at,
            updated_at=model.updated_at,
        )
        session.add(copy)
        await session.commit()
        return copy.id


async def test_read_only_teens_see_but_cannot_end_children_neither(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    for slug, may_read in ((TEEN_READ_ONLY, True), (CHILD, False)):
        declaration_id = await _give_declaration(registry, slug)
        session = await signed_in(registry, registry_settings, slug)
        listed = await registry.get(URL, headers=session.headers)
        assert listed.status_code == (200 if may_read else 403), slug
        refused = await registry.patch(f"{URL}/{declaration_id}/actions/terminate", headers=session.headers)
        assert refused.status_code == 403 and refused.json()["error"]["type"] == "forbidden", slug
        async with db(registry) as db_session:
            stored = await db_session.get(Declaration, declaration_id)
            assert stored is not None and stored.status == "active"


async def test_a_capable_teen_may_end_their_declaration(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    declaration = await _current(registry, TEEN_CAPABLE)
    session = await signed_in(registry, registry_settings, TEEN_CAPABLE)
    response = await registry.patch(f"{URL}/{declaration.id}/actions/terminate", headers=session.headers)
    assert response.status_code == 200, response.text


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays deterministic
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["status", "start_date_from", "start_date_to", "end_date_from", "end_date_to", "page", "page_size", "x"]
        ),
        st.one_of(
            st.text(max_size=30), st.integers(min_value=-(10**20), max_value=10**20).map(str), st.dates().map(str)
        ),
        max_size=5,
    )
)
async def test_arbitrary_query_parameters_never_break_the_list(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, params: dict[str, str]
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    for url in (URL, "/api/pis/declaration_requests"):
        response = await registry.get(url, params=params, headers=session.headers)
        assert response.status_code in (200, 422), response.text
