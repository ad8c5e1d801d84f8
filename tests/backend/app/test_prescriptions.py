"""E-prescriptions: by status and `past` (merged newest first), one by id or number, the verification code
(its own endpoint only, no-store, audited without the code), dispenses, and isolation between patients.

The registry's medication calls are scripted per person in front of the sandbox (`scripted_prescriptions`),
so the statuses, dates and codes are the test's own; sign-in and everything else is the sandbox's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

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
from tests.backend.app.scripted_prescriptions import ScriptedPrescriptions, dispense, prescription

OLENA = person("adult_with_declaration")
PETRO = person("adult_without_declaration")


@pytest.fixture
def scripted(registry_transport: httpx.ASGITransport) -> ScriptedPrescriptions:
    return ScriptedPrescriptions(registry_transport)


@pytest.fixture
async def adapter(scripted: ScriptedPrescriptions) -> AsyncIterator[EHealthRegistry]:
    settings = EHealthSettings(api_url=REGISTRY_URL, auth_url=REGISTRY_URL, _env_file=None)
    async with EHealthRegistry(settings, transport=scripted) as registry:
        yield registry


def ids(answer: httpx.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


def asked(scripted: ScriptedPrescriptions) -> list[dict[str, str]]:
    return [dict(call.url.params) for call in scripted.calls if call.url.path.endswith("medication_requests")]


async def test_the_list_shows_the_active_ones_by_default(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedPrescriptions
) -> None:
    older, newer, done = scripted.give(
        OLENA.person_id,
        prescription(1, created_at=date(2026, 10, 1)),
        prescription(2, created_at=date(2026, 11, 20)),
        prescription(3, status="COMPLETED"),
    )
    await cabinet.sign_in(7001, OLENA)

    answer = await api.get("/v1/users/7001/prescriptions")

    assert ids(answer) == [newer["id"], older["id"]]
    body = answer.json()
    assert (body["page"], body["page_size"], body["total_entries"], body["total_pages"]) == (1, 10, 2, 1)
    assert asked(scripted) == [{"status": "ACTIVE", "page": "1", "page_size": "10"}]
    item = body["items"][0]
    assert item["request_number"] == newer["request_number"] and item["status"] == "ACTIVE"
    assert item["medication"]["name"] == "Метформін 500 мг таблетки"
    assert item["medication"]["strength"] == {
        "numerator_value": 200,
        "numerator_unit": "MG",
        "denominator_value": 1,
        "denominator_unit": "PILL",
    }
    assert item["program"]["name"] == "Доступні ліки" and item["doctor"]["full_name"] == "Іванов Петро Миколайович"
    assert item["division"]["address"] == "вул. Ніжинська, 15, Київ"
    assert item["dosage_instructions"][0]["when"] == ["WAKE"] and item["dosage_instructions"][0]["as_needed"] is True
    assert "verification_code" not in answer.text and done["id"] not in answer.text


@pytest.mark.parametrize("status", ["COMPLETED", "EXPIRED", "REJECTED", "ACTIVE"])
async def test_each_status_lists_its_own(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedPrescriptions, status: str
) -> None:
    given = scripted.give(
        OLENA.person_id,
        *(prescription(n, status=s) for n, s in enumerate(("ACTIVE", "COMPLETED", "EXPIRED", "REJECTED"))),
    )
    await cabinet.sign_in(7002, OLENA)

    answer = await api.get("/v1/users/7002/prescriptions", params={"status": status, "page_size": 5})

    assert ids(answer) == [p["id"] for p in given if p["status"] == status]
    assert asked(scripted) == [{"status": status, "page": "1", "page_size": "5"}]


async def test_past_merges_the_ended_ones_newest_first_and_pages_them(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedPrescriptions
) -> None:
    completed_sep, expired_oct, completed_nov, rejected_nov, active = scripted.give(
        OLENA.person_id,
        prescription(1, status="COMPLETED", created_at=date(2026, 9, 1)),
        prescription(2, status="EXPIRED", created_at=date(2026, 10, 1)),
        prescription(3, status="COMPLETED", created_at=date(2026, 11, 1)),
        prescription(4, status="REJECTED", created_at=date(2026, 11, 15)),
        prescription(5, status="ACTIVE", created_at=date(2026, 12, 1)),
    )
    await cabinet.sign_in(7003, OLENA)

    first = await api.get("/v1/users/7003/prescriptions", params={"status": "past", "page_size": 3})
    second = await api.get("/v1/users/7003/prescriptions", params={"status": "past", "page": 2, "page_size": 3})
    beyond = await api.get("/v1/users/7003/prescriptions", params={"status": "past", "page": 3, "page_size": 3})

    assert ids(first) == [rejected_nov["id"], completed_nov["id"], expired_oct["id"]]
    assert ids(second) == [completed_sep["id"]]
    assert ids(beyond) == []
    body = first.json()
    assert (body["page"], body["page_size"], body["total_entries"], body["total_pages"]) == (1, 3, 4, 2)
    assert second.json()["page"] == 2 and active["id"] not in first.text + second.text
    # Three registry calls per answer: the first page (the registry's largest) of each ended status.
    assert asked(scripted)[:3] == [
        {"status": status, "page": "1", "page_size": "300"} for status in ("COMPLETED", "EXPIRED", "REJECTED")
    ]
    # Read once for the session: the other pages come from what was kept (issue 19).
    assert len(asked(scripted)) == 3


async def test_paging_and_status_are_bounded(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(7004, OLENA)
    for params in ({"page": 0}, {"page_size": 51}, {"page_size": 0}, {"status": "bogus"}, {"status": "PAST"}):
        response = await api.get("/v1/users/7004/prescriptions", params=params)
        assert response.status_code == 422, params


async def test_one_prescription_by_id_or_number_without_its_code(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedPrescriptions
) -> None:
    (given,) = scripted.give(OLENA.person_id, prescription(1))
    await cabinet.sign_in(7005, OLENA)

    by_id = await api.get(f"/v1/users/7005/prescriptions/{given['id']}")
    by_number = await api.get(f"/v1/users/7005/prescriptions/{given['request_number']}")

    assert by_id.status_code == 200, by_id.text
    assert by_id.json() == by_number.json()
    body = by_id.json()
    assert (body["id"], body["request_number"], body["status"]) == (given["id"], given["request_number"], "ACTIVE")
    assert (body["dispense_valid_from"], body["dispense_valid_to"]) == ("2017-08-17", "2017-09-16")
    assert body["note"] == "some additional info" and body["blocked_to"] == "2021-12-18T14:40:16Z"
    assert "verification_code" not in body and given["verification_code"] not in by_id.text


async def test_the_verification_code_is_given_on_its_own_endpoint_only(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedPrescriptions, services: Services
) -> None:
    (given,) = scripted.give(OLENA.person_id, prescription(1))
    await cabinet.sign_in(7006, OLENA)

    answer = await api.get(f"/v1/users/7006/prescriptions/{given['id']}/verification-code")

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"request_number": given["request_number"], "verification_code": "vc0001"}
    assert answer.headers["cache-control"] == "no-store"
    async with services.sessionmaker() as session:
        entries = (await session.scalars(select(AuditEntry))).all()
    shown = [entry for entry in entries if entry.action == "prescription.verification_code_shown"]
    assert [entry.details for entry in shown] == [{"object_id": given["id"]}]
    stored = " ".join(f"{entry.action} {entry.details}" for entry in entries)
    assert "vc0001" not in stored and given["request_number"] not in stored


async def test_the_dispenses_of_a_prescription(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedPrescriptions
) -> None:
    first, second = scripted.give(OLENA.person_id, prescription(1), prescription(2))
    scripted.dispenses[first["id"]] = [dispense(first, 1), dispense(first, 2, medicine="Метформін-Тева")]
    scripted.dispenses[second["id"]] = [dispense(second, 3)]
    await cabinet.sign_in(7007, OLENA)

    answer = await api.get(f"/v1/users/7007/prescriptions/{first['request_number']}/dispenses", params={"page_size": 5})

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [item["id"] for item in body["items"]] == [d["id"] for d in scripted.dispenses[first["id"]]]
    assert (body["page"], body["page_size"], body["total_entries"]) == (1, 5, 2)
    item = body["items"][0]
    assert (item["medication_request_id"], item["status"], item["dispensed_at"]) == (
        first["id"],
        "PROCESSED",
        "2017-08-17",
    )
    assert item["lines"][0]["medication_name"] == "Діаформін 500" and item["lines"][0]["reimbursement_amount"] == 450
    assert item["pharmacy"]["name"] == "Клініка Ноунейм" and item["division"]["address"] is None
    assert item["payment_amount"] == 50 and item["program"]["name"] == "Доступні ліки"
    dispense_calls = [call for call in scripted.calls if call.url.path.endswith("medication_dispenses")]
    assert [dict(call.url.params) for call in dispense_calls] == [
        {"medication_request_id": first["id"], "page": "1", "page_size": "5"}
    ]


async def test_a_read_only_teen_reads_their_own_prescriptions(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedPrescriptions
) -> None:
    teen = person("teen_16_read_only")
    (given,) = scripted.give(teen.person_id, prescription(1))
    await cabinet.sign_in(7008, teen)

    assert ids(await api.get("/v1/users/7008/prescriptions")) == [given["id"]]
    assert (await api.get(f"/v1/users/7008/prescriptions/{given['id']}/verification-code")).status_code == 200


async def test_someone_elses_prescription_is_not_found(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedPrescriptions
) -> None:
    (olenas,) = scripted.give(OLENA.person_id, prescription(1))
    scripted.dispenses[olenas["id"]] = [dispense(olenas, 1)]
    await cabinet.sign_in(7009, OLENA)
    await cabinet.sign_in(7010, PETRO)

    assert ids(await api.get("/v1/users/7010/prescriptions")) == []
    for path in ("", "/verification-code", "/dispenses"):
        for reference in (olenas["id"], olenas["request_number"]):
            response = await api.get(f"/v1/users/7010/prescriptions/{reference}{path}")
            assert response.status_code == 404, (path, response.text)
            assert response.json()["error"]["code"] == "not_found"
            assert "vc0001" not in response.text
    assert (await api.get(f"/v1/users/7009/prescriptions/{olenas['id']}")).status_code == 200


async def test_an_unlinked_or_unknown_telegram_user_is_refused(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedPrescriptions
) -> None:
    (given,) = scripted.give(OLENA.person_id, prescription(1))
    await cabinet.sign_in(7011, OLENA)
    await cabinet.start(7012)  # consented, never signed in

    for tg in (7012, 7099):
        for path in ("", f"/{given['id']}", f"/{given['id']}/verification-code", f"/{given['id']}/dispenses"):
            response = await api.get(f"/v1/users/{tg}/prescriptions{path}")
            assert response.status_code == 409, (tg, path)
            assert response.json()["error"]["code"] == "not_linked"
    assert scripted.calls == []  # the registry was not even asked
    no_token = await api.get("/v1/users/7011/prescriptions", headers={"Authorization": "Bearer wrong"})
    assert no_token.status_code == 401


@pytest.mark.parametrize("status", [500, 503])
async def test_a_registry_failure_is_the_standard_unavailable_answer(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedPrescriptions, status: int
) -> None:
    (given,) = scripted.give(OLENA.person_id, prescription(1))
    await cabinet.sign_in(7013, OLENA)
    scripted.fail_with = status

    for path in (
        "",
        "?status=past",
        f"/{given['id']}",
        f"/{given['id']}/verification-code",
        f"/{given['id']}/dispenses",
    ):
        response = await api.get(f"/v1/users/7013/prescriptions{path}")
        assert response.status_code == 503, path
        assert response.json()["error"]["code"] == "registry_unavailable"
        assert "vc0001" not in response.text


async def test_a_session_that_does_not_allow_prescriptions_asks_for_a_new_sign_in(
    cabinet: Cabinet, api: httpx.AsyncClient, scripted: ScriptedPrescriptions
) -> None:
    # A patient who signed in before the cabinet asked for the prescriptions scopes: eHealth refuses (403).
    (given,) = scripted.give(OLENA.person_id, prescription(1))
    await cabinet.sign_in(7014, OLENA)
    scripted.fail_with = 403

    for path in ("", "?status=past", f"/{given['id']}", f"/{given['id']}/verification-code"):
        response = await api.get(f"/v1/users/7014/prescriptions{path}")
        assert response.status_code == 403, path
        assert response.json()["error"]["code"] == "permission_needed"
    assert (await api.get("/v1/users/7014")).json()["linked"] is True  # the link stays: only a new sign-in helps


async def test_the_bots_client_reads_every_answer(
    cabinet: Cabinet, backend_app: FastAPI, scripted: ScriptedPrescriptions
) -> None:
    # The bot's own models (a copy of this contract) parse what the backend answers.
    first, ended = scripted.give(
        OLENA.person_id, prescription(1), prescription(2, status="REJECTED", created_at=date(2026, 6, 1))
    )
    scripted.dispenses[first["id"]] = [dispense(first, 1)]
    await cabinet.sign_in(7014, OLENA)

    transport = httpx.ASGITransport(app=backend_app)
    async with BackendClient(BACKEND_URL, SERVICE_TOKEN, transport=transport) as client:
        active = await client.list_prescriptions(7014)
        past = await client.list_prescriptions(7014, status="past", page_size=5)
        one = await client.get_prescription(7014, first["id"])
        code = await client.get_verification_code(7014, first["id"])
        dispenses = await client.list_dispenses(7014, first["id"])
        with pytest.raises(BackendError) as refused:
            await client.get_prescription(7014, "no-such-prescription")

    assert [p.id for p in active.items] == [first["id"]] and active.page_size == 10
    assert [p.id for p in past.items] == [ended["id"]] and past.items[0].reject_reason_code == "PATIENT_REJECT"
    assert one.medication.strength is not None and one.medication.strength.denominator_unit == "PILL"
    assert one.dosage_instructions[0].max_dose_per_period is not None
    assert (code.request_number, code.verification_code) == (first["request_number"], "vc0001")
    assert "vc0001" not in repr(code) and first["request_number"] not in repr(code)
    assert [d.id for d in dispenses.items] == [scripted.dispenses[first["id"]][0]["id"]]
    assert dispenses.page_size == 20 and dispenses.items[0].lines[0].manufacturer == 'ПАТ "Київський вітамінний завод"'
    assert refused.value.code == "not_found"
