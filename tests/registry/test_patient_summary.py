"""The patient summary and referrals over HTTP (ehealth-patient-summary.apib): each list with its paging and
filters, each record by id, the refusals, and the seeded stories, shapes checked against the Blueprint."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.scopes import CLIENT_SCOPES, PATIENT_SUMMARY_READ, SERVICE_REQUEST_READ, SIGN_IN
from sandbox.registry.rules.numbers import is_requisition_number
from tests.registry.blueprint_shapes import SUMMARY_STRUCTURES, check
from tests.registry.conftest import REDIRECT_URI, SignedIn
from tests.registry.conftest import test_person as person_of
from tests.registry.test_declaration_requests import (
    ADULT,
    ADULT_FREE,
    CHILD,
    TEEN_CAPABLE,
    TEEN_READ_ONLY,
    UNVERIFIED,
)
from tests.registry.test_declaration_requests import signed_in as signed_in_as

ADULT_WITH_ACCESSES = "adult_with_accesses"
# The record's scopes are not among those our cabinet asks for yet (scopes.RECORD_SCOPES): asked for here.
EVERY_SCOPE = " ".join((SIGN_IN, *CLIENT_SCOPES))

# (path under /api/patients/{patient_id}, its Blueprint structure, the path parameter of its details or None)
LISTS: tuple[tuple[str, str, bool], ...] = (
    ("summary/diagnoses", "Diagnosis_Referrence_Condition", False),
    ("summary/conditions", "Condition_Response", True),
    ("summary/observations", "Observation_Response", True),
    ("summary/diagnostic_reports", "Diagnostic_Report_Response", True),
    ("summary/immunizations", "Immunization_Response", True),
    ("summary/allergy_intolerances", "Allergy_Intolerance_Response", True),
    ("summary/encounters", "Encounter_Short", True),
    ("summary/episodes", "Episode_Of_Care_Short", False),
    ("summary/procedures", "Procedure_Response", True),
    ("service_requests", "Service_Request_Base", True),
)
# Blueprint-required fields an active referral nobody has taken up yet cannot have.
NOT_YET_USED = {"$.used_by_employee: required, missing", "$.used_by_legal_entity: required, missing"}


async def signed_in(
    registry: httpx.AsyncClient, settings: RegistrySettings, slug: str, *, scope: str = EVERY_SCOPE
) -> SignedIn:
    return await signed_in_as(registry, settings, slug, scope=scope)


def url(session: SignedIn | str, path: str) -> str:
    patient = session if isinstance(session, str) else session.person_id
    return f"/api/patients/{patient}/{path}"


async def _get(registry: httpx.AsyncClient, session: SignedIn, path: str, **params: Any) -> dict[str, Any]:
    response = await registry.get(url(session, path), headers=session.headers, params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def _all(registry: httpx.AsyncClient, session: SignedIn, path: str, **params: Any) -> list[dict[str, Any]]:
    return list((await _get(registry, session, path, page_size=100, **params))["data"])


def _code(item: dict[str, Any], field: str = "code") -> str:
    return str(item[field]["coding"][0]["code"])


def _ref(item: dict[str, Any], field: str) -> str:
    return str(item[field]["identifier"]["value"])


# --- envelope, shapes, paging -------------------------------------------------------------------------


async def test_every_list_answers_the_blueprint_collection_and_structures(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    for path, structure, _ in LISTS:
        body = await _get(registry, session, path, page_size=100)
        assert body["meta"]["type"] == "list" and body["meta"]["code"] == 200
        items = body["data"]
        assert items, path
        paging = body["paging"]
        assert paging == {
            "limit": 100,
            "cursors": {"starting_after": _last_id(items), "ending_before": _first_id(items)},
            "size": len(items),
            "has_more": False,
        }, path
        for item in items:
            problems = set(check(structure, item, source=SUMMARY_STRUCTURES))
            if structure == "Service_Request_Base" and item["status"] != "completed":
                problems -= NOT_YET_USED
            assert not problems, (path, problems)


def _id(item: dict[str, Any]) -> str:
    return str(item.get("id") or item["condition"]["identifier"]["value"])


def _first_id(items: list[dict[str, Any]]) -> str:
    return _id(items[0])


def _last_id(items: list[dict[str, Any]]) -> str:
    return _id(items[-1])


async def test_paging_walks_every_record_once_newest_first(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    everything = await _all(registry, session, "summary/observations")
    assert len(everything) == 46
    issued = [item["issued"] for item in everything]
    assert issued == sorted(issued, reverse=True)

    walked: list[str] = []
    page = 1
    while True:
        body = await _get(registry, session, "summary/observations", page=page, page_size=7)
        assert body["paging"]["limit"] == 7 and body["paging"]["size"] == 46
        walked += [item["id"] for item in body["data"]]
        if not body["paging"]["has_more"]:
            break
        assert len(body["data"]) == 7
        page += 1
    assert page == 7
    assert walked == [item["id"] for item in everything]

    beyond = await _get(registry, session, "summary/observations", page=8, page_size=7)
    assert beyond["data"] == [] and beyond["paging"]["has_more"] is False and beyond["paging"]["cursors"] == {}
    default = await _get(registry, session, "summary/observations")
    assert default["paging"]["limit"] == 50 and len(default["data"]) == 46
    for bad in ({"page_size": 101}, {"page_size": 0}, {"page": 0}, {"issued_from": "вчора"}):
        response = await registry.get(url(session, "summary/observations"), headers=session.headers, params=bad)
        assert response.status_code == 422, bad
        assert response.json()["error"]["type"] == "validation_failed"


# --- access ------------------------------------------------------------------------------------------


def _every_url(patient_id: str) -> list[str]:
    some_id = "340b86fd-23f3-4a33-94c5-8ec19d116c33"
    urls = [url(patient_id, path) for path, _, _ in LISTS]
    urls += [url(patient_id, f"{path}/{some_id}") for path, _, has_details in LISTS if has_details]
    return urls


async def test_another_persons_patient_id_is_refused_as_not_found(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    for other in (person_of(TEEN_READ_ONLY).person_id, "7a489bbd-d8e2-48d9-92fd-fcf0102f7b08"):
        for address in _every_url(other):
            response = await registry.get(address, headers=session.headers)
            assert response.status_code == 404, address
            assert response.json()["error"] == {"type": "not_found", "message": "Patient not found"}


async def test_another_persons_record_is_not_found_by_id(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    olena = await signed_in(registry, registry_settings, ADULT)
    maksym = await signed_in(registry, registry_settings, TEEN_READ_ONLY)
    for path, _, has_details in LISTS:
        if not has_details:
            continue
        own = (await _get(registry, olena, path))["data"][0]
        detail = await _get(registry, olena, f"{path}/{own['id']}")
        assert detail["meta"]["type"] == "object" and detail["data"] == own
        response = await registry.get(url(maksym, f"{path}/{own['id']}"), headers=maksym.headers)
        assert response.status_code == 404, path
        assert response.json()["error"]["message"] != "Patient not found"
        unknown = await registry.get(url(olena, f"{path}/not-a-record"), headers=olena.headers)
        assert unknown.status_code == 404


@pytest.mark.parametrize(
    ("granted", "summary", "referrals"),
    [
        (f"{SIGN_IN} {PATIENT_SUMMARY_READ}", 200, 403),
        (f"{SIGN_IN} {SERVICE_REQUEST_READ}", 403, 200),
        (SIGN_IN, 403, 403),
    ],
)
async def test_each_call_needs_its_scope(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, granted: str, summary: int, referrals: int
) -> None:
    session = await signed_in(registry, registry_settings, ADULT, scope=granted)
    for path, _, _ in LISTS:
        response = await registry.get(url(session, path), headers=session.headers)
        assert response.status_code == (referrals if path == "service_requests" else summary), path
        if response.status_code == 403:
            assert response.json()["error"]["type"] == "forbidden"


async def test_who_may_read_their_own_record(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    child = await signed_in(registry, registry_settings, CHILD)  # a token written into the registry: still refused
    for address in _every_url(child.person_id):
        assert (await registry.get(address, headers=child.headers)).status_code == 403, address
    teen = await signed_in(registry, registry_settings, TEEN_READ_ONLY)  # 16, read-only: reads
    assert await _all(registry, teen, "summary/immunizations")
    no_key = {"Authorization": teen.headers["Authorization"]}
    assert (await registry.get(url(teen, "summary/immunizations"), headers=no_key)).status_code == 401
    assert (await registry.get(url(teen, "summary/immunizations"))).status_code == 401


async def test_the_sign_in_page_explains_the_record_scopes(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    params = {
        "client_id": registry_settings.pis_client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": f"{SIGN_IN} {PATIENT_SUMMARY_READ} {SERVICE_REQUEST_READ}",
        "state": "s",
    }
    page = await registry.get("/sign-in", params=params)
    assert page.status_code == 200, page.text
    assert "переглядати вашу медичну картку" in page.text
    assert "переглядати ваші електронні направлення" in page.text
    assert PATIENT_SUMMARY_READ not in page.text.replace(f'value="{params["scope"]}"', "")


# --- Олена: diabetes and hypertension -----------------------------------------------------------------


async def test_olena_hba1c_trends_down_over_two_years(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    hba1c = await _all(registry, session, "summary/observations", code="4548-4")
    assert len(hba1c) == 8
    oldest_first = list(reversed(hba1c))
    values = [item["value_quantity"]["value"] for item in oldest_first]
    assert values[0] == 8.1 and values[-1] == 6.9
    assert values == sorted(values, reverse=True)
    for item in hba1c:
        assert item["code"]["coding"][0] == {"system": "eHealth/LOINC/observation_codes", "code": "4548-4"}
        assert item["value_quantity"]["unit"] == "%" and item["value_quantity"]["system"] == "eHealth/ucum/units"
        assert item["reference_ranges"][0]["high"]["value"] == 6.0
        assert _code(item, "interpretation") == "H"  # all above the normal range, less so each time
        assert item["categories"][0]["coding"][0]["code"] == "laboratory"
    first, last = oldest_first[0]["issued"], oldest_first[-1]["issued"]
    assert first[:4] < last[:4] or first < last

    glucose = await _all(registry, session, "summary/observations", code="2345-7")
    assert {_code(item, "interpretation") for item in glucose} == {"H"}
    assert {item["value_quantity"]["unit"] for item in glucose} == {"ммоль/л"}
    haemoglobin = await _all(registry, session, "summary/observations", code="718-7")
    assert sorted(_code(item, "interpretation") for item in haemoglobin) == ["L", "N"]
    systolic = await _all(registry, session, "summary/observations", code="8480-6")
    assert len(systolic) == 8 and systolic[0]["value_quantity"]["code"] == "mm[Hg]"
    assert {_code(item, "interpretation") for item in systolic} == {"H", "N"}
    weight = await _all(registry, session, "summary/observations", code="29463-7")
    assert len(weight) == 8 and "reference_ranges" not in weight[0]
    assert len(await _all(registry, session, "summary/observations", code="2093-3")) == 4

    recent = await _all(registry, session, "summary/observations", code="4548-4", issued_from=hba1c[1]["issued"][:10])
    assert [item["id"] for item in recent] == [item["id"] for item in hba1c[:2]]
    older = await _all(registry, session, "summary/observations", code="4548-4", issued_to=hba1c[-1]["issued"][:10])
    assert [item["id"] for item in older] == [hba1c[-1]["id"]]


async def test_olena_diagnoses_conditions_and_allergies(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    diagnoses = await _all(registry, session, "summary/diagnoses")
    assert {(_code(d), d["code"]["coding"][0]["system"]) for d in diagnoses} == {
        ("E11.9", "eHealth/ICD10_AM/condition_codes"),
        ("I10", "eHealth/ICD10_AM/condition_codes"),
    }
    assert {d["code"]["text"] for d in diagnoses} == {
        "Цукровий діабет 2 типу без ускладнень",
        "Есенціальна (первинна) гіпертензія",
    }
    assert [_code(d) for d in await _all(registry, session, "summary/diagnoses", code="I10")] == ["I10"]
    assert await _all(registry, session, "summary/diagnoses", code="J06.9") == []  # its episode is closed
    condition = await _get(registry, session, f"summary/conditions/{_ref(diagnoses[0], 'condition')}")
    assert _code(condition["data"]) == _code(diagnoses[0])

    conditions = await _all(registry, session, "summary/conditions")
    assert sorted(_code(c) for c in conditions) == ["E11.9", "I10", "J06.9", "K86", "T90"]
    assert {c["code"]["coding"][0]["system"] for c in conditions if _code(c) in ("T90", "K86")} == {
        "eHealth/ICPC2/condition_codes"
    }
    cold = next(c for c in conditions if _code(c) == "J06.9")
    assert cold["clinical_status"] == "resolved"
    assert [_code(c) for c in await _all(registry, session, "summary/conditions", code="T90")] == ["T90"]
    since = cold["onset_date"][:10]
    assert [_code(c) for c in await _all(registry, session, "summary/conditions", onset_date_from=since)] == ["J06.9"]
    before = await _all(registry, session, "summary/conditions", onset_date_to=since)
    assert sorted(_code(c) for c in before) == ["E11.9", "I10", "J06.9", "K86", "T90"]

    allergies = {a["code"]["text"]: a for a in await _all(registry, session, "summary/allergy_intolerances")}
    penicillin, birch = allergies["Алергія на пеніцилін"], allergies["Алергія на пилок берези"]
    assert (penicillin["category"], penicillin["criticality"]) == ("medication", "high")
    assert (birch["category"], birch["criticality"]) == ("environment", "low")
    only = await _all(registry, session, "summary/allergy_intolerances", code=_code(penicillin))
    assert [a["id"] for a in only] == [penicillin["id"]]
    later = await _all(registry, session, "summary/allergy_intolerances", onset_date_time_from="2010-01-01")
    assert [a["id"] for a in later] == [birch["id"]]


async def test_olena_visits_episodes_reports_and_procedures(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    episodes = await _all(registry, session, "summary/episodes")
    by_name = {e["name"]: e for e in episodes}
    assert by_name["Цукровий діабет 2 типу"]["status"] == "active"
    assert by_name["ГРВІ"]["status"] == "closed" and "end" in by_name["ГРВІ"]["period"]
    closed = await _all(registry, session, "summary/episodes", period_end_from="2000-01-01")
    assert [e["id"] for e in closed] == [by_name["ГРВІ"]["id"]]
    cold_start = by_name["ГРВІ"]["period"]["start"][:10]
    for since in ({"period_start_from": cold_start}, {"period_from": cold_start}):
        assert [e["name"] for e in await _all(registry, session, "summary/episodes", **since)] == ["ГРВІ"]
    for until in ({"period_start_to": "2019-10-02"}, {"period_to": "2019-10-02"}, {"period_end_to": "2000-01-01"}):
        assert await _all(registry, session, "summary/episodes", **until) == [], until
    diabetes = by_name["Цукровий діабет 2 типу"]["id"]

    encounters = await _all(registry, session, "summary/encounters")
    assert len(encounters) == 16
    in_diabetes = await _all(registry, session, "summary/encounters", episode_id=diabetes)
    assert {_ref(e, "episode") for e in in_diabetes} == {diabetes} and len(in_diabetes) == 9
    assert len(await _all(registry, session, "summary/encounters", **{"class": "PHC"})) == 16
    assert await _all(registry, session, "summary/encounters", **{"class": "INPATIENT"}) == []
    assert len(await _all(registry, session, "summary/encounters", performer_speciality="FAMILY_DOCTOR")) == 16
    assert len(await _all(registry, session, "summary/encounters", status="finished", type="AMB")) == 16
    start = encounters[2]["period"]["start"][:10]
    assert len(await _all(registry, session, "summary/encounters", period_start_from=start)) == 3
    assert len(await _all(registry, session, "summary/encounters", date_from=start)) == 3
    assert len(await _all(registry, session, "summary/encounters", period_start_to=start, date_to=start)) == 14
    assert len(await _all(registry, session, "summary/encounters", period_end_from=start)) == 3
    assert await _all(registry, session, "summary/encounters", period_end_to="2019-10-02") == []

    reports = await _all(registry, session, "summary/diagnostic_reports")
    assert len(reports) == 8
    observations = await _all(registry, session, "summary/observations")
    grouped = {
        _ref(o, "diagnostic_report"): o for o in observations if "diagnostic_report" in o and _code(o) == "4548-4"
    }
    assert set(grouped) == {r["id"] for r in reports}  # each report groups an HbA1c result
    latest = reports[0]
    assert latest["based_on"]["identifier"]["type"]["coding"][0]["code"] == "service_request"
    service_id = _ref(latest, "code")
    same_service = await _all(registry, session, "summary/diagnostic_reports", code=service_id)
    assert latest["id"] in {r["id"] for r in same_service} and len(same_service) < 8
    by_encounter = await _all(registry, session, "summary/diagnostic_reports", encounter_id=_ref(latest, "encounter"))
    assert [r["id"] for r in by_encounter] == [latest["id"]]
    in_episode = await _all(registry, session, "summary/diagnostic_reports", context_episode_id=diabetes)
    assert len(in_episode) == 8
    assert len(await _all(registry, session, "summary/diagnostic_reports", initial_episode_id=diabetes)) == 8
    assert await _all(registry, session, "summary/diagnostic_reports", issued_from="2999-01-01") == []

    (ecg,) = await _all(registry, session, "summary/procedures")
    assert ecg["code"]["display_value"] == "Електрокардіографія (ЕКГ) у спокої" and ecg["status"] == "completed"
    referral = _ref(ecg, "based_on")
    assert (await _get(registry, session, f"service_requests/{referral}"))["data"]["status"] == "completed"
    for filters in (
        {"service_request_id": referral},
        {"status": "completed"},
        {"code": _ref(ecg, "code")},
        {"recorded_by": _ref(ecg, "recorded_by")},
        {"managing_organization_id": _ref(ecg, "managing_organization")},
    ):
        assert [p["id"] for p in await _all(registry, session, "summary/procedures", **filters)] == [ecg["id"]]
    assert await _all(registry, session, "summary/procedures", status="entered_in_error") == []


async def test_olena_referrals(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    referrals = await _all(registry, session, "service_requests")
    statuses = sorted(r["status"] for r in referrals)
    assert statuses == ["active", "active", "active", "completed", "completed", "recalled"]
    for referral in referrals:
        assert is_requisition_number(referral["requisition"])
        assert referral["status_history"][-1]["status"] == referral["status"]
        assert referral["subject"]["identifier"]["value"] == session.person_id
        assert referral["category"]["coding"][0]["system"] == "eHealth/SNOMED/service_request_categories"
        assert referral["occurrence_period"]["start"] < referral["expiration_date"]
    categories = {r["category"]["coding"][0]["code"] for r in referrals}
    assert {"108252007", "363679005", "409063005"} <= categories  # laboratory, imaging, consultation
    active = await _all(registry, session, "service_requests", status="active")
    assert {r["code"]["display_value"] for r in active} == {
        "Ліпідограма",
        "Консультація лікаря-ендокринолога",
        "Ультразвукове дослідження органів черевної порожнини",
    }
    recalled = next(r for r in referrals if r["status"] == "recalled")
    assert _code(recalled, "status_reason") == "cured"

    doctor_entity = _ref(referrals[0], "requester_legal_entity")
    assert len(await _all(registry, session, "service_requests", requester_legal_entity=doctor_entity)) == 6
    used = await _all(registry, session, "service_requests", used_by_legal_entity=doctor_entity)
    assert sorted(r["status"] for r in used) == ["completed", "completed"]
    lipids = next(r for r in active if r["code"]["display_value"] == "Ліпідограма")
    assert [r["id"] for r in await _all(registry, session, "service_requests", code=_ref(lipids, "code"))] == [
        lipids["id"]
    ]
    episode = lipids["supporting_info"][0]["identifier"]["value"]
    in_episode = await _all(registry, session, "service_requests", episode_id=episode)
    assert lipids["id"] in {r["id"] for r in in_episode}
    assert await _all(registry, session, "service_requests", care_plan_id="8075e0e2-6b57-47fd-aff7-324806efa7e6") == []
    detail = await _get(registry, session, f"service_requests/{lipids['id']}")
    assert detail["data"] == lipids


# --- the others ---------------------------------------------------------------------------------------


async def test_maksym_has_the_childhood_calendar_and_asthma(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, TEEN_READ_ONLY)
    shots = await _all(registry, session, "summary/immunizations")
    series: dict[str, list[int]] = {}
    for shot in reversed(shots):
        assert shot["vaccine_code"]["coding"][0]["system"] == "eHealth/vaccine_codes"
        assert shot["lot_number"] and shot["manufacturer"] and _code(shot, "site") and _code(shot, "route")
        assert shot["explanation"]["reasons"]["coding"][0]["code"] == "immunization_by_calendar"
        protocol = shot["vaccination_protocols"][0]
        series.setdefault(_code(shot, "vaccine_code"), []).append(protocol["dose_sequence"])
    assert series == {
        "HepB": [1, 2, 3],
        "BCG": [1],
        "DTP": [1, 2, 3, 4],
        "IPV": [1, 2],
        "Hib": [1, 2, 3],
        "OPV": [1, 2, 3, 4],
        "MMR": [1, 2],
        "DT": [1],
        "Td": [1],
    }
    dtp = await _all(registry, session, "summary/immunizations", vaccine_code="DTP")
    assert [s["vaccination_protocols"][0]["dose_sequence"] for s in dtp] == [4, 3, 2, 1]
    assert [s["id"] for s in await _all(registry, session, "summary/immunizations", code="DTP")] == [
        s["id"] for s in dtp
    ]
    first_year = shots[-1]["date"][:4]
    infant = await _all(registry, session, "summary/immunizations", date_to=f"{first_year}-12-31")
    assert infant and all(s["date"][:4] == first_year for s in infant)
    (school,) = await _all(registry, session, "summary/immunizations", vaccine_code="DT")  # at six
    since_school = await _all(registry, session, "summary/immunizations", date_from=school["date"][:10])
    assert sorted(_code(s, "vaccine_code") for s in since_school) == ["DT", "MMR", "OPV", "OPV", "Td"]

    assert [_code(d) for d in await _all(registry, session, "summary/diagnoses")] == ["J45.9"]
    (spirometry,) = await _all(registry, session, "service_requests")
    assert spirometry["status"] == "active" and spirometry["code"]["display_value"] == "Спірометрія"


async def test_the_other_test_persons_records(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    sofiia = await signed_in(registry, registry_settings, TEEN_CAPABLE)
    assert len(await _all(registry, sofiia, "summary/immunizations")) == 21
    assert await _all(registry, sofiia, "summary/diagnoses") == []  # a sore throat, over

    viacheslav = await signed_in(registry, registry_settings, ADULT_WITH_ACCESSES)
    shots = await _all(registry, viacheslav, "summary/immunizations")
    assert sorted(_code(s, "vaccine_code") for s in shots) == ["COVID-19", "COVID-19", "Td"]
    assert [_code(d) for d in await _all(registry, viacheslav, "summary/diagnoses")] == ["I10"]

    andrii = await signed_in(registry, registry_settings, ADULT_FREE)  # sparse: no declaration
    assert len(await _all(registry, andrii, "summary/encounters")) == 2
    assert await _all(registry, andrii, "summary/diagnoses") == []
    assert await _all(registry, andrii, "service_requests") == []

    yaroslava = await signed_in(registry, registry_settings, UNVERIFIED)  # not verified: nothing recorded
    for path, _, _ in LISTS:
        assert await _all(registry, yaroslava, path) == [], path
