"""The patient's medical record (eHealth's patient summary) and referrals: an overview, each section's list
and item, one measure's results over time.

Read-only: a person who may only view (14–17 without confirmed capacity) reads their own record too. The
registry is always asked for the linked person's own id (never one from the bot); answers are kept only a short
while in the patient's own session cache (`backend.services.session_cache`), and every answer says
`Cache-Control: private, no-store`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel

from backend.api import responses, views
from backend.api.deps import ObjectId, PatientDep, ServicesDep, SessionDep
from backend.api.ownership import own
from backend.api.schemas.medical_record import (
    AllergyList,
    AllergyOut,
    ConditionList,
    ConditionOut,
    DiagnosisList,
    DiagnosisOut,
    DiagnosticReportList,
    DiagnosticReportOut,
    EncounterList,
    EncounterOut,
    EpisodeList,
    EpisodeOut,
    ImmunizationList,
    ImmunizationOut,
    ObservationList,
    ObservationOut,
    ProcedureList,
    ProcedureOut,
    RecordOverviewOut,
    ReferralList,
    ReferralOut,
)
from backend.registry.port import Page as RegistryPage
from backend.services import medical_record
from backend.services.medical_record import Section


def no_store(response: Response) -> None:
    response.headers["Cache-Control"] = "private, no-store"


router = APIRouter(
    prefix="/v1/users/{telegram_user_id}/record", tags=["medical record"], dependencies=[Depends(no_store)]
)

Page = Annotated[int, Query(ge=1, le=10_000)]
PageSize = Annotated[int, Query(ge=1, le=50)]
Code = Annotated[str | None, Query(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]
READ = responses.merge(responses.PATIENT, responses.PERMISSION_NEEDED)
ONE = responses.merge(responses.PATIENT, responses.NOT_FOUND, responses.PERMISSION_NEEDED)
L = TypeVar("L", bound=BaseModel)


def paged(listed: RegistryPage[Any], model: type[L], item: Callable[[Any], Any]) -> L:
    return model.model_validate(
        {
            "items": [item(i) for i in listed.items],
            "page": listed.page,
            "page_size": listed.page_size,
            "total_entries": listed.total_entries,
            "total_pages": listed.total_pages,
        }
    )


async def _list(
    patient: PatientDep,
    session: SessionDep,
    services: ServicesDep,
    section: Section,
    page: int,
    page_size: int,
    **f: Any,
) -> RegistryPage[Any]:
    return await medical_record.list_section(services, session, patient, section, page=page, page_size=page_size, **f)


async def _one(patient: PatientDep, session: SessionDep, services: ServicesDep, section: Section, item_id: str) -> Any:
    return await own(medical_record.get_item(services, session, patient, section, item_id))


@router.get(
    "",
    summary="The record's overview",
    description="Current allergies, the diagnoses of active episodes, the last visit, the latest result of each "
    "measure and the open referrals (active, not expired). Five registry calls at once, the first "
    f"{medical_record.READ_AT_ONCE} of each: allergy intolerances, diagnoses, encounters, observations and active "
    "service requests.",
    responses=READ,
)
async def overview(patient: PatientDep, session: SessionDep, services: ServicesDep) -> RecordOverviewOut:
    found = await medical_record.overview(services, session, patient)
    return views.record_overview(found, services.clock.now())


@router.get("/diagnoses", summary="Diagnoses of the active episodes", description="One registry call.", responses=READ)
async def list_diagnoses(
    patient: PatientDep, session: SessionDep, services: ServicesDep, page: Page = 1, page_size: PageSize = 10
) -> DiagnosisList:
    listed = await _list(patient, session, services, "diagnoses", page, page_size)
    return paged(listed, DiagnosisList, DiagnosisOut.model_validate)


@router.get("/conditions", summary="Conditions", description="One registry call.", responses=READ)
async def list_conditions(
    patient: PatientDep,
    session: SessionDep,
    services: ServicesDep,
    code: Code = None,
    onset_from: date | None = None,
    onset_to: date | None = None,
    page: Page = 1,
    page_size: PageSize = 10,
) -> ConditionList:
    listed = await _list(
        patient,
        session,
        services,
        "conditions",
        page,
        page_size,
        code=code,
        onset_date_from=onset_from,
        onset_date_to=onset_to,
    )
    return paged(listed, ConditionList, ConditionOut.model_validate)


@router.get("/conditions/{item_id}", summary="One condition", description="One registry call.", responses=ONE)
async def get_condition(
    item_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> ConditionOut:
    return ConditionOut.model_validate(await _one(patient, session, services, "conditions", item_id))


@router.get(
    "/observations",
    summary="Results and measurements",
    description="Without `code`: one page as the registry pages it (one registry call). With `code` (a LOINC code): "
    "that measure's results over time, newest first, for a chart: one registry call (the first "
    f"{medical_record.READ_AT_ONCE} of that code), entered-in-error ones left out, paged here.",
    responses=READ,
)
async def list_observations(
    patient: PatientDep,
    session: SessionDep,
    services: ServicesDep,
    code: Code = None,
    page: Page = 1,
    page_size: PageSize = 10,
) -> ObservationList:
    if code is not None:
        series = await medical_record.observation_series(
            services, session, patient, code, page=page, page_size=page_size
        )
        return paged(series, ObservationList, views.observation)
    listed = await _list(patient, session, services, "observations", page, page_size)
    return paged(listed, ObservationList, views.observation)


@router.get("/observations/{item_id}", summary="One result", description="One registry call.", responses=ONE)
async def get_observation(
    item_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> ObservationOut:
    return views.observation(await _one(patient, session, services, "observations", item_id))


@router.get("/diagnostic-reports", summary="Diagnostic reports", description="One registry call.", responses=READ)
async def list_diagnostic_reports(
    patient: PatientDep,
    session: SessionDep,
    services: ServicesDep,
    code: Code = None,
    page: Page = 1,
    page_size: PageSize = 10,
) -> DiagnosticReportList:
    listed = await _list(patient, session, services, "diagnostic_reports", page, page_size, code=code)
    return paged(listed, DiagnosticReportList, DiagnosticReportOut.model_validate)


@router.get(
    "/diagnostic-reports/{item_id}", summary="One diagnostic report", description="One registry call.", responses=ONE
)
async def get_diagnostic_report(
    item_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> DiagnosticReportOut:
    return DiagnosticReportOut.model_validate(await _one(patient, session, services, "diagnostic_reports", item_id))


@router.get("/immunizations", summary="Vaccinations", description="One registry call.", responses=READ)
async def list_immunizations(
    patient: PatientDep,
    session: SessionDep,
    services: ServicesDep,
    vaccine_code: Code = None,
    page: Page = 1,
    page_size: PageSize = 10,
) -> ImmunizationList:
    listed = await _list(patient, session, services, "immunizations", page, page_size, vaccine_code=vaccine_code)
    return paged(listed, ImmunizationList, ImmunizationOut.model_validate)


@router.get("/immunizations/{item_id}", summary="One vaccination", description="One registry call.", responses=ONE)
async def get_immunization(
    item_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> ImmunizationOut:
    return ImmunizationOut.model_validate(await _one(patient, session, services, "immunizations", item_id))


@router.get("/allergies", summary="Allergies and intolerances", description="One registry call.", responses=READ)
async def list_allergies(
    patient: PatientDep, session: SessionDep, services: ServicesDep, page: Page = 1, page_size: PageSize = 10
) -> AllergyList:
    listed = await _list(patient, session, services, "allergies", page, page_size)
    return paged(listed, AllergyList, AllergyOut.model_validate)


@router.get(
    "/allergies/{item_id}", summary="One allergy or intolerance", description="One registry call.", responses=ONE
)
async def get_allergy(item_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep) -> AllergyOut:
    return AllergyOut.model_validate(await _one(patient, session, services, "allergies", item_id))


@router.get("/encounters", summary="Visits", description="One registry call.", responses=READ)
async def list_encounters(
    patient: PatientDep,
    session: SessionDep,
    services: ServicesDep,
    episode_id: Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")] = None,
    page: Page = 1,
    page_size: PageSize = 10,
) -> EncounterList:
    listed = await _list(patient, session, services, "encounters", page, page_size, episode_id=episode_id)
    return paged(listed, EncounterList, EncounterOut.model_validate)


@router.get("/encounters/{item_id}", summary="One visit", description="One registry call.", responses=ONE)
async def get_encounter(
    item_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> EncounterOut:
    return EncounterOut.model_validate(await _one(patient, session, services, "encounters", item_id))


@router.get("/episodes", summary="Episodes of care", description="One registry call.", responses=READ)
async def list_episodes(
    patient: PatientDep, session: SessionDep, services: ServicesDep, page: Page = 1, page_size: PageSize = 10
) -> EpisodeList:
    listed = await _list(patient, session, services, "episodes", page, page_size)
    return paged(listed, EpisodeList, EpisodeOut.model_validate)


@router.get("/procedures", summary="Procedures", description="One registry call.", responses=READ)
async def list_procedures(
    patient: PatientDep, session: SessionDep, services: ServicesDep, page: Page = 1, page_size: PageSize = 10
) -> ProcedureList:
    listed = await _list(patient, session, services, "procedures", page, page_size)
    return paged(listed, ProcedureList, ProcedureOut.model_validate)


@router.get(
    "/referrals",
    summary="Referrals",
    description="All of them, or of one registry status (active, completed, recalled, entered_in_error); "
    "`is_open` says whether one is active and not expired. One registry call.",
    responses=READ,
)
async def list_referrals(
    patient: PatientDep,
    session: SessionDep,
    services: ServicesDep,
    status: Annotated[str | None, Query(pattern=r"^(active|completed|recalled|entered_in_error)$")] = None,
    page: Page = 1,
    page_size: PageSize = 10,
) -> ReferralList:
    listed = await _list(patient, session, services, "referrals", page, page_size, status=status)
    now = services.clock.now()
    return paged(listed, ReferralList, lambda item: views.referral(item, now))


@router.get("/referrals/{item_id}", summary="One referral", description="One registry call.", responses=ONE)
async def get_referral(
    item_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> ReferralOut:
    return views.referral(await _one(patient, session, services, "referrals", item_id), services.clock.now())
