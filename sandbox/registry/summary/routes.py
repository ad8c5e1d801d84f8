"""The patient summary and referrals (ehealth-patient-summary.apib): "Get Active Diagnoses (Summary)", the
conditions, observations, diagnostic reports, immunizations, allergy intolerances, short encounters, short
episodes and procedures of the summary, and "Get Service Requests by Search Params" / "Get Service Request
Details".

Called with the person's own Bearer token and the api-key, as the other cabinet calls. `patient_id` must be
the token's own person: any other id answers 404 `Patient not found` (the refusal the Blueprint documents on
these calls), as an unknown one does; a record of another person answers 404 like an unknown id. Scopes
`patient_summary:read` and `service_request:read` are the Blueprint's.

Lists answer `Response_Collection`: `paging` is the Blueprint's `Response__Pagination` (`limit`, `size` =
all that match, `has_more`, `cursors` = the page's first and last ids), pages chosen by `page` and
`page_size` (1–100, default 50) as its parameters say. Newest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import ColumnElement, func, select

from sandbox.registry.core import scopes
from sandbox.registry.core.deps import ClockDep, CurrentPrincipal, Principal, Session
from sandbox.registry.core.envelope import MAX_PAGE, RegistryError, errors, ok
from sandbox.registry.core.models import MedicalRecord
from sandbox.registry.persons.view import require_view
from sandbox.registry.summary import shapes

router = APIRouter(tags=["Patient summary and referrals"])

SUMMARY_MAX_PAGE_SIZE = 100  # "between 1 and 100. Default: 50"
SUMMARY_PAGE_SIZE = 50

PatientId = Annotated[str, Path(max_length=64)]
RecordId = Annotated[str, Path(max_length=64)]
Text = Annotated[str | None, Query(max_length=64)]
LIST_ERRORS = errors(401, 403, 404, 422)


class SummaryPage:
    """`page`/`page_size` of a summary list, answered as `Response__Pagination`."""

    def __init__(
        self,
        page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
        page_size: Annotated[int, Query(ge=1, le=SUMMARY_MAX_PAGE_SIZE)] = SUMMARY_PAGE_SIZE,
    ) -> None:
        self.page = page
        self.page_size = page_size

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def paging(self, total: int, shown: Sequence[str]) -> dict[str, Any]:
        """`Response__Pagination` of a page showing the records `shown` (their ids) of `total`."""
        cursors = {"starting_after": shown[-1], "ending_before": shown[0]} if shown else {}
        return {
            "limit": self.page_size,
            "cursors": cursors,
            "size": total,
            "has_more": self.offset + len(shown) < total,
        }


Page = Annotated[SummaryPage, Depends()]


def _own(principal: Principal, clock: ClockDep, patient_id: str, scope: str) -> str:
    principal.require(scope)
    require_view(principal.person, clock.today())
    if patient_id.lower() != principal.person.id:
        raise RegistryError("not_found", "Patient not found")
    return principal.person.id


def _on_or_after(column: Any, day: date | None) -> list[ColumnElement[bool]]:
    return [column >= datetime.combine(day, time())] if day else []


def _on_or_before(column: Any, day: date | None) -> list[ColumnElement[bool]]:
    return [column < datetime.combine(day + timedelta(days=1), time())] if day else []


def _between(column: Any, since: date | None, until: date | None) -> list[ColumnElement[bool]]:
    return _on_or_after(column, since) + _on_or_before(column, until)


def _facet(name: str, value: str | None) -> list[ColumnElement[bool]]:
    return [MedicalRecord.facets[name].as_string() == value] if value else []


def _equal(column: Any, value: str | None) -> list[ColumnElement[bool]]:
    return [column == value] if value else []


async def _list(
    request: Request,
    session: Session,
    person_id: str,
    kind: str,
    page: SummaryPage,
    conditions: list[ColumnElement[bool]],
) -> JSONResponse:
    where = [MedicalRecord.person_id == person_id, MedicalRecord.kind == kind, *conditions]
    total = await session.scalar(select(func.count()).select_from(MedicalRecord).where(*where)) or 0
    rows = (
        await session.scalars(
            select(MedicalRecord.body)
            .where(*where)
            .order_by(MedicalRecord.occurred_at.desc(), MedicalRecord.id)
            .offset(page.offset)
            .limit(page.page_size)
        )
    ).all()
    data = list(rows)
    return ok(request, data, paging=page.paging(total, [item["id"] for item in data]))


async def _one(request: Request, session: Session, person_id: str, kind: str, id: str, message: str) -> JSONResponse:
    body = await session.scalar(
        select(MedicalRecord.body).where(
            MedicalRecord.person_id == person_id, MedicalRecord.kind == kind, MedicalRecord.id == id.lower()
        )
    )
    if body is None:
        raise RegistryError("not_found", message)
    return ok(request, body)


SUMMARY = "/api/patients/{patient_id}/summary"


@router.get(f"{SUMMARY}/diagnoses", responses=LIST_ERRORS)
async def list_active_diagnoses(
    patient_id: PatientId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
    page: Page,
    code: Text = None,
) -> JSONResponse:
    """Current diagnoses of the person's active episodes (`Diagnosis_Referrence_Condition`)."""
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    episodes = (
        await session.scalars(
            select(MedicalRecord.facets)
            .where(
                MedicalRecord.person_id == person_id,
                MedicalRecord.kind == shapes.EPISODE,
                MedicalRecord.status == "active",
            )
            .order_by(MedicalRecord.occurred_at.desc(), MedicalRecord.id)
        )
    ).all()
    diagnoses = [
        item
        for facets in episodes
        for item in facets.get("diagnoses", [])
        if not code or item["code"]["coding"][0]["code"] == code
    ]
    shown = diagnoses[page.offset : page.offset + page.page_size]
    ids = [item["condition"]["identifier"]["value"] for item in shown]  # a diagnosis is named by its condition
    return ok(request, shown, paging=page.paging(len(diagnoses), ids))


