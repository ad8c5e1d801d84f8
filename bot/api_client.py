"""The bot's typed client of the backend API (`/v1`, service token).

Every failure becomes a `BackendError` with the backend's machine `code`; the bot shows its own localized
text per code. `BackendUnavailable` (a `BackendError`) means "nothing answered, try later": the backend is
down, timed out, or says the registry is unavailable.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from bot.api_models import (
    Access,
    AccountState,
    Allergy,
    AllergyList,
    Cabinet,
    Condition,
    ConditionList,
    Declaration,
    DeclarationList,
    DeclarationRequest,
    DeclarationRequestCreated,
    DeclarationRequestList,
    DiagnosisList,
    DiagnosticReport,
    DiagnosticReportList,
    DispenseList,
    DoctorCard,
    DoctorSearchPage,
    Encounter,
    EncounterList,
    EpisodeList,
    Event,
    FieldError,
    Immunization,
    ImmunizationList,
    Observation,
    ObservationList,
    PersonView,
    Precheck,
    Prescription,
    PrescriptionList,
    ProcedureList,
    RecordOverview,
    Referral,
    ReferralList,
    Settlement,
    SigningLink,
    SignInLink,
    VerificationCode,
)
from bot.http_transport import AiohttpTransport

log = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)
JsonBody = Mapping[str, Any]

UNAVAILABLE_CODES = frozenset({"backend_unavailable", "registry_unavailable"})


class BackendError(Exception):
    """The backend refused or failed: `code` from its error body (`not_linked`, `validation_failed`, …)."""

    def __init__(
        self,
        code: str,
        message: str = "",
        *,
        status: int | None = None,
        fields: Sequence[FieldError] = (),
        reason: str | None = None,
        blockers: Sequence[str] = (),
        retry_after: float | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status
        self.fields = tuple(fields)
        self.reason = reason
        self.blockers = tuple(blockers)
        self.retry_after = retry_after  # seconds, from Retry-After (eHealth overloaded: when to try again)

    def __repr__(self) -> str:  # the message may quote what the patient typed: keep it out of logs
        return f"{type(self).__name__}(code={self.code!r}, status={self.status!r}, reason={self.reason!r})"

    __str__ = __repr__


class BackendUnavailable(BackendError):
    """Nothing usable answered (network, timeout, 5xx) or the registry is unavailable: try again later."""


def _path(value: str) -> str:
    """One path segment: registry ids are opaque, never let them reshape the URL."""
    return quote(str(value), safe="")


def _query(params: Mapping[str, object]) -> dict[str, str | int | float]:
    cleaned: dict[str, str | int | float] = {}
    for key, value in params.items():
        if value is None:
            continue
        cleaned[key] = ("true" if value else "false") if isinstance(value, bool) else value  # type: ignore[assignment]
    return cleaned


class BackendClient:
    def __init__(
        self,
        base_url: str,
        service_token: str,
        *,
        timeout: float = 15.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {service_token}", "Accept": "application/json"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            # Tests pass their own transport (faults, an app in process); otherwise aiohttp carries the calls.
            transport=transport or AiohttpTransport(),
            trust_env=False,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # Transport ------------------------------------------------------------------------------------------

    async def _request(
        self, method: str, url: str, *, json: JsonBody | None = None, params: Mapping[str, object] | None = None
    ) -> httpx.Response:
        try:
            response = await self._http.request(method, url, json=json, params=_query(params or {}))
        except httpx.TimeoutException:
            log.warning("backend timed out", extra={"method": method, "endpoint": _endpoint(url)})
            raise BackendUnavailable("backend_unavailable") from None
        except httpx.HTTPError as error:
            log.warning(
                "backend unreachable",
                extra={"method": method, "endpoint": _endpoint(url), "error": type(error).__name__},
            )
            raise BackendUnavailable("backend_unavailable") from None
        if response.is_success:
            return response
        raise _error_from(response)

    async def _call(
        self,
        model: type[ModelT],
        method: str,
        url: str,
        *,
        json: JsonBody | None = None,
        params: Mapping[str, object] | None = None,
    ) -> ModelT:
        response = await self._request(method, url, json=json, params=params)
        try:
            return model.model_validate_json(response.content)
        except ValidationError:
            log.error("backend answer does not match the contract", extra={"endpoint": _endpoint(url)})
            raise BackendError("bad_answer", status=response.status_code) from None

    async def _call_list(
        self, model: type[ModelT], url: str, *, params: Mapping[str, object] | None = None
    ) -> list[ModelT]:
        response = await self._request("GET", url, params=params)
        try:
            return TypeAdapter(list[model]).validate_json(response.content)  # type: ignore[valid-type]
        except ValidationError:
            log.error("backend answer does not match the contract", extra={"endpoint": _endpoint(url)})
            raise BackendError("bad_answer", status=response.status_code) from None

    @staticmethod
    def _user(telegram_user_id: int) -> str:
        return f"/v1/users/{int(telegram_user_id)}"

    # Account --------------------------------------------------------------------------------------------

    async def upsert_account(self, telegram_user_id: int, *, chat_id: int, language: str | None) -> AccountState:
        body = {"chat_id": chat_id, "language": language}
        return await self._call(AccountState, "PUT", self._user(telegram_user_id), json=body)

    async def get_account(self, telegram_user_id: int) -> AccountState:
        return await self._call(AccountState, "GET", self._user(telegram_user_id))

    async def give_consent(self, telegram_user_id: int, version: str) -> AccountState:
        url = f"{self._user(telegram_user_id)}/consent"
        return await self._call(AccountState, "POST", url, json={"version": version})

    async def set_phone(self, telegram_user_id: int, phone_number: str) -> AccountState:
        url = f"{self._user(telegram_user_id)}/phone"
        return await self._call(AccountState, "POST", url, json={"phone_number": phone_number})

    async def start_sign_in(self, telegram_user_id: int, *, sign_up: bool = False) -> SignInLink:
        url = f"{self._user(telegram_user_id)}/auth/start"
        return await self._call(SignInLink, "POST", url, json={"sign_up": sign_up})

    async def update_settings(
        self,
        telegram_user_id: int,
        *,
        language: str | None = None,
        notifications: Mapping[str, bool] | None = None,
    ) -> AccountState:
        body: dict[str, Any] = {}
        if language is not None:
            body["language"] = language
        if notifications is not None:
            body["notifications"] = dict(notifications)
        return await self._call(AccountState, "PATCH", f"{self._user(telegram_user_id)}/settings", json=body)

    async def sign_out(self, telegram_user_id: int) -> AccountState:
        return await self._call(AccountState, "POST", f"{self._user(telegram_user_id)}/sign-out")

    async def erase_account(self, telegram_user_id: int) -> None:
        await self._request("DELETE", self._user(telegram_user_id))

    async def mark_unreachable(self, telegram_user_id: int) -> None:
        await self._request("POST", f"{self._user(telegram_user_id)}/unreachable")

    # Personal data --------------------------------------------------------------------------------------

    async def get_me(self, telegram_user_id: int) -> PersonView:
        return await self._call(PersonView, "GET", f"{self._user(telegram_user_id)}/me")

    async def prepare_changes(self, telegram_user_id: int, changes: JsonBody) -> SigningLink:
        """`changes`: only the fields to change (email, secret, phones, addresses, documents, …)."""
        return await self._call(SigningLink, "POST", f"{self._user(telegram_user_id)}/me/changes", json=changes)

    # Declarations ---------------------------------------------------------------------------------------

    async def list_declarations(
        self, telegram_user_id: int, *, status: str | None = None, page: int = 1, page_size: int = 10
    ) -> DeclarationList:
        params = {"status": status, "page": page, "page_size": page_size}
        return await self._call(DeclarationList, "GET", f"{self._user(telegram_user_id)}/declarations", params=params)

    async def get_declaration(self, telegram_user_id: int, declaration_id: str) -> Declaration:
        url = f"{self._user(telegram_user_id)}/declarations/{_path(declaration_id)}"
        return await self._call(Declaration, "GET", url)

    async def terminate_declaration(self, telegram_user_id: int, declaration_id: str, reason: str) -> Declaration:
        url = f"{self._user(telegram_user_id)}/declarations/{_path(declaration_id)}/terminate"
        return await self._call(Declaration, "POST", url, json={"reason": reason})

    # Declaration requests -------------------------------------------------------------------------------

    async def precheck_declaration(self, telegram_user_id: int, *, employee_id: str, division_id: str) -> Precheck:
        url = f"{self._user(telegram_user_id)}/declaration-requests/precheck"
        return await self._call(Precheck, "POST", url, json={"employee_id": employee_id, "division_id": division_id})

    async def create_declaration_request(
        self, telegram_user_id: int, *, employee_id: str, division_id: str, client_key: str
    ) -> DeclarationRequestCreated:
        """Idempotent per `client_key` (A-Za-z0-9_.:-, ≤ 64): a repeated call returns the same request."""
        body = {"employee_id": employee_id, "division_id": division_id, "client_key": client_key}
        url = f"{self._user(telegram_user_id)}/declaration-requests"
        return await self._call(DeclarationRequestCreated, "POST", url, json=body)

    async def list_declaration_requests(
        self, telegram_user_id: int, *, status: str | None = None, page: int = 1, page_size: int = 10
    ) -> DeclarationRequestList:
        params = {"status": status, "page": page, "page_size": page_size}
        url = f"{self._user(telegram_user_id)}/declaration-requests"
        return await self._call(DeclarationRequestList, "GET", url, params=params)

    async def get_declaration_request(self, telegram_user_id: int, request_id: str) -> DeclarationRequest:
        url = f"{self._user(telegram_user_id)}/declaration-requests/{_path(request_id)}"
        return await self._call(DeclarationRequest, "GET", url)

    async def declaration_request_signing_link(
        self, telegram_user_id: int, request_id: str
    ) -> DeclarationRequestCreated:
        """A fresh signing page link for a request that is still NEW."""
        url = f"{self._user(telegram_user_id)}/declaration-requests/{_path(request_id)}/signing-link"
        return await self._call(DeclarationRequestCreated, "POST", url)

    async def cancel_declaration_request(self, telegram_user_id: int, request_id: str) -> DeclarationRequest:
        url = f"{self._user(telegram_user_id)}/declaration-requests/{_path(request_id)}/cancel"
        return await self._call(DeclarationRequest, "POST", url)

    # Prescriptions --------------------------------------------------------------------------------------

    async def list_prescriptions(
        self, telegram_user_id: int, *, status: str = "ACTIVE", page: int = 1, page_size: int = 10
    ) -> PrescriptionList:
        """`status`: ACTIVE, COMPLETED, EXPIRED, REJECTED, or `past` (the three ended ones, newest first)."""
        params = {"status": status, "page": page, "page_size": page_size}
        url = f"{self._user(telegram_user_id)}/prescriptions"
        return await self._call(PrescriptionList, "GET", url, params=params)

    async def get_prescription(self, telegram_user_id: int, prescription_id: str) -> Prescription:
        url = f"{self._user(telegram_user_id)}/prescriptions/{_path(prescription_id)}"
        return await self._call(Prescription, "GET", url)

    async def get_verification_code(self, telegram_user_id: int, prescription_id: str) -> VerificationCode:
        """The code the pharmacist asks for: show it, never store or log it."""
        url = f"{self._user(telegram_user_id)}/prescriptions/{_path(prescription_id)}/verification-code"
        return await self._call(VerificationCode, "GET", url)

    async def list_dispenses(
        self, telegram_user_id: int, prescription_id: str, *, page: int = 1, page_size: int = 20
    ) -> DispenseList:
        url = f"{self._user(telegram_user_id)}/prescriptions/{_path(prescription_id)}/dispenses"
        return await self._call(DispenseList, "GET", url, params={"page": page, "page_size": page_size})

    # Medical record and referrals (read-only; the backend asks the registry for the user's own person only) --

    def _record(self, telegram_user_id: int, path: str = "") -> str:
        return f"{self._user(telegram_user_id)}/record{path}"

    @staticmethod
    def _page(page: int, page_size: int, **filters: str | None) -> dict[str, object]:
        return {"page": page, "page_size": page_size} | {k: v for k, v in filters.items() if v is not None}

    async def get_record_overview(self, telegram_user_id: int) -> RecordOverview:
        """Current allergies, active diagnoses, the last visit, the latest result per measure, open referrals."""
        return await self._call(RecordOverview, "GET", self._record(telegram_user_id))

    async def list_diagnoses(self, telegram_user_id: int, *, page: int = 1, page_size: int = 10) -> DiagnosisList:
        url = self._record(telegram_user_id, "/diagnoses")
        return await self._call(DiagnosisList, "GET", url, params=self._page(page, page_size))

    async def list_conditions(
        self, telegram_user_id: int, *, code: str | None = None, page: int = 1, page_size: int = 10
    ) -> ConditionList:
        url = self._record(telegram_user_id, "/conditions")
        return await self._call(ConditionList, "GET", url, params=self._page(page, page_size, code=code))

    async def get_condition(self, telegram_user_id: int, condition_id: str) -> Condition:
        return await self._call(Condition, "GET", self._record(telegram_user_id, f"/conditions/{_path(condition_id)}"))

    async def list_observations(
        self, telegram_user_id: int, *, code: str | None = None, page: int = 1, page_size: int = 10
    ) -> ObservationList:
        """With `code` (LOINC): that measure's results over time, newest first (for a chart)."""
        url = self._record(telegram_user_id, "/observations")
        return await self._call(ObservationList, "GET", url, params=self._page(page, page_size, code=code))

    async def get_observation(self, telegram_user_id: int, observation_id: str) -> Observation:
        url = self._record(telegram_user_id, f"/observations/{_path(observation_id)}")
        return await self._call(Observation, "GET", url)

    async def list_diagnostic_reports(
        self, telegram_user_id: int, *, page: int = 1, page_size: int = 10
    ) -> DiagnosticReportList:
        url = self._record(telegram_user_id, "/diagnostic-reports")
        return await self._call(DiagnosticReportList, "GET", url, params=self._page(page, page_size))

    async def get_diagnostic_report(self, telegram_user_id: int, report_id: str) -> DiagnosticReport:
        url = self._record(telegram_user_id, f"/diagnostic-reports/{_path(report_id)}")
        return await self._call(DiagnosticReport, "GET", url)

    async def list_immunizations(
        self, telegram_user_id: int, *, vaccine_code: str | None = None, page: int = 1, page_size: int = 10
    ) -> ImmunizationList:
        url = self._record(telegram_user_id, "/immunizations")
        params = self._page(page, page_size, vaccine_code=vaccine_code)
        return await self._call(ImmunizationList, "GET", url, params=params)

    async def get_immunization(self, telegram_user_id: int, immunization_id: str) -> Immunization:
        url = self._record(telegram_user_id, f"/immunizations/{_path(immunization_id)}")
        return await self._call(Immunization, "GET", url)

    async def list_allergies(self, telegram_user_id: int, *, page: int = 1, page_size: int = 10) -> AllergyList:
        url = self._record(telegram_user_id, "/allergies")
        return await self._call(AllergyList, "GET", url, params=self._page(page, page_size))

    async def get_allergy(self, telegram_user_id: int, allergy_id: str) -> Allergy:
        return await self._call(Allergy, "GET", self._record(telegram_user_id, f"/allergies/{_path(allergy_id)}"))

    async def list_encounters(
        self, telegram_user_id: int, *, episode_id: str | None = None, page: int = 1, page_size: int = 10
    ) -> EncounterList:
        url = self._record(telegram_user_id, "/encounters")
        return await self._call(EncounterList, "GET", url, params=self._page(page, page_size, episode_id=episode_id))

    async def get_encounter(self, telegram_user_id: int, encounter_id: str) -> Encounter:
        url = self._record(telegram_user_id, f"/encounters/{_path(encounter_id)}")
        return await self._call(Encounter, "GET", url)

    async def list_episodes(self, telegram_user_id: int, *, page: int = 1, page_size: int = 10) -> EpisodeList:
        url = self._record(telegram_user_id, "/episodes")
        return await self._call(EpisodeList, "GET", url, params=self._page(page, page_size))

    async def list_procedures(self, telegram_user_id: int, *, page: int = 1, page_size: int = 10) -> ProcedureList:
        url = self._record(telegram_user_id, "/procedures")
        return await self._call(ProcedureList, "GET", url, params=self._page(page, page_size))

    async def list_referrals(
        self, telegram_user_id: int, *, status: str | None = None, page: int = 1, page_size: int = 10
    ) -> ReferralList:
        """All referrals, or of one status (active, completed, recalled, entered_in_error); `is_open` on each."""
        url = self._record(telegram_user_id, "/referrals")
        return await self._call(ReferralList, "GET", url, params=self._page(page, page_size, status=status))

    async def get_referral(self, telegram_user_id: int, referral_id: str) -> Referral:
        return await self._call(Referral, "GET", self._record(telegram_user_id, f"/referrals/{_path(referral_id)}"))

    # Doctors --------------------------------------------------------------------------------------------

    async def search_doctors(
        self,
        *,
        q: str | None = None,
        speciality: str | None = None,
        settlement: str | None = None,
        area: str | None = None,
        legal_entity_id: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
        with_free_places: bool = False,
        offset: int = 0,
        limit: int = 10,
        for_user: int | None = None,
    ) -> DoctorSearchPage:
        params = {
            "q": q,
            "speciality": speciality,
            "settlement": settlement,
            "area": area,
            "legal_entity_id": legal_entity_id,
            "lat": lat,
            "lon": lon,
            "with_free_places": with_free_places or None,
            "offset": offset,
            "limit": limit,
            "for_user": for_user,
        }
        return await self._call(DoctorSearchPage, "GET", "/v1/doctors/search", params=params)

    async def get_doctor(self, employee_id: str) -> DoctorCard:
        return await self._call(DoctorCard, "GET", f"/v1/doctors/{_path(employee_id)}")

    async def find_settlements(self, prefix: str, *, limit: int = 10) -> list[Settlement]:
        return await self._call_list(Settlement, "/v1/settlements", params={"prefix": prefix, "limit": limit})

    # Accesses and cabinets ------------------------------------------------------------------------------

    async def list_accesses(self, telegram_user_id: int) -> list[Access]:
        return await self._call_list(Access, f"{self._user(telegram_user_id)}/accesses")

    async def revoke_access(self, telegram_user_id: int, access_id: str) -> None:
        await self._request("DELETE", f"{self._user(telegram_user_id)}/accesses/{_path(access_id)}")

    async def list_cabinets(self) -> list[Cabinet]:
        return await self._call_list(Cabinet, "/v1/cabinets")

    # Events (the notifier) ------------------------------------------------------------------------------

    async def claim_events(self, worker_id: str, *, limit: int = 50, lease_seconds: int = 60) -> list[Event]:
        body = {"worker_id": worker_id, "limit": limit, "lease_seconds": lease_seconds}
        response = await self._request("POST", "/v1/events/claim", json=body)
        try:
            return TypeAdapter(list[Event]).validate_python(response.json()["events"])
        except (ValidationError, ValueError, KeyError):
            log.error("backend answer does not match the contract", extra={"endpoint": "/v1/events/claim"})
            raise BackendError("bad_answer", status=response.status_code) from None

    async def ack_events(self, ids: Sequence[int]) -> int:
        response = await self._request("POST", "/v1/events/ack", json={"ids": list(ids)})
        try:
            return int(response.json()["acknowledged"])
        except (ValueError, KeyError, TypeError):
            raise BackendError("bad_answer", status=response.status_code) from None


