"""The medical record end to end against the registry sandbox's own seeded records (docs/test-persons.md):
Olena's diagnoses, allergies, HbA1c trend and referrals; Maksym's (16, read-only) vaccination calendar; Andrii's
sparse record; and no one reads another's."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from backend.registry.ehealth import EHealthRegistry
from backend.registry.settings import PIS_SCOPES, RECORD_SCOPES, EHealthSettings
from tests.backend.app.conftest import REGISTRY_URL, Cabinet, person

OLENA = person("adult_with_declaration")
MAKSYM = person("teen_16_read_only")
ANDRII = person("adult_without_declaration")
HBA1C = "4548-4"


@pytest.fixture
async def adapter(registry_transport: httpx.ASGITransport) -> AsyncIterator[EHealthRegistry]:
    # The record's scopes are not asked for by default yet (no medical record in the bot): asked for here.
    scope = " ".join((*PIS_SCOPES, *RECORD_SCOPES))
    settings = EHealthSettings(api_url=REGISTRY_URL, auth_url=REGISTRY_URL, scope=scope, _env_file=None)
    async with EHealthRegistry(settings, transport=registry_transport) as registry:
        yield registry


async def test_olenas_overview(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(7301, OLENA)

    answer = await api.get("/v1/users/7301/record")

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert sorted(d["code"]["code"] for d in body["diagnoses"]) == ["E11.9", "I10"]
    assert sorted((a["category"], a["criticality"]) for a in body["allergies"]) == [
        ("environment", "low"),
        ("medication", "high"),
    ]
    assert body["last_visit"] is not None
    latest = {o["code"]["code"]: o for o in body["latest_results"]}
    assert len(latest) == len(body["latest_results"])  # one per measure
    assert (latest[HBA1C]["value_number"], latest[HBA1C]["mark"]) == (6.9, "HIGH")
    assert len(body["open_referrals"]) == 3 and all(r["is_open"] for r in body["open_referrals"])


async def test_olenas_hba1c_over_time_newest_first(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(7302, OLENA)

    series = (await api.get("/v1/users/7302/record/observations", params={"code": HBA1C, "page_size": 50})).json()

    assert [o["value_number"] for o in series["items"]] == [6.9, 7.0, 7.2, 7.3, 7.5, 7.7, 7.9, 8.1]
    taken = [o["taken_at"] for o in series["items"]]
    assert taken == sorted(taken, reverse=True)
    assert {o["mark"] for o in series["items"]} == {"HIGH"} and series["total_entries"] == 8
    one = await api.get(f"/v1/users/7302/record/observations/{series['items'][0]['id']}")
    assert one.status_code == 200 and one.json()["unit"] == "%"


async def test_olenas_referrals(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(7303, OLENA)

    everything = (await api.get("/v1/users/7303/record/referrals", params={"page_size": 50})).json()
    active = (await api.get("/v1/users/7303/record/referrals", params={"status": "active"})).json()

    assert sorted(r["status"] for r in everything["items"]) == [
        "active",
        "active",
        "active",
        "completed",
        "completed",
        "recalled",
    ]
    assert len(active["items"]) == 3 and all(r["is_open"] for r in active["items"])
    one = await api.get(f"/v1/users/7303/record/referrals/{active['items'][0]['id']}")
    assert one.status_code == 200 and one.json()["requisition"] == active["items"][0]["requisition"]


async def test_a_read_only_teens_vaccination_calendar(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(7304, MAKSYM)

    shots = (await api.get("/v1/users/7304/record/immunizations", params={"page_size": 50})).json()

    assert shots["total_entries"] == 21 and len(shots["items"]) == 21
    assert all(s["dose_number"] and s["lot_number"] for s in shots["items"])
    one = await api.get(f"/v1/users/7304/record/immunizations/{shots['items'][0]['id']}")
    assert one.status_code == 200


async def test_a_sparse_record_and_no_one_reads_anothers(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(7305, ANDRII)
    await cabinet.sign_in(7306, OLENA)
    olenas = (await api.get("/v1/users/7306/record/referrals", params={"status": "active"})).json()["items"][0]

    overview = (await api.get("/v1/users/7305/record")).json()
    refused = await api.get(f"/v1/users/7305/record/referrals/{olenas['id']}")

    assert overview["open_referrals"] == [] and overview["allergies"] == []
    assert len((await api.get("/v1/users/7305/record/immunizations")).json()["items"]) == 1
    assert refused.status_code == 404 and olenas["requisition"] not in refused.text


def test_sign_in_asks_for_the_record_the_bot_shows() -> None:
    asked = EHealthSettings(_env_file=None).scope.split()
    assert set(RECORD_SCOPES) <= set(asked)
    assert {"medication_request:read", "medication_dispense:read"} <= set(asked)
