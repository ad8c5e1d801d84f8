"""The medical record: the overview (five registry calls), each section's list and item, one measure's series
(newest first), referrals (open or not), and isolation between patients; not linked, registry failures, a
session without the permission, a read-only teen, the audit, no caching.

The registry's summary and service-request calls are scripted per person in front of the sandbox
(`scripted_record`); sign-in and everything else is the sandbox's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from backend.models import AuditEntry
from backend.registry.ehealth import EHealthRegistry
from backend.registry.settings import EHealthSettings
from backend.services.container import Services
from bot.api_client import BackendClient, BackendError
from tests.backend.app.conftest import BACKEND_URL, REGISTRY_URL, SERVICE_TOKEN, Cabinet, person
from tests.backend.app.scripted_record import (
    ScriptedRecord,
    allergy,
    condition,
    diagnosis,
    diagnostic_report,
    encounter,
    episode,
    immunization,
    observation,
    procedure,
    referral,
)

OLENA = person("adult_with_declaration")
PETRO = person("adult_without_declaration")
GLUCOSE, SYSTOLIC = "2339-0", "8480-6"


def day(month: int, d: int, year: int = 2026) -> datetime:
    return datetime(year, month, d, 9, 0, tzinfo=UTC)


@pytest.fixture
def scripted(registry_transport: httpx.ASGITransport) -> ScriptedRecord:
    return ScriptedRecord(registry_transport)


@pytest.fixture
async def adapter(scripted: ScriptedRecord) -> AsyncIterator[EHealthRegistry]:
    settings = EHealthSettings(api_url=REGISTRY_URL, auth_url=REGISTRY_URL, _env_file=None)
    async with EHealthRegistry(settings, transport=scripted) as registry:
        yield registry


def ids(answer: httpx.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


def asked(scripted: ScriptedRecord) -> list[tuple[str, dict[str, str]]]:
    return [(call.url.path, dict(call.url.params)) for call in scripted.calls]


async def test_the_overview(cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord) -> None:
    scripted.give(OLENA.person_id, "allergy_intolerances", allergy(1), allergy(2, clinical_status="resolved"))
    scripted.give(OLENA.person_id, "diagnoses", diagnosis(1, "E11"), diagnosis(2, "I10"))
    older_visit, last_visit = scripted.give(
        OLENA.person_id, "encounters", encounter(1, day(3, 1)), encounter(2, day(11, 20))
    )
    old_glucose, new_glucose, pressure, wrong = scripted.give(
        OLENA.person_id,
        "observations",
        observation(1, GLUCOSE, 5.1, at=day(6, 1)),
        observation(2, GLUCOSE, 7.2, at=day(11, 1)),
        observation(3, SYSTOLIC, 118, "mm[Hg]", at=day(10, 1), low=90, high=130),
        observation(4, SYSTOLIC, 200, "mm[Hg]", at=day(11, 30), status="entered_in_error"),
    )
    open_one, _expired = scripted.give(
        OLENA.person_id,
        "service_requests",
        referral(1),
        referral(2, expires=day(6, 1)),
    )
    await cabinet.sign_in(7201, OLENA)
    scripted.calls.clear()

    answer = await api.get("/v1/users/7201/record")

    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "private, no-store"
    body = answer.json()
    assert [a["id"] for a in body["allergies"]] == [allergy(1)["id"]]
    assert [d["code"]["code"] for d in body["diagnoses"]] == ["E11", "I10"]
    assert body["last_visit"]["id"] == last_visit["id"] != older_visit["id"]
    latest = body["latest_results"]
    assert [o["id"] for o in latest] == [new_glucose["id"], pressure["id"]]  # one per measure, newest first
    assert (latest[0]["value_number"], latest[0]["unit"], latest[0]["mark"]) == (7.2, "mmol/L", "HIGH")
    assert latest[1]["mark"] == "NORMAL"
    assert [r["id"] for r in body["open_referrals"]] == [open_one["id"]]
    assert body["open_referrals"][0]["is_open"] is True
    assert old_glucose["id"] not in answer.text and wrong["id"] not in answer.text
    # Five registry calls, each for the person's own id, the registry's largest page.
    own = f"/api/patients/{OLENA.person_id}"
    assert sorted(asked(scripted)) == sorted(
        [
            (f"{own}/summary/allergy_intolerances", {"page": "1", "page_size": "100"}),
            (f"{own}/summary/diagnoses", {"page": "1", "page_size": "100"}),
            (f"{own}/summary/encounters", {"page": "1", "page_size": "100"}),
            (f"{own}/summary/observations", {"page": "1", "page_size": "100"}),
            (f"{own}/service_requests", {"status": "active", "page": "1", "page_size": "100"}),
        ]
    )


async def test_an_empty_record(cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord) -> None:
    await cabinet.sign_in(7202, OLENA)

    body = (await api.get("/v1/users/7202/record")).json()

    assert body == {"allergies": [], "diagnoses": [], "last_visit": None, "latest_results": [], "open_referrals": []}


SECTIONS = [
    ("diagnoses", "diagnoses", lambda n: diagnosis(n), False),
    ("conditions", "conditions", lambda n: condition(n), True),
    ("observations", "observations", lambda n: observation(n), True),
    ("diagnostic-reports", "diagnostic_reports", lambda n: diagnostic_report(n), True),
    ("immunizations", "immunizations", lambda n: immunization(n), True),
    ("allergies", "allergy_intolerances", lambda n: allergy(n), True),
    ("encounters", "encounters", lambda n: encounter(n), True),
    ("episodes", "episodes", lambda n: episode(n), False),
    ("procedures", "procedures", lambda n: procedure(n), False),
    ("referrals", "service_requests", lambda n: referral(n), True),
]


@pytest.mark.parametrize(("path", "kind", "build", "has_item"), SECTIONS, ids=[s[0] for s in SECTIONS])
async def test_each_section_lists_and_pages_and_shows_one(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord, path: str, kind: str, build, has_item: bool
) -> None:
    given = scripted.give(OLENA.person_id, kind, *(build(n) for n in range(1, 4)))
    await cabinet.sign_in(7203, OLENA)
    scripted.calls.clear()

    first = await api.get(f"/v1/users/7203/record/{path}", params={"page_size": 2})
    second = await api.get(f"/v1/users/7203/record/{path}", params={"page": 2, "page_size": 2})

    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["page"], body["page_size"], body["total_entries"], body["total_pages"]) == (1, 2, 3, 2)
    assert len(body["items"]) == 2 and len(second.json()["items"]) == 1
    assert [call.url.params["page_size"] for call in scripted.calls] == ["2", "2"]
    assert all(call.url.path.startswith(f"/api/patients/{OLENA.person_id}/") for call in scripted.calls)
    if has_item:
        one = await api.get(f"/v1/users/7203/record/{path}/{given[1]['id']}")
        assert one.status_code == 200, one.text
        assert one.json()["id"] == given[1]["id"]
        assert one.headers["cache-control"] == "private, no-store"
        missing = await api.get(f"/v1/users/7203/record/{path}/no-such-item")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


async def test_the_items_keep_the_registrys_words_and_codes(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord
) -> None:
    (shot,) = scripted.give(OLENA.person_id, "immunizations", immunization(1, "MMR", lot="LOT-42"))
    (cond,) = scripted.give(OLENA.person_id, "conditions", condition(1, "E11"))
    (ref,) = scripted.give(OLENA.person_id, "service_requests", referral(1))
    await cabinet.sign_in(7204, OLENA)

    vaccination = (await api.get(f"/v1/users/7204/record/immunizations/{shot['id']}")).json()
    found = (await api.get(f"/v1/users/7204/record/conditions/{cond['id']}")).json()
    referred = (await api.get(f"/v1/users/7204/record/referrals/{ref['id']}")).json()

    assert vaccination["vaccine"] == {"code": "MMR", "system": "eHealth/vaccine_codes", "text": None}
    assert (vaccination["lot_number"], vaccination["dose_number"], vaccination["route"]) == ("LOT-42", 1, "IM")
    assert found["code"]["code"] == "E11" and found["asserter"]["display"] == "Галина Олександрівна"
    assert (referred["requisition"], referred["status"], referred["is_open"]) == (ref["requisition"], "active", True)
    assert referred["performer"]["display"] == "Опанасенко Олексій Володимирович"


async def test_one_measure_over_time_newest_first(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord
) -> None:
    june, march, november, _other, _wrong = scripted.give(
        OLENA.person_id,
        "observations",
        observation(1, GLUCOSE, 5.1, at=day(6, 1)),
        observation(2, GLUCOSE, 3.2, at=day(3, 1)),
        observation(3, GLUCOSE, 6.0, at=day(11, 1)),
        observation(4, SYSTOLIC, 120, at=day(12, 1)),
        observation(5, GLUCOSE, 9.9, at=day(12, 2), status="entered_in_error"),
    )
    await cabinet.sign_in(7205, OLENA)
    scripted.calls.clear()

    first = await api.get("/v1/users/7205/record/observations", params={"code": GLUCOSE, "page_size": 2})
    rest = await api.get("/v1/users/7205/record/observations", params={"code": GLUCOSE, "page": 2, "page_size": 2})

    assert ids(first) == [november["id"], june["id"]]
    assert ids(rest) == [march["id"]]
    assert [o["mark"] for o in first.json()["items"]] == ["HIGH", "NORMAL"] and rest.json()["items"][0]["mark"] == "LOW"
    assert first.json()["total_entries"] == 3
    assert asked(scripted)[0] == (
        f"/api/patients/{OLENA.person_id}/summary/observations",
        {"code": GLUCOSE, "page": "1", "page_size": "100"},
    )


async def test_referrals_by_status(cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord) -> None:
    active, done, expired = scripted.give(
        OLENA.person_id,
        "service_requests",
        referral(1),
        referral(2, status="completed"),
        referral(3, expires=day(1, 1)),
    )
    await cabinet.sign_in(7206, OLENA)

    everything = await api.get("/v1/users/7206/record/referrals")
    only_active = await api.get("/v1/users/7206/record/referrals", params={"status": "active"})

    assert ids(everything) == [active["id"], done["id"], expired["id"]]
    assert [r["is_open"] for r in everything.json()["items"]] == [True, False, False]
    assert ids(only_active) == [active["id"], expired["id"]]
    assert (await api.get("/v1/users/7206/record/referrals", params={"status": "open"})).status_code == 422


async def test_a_read_only_teen_reads_their_own_record(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord
) -> None:
    teen = person("teen_16_read_only")
    (shot,) = scripted.give(teen.person_id, "immunizations", immunization(1, "HPV"))
    await cabinet.sign_in(7207, teen)

    assert (await api.get("/v1/users/7207/record")).status_code == 200
    assert ids(await api.get("/v1/users/7207/record/immunizations")) == [shot["id"]]
    assert (await api.get(f"/v1/users/7207/record/immunizations/{shot['id']}")).status_code == 200


async def test_someone_elses_record_is_never_read(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord
) -> None:
    (olenas,) = scripted.give(OLENA.person_id, "observations", observation(1))
    (her_referral,) = scripted.give(OLENA.person_id, "service_requests", referral(1))
    await cabinet.sign_in(7208, OLENA)
    await cabinet.sign_in(7209, PETRO)
    scripted.calls.clear()

    assert ids(await api.get("/v1/users/7209/record/observations")) == []
    for path in (f"observations/{olenas['id']}", f"referrals/{her_referral['id']}"):
        response = await api.get(f"/v1/users/7209/record/{path}")
        assert response.status_code == 404, (path, response.text)
        assert her_referral["requisition"] not in response.text
    # Petro's token is only ever sent with Petro's own id.
    assert {call.url.path.split("/")[3] for call in scripted.calls} == {PETRO.person_id}
    assert (await api.get(f"/v1/users/7208/record/observations/{olenas['id']}")).status_code == 200


async def test_an_unlinked_or_unknown_telegram_user_is_refused(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord
) -> None:
    await cabinet.start(7210)  # consented, never signed in

    for tg in (7210, 7299):
        for path in ("", "/observations", "/observations?code=2339-0", "/referrals/x1", "/immunizations/x1"):
            response = await api.get(f"/v1/users/{tg}/record{path}")
            assert response.status_code == 409, (tg, path)
            assert response.json()["error"]["code"] == "not_linked"
    assert scripted.calls == []


@pytest.mark.parametrize("status", [500, 503])
async def test_a_registry_failure_is_the_standard_unavailable_answer(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord, status: int
) -> None:
    (ref,) = scripted.give(OLENA.person_id, "service_requests", referral(1))
    await cabinet.sign_in(7211, OLENA)
    scripted.fail_with = status

    for path in ("", "/observations", "/observations?code=2339-0", f"/referrals/{ref['id']}", "/referrals"):
        response = await api.get(f"/v1/users/7211/record{path}")
        assert response.status_code == 503, path
        assert response.json()["error"]["code"] == "registry_unavailable"


async def test_a_list_the_registry_does_not_find_is_a_registry_failure(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord
) -> None:
    await cabinet.sign_in(7212, OLENA)
    scripted.fail_with = 404  # eHealth's "Patient not found" for the person's own id

    assert (await api.get("/v1/users/7212/record/referrals")).status_code == 503
    assert (await api.get("/v1/users/7212/record/referrals/x1")).status_code == 404


async def test_a_session_that_does_not_allow_the_record_asks_for_a_new_sign_in(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord
) -> None:
    await cabinet.sign_in(7213, OLENA)
    scripted.fail_with = 403

    for path in ("", "/observations", "/referrals/x1"):
        response = await api.get(f"/v1/users/7213/record{path}")
        assert response.status_code == 403, path
        assert response.json()["error"]["code"] == "permission_needed"
    assert (await api.get("/v1/users/7213")).json()["linked"] is True


async def test_every_read_is_audited_by_section_and_id_only(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedRecord, services: Services
) -> None:
    (ref,) = scripted.give(OLENA.person_id, "service_requests", referral(1))
    await cabinet.sign_in(7214, OLENA)

    await api.get("/v1/users/7214/record")
    await api.get(f"/v1/users/7214/record/referrals/{ref['id']}")

    async with services.sessionmaker() as session:
        entries = list(await session.scalars(select(AuditEntry).where(AuditEntry.action == "record.viewed")))
    assert [entry.details for entry in entries] == [
        {"section": "overview", "object_id": None},
        {"section": "referrals", "object_id": ref["id"]},
    ]
    assert all(ref["requisition"] not in str(entry.details) for entry in entries)


async def test_paging_and_codes_are_bounded(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(7215, OLENA)
    for params in ({"page_size": 51}, {"page": 0}, {"code": "../x"}, {"code": ""}):
        assert (await api.get("/v1/users/7215/record/observations", params=params)).status_code == 422, params


async def test_the_bots_client_reads_every_answer(
    cabinet: Cabinet, backend_app: FastAPI, scripted: ScriptedRecord
) -> None:
    # The bot's own models (a copy of this contract) parse what the backend answers.
    pid = OLENA.person_id
    (dx,) = scripted.give(pid, "diagnoses", diagnosis(1))
    (cond,) = scripted.give(pid, "conditions", condition(1))
    (obs,) = scripted.give(pid, "observations", observation(1))
    (rep,) = scripted.give(pid, "diagnostic_reports", diagnostic_report(1))
    (shot,) = scripted.give(pid, "immunizations", immunization(1))
    (alg,) = scripted.give(pid, "allergy_intolerances", allergy(1))
    (visit,) = scripted.give(pid, "encounters", encounter(1))
    (ep,) = scripted.give(pid, "episodes", episode(1))
    (proc,) = scripted.give(pid, "procedures", procedure(1))
    (ref,) = scripted.give(pid, "service_requests", referral(1))
    await cabinet.sign_in(7216, OLENA)

    transport = httpx.ASGITransport(app=backend_app)
    async with BackendClient(BACKEND_URL, SERVICE_TOKEN, transport=transport) as client:
        overview = await client.get_record_overview(7216)
        assert overview.last_visit is not None and overview.last_visit.id == visit["id"]
        assert overview.latest_results[0].mark == "NORMAL" and overview.open_referrals[0].is_open
        assert [d.code.code for d in (await client.list_diagnoses(7216)).items] == ["E11"]
        assert (await client.list_conditions(7216)).items[0].id == cond["id"]
        assert (await client.get_condition(7216, cond["id"])).code.code == "E11"
        assert (await client.list_observations(7216)).items[0].id == obs["id"]
        series = await client.list_observations(7216, code=GLUCOSE)
        assert series.items[0].value_number == 5.4 and series.items[0].reference_ranges[0].high == 5.5
        assert (await client.get_observation(7216, obs["id"])).code.code == GLUCOSE
        assert (await client.list_diagnostic_reports(7216)).items[0].id == rep["id"]
        assert (await client.get_diagnostic_report(7216, rep["id"])).conclusion == "Без патології"
        assert (await client.list_immunizations(7216)).items[0].vaccine.code == "MMR"
        assert (await client.get_immunization(7216, shot["id"])).lot_number == "LOT-777"
        assert (await client.list_allergies(7216)).items[0].criticality == "low"
        assert (await client.get_allergy(7216, alg["id"])).category == "food"
        assert (await client.list_encounters(7216)).items[0].id == visit["id"]
        assert (await client.get_encounter(7216, visit["id"])).status == "finished"
        assert (await client.list_episodes(7216)).items[0].name == "Діабет 2026" and ep
        assert (await client.list_procedures(7216)).items[0].id == proc["id"]
        assert (await client.list_referrals(7216, status="active")).items[0].requisition == ref["requisition"]
        assert (await client.get_referral(7216, ref["id"])).requisition == ref["requisition"]
        with pytest.raises(BackendError) as refused:
            await client.get_referral(7216, "no-such-referral")
    assert refused.value.code == "not_found" and dx