def _endpoint(url: str) -> str:
    """The URL for logs, with the Telegram user id taken out (it identifies a patient)."""
    parts = url.split("/")
    if len(parts) > 3 and parts[1:3] == ["v1", "users"]:
        parts[3] = "{tg}"
    return "/".join(parts)


def _error_from(response: httpx.Response) -> BackendError:
    try:
        body = response.json()["error"]
        code = str(body["code"])
    except (ValueError, KeyError, TypeError):
        body, code = {}, ""
    if not code:
        if response.status_code >= 500:
            return BackendUnavailable("backend_unavailable", status=response.status_code)
        return BackendError(f"http_{response.status_code}", status=response.status_code)
    fields: list[FieldError] = []
    for item in body.get("fields") or ():
        try:
            fields.append(FieldError.model_validate(item))
        except ValidationError:
            continue
    error_type = BackendUnavailable if code in UNAVAILABLE_CODES else BackendError
    return error_type(
        code,
        str(body.get("message") or ""),
        status=response.status_code,
        fields=fields,
        reason=body.get("reason"),
        blockers=tuple(body.get("blockers") or ()),
        retry_after=_retry_after(response),
    )


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds (the backend sends whole seconds); None when absent or not a number."""
    value = response.headers.get("Retry-After")
    try:
        seconds = float(value) if value is not None else -1.0
    except ValueError:
        return None
    return seconds if seconds >= 0 and seconds != float("inf") else None
