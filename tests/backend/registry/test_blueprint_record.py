"""The medical record's calls (patient summary and referrals), replayed against ehealth-patient-summary.apib.

The examples in `blueprint/summary_*.json` and `blueprint/service_request*.json` are composed strictly from the
Blueprint's MSON structures' sample values (each file's `_source` says which); `httpx.MockTransport` serves them
as in `test_blueprint_contract.py`. Each test checks the path (the person's own id in it), the query, the
headers (Authorization and X-Custom-PSK as the Blueprint shows them, our api-key as on every patient call),
the paging and what the example becomes in our types; then the documented and the generic errors.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from backend.registry.ehealth import EHealthRegistry
from backend.registry.errors import RegistryAuthExpired, RegistryError, RegistryForbidden, RegistryNotFound
from backend.registry.port import (
    AllergyIntolerance,
    CodedValue,
    Condition,
    Diagnosis,
    DiagnosticReport,
    Encounter,
    Episode,
    Immunization,
    Observation,
    Procedure,
    RecordRef,
    ReferenceRange,
    ServiceRequest,
)
from backend.registry.request_id import request_id_var
from backend.registry.settings import EHealthSettings

from .fake_ehealth import example
from .test_blueprint_contract import (
    API,
    AUTH,
    BEARER,
    CABINET,
    CLIENT_SECRET,
    META_REQUEST_ID,
    PSK,
    Blueprint,
    headers_of,
)

PATIENT_ID = "7a489bbd-d8e2-48d9-92fd-fcf0102f7b08"  # the Blueprint's sample patient_id
ITEM_ID = "340b86fd-23f3-4a33-94c5-8ec19d116c33"  # the Blueprint's sample item id
SUMMARY = f"/api/patients/{PATIENT_ID}/summary"
EMPLOYEE = "97d57238-ffbe-4335-92ea-28d4de117ea2"
REF = "9183a36b-4d45-4244-9339-63d81cd08d9c"  # Identifier.value's sample
AT = datetime(2018, 8, 2, 10, 45, 16, tzinfo=UTC)
OCT_8 = datetime(2018, 10, 8, 9, 46, 37, 694000, tzinfo=UTC)
# Response__Pagination's sample: limit 20, size (the collection's total) 50, has_more false.
CURSOR_PAGING = (1, 20, 50, 3)


@pytest.fixture
def blueprint() -> Blueprint:
    return Blueprint()


@pytest.fixture
async def registry(blueprint: Blueprint) -> AsyncIterator[EHealthRegistry]:
    settings = EHealthSettings(api_url=API, auth_url=AUTH, client_secret=CLIENT_SECRET, custom_psk=PSK, _env_file=None)
    request_id_var.set(None)
    async with EHealthRegistry(settings, transport=httpx.MockTransport(blueprint.handle)) as adapter:
        yield adapter


def the_request(blueprint: Blueprint, path: str) -> None:
    (request,) = blueprint.requests
    assert (request.method, str(request.url).split("?")[0]) == ("GET", f"{API}{path}")
    assert headers_of(request) == CABINET


def paging(page: Any) -> tuple[int, int, int, int]:
    return (page.page, page.page_size, page.total_entries, page.total_pages)


async def test_list_diagnoses(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Get Active Diagnoses (Summary)": page, page_size (1..100), code; data Diagnosis_Referrence_Condition.
    blueprint.serve("GET", f"{SUMMARY}/diagnoses", "summary_diagnoses.json")

    page = await registry.list_diagnoses(BEARER, PATIENT_ID, code="A20", page=1, page_size=500)

    the_request(blueprint, f"{SUMMARY}/diagnoses")
    assert blueprint.query() == {"code": ["A20"], "page": ["1"], "page_size": ["100"]}
    assert paging(page) == CURSOR_PAGING
    assert page.items == (Diagnosis(REF, CodedValue("A20", "eHealth/ICPC2/conditions"), "CC", 1),)


def assert_the_condition(condition: Condition) -> None:
    assert condition == Condition(
        id="6fe6d880-f100-4e39-a278-1d14eb8472ef",
        code=CodedValue("K87", "eHealth/ICD10/condition_codes"),
        clinical_status="active",
        verification_status="provisional",
        onset_date=date(2018, 10, 8),
        asserted_date=date(2018, 10, 8),
        asserter=RecordRef(EMPLOYEE, "Галина Олександрівна", "employee"),
        severity="55604002",
        body_sites=("head",),
        encounter_id=REF,
    )


async def test_list_and_get_conditions(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    blueprint.serve("GET", f"{SUMMARY}/conditions", "summary_conditions.json")

    page = await registry.list_conditions(
        BEARER, PATIENT_ID, code="A20", onset_date_from=date(1990, 1, 1), onset_date_to=date(2000, 1, 1), page=2
    )

    the_request(blueprint, f"{SUMMARY}/conditions")
    assert blueprint.query() == {
        "code": ["A20"],
        "onset_date_from": ["1990-01-01"],
        "onset_date_to": ["2000-01-01"],
        "page": ["2"],
        "page_size": ["50"],
    }
    assert paging(page) == (2, 20, 50, 3) and page.has_next
    assert_the_condition(page.items[0])

    blueprint.serve("GET", f"{SUMMARY}/conditions/{ITEM_ID}", "summary_condition.json")
    assert_the_condition(await registry.get_condition(BEARER, PATIENT_ID, ITEM_ID))
    assert blueprint.requests[-1].url.path == f"{SUMMARY}/conditions/{ITEM_ID}"


def assert_the_observation(observation: Observation) -> None:
    assert observation == Observation(
        id="90a9e15b-b71b-4caf-8f2e-ff247e8a5600",
        status="valid",
        code=CodedValue("10569-2", "eHealth/LOINC/observation_codes"),
        categories=("vital_signs",),
        issued=AT,
        effective_at=OCT_8,
        value_number=13.5,
        unit="kg",
        comparator=">",
        reference_ranges=(ReferenceRange(13.5, 27.5, "normal", "Some text"),),
        interpretation="L",
        performer=RecordRef(REF, "Шевченко Олесь Вікторович", "employee"),
        diagnostic_report_id=REF,
        encounter_id=REF,
        comment="Some comment",
    )


async def test_list_and_get_observations(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    blueprint.serve("GET", f"{SUMMARY}/observations", "summary_observations.json")

    page = await registry.list_observations(
        BEARER, PATIENT_ID, code="10569-2", issued_from=date(1990, 1, 1), issued_to=date(2000, 1, 1)
    )

    the_request(blueprint, f"{SUMMARY}/observations")
    assert blueprint.query() == {
        "code": ["10569-2"],
        "issued_from": ["1990-01-01"],
        "issued_to": ["2000-01-01"],
        "page": ["1"],
        "page_size": ["50"],
    }
    assert paging(page) == CURSOR_PAGING
    assert_the_observation(page.items[0])

    blueprint.serve("GET", f"{SUMMARY}/observations/{ITEM_ID}", "summary_observation.json")
    assert_the_observation(await registry.get_observation(BEARER, PATIENT_ID, ITEM_ID))


async def test_an_observation_with_a_string_boolean_or_coded_value(
    registry: EHealthRegistry, blueprint: Blueprint
) -> None:
    # The value is One Of: value_string, value_boolean, value_codeable_concept (and others, not single values).
    base = {k: v for k, v in example("summary_observation.json")["data"].items() if k != "value_quantity"}
    for value, expected in (
        ({"value_string": "негативний"}, ("негативний", None, None)),
        ({"value_boolean": False}, (None, False, None)),
        (
            {"value_codeable_concept": {"coding": [{"system": "eHealth/x", "code": "pos"}], "text": "Позитивний"}},
            (None, None, CodedValue("pos", "eHealth/x", "Позитивний")),
        ),
    ):
        blueprint.answers.clear()
        blueprint.serve("GET", f"{SUMMARY}/observations/{ITEM_ID}", "summary_observation.json", data=base | value)
        found = await registry.get_observation(BEARER, PATIENT_ID, ITEM_ID)
        assert (found.value_string, found.value_boolean, found.value_code) == expected
        assert (found.value_number, found.unit) == (None, None)


def assert_the_report(report: DiagnosticReport) -> None:
    assert report == DiagnosticReport(
        id="90a9e15b-b71b-4caf-8f2e-ff247e8a5600",
        status="final",
        service=RecordRef(REF, None, "service"),
        categories=("diagnostic_procedure",),
        issued=OCT_8,
        effective_at=AT,
        conclusion="At risk of osteoporotic fracture",
        conclusion_code=CodedValue("H04.2", "eHealth/ICD10_AM/condition_codes"),
        performer=RecordRef(EMPLOYEE, "Галина Олександрівна", "employee"),
        recorded_by=RecordRef(REF, "Опанасенко Олексій Володимирович", "employee"),
        results_interpreter=RecordRef(EMPLOYEE, "Опанасенко Олексій Володимирович", "employee"),
        division=RecordRef(REF, "Перше відділення обласної лікарня №1", "division"),
        legal_entity=RecordRef(REF, "Київська обласна лікарня №1", "legal_enity"),
        service_request_id=REF,
        encounter_id=REF,
    )


async def test_list_and_get_diagnostic_reports(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    blueprint.serve("GET", f"{SUMMARY}/diagnostic_reports", "summary_diagnostic_reports.json")

    page = await registry.list_diagnostic_reports(BEARER, PATIENT_ID, code="12345", issued_from=date(1990, 1, 1))

    the_request(blueprint, f"{SUMMARY}/diagnostic_reports")
    assert blueprint.query() == {"code": ["12345"], "issued_from": ["1990-01-01"], "page": ["1"], "page_size": ["50"]}
    assert_the_report(page.items[0])

    blueprint.serve("GET", f"{SUMMARY}/diagnostic_reports/{ITEM_ID}", "summary_diagnostic_report.json")
    assert_the_report(await registry.get_diagnostic_report(BEARER, PATIENT_ID, ITEM_ID))


def assert_the_immunization(immunization: Immunization) -> None:
    assert immunization == Immunization(
        id="90a9e15b-b71b-4caf-8f2e-ff247e8a5600",
        status="completed",
        not_given=False,
        vaccine=CodedValue("HepAHepB", "eHealth/vaccine_codes"),
        date=OCT_8,
        dose_number=1,
        series_doses=2,
        target_diseases=("1857005",),
        lot_number="AAJN11K",
        manufacturer="VacinePro Manufacturer",
        expiration_date=date(2018, 10, 8),
        site="oral",
        route="IM",
        dose_value=18,
        dose_unit="mg",
        reactions=(REF,),
        reasons=("immunization_by_calendar",),
        report_origin="mother",
    )


async def test_list_and_get_immunizations(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    blueprint.serve("GET", f"{SUMMARY}/immunizations", "summary_immunizations.json")

    page = await registry.list_immunizations(
        BEARER, PATIENT_ID, vaccine_code="wex-10", date_from=date(1990, 1, 1), date_to=date(2000, 1, 1)
    )

    the_request(blueprint, f"{SUMMARY}/immunizations")
    assert blueprint.query() == {
        "vaccine_code": ["wex-10"],
        "date_from": ["1990-01-01"],
        "date_to": ["2000-01-01"],
        "page": ["1"],
        "page_size": ["50"],
    }
    assert_the_immunization(page.items[0])

    blueprint.serve("GET", f"{SUMMARY}/immunizations/{ITEM_ID}", "summary_immunization.json")
    assert_the_immunization(await registry.get_immunization(BEARER, PATIENT_ID, ITEM_ID))


def assert_the_allergy(allergy: AllergyIntolerance) -> None:
    assert allergy == AllergyIntolerance(
        id="90a9e15b-b71b-4caf-8f2e-ff247e8a5600",
        code=CodedValue("227493005", "eHealth/allergy_intolerance_codes"),
        clinical_status="active",
        verification_status="confirmed",
        type="allergy",
        category="food",
        criticality="low",
        onset=datetime(2016, 1, 1, tzinfo=UTC),
        asserted_date=datetime(2018, 8, 2, 10, 45, tzinfo=UTC),
        last_occurrence=datetime(2018, 7, 2, tzinfo=UTC),
        asserter=RecordRef(EMPLOYEE, "Галина Олександрівна", "employee"),
    )


async def test_list_and_get_allergy_intolerances(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    blueprint.serve("GET", f"{SUMMARY}/allergy_intolerances", "summary_allergy_intolerances.json")

    page = await registry.list_allergy_intolerances(
        BEARER, PATIENT_ID, code="227493005", onset_from=date(1990, 1, 1), onset_to=date(2000, 1, 1)
    )

    the_request(blueprint, f"{SUMMARY}/allergy_intolerances")
    assert blueprint.query() == {
        "code": ["227493005"],
        "onset_date_time_from": ["1990-01-01"],
        "onset_date_time_to": ["2000-01-01"],
        "page": ["1"],
        "page_size": ["50"],
    }
    assert_the_allergy(page.items[0])

    blueprint.serve("GET", f"{SUMMARY}/allergy_intolerances/{ITEM_ID}", "summary_allergy_intolerance.json")
    assert_the_allergy(await registry.get_allergy_intolerance(BEARER, PATIENT_ID, ITEM_ID))


def assert_the_encounter(encounter: Encounter) -> None:
    # Encounter_Short has no doctor, division, reasons or diagnoses: those stay empty.
    assert encounter == Encounter(
        id="465fb6fe-2dea-4b8a-9ef7-58379d1eaab0",
        status="finised",
        start=AT,
        end=datetime(2018, 8, 2, 11, 0, tzinfo=UTC),
        encounter_class="inpatient",
        type="discharge",
        performer_speciality="VIROLOGY",
        episode_id=REF,
    )


async def test_list_and_get_encounters(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    blueprint.serve("GET", f"{SUMMARY}/encounters", "summary_encounters.json")

    page = await registry.list_encounters(
        BEARER,
        PATIENT_ID,
        status="finished",
        episode_id="f48d1b6c-a021-4d6a-a5a4-aee93e152ecc",
        period_start_from=date(2000, 1, 1),
        period_start_to=date(2000, 1, 10),
        page=2,
        page_size=50,
    )

    the_request(blueprint, f"{SUMMARY}/encounters")
    assert blueprint.query() == {
        "status": ["finished"],
        "episode_id": ["f48d1b6c-a021-4d6a-a5a4-aee93e152ecc"],
        "period_start_from": ["2000-01-01"],
        "period_start_to": ["2000-01-10"],
        "page": ["2"],
        "page_size": ["50"],
    }
    assert_the_encounter(page.items[0])

    blueprint.serve("GET", f"{SUMMARY}/encounters/{ITEM_ID}", "summary_encounter.json")
    assert_the_encounter(await registry.get_encounter(BEARER, PATIENT_ID, ITEM_ID))


async def test_a_fuller_encounter_keeps_its_doctor_division_reasons_and_diagnoses(
    registry: EHealthRegistry, blueprint: Blueprint
) -> None:
    data = example("summary_encounter.json")["data"] | {
        "performer": {
            "identifier": {"type": {"coding": [{"code": "employee"}]}, "value": EMPLOYEE},
            "display_value": "Лікар",
        },
        "division": {
            "identifier": {"type": {"coding": [{"code": "division"}]}, "value": REF},
            "display_value": "Відділення",
        },
        "reasons": [{"coding": [{"system": "eHealth/ICPC2/reasons", "code": "A02"}]}],
        "diagnoses": [example("summary_diagnoses.json")["data"][0]],
    }
    blueprint.serve("GET", f"{SUMMARY}/encounters/{ITEM_ID}", "summary_encounter.json", data=data)

    encounter = await registry.get_encounter(BEARER, PATIENT_ID, ITEM_ID)

    assert encounter.performer == RecordRef(EMPLOYEE, "Лікар", "employee")
    assert encounter.division == RecordRef(REF, "Відділення", "division")
    assert encounter.reasons == (CodedValue("A02", "eHealth/ICPC2/reasons"),)
    assert [d.code.code for d in encounter.diagnoses] == ["A20"]


async def test_list_episodes(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    blueprint.serve("GET", f"{SUMMARY}/episodes", "summary_episodes.json")

    page = await registry.list_episodes(BEARER, PATIENT_ID, period_start_from=date(2017, 1, 1))

    the_request(blueprint, f"{SUMMARY}/episodes")
    assert blueprint.query() == {"period_start_from": ["2017-01-01"], "page": ["1"], "page_size": ["50"]}
    assert page.items == (
        Episode(
            "90a9e15b-b71b-4caf-8f2e-ff247e8a5600", "Діабет 2018", "active", AT, datetime(2018, 8, 3, 11, tzinfo=UTC)
        ),
    )


async def test_list_procedures(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    blueprint.serve("GET", f"{SUMMARY}/procedures", "summary_procedures.json")

    page = await registry.list_procedures(BEARER, PATIENT_ID, status="completed", code="12345", page=2)

    the_request(blueprint, f"{SUMMARY}/procedures")
    assert blueprint.query() == {"status": ["completed"], "code": ["12345"], "page": ["2"], "page_size": ["50"]}
    assert page.items == (
        Procedure(
            id="7075e0e2-6b57-47fd-aff7-324806efa7e5",
            status="completed",
            service=RecordRef(REF, None, "service"),
            category="default",
            performed_at=AT,
            recorded_by=RecordRef(REF, "Шевченко Олесь Вікторович", "employee"),
            performer=RecordRef(EMPLOYEE, "Галина Олександрівна", "employee"),
            division=RecordRef(REF, None, "division"),
            legal_entity=RecordRef(REF, "Перше відділення обласної лікарня №1", "legal_entity"),
            outcome="default_outcome",
            note="Додаткова інформація по процедурі",
            service_request_id=REF,
            encounter_id=REF,
        ),
    )


def assert_the_referral(referral: ServiceRequest) -> None:
    assert referral == ServiceRequest(
        id="90a9e15b-b71b-4caf-8f2e-ff247e8a5600",
        requisition="AX654654T",
        status="active",
        intent="order",
        priority="routine",
        category="409063005",
        service=RecordRef(REF, None, "service"),
        occurrence_start=AT,
        occurrence_end=datetime(2018, 8, 2, 11, 0, tzinfo=UTC),
        expires_at=AT,
        requester=RecordRef(REF, None, "employee"),
        requester_legal_entity=RecordRef("75a6d991-0bf7-476f-b3cf-bec83f044b2a", None, "legal_entity"),
        performer=RecordRef("c5a6d991-0bf7-476f-b3cf-bec83f044b2a", "Опанасенко Олексій Володимирович", "legal_entity"),
        performer_type="DIETETICS",
        used_by_legal_entity=RecordRef("c5a6d991-0bf7-476f-b3cf-bec83f044b2a", None, "legal_entity"),
        note="Some notes",
        patient_instruction="Some patient instructions",
        program=RecordRef(REF, None, "medical_program"),
        inserted_at=AT,
    )


async def test_list_and_get_service_requests(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Get Service Requests by Search Params [GET /api/patients/{patient_id}/service_requests]": Authorization,
    # api-key and X-Custom-PSK; status, episode_id, code; data Service_Request_Base.
    path = f"/api/patients/{PATIENT_ID}/service_requests"
    blueprint.serve("GET", path, "service_requests.json")

    page = await registry.list_service_requests(BEARER, PATIENT_ID, status="active", code="9075e0e2", page_size=10)

    the_request(blueprint, path)
    assert blueprint.query() == {"status": ["active"], "code": ["9075e0e2"], "page": ["1"], "page_size": ["10"]}
    assert paging(page) == CURSOR_PAGING
    assert_the_referral(page.items[0])

    blueprint.serve("GET", f"{path}/aff00bf6-68bf-4b49-b66d-f031d48922b3", "service_request.json")
    assert_the_referral(await registry.get_service_request(BEARER, PATIENT_ID, "aff00bf6-68bf-4b49-b66d-f031d48922b3"))


async def test_a_referral_on_a_date_without_a_performer(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # occurrence is One Of: occurrence_date_time; performer is optional.
    data = {
        k: v for k, v in example("service_request.json")["data"].items() if k not in ("occurrence_period", "performer")
    }
    blueprint.serve(
        "GET",
        f"/api/patients/{PATIENT_ID}/service_requests/x1",
        "service_request.json",
        data=data | {"occurrence_date_time": "2018-08-02T10:45:16.000Z"},
    )

    referral = await registry.get_service_request(BEARER, PATIENT_ID, "x1")

    assert (referral.occurrence_start, referral.occurrence_end, referral.performer) == (AT, None, None)


async def test_numbered_paging_is_read_as_well(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    numbered = {"page_number": 2, "page_size": 10, "total_entries": 25, "total_pages": 3}
    blueprint.serve("GET", f"{SUMMARY}/immunizations", "summary_immunizations.json", paging=numbered)

    page = await registry.list_immunizations(BEARER, PATIENT_ID, page=2, page_size=10)

    assert paging(page) == (2, 10, 25, 3)


async def test_the_patient_id_stays_one_path_segment(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    with pytest.raises(RegistryNotFound):
        await registry.get_condition(BEARER, "a/../b", "c?d")
    assert blueprint.requests[0].url.raw_path.decode() == "/api/patients/a%2F..%2Fb/summary/conditions/c%3Fd"


CALLS: dict[str, tuple[str, Any]] = {
    "diagnoses": (f"{SUMMARY}/diagnoses", lambda r: r.list_diagnoses(BEARER, PATIENT_ID)),
    "condition": (f"{SUMMARY}/conditions/{ITEM_ID}", lambda r: r.get_condition(BEARER, PATIENT_ID, ITEM_ID)),
    "observations": (f"{SUMMARY}/observations", lambda r: r.list_observations(BEARER, PATIENT_ID)),
    "observation": (f"{SUMMARY}/observations/{ITEM_ID}", lambda r: r.get_observation(BEARER, PATIENT_ID, ITEM_ID)),
    "reports": (f"{SUMMARY}/diagnostic_reports", lambda r: r.list_diagnostic_reports(BEARER, PATIENT_ID)),
    "report": (
        f"{SUMMARY}/diagnostic_reports/{ITEM_ID}",
        lambda r: r.get_diagnostic_report(BEARER, PATIENT_ID, ITEM_ID),
    ),
    "immunization": (
        f"{SUMMARY}/immunizations/{ITEM_ID}",
        lambda r: r.get_immunization(BEARER, PATIENT_ID, ITEM_ID),
    ),
    "allergies": (f"{SUMMARY}/allergy_intolerances", lambda r: r.list_allergy_intolerances(BEARER, PATIENT_ID)),
    "encounter": (f"{SUMMARY}/encounters/{ITEM_ID}", lambda r: r.get_encounter(BEARER, PATIENT_ID, ITEM_ID)),
    "episodes": (f"{SUMMARY}/episodes", lambda r: r.list_episodes(BEARER, PATIENT_ID)),
    "procedures": (f"{SUMMARY}/procedures", lambda r: r.list_procedures(BEARER, PATIENT_ID)),
    "referrals": (
        f"/api/patients/{PATIENT_ID}/service_requests",
        lambda r: r.list_service_requests(BEARER, PATIENT_ID),
    ),
    "referral": (
        f"/api/patients/{PATIENT_ID}/service_requests/{ITEM_ID}",
        lambda r: r.get_service_request(BEARER, PATIENT_ID, ITEM_ID),
    ),
}


@pytest.mark.parametrize(
    ("file", "status", "call", "error_type"),
    [
        ("error_404_patient.json", 404, "referrals", RegistryNotFound),
        ("error_404_service_request.json", 404, "referral", RegistryNotFound),
        *(("error_401.json", 401, call, RegistryAuthExpired) for call in CALLS),
        *(("error_403.json", 403, call, RegistryForbidden) for call in CALLS),
        *(("error_404_not_found.json", 404, call, RegistryNotFound) for call in CALLS),
    ],
)
async def test_errors_become_typed_errors(
    registry: EHealthRegistry, blueprint: Blueprint, file: str, status: int, call: str, error_type: type[RegistryError]
) -> None:
    path, act = CALLS[call]
    blueprint.serve("GET", path, file, status)

    with pytest.raises(RegistryError) as caught:
        await act(registry)

    assert type(caught.value) is error_type
    assert (caught.value.status, caught.value.request_id) == (status, META_REQUEST_ID)
    assert caught.value.detail == example(file)["error"]["message"]
    assert len(blueprint.requests) == 1