@router.get(f"{SUMMARY}/conditions", responses=LIST_ERRORS)
async def list_conditions(
    patient_id: PatientId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
    page: Page,
    code: Text = None,
    onset_date_from: date | None = None,
    onset_date_to: date | None = None,
) -> JSONResponse:
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    conditions = _equal(MedicalRecord.code, code) + _between(MedicalRecord.occurred_at, onset_date_from, onset_date_to)
    return await _list(request, session, person_id, shapes.CONDITION, page, conditions)


@router.get(f"{SUMMARY}/conditions/{{id}}", responses=LIST_ERRORS)
async def get_condition(
    patient_id: PatientId,
    id: RecordId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    return await _one(request, session, person_id, shapes.CONDITION, id, "Condition not found")


@router.get(f"{SUMMARY}/observations", responses=LIST_ERRORS)
async def list_observations(
    patient_id: PatientId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
    page: Page,
    code: Text = None,
    issued_from: date | None = None,
    issued_to: date | None = None,
) -> JSONResponse:
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    conditions = _equal(MedicalRecord.code, code) + _between(MedicalRecord.occurred_at, issued_from, issued_to)
    return await _list(request, session, person_id, shapes.OBSERVATION, page, conditions)


@router.get(f"{SUMMARY}/observations/{{id}}", responses=LIST_ERRORS)
async def get_observation(
    patient_id: PatientId,
    id: RecordId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    return await _one(request, session, person_id, shapes.OBSERVATION, id, "Observation not found")


@router.get(f"{SUMMARY}/diagnostic_reports", responses=LIST_ERRORS)
async def list_diagnostic_reports(
    patient_id: PatientId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
    page: Page,
    code: Text = None,
    issued_from: date | None = None,
    issued_to: date | None = None,
    encounter_id: Text = None,
    context_episode_id: Text = None,
    initial_episode_id: Text = None,
) -> JSONResponse:
    """`code` is the service's id (a report's `code` is a reference to a service)."""
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    conditions = (
        _equal(MedicalRecord.code, code)
        + _between(MedicalRecord.occurred_at, issued_from, issued_to)
        + _equal(MedicalRecord.encounter_id, encounter_id)
        + _equal(MedicalRecord.episode_id, context_episode_id)
        + _facet("origin_episode_id", initial_episode_id)
    )
    return await _list(request, session, person_id, shapes.DIAGNOSTIC_REPORT, page, conditions)


@router.get(f"{SUMMARY}/diagnostic_reports/{{diagnostic_report_id}}", responses=LIST_ERRORS)
async def get_diagnostic_report(
    patient_id: PatientId,
    diagnostic_report_id: RecordId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    return await _one(
        request, session, person_id, shapes.DIAGNOSTIC_REPORT, diagnostic_report_id, "Diagnostic report not found"
    )


@router.get(f"{SUMMARY}/immunizations", responses=LIST_ERRORS)
async def list_immunizations(
    patient_id: PatientId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
    page: Page,
    vaccine_code: Text = None,
    code: Text = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> JSONResponse:
    """The Blueprint's parameters name `vaccine_code`, its URI template `code`: either filters by vaccine."""
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    conditions = (
        _equal(MedicalRecord.code, vaccine_code)
        + _equal(MedicalRecord.code, code)
        + _between(MedicalRecord.occurred_at, date_from, date_to)
    )
    return await _list(request, session, person_id, shapes.IMMUNIZATION, page, conditions)


@router.get(f"{SUMMARY}/immunizations/{{id}}", responses=LIST_ERRORS)
async def get_immunization(
    patient_id: PatientId,
    id: RecordId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    return await _one(request, session, person_id, shapes.IMMUNIZATION, id, "Immunization not found")


@router.get(f"{SUMMARY}/allergy_intolerances", responses=LIST_ERRORS)
async def list_allergy_intolerances(
    patient_id: PatientId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
    page: Page,
    code: Text = None,
    onset_date_time_from: date | None = None,
    onset_date_time_to: date | None = None,
) -> JSONResponse:
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    conditions = _equal(MedicalRecord.code, code) + _between(
        MedicalRecord.occurred_at, onset_date_time_from, onset_date_time_to
    )
    return await _list(request, session, person_id, shapes.ALLERGY_INTOLERANCE, page, conditions)


@router.get(f"{SUMMARY}/allergy_intolerances/{{id}}", responses=LIST_ERRORS)
async def get_allergy_intolerance(
    patient_id: PatientId,
    id: RecordId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    return await _one(request, session, person_id, shapes.ALLERGY_INTOLERANCE, id, "Allergy intolerance not found")


@router.get(f"{SUMMARY}/encounters", responses=LIST_ERRORS)
async def list_encounters(
    patient_id: PatientId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
    page: Page,
    period_start_from: date | None = None,
    period_start_to: date | None = None,
    period_end_from: date | None = None,
    period_end_to: date | None = None,
    episode_id: Text = None,
    status: Text = None,
    type: Text = None,
    class_: Annotated[str | None, Query(alias="class", max_length=64)] = None,
    performer_speciality: Text = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> JSONResponse:
    """`Encounter_Short` by the Blueprint's parameters (`period_start_*`, `period_end_*`, …); its URI template
    names `date_from`/`date_to` instead, taken as the visit's start."""
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    conditions = (
        _between(MedicalRecord.occurred_at, period_start_from, period_start_to)
        + _between(MedicalRecord.occurred_at, date_from, date_to)
        + _between(MedicalRecord.ended_at, period_end_from, period_end_to)
        + _equal(MedicalRecord.episode_id, episode_id)
        + _equal(MedicalRecord.status, status)
        + _facet("type", type)
        + _facet("class", class_)
        + _facet("performer_speciality", performer_speciality)
    )
    return await _list(request, session, person_id, shapes.ENCOUNTER, page, conditions)


@router.get(f"{SUMMARY}/encounters/{{encounter_id}}", responses=LIST_ERRORS)
async def get_encounter(
    patient_id: PatientId,
    encounter_id: RecordId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    return await _one(request, session, person_id, shapes.ENCOUNTER, encounter_id, "Encounter not found")


@router.get(f"{SUMMARY}/episodes", responses=LIST_ERRORS)
async def list_episodes(
    patient_id: PatientId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
    page: Page,
    period_start_from: date | None = None,
    period_start_to: date | None = None,
    period_end_from: date | None = None,
    period_end_to: date | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
) -> JSONResponse:
    """`Episode_Of_Care_Short`: brief, "in order not to disclose confidential and sensitive data". The
    Blueprint's parameters are `period_start_*`/`period_end_*`; its URI template's `period_from`/`period_to`
    are taken as the episode's start."""
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    conditions = (
        _between(MedicalRecord.occurred_at, period_start_from, period_start_to)
        + _between(MedicalRecord.ended_at, period_end_from, period_end_to)
        + _between(MedicalRecord.occurred_at, period_from, period_to)
    )
    return await _list(request, session, person_id, shapes.EPISODE, page, conditions)


@router.get(f"{SUMMARY}/procedures", responses=LIST_ERRORS)
async def list_procedures(
    patient_id: PatientId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
    page: Page,
    status: Text = None,
    episode_id: Text = None,
    code: Text = None,
    service_request_id: Text = None,
    recorded_by: Text = None,
    managing_organization_id: Text = None,
) -> JSONResponse:
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    conditions = (
        _equal(MedicalRecord.status, status)
        + _equal(MedicalRecord.episode_id, episode_id)
        + _equal(MedicalRecord.code, code)
        + _facet("service_request_id", service_request_id)
        + _facet("recorded_by", recorded_by)
        + _facet("managing_organization_id", managing_organization_id)
    )
    return await _list(request, session, person_id, shapes.PROCEDURE, page, conditions)


@router.get(f"{SUMMARY}/procedures/{{procedure_id}}", responses=LIST_ERRORS)
async def get_procedure(
    patient_id: PatientId,
    procedure_id: RecordId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    person_id = _own(principal, clock, patient_id, scopes.PATIENT_SUMMARY_READ)
    return await _one(request, session, person_id, shapes.PROCEDURE, procedure_id, "Procedure not found")


@router.get("/api/patients/{patient_id}/service_requests", responses=LIST_ERRORS)
async def list_service_requests(
    patient_id: PatientId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
    page: Page,
    episode_id: Text = None,
    status: Text = None,
    requester_legal_entity: Text = None,
    used_by_legal_entity: Text = None,
    code: Text = None,
    care_plan_id: Text = None,
) -> JSONResponse:
    """`Service_Request_Base`: the person's referrals. `code` is the service's id; the sandbox's referrals
    are based on no care plan, so a `care_plan_id` matches none."""
    person_id = _own(principal, clock, patient_id, scopes.SERVICE_REQUEST_READ)
    conditions = (
        _equal(MedicalRecord.episode_id, episode_id)
        + _equal(MedicalRecord.status, status)
        + _facet("requester_legal_entity", requester_legal_entity)
        + _facet("used_by_legal_entity", used_by_legal_entity)
        + _equal(MedicalRecord.code, code)
        + _facet("care_plan_id", care_plan_id)
    )
    return await _list(request, session, person_id, shapes.SERVICE_REQUEST, page, conditions)


@router.get("/api/patients/{patient_id}/service_requests/{service_request_id}", responses=LIST_ERRORS)
async def get_service_request(
    patient_id: PatientId,
    service_request_id: RecordId,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    person_id = _own(principal, clock, patient_id, scopes.SERVICE_REQUEST_READ)
    return await _one(
        request, session, person_id, shapes.SERVICE_REQUEST, service_request_id, "Service request not found"
    )
