"""The eHealth adapter: `RegistryPort` over HTTP, for the real eHealth and the registry sandbox alike.

Every call goes through `_call`: a circuit breaker per host, a total time limit per attempt, retries
with backoff for GETs only (a repeated POST/PATCH/DELETE could act twice), an overall deadline per call
a patient waits on (attempts and backoff together), `X-Request-ID` on every
request, and one log line per attempt with the path template, status and duration (never query
strings, bodies, tokens or personal data).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, Literal
from urllib.parse import quote, urlencode

import httpx

from backend.registry import mapping
from backend.registry.envelope import Decode, Envelope, decode_json, error_from, listing_decoder, unwrap
from backend.registry.errors import RegistryAuthExpired, RegistryUnavailable
from backend.registry.port import (
    Access,
    AllergyIntolerance,
    Condition,
    Declaration,
    DeclarationRequest,
    DeclarationsLimit,
    Diagnosis,
    DiagnosticReport,
    DivisionRef,
    DoctorRecord,
    EmployeeRecord,
    Encounter,
    Episode,
    Immunization,
    MedicationDispense,
    MedicationRequest,
    Observation,
    Page,
    Person,
    PersonChanges,
    PortalDoctor,
    Procedure,
    RegistryPort,
    ServiceRequest,
    SettlementRef,
    TokenSet,
    admit_further_page,
)
from backend.registry.request_id import current_request_id
from backend.registry.resilience import CircuitBreaker, CircuitOpen, backoff_delay, parse_retry_after
from backend.registry.settings import SCOPE_SIGN_IN, SCOPE_SIGN_UP, EHealthSettings

log = logging.getLogger(__name__)

Method = Literal["GET", "POST", "PATCH", "DELETE"]
# Who a call acts as, which decides its headers as ehealth-pis.apib shows them:
# - "patient": the signed-in patient on a PIS call (Bearer + api-key);
# - "client": our client alone (api-key: the bulk exports);
# - "public": nobody (the public portal, the address directory);
# - "oauth": the token endpoint (X-Custom-PSK; the client secret travels in the body);
# - "session": the patient's session on the auth host (Bearer + X-Custom-PSK: POST /auth/logout);
# - "cabinet": the signed-in patient on a cabinet call that ehealth-cabinet-and-portal.apib shows with
#   X-Custom-PSK (the e-prescriptions and dispenses; the patient summary and service requests of
#   ehealth-patient-summary.apib show it too): Bearer + X-Custom-PSK, and our api-key as on every patient call.
Access_ = Literal["patient", "client", "public", "oauth", "session", "cabinet"]
# "A limit on the number of objects to be returned, between 1 and 300" (Response__Pagination__V2).
MAX_PAGE_SIZE = 300
# Pages of a listing asked for ahead of the one being read. A first sync of 100,000 doctors: 1 → 2, 27.5 → 26.0 s;
# 2 → 4, 25.9 / 27.9 / 28.1 → 24.8 / 25.2 / 25.3 s run in alternation (with two, the registry sandbox sat idle half
# the time while the doctor list, the longest walk, was read; the sync's peak RSS stayed within 515–529 MB whether
# the bulk export's pages, a dozen of the portal's each, were asked two or four ahead). Against eHealth, a first sync
# has at most ten requests in flight, each paid from the budget before it is asked for.
READ_AHEAD_PAGES = 4
# The directory sync's two long walks run at once, and the registry's time goes to each in proportion to its pages in
# flight times what a page costs it: an export page (2,000 records) costs the sandbox ~4× a page of the doctor list
# (300 doctors). With four ahead each, the export took most of the registry, ended first, and its records waited for
# their doctors, who then all came at the end with their writes. One export page ahead against six of the doctor list:
# at 100,000 doctors the first sync's wall time over both processes' CPU per core 1.33 → 1.28 (five runs each, in
# alternation on a host whose speed swung by half), its peak RSS 464–473 → 447–449 MB.
EXPORT_READ_AHEAD_PAGES = 1
DOCTOR_LIST_READ_AHEAD_PAGES = 6
# Ukraine's bounding box: `GET /reports/stats/divisions` requires north/east/south/west.
UKRAINE_BOX = {"north": 52.4, "east": 40.3, "south": 44.3, "west": 22.1}
# The patient summary's lists: "A limit on the number of objects to be returned, between 1 and 100".
MAX_SUMMARY_PAGE_SIZE = 100
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
RETRYABLE_FAILURES = frozenset({"registry_timeout", "registry_unreachable"})


def _page_size(page_size: int) -> int:
    return max(1, min(page_size, MAX_PAGE_SIZE))


def _summary_paging(page: int, page_size: int) -> dict[str, int]:
    return {"page": page, "page_size": max(1, min(page_size, MAX_SUMMARY_PAGE_SIZE))}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def canonical_json(value: object) -> bytes:
    """The bytes a JSON document is signed as: sorted keys, no spaces, UTF-8 (the sandbox's rule)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class _RetryableStatus(Exception):
    """An answer worth another attempt (429/502/503/504); carries the error for the last attempt."""

    def __init__(self, error: Exception, retry_after: float | None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


class EHealthRegistry(RegistryPort):
    """The registry port implemented against eHealth's PIS protocol."""

    def __init__(
        self,
        settings: EHealthSettings | None = None,
        *,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self._settings = settings or EHealthSettings()
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(self._settings.total_timeout, connect=self._settings.connect_timeout),
            # A redirect to another host would carry the api-key header along; eHealth has no reason to send one.
            follow_redirects=False,
        )
        self._sleep = sleep
        self._monotonic = monotonic
        self._rng = rng or random.Random()  # jitter only, not security
        self._auth_url = self._settings.auth_url.rstrip("/")
        self._api_url = self._settings.api_url.rstrip("/")
        self._breakers: dict[str, CircuitBreaker] = {}

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> EHealthRegistry:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # --- auth -----------------------------------------------------------------------------------

    def sign_in_url(self, state: str, *, sign_up: bool = False) -> str:
        query = urlencode(
            {
                "client_id": self._settings.client_id,
                "redirect_uri": self._settings.redirect_uri,
                "scope": self._sign_in_scope(sign_up=sign_up),
                "state": state,
            }
        )
        return f"{self._auth_url}/{'sign-up' if sign_up else 'sign-in'}?{query}"

    def _sign_in_scope(self, *, sign_up: bool) -> str:
        # A newly signed-up patient is read with GET /api/pis/person too, which needs person:sign_in.
        return " ".join((SCOPE_SIGN_UP, self._token_scope()) if sign_up else (self._token_scope(),))

    def _token_scope(self) -> str:
        """The scope a token is asked for: person:sign_in (GET /api/pis/person) and the PIS scopes."""
        return " ".join(dict.fromkeys((SCOPE_SIGN_IN, *self._settings.scope.split())))

    async def exchange_code(self, code: str) -> TokenSet:
        return await self._issue_tokens({"grant_type": "authorization_code", "code": code})

    async def refresh(self, refresh_token: str) -> TokenSet:
        return await self._issue_tokens({"grant_type": "refresh_token", "refresh_token": refresh_token})

    async def _issue_tokens(self, grant: Mapping[str, str]) -> TokenSet:
        body = {
            "token": {
                "client_id": self._settings.client_id,
                "client_secret": self._settings.client_secret.get_secret_value(),
                "redirect_uri": self._settings.redirect_uri,
                "scope": self._token_scope(),
                **grant,
            }
        }
        envelope = await self._call("POST", self._auth_url, "/oauth/tokens", access="oauth", json_body=body)
        return self._read(envelope, mapping.token_set_from)

    async def logout(self, access_token: str) -> None:
        try:
            await self._call(
                "POST", self._auth_url, "/auth/logout", access="session", token=access_token, expect_data=False
            )
        except RegistryAuthExpired:
            # The token is already dead, which is what logging out wants.
            return

    # --- person ---------------------------------------------------------------------------------

    async def get_person(self, token: str) -> Person:
        return self._read(await self._as_patient("GET", "/api/pis/person", token), mapping.person_from)

    async def prepare_person_update(self, token: str, changes: PersonChanges) -> bytes:
        current = await self._as_patient("GET", "/api/pis/person", token)
        document = self._read(current, lambda data: mapping.person_update_document(data, changes))
        return self.signing_bytes(document)

    async def update_person(self, token: str, person_id: str, signed_request: str) -> Person:
        """`PATCH /api/cabinet/persons/{id}` with the signed document in `signed_request`
        (ehealth-cabinet-and-portal.apib, "Update MPI"); the answer is `cabinet_person_response`."""
        envelope = await self._as_patient(
            "PATCH",
            "/api/cabinet/persons/{id}",
            token,
            path_args={"id": person_id},
            json_body={"signed_request": signed_request},
        )
        # `cabinet_person_response` has no `id` of its own: it is the person the path names.
        return self._read(envelope, lambda data: mapping.person_from({"id": person_id, **data}))

    @staticmethod
    def signing_bytes(document: mapping.JSON) -> bytes:
        """What the patient's e-signature covers for a JSON document (a declaration request, a person
        update). The real registry's rule may differ; this is the one place to change it."""
        return canonical_json(document)

    @staticmethod
    def _signed(signed_content: str) -> dict[str, str]:
        return {"signed_content": signed_content, "signed_content_encoding": "base64"}

    # --- declarations ---------------------------------------------------------------------------

    async def list_declarations(
        self, token: str, *, status: str | None = None, page: int = 1, page_size: int = 50
    ) -> Page[Declaration]:
        params = {"status": status, "page": page, "page_size": page_size}
        envelope = await self._as_patient("GET", "/api/pis/declarations", token, params=params)
        return self._page(envelope, mapping.declaration_from)

    async def get_declaration(self, token: str, declaration_id: str) -> Declaration:
        envelope = await self._as_patient("GET", "/api/pis/declarations/{id}", token, path_args={"id": declaration_id})
        return self._read(envelope, mapping.declaration_from)

    async def terminate_declaration(self, token: str, declaration_id: str, reason_description: str) -> Declaration:
        envelope = await self._as_patient(
            "PATCH",
            "/api/pis/declarations/{id}/actions/terminate",
            token,
            path_args={"id": declaration_id},
            json_body={"reason_description": reason_description},
        )
        return self._read(envelope, mapping.declaration_from)

    # --- declaration requests -------------------------------------------------------------------

    async def create_declaration_request(self, token: str, employee_id: str, division_id: str) -> DeclarationRequest:
        body = {"employee_id": employee_id, "division_id": division_id}
        envelope = await self._as_patient("POST", "/api/pis/declaration_requests", token, json_body=body)
        return self._read(envelope, self._declaration_request)

    async def list_declaration_requests(
        self, token: str, *, status: str | None = None, page: int = 1, page_size: int = 50
    ) -> Page[DeclarationRequest]:
        params = {"status": status, "page": page, "page_size": page_size}
        envelope = await self._as_patient("GET", "/api/pis/declaration_requests", token, params=params)
        return self._page(envelope, self._declaration_request)

    async def get_declaration_request(self, token: str, request_id: str) -> DeclarationRequest:
        envelope = await self._as_patient(
            "GET", "/api/pis/declaration_requests/{id}", token, path_args={"id": request_id}
        )
        return self._read(envelope, self._declaration_request)

    async def sign_declaration_request(self, token: str, request_id: str, signed_content: str) -> DeclarationRequest:
        envelope = await self._as_patient(
            "PATCH",
            "/api/pis/declaration_requests/{id}/actions/sign",
            token,
            path_args={"id": request_id},
            json_body=self._signed(signed_content),
        )
        return self._read(envelope, self._declaration_request)

    async def reject_declaration_request(self, token: str, request_id: str) -> DeclarationRequest:
        envelope = await self._as_patient(
            "PATCH", "/api/pis/declaration_requests/{id}/actions/reject", token, path_args={"id": request_id}
        )
        return self._read(envelope, self._declaration_request)

    def _declaration_request(self, data: mapping.JSON) -> DeclarationRequest:
        return mapping.declaration_request_from(data, self.signing_bytes)

    # --- prescriptions and dispenses (ehealth-cabinet-and-portal.apib, "via Cabinet") ----------------
    # The answers carry medicine names, request numbers and, in the details, the verification code:
    # like every answer, they are never logged (one line per attempt names only the path template).

    async def list_medication_requests(
        self,
        token: str,
        *,
        status: str | None = None,
        request_number: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[MedicationRequest]:
        """`GET /api/cabinet/medication_requests`: the registry lists ACTIVE ones when no status is given."""
        params = {"status": status, "request_number": request_number, "page": page, "page_size": _page_size(page_size)}
        envelope = await self._as_cabinet("GET", "/api/cabinet/medication_requests", token, params=params)
        return self._page(envelope, mapping.medication_request_from)

    async def get_medication_request(self, token: str, request_id: str) -> MedicationRequest:
        """`GET /api/cabinet/medication_requests/{id}` (an id or a request number), with `verification_code`."""
        envelope = await self._as_cabinet(
            "GET", "/api/cabinet/medication_requests/{id}", token, path_args={"id": request_id}
        )
        return self._read(envelope, mapping.medication_request_from)

    async def list_medication_dispenses(
        self,
        token: str,
        *,
        medication_request_id: str | None = None,
        status: str | None = None,
        dispensed_from: date | None = None,
        dispensed_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[MedicationDispense]:
        params = {
            "medication_request_id": medication_request_id,
            "status": status,
            "dispensed_from": dispensed_from.isoformat() if dispensed_from else None,
            "dispensed_to": dispensed_to.isoformat() if dispensed_to else None,
            "page": page,
            "page_size": _page_size(page_size),
        }
        envelope = await self._as_cabinet("GET", "/api/cabinet/medication_dispenses", token, params=params)
        return self._page(envelope, mapping.medication_dispense_from)

    async def get_medication_dispense(self, token: str, dispense_id: str) -> MedicationDispense:
        envelope = await self._as_cabinet(
            "GET", "/api/cabinet/medication_dispenses/{id}", token, path_args={"id": dispense_id}
        )
        return self._read(envelope, mapping.medication_dispense_from)

    # --- the medical record (ehealth-patient-summary.apib, "(Summary)") and referrals -------------------
    # Scope patient_summary:read (service_request:read for referrals); the cabinet calls them with the
    # person's own token and the cabinet header set (to be confirmed with NHSU at integration). `patient_id`
    # is always the signed-in person's own. The answers hold diagnoses, results, vaccines and referral
    # numbers: like every answer, never logged.

    _SUMMARY = "/api/patients/{patient_id}/summary/"

    async def _summary_list(
        self, token: str, patient_id: str, kind: str, params: Mapping[str, Any], read: Callable[[mapping.JSON], Any]
    ) -> Page[Any]:
        envelope = await self._as_cabinet(
            "GET", self._SUMMARY + kind, token, path_args={"patient_id": patient_id}, params=params
        )
        return self._summary_page(envelope, read, params)

    async def _summary_item(
        self, token: str, patient_id: str, kind: str, item_id: str, read: Callable[[mapping.JSON], Any]
    ) -> Any:
        envelope = await self._as_cabinet(
            "GET", self._SUMMARY + kind + "/{id}", token, path_args={"patient_id": patient_id, "id": item_id}
        )
        return self._read(envelope, read)

    async def list_diagnoses(
        self, token: str, patient_id: str, *, code: str | None = None, page: int = 1, page_size: int = 50
    ) -> Page[Diagnosis]:
        """`GET …/summary/diagnoses`: the current diagnoses of the active episodes."""
        params = {"code": code, **_summary_paging(page, page_size)}
        return await self._summary_list(token, patient_id, "diagnoses", params, mapping.diagnosis_from)

    async def list_conditions(
        self,
        token: str,
        patient_id: str,
        *,
        code: str | None = None,
        onset_date_from: date | None = None,
        onset_date_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Condition]:
        params = {
            "code": code,
            "onset_date_from": _day(onset_date_from),
            "onset_date_to": _day(onset_date_to),
            **_summary_paging(page, page_size),
        }
        return await self._summary_list(token, patient_id, "conditions", params, mapping.condition_from)

    async def get_condition(self, token: str, patient_id: str, condition_id: str) -> Condition:
        return await self._summary_item(token, patient_id, "conditions", condition_id, mapping.condition_from)

    async def list_observations(
        self,
        token: str,
        patient_id: str,
        *,
        code: str | None = None,
        issued_from: date | None = None,
        issued_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Observation]:
        params = {
            "code": code,
            "issued_from": _day(issued_from),
            "issued_to": _day(issued_to),
            **_summary_paging(page, page_size),
        }
        return await self._summary_list(token, patient_id, "observations", params, mapping.observation_from)

    async def get_observation(self, token: str, patient_id: str, observation_id: str) -> Observation:
        return await self._summary_item(token, patient_id, "observations", observation_id, mapping.observation_from)

    async def list_diagnostic_reports(
        self,
        token: str,
        patient_id: str,
        *,
        code: str | None = None,
        issued_from: date | None = None,
        issued_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[DiagnosticReport]:
        params = {
            "code": code,
            "issued_from": _day(issued_from),
            "issued_to": _day(issued_to),
            **_summary_paging(page, page_size),
        }
        return await self._summary_list(token, patient_id, "diagnostic_reports", params, mapping.diagnostic_report_from)

    async def get_diagnostic_report(self, token: str, patient_id: str, report_id: str) -> DiagnosticReport:
        return await self._summary_item(
            token, patient_id, "diagnostic_reports", report_id, mapping.diagnostic_report_from
        )

    async def list_immunizations(
        self,
        token: str,
        patient_id: str,
        *,
        vaccine_code: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Immunization]:
        params = {
            "vaccine_code": vaccine_code,
            "date_from": _day(date_from),
            "date_to": _day(date_to),
            **_summary_paging(page, page_size),
        }
        return await self._summary_list(token, patient_id, "immunizations", params, mapping.immunization_from)

    async def get_immunization(self, token: str, patient_id: str, immunization_id: str) -> Immunization:
        return await self._summary_item(token, patient_id, "immunizations", immunization_id, mapping.immunization_from)

    async def list_allergy_intolerances(
        self,
        token: str,
        patient_id: str,
        *,
        code: str | None = None,
        onset_from: date | None = None,
        onset_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[AllergyIntolerance]:
        params = {
            "code": code,
            "onset_date_time_from": _day(onset_from),
            "onset_date_time_to": _day(onset_to),
            **_summary_paging(page, page_size),
        }
        return await self._summary_list(
            token, patient_id, "allergy_intolerances", params, mapping.allergy_intolerance_from
        )

    async def get_allergy_intolerance(self, token: str, patient_id: str, allergy_id: str) -> AllergyIntolerance:
        return await self._summary_item(
            token, patient_id, "allergy_intolerances", allergy_id, mapping.allergy_intolerance_from
        )

    async def list_encounters(
        self,
        token: str,
        patient_id: str,
        *,
        status: str | None = None,
        episode_id: str | None = None,
        period_start_from: date | None = None,
        period_start_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Encounter]:
        params = {
            "status": status,
            "episode_id": episode_id,
            "period_start_from": _day(period_start_from),
            "period_start_to": _day(period_start_to),
            **_summary_paging(page, page_size),
        }
        return await self._summary_list(token, patient_id, "encounters", params, mapping.encounter_from)

    async def get_encounter(self, token: str, patient_id: str, encounter_id: str) -> Encounter:
        return await self._summary_item(token, patient_id, "encounters", encounter_id, mapping.encounter_from)

    async def list_episodes(
        self,
        token: str,
        patient_id: str,
        *,
        period_start_from: date | None = None,
        period_start_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Episode]:
        params = {
            "period_start_from": _day(period_start_from),
            "period_start_to": _day(period_start_to),
            **_summary_paging(page, page_size),
        }
        return await self._summary_list(token, patient_id, "episodes", params, mapping.episode_from)

    async def list_procedures(
        self,
        token: str,
        patient_id: str,
        *,
        status: str | None = None,
        code: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Procedure]:
        params = {"status": status, "code": code, **_summary_paging(page, page_size)}
        return await self._summary_list(token, patient_id, "procedures", params, mapping.procedure_from)

    async def list_service_requests(
        self,
        token: str,
        patient_id: str,
        *,
        status: str | None = None,
        episode_id: str | None = None,
        code: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[ServiceRequest]:
        """`GET /api/patients/{patient_id}/service_requests`. The Blueprint lists no paging parameters for it
        but answers a `Response_Collection`: page and page_size are sent as on every eHealth list."""
        params = {"status": status, "episode_id": episode_id, "code": code, **_summary_paging(page, page_size)}
        envelope = await self._as_cabinet(
            "GET",
            "/api/patients/{patient_id}/service_requests",
            token,
            path_args={"patient_id": patient_id},
            params=params,
        )
        return self._summary_page(envelope, mapping.service_request_from, params)

    async def get_service_request(self, token: str, patient_id: str, service_request_id: str) -> ServiceRequest:
        envelope = await self._as_cabinet(
            "GET",
            "/api/patients/{patient_id}/service_requests/{id}",
            token,
            path_args={"patient_id": patient_id, "id": service_request_id},
        )
        return self._read(envelope, mapping.service_request_from)

    # --- accesses -------------------------------------------------------------------------------
    # (ours) eHealth's public Blueprints have no call for a patient's approvals (Mithril keeps them, and
    # only `POST /oauth/apps/authorize` creates one): `GET/DELETE /api/pis/apps` and the `app:*_pis`
    # scopes are the sandbox's, to be confirmed with NHSU at integration (docs/architecture.md).

    async def list_accesses(self, token: str) -> list[Access]:
        return [
            access
            async for access in self._walk("/api/pis/apps", {}, mapping.access_from, access="patient", token=token)
        ]

    async def revoke_access(self, token: str, access_id: str) -> None:
        await self._as_patient("DELETE", "/api/pis/apps/{id}", token, path_args={"id": access_id}, expect_data=False)

    # --- directory ------------------------------------------------------------------------------

    # eHealth's bulk export carries ids only (`Employee_bulk`); names, divisions and clinics come from
    # the public portal (`/api/stats/employees`, `/reports/stats/divisions`), joined by the directory sync.

    # The directory's walks are `_walk` itself, not a generator around it: a first sync takes 330,000 items through
    # them, and each level of async generators costs each item a resumption.
    def bulk_employees(self, depth_days: int | None = None) -> AsyncIterator[EmployeeRecord]:
        return self._walk(
            "/api/pis/bulk/employees",
            {"depth": depth_days},
            mapping.employee_record_from,
            paged=False,
            decode=_EMPLOYEE_BULK,
            read_ahead=EXPORT_READ_AHEAD_PAGES,
        )

    def declarations_limits(self) -> AsyncIterator[DeclarationsLimit]:
        return self._walk("/api/pis/bulk/declarations_limit", {}, mapping.declarations_limit_from, paged=False)

    def portal_doctors(
        self,
        employee_id: str | None = None,
        *,
        updated_since: datetime | None = None,
        divisions: Mapping[str, DivisionRef] | None = None,
    ) -> AsyncIterator[PortalDoctor]:
        # This walk's: a division and a clinic repeat with each of their doctors. A division the caller has read
        # already is not read again: at 100,000 doctors, reading the list's 25,000 divisions and telling each
        # doctor's apart took ~10 % of a first sync's main thread.
        read_division, read_legal_entity = (
            mapping.reading_once(mapping.division_from, known=divisions),
            mapping.reading_once(mapping.legal_entity_from),
        )
        return self._walk(
            "/api/stats/employees",
            {"id": employee_id, "updated_at_from": _utc_instant(updated_since)},
            lambda data: mapping.portal_doctor_from(data, read_division, read_legal_entity),
            access="public",
            decode=_PORTAL_DOCTORS,
            read_ahead=DOCTOR_LIST_READ_AHEAD_PAGES,
        )

    def portal_divisions(
        self, division_id: str | None = None, *, updated_since: datetime | None = None
    ) -> AsyncIterator[DivisionRef]:
        return self._walk(
            "/reports/stats/divisions",
            {"id": division_id, "updated_at_from": _utc_instant(updated_since), **UKRAINE_BOX},
            mapping.portal_division_from,
            access="public",
            decode=_PORTAL_DIVISIONS,
        )

    async def _walk(
        self,
        path: str,
        params: Mapping[str, Any],
        read: Callable[[mapping.JSON], Any],
        *,
        paged: bool = True,
        access: Access_ = "client",
        token: str | None = None,
        decode: Decode = decode_json,
        read_ahead: int = READ_AHEAD_PAGES,
    ) -> AsyncIterator[Any]:
        """Every item of a listing, page after page.

        A listing the Blueprint pages is asked for with `page`/`page_size`; one it does not page (the
        bulk exports) is asked for exactly as documented, and further pages are asked for only if the
        answer carries a `paging` block after all (the sandbox pages big exports).
        """
        query: dict[str, Any] = {**params, "page": 1, "page_size": self._settings.page_size} if paged else {**params}

        def fetch(query: Mapping[str, Any]) -> asyncio.Task[Envelope]:
            return asyncio.ensure_future(
                self._call(
                    "GET",
                    self._api_url,
                    path,
                    params=query,
                    access=access,
                    token=token,
                    background=token is None,
                    decode=decode,
                )
            )

        # Read-ahead: the next pages are on their way while the caller works through this one (the directory
        # sync writes a page to its index meanwhile), so neither side waits for the other's work; more than one
        # in flight keeps the registry busy while it answers one walk's pages and another's at once.
        pending = deque([fetch(query)])
        asked = 0  # the last page asked for, once the first answer says the listing is paged
        try:
            while pending:
                envelope = await pending.popleft()
                page = self._page(envelope, read)
                paged = envelope.paging is not None and bool(page.items)  # an empty page ends it, whatever it said
                del envelope
                if paged:
                    asked = max(asked, page.page)
                    while asked < page.total_pages and len(pending) < read_ahead:
                        await admit_further_page()  # a page is a call: it pays before it is asked for
                        asked += 1
                        pending.append(fetch({**params, "page": asked, "page_size": page.page_size}))
                for item in page.items:
                    yield item
                if not paged:
                    return
        finally:
            # A walk left half-way (the caller stopped, or failed) must not leave its next pages in flight.
            for further in pending:
                further.cancel()
                if further.done() and not further.cancelled():
                    further.exception()  # a failure of a page nobody wants any more is not "never retrieved"

    async def get_doctor(self, employee_id: str) -> DoctorRecord:
        envelope = await self._call(
            "GET", self._api_url, "/api/stats/employees/{id}", path_args={"id": employee_id}, access="public"
        )
        return self._read(envelope, mapping.portal_card_from)

    async def search_settlements(self, name: str, limit: int = 20) -> list[SettlementRef]:
        envelope = await self._call(
            "GET",
            self._api_url,
            "/api/uaddresses/settlements",
            params={"name": name, "page": 1, "page_size": limit},
            access="public",
        )
        return list(self._page(envelope, mapping.settlement_from).items[:limit])

    # --- reading answers ------------------------------------------------------------------------

    @staticmethod
    def _read(envelope: Envelope, read: Callable[[mapping.JSON], Any]) -> Any:
        if not isinstance(envelope.data, dict):
            raise RegistryUnavailable("malformed_response", request_id=envelope.request_id, detail="object expected")
        try:
            return read(envelope.data)
        except mapping.MalformedData as exc:
            raise RegistryUnavailable("malformed_response", request_id=envelope.request_id, detail=str(exc)) from None

    @staticmethod
    def _page(envelope: Envelope, read: Callable[[mapping.JSON], Any]) -> Page[Any]:
        try:
            return mapping.page_of(envelope.data, envelope.paging, read)
        except mapping.MalformedData as exc:
            raise RegistryUnavailable("malformed_response", request_id=envelope.request_id, detail=str(exc)) from None

    @staticmethod
    def _summary_page(envelope: Envelope, read: Callable[[mapping.JSON], Any], params: Mapping[str, Any]) -> Page[Any]:
        try:
            return mapping.summary_page_of(
                envelope.data, envelope.paging, read, page=params["page"], page_size=params["page_size"]
            )
        except mapping.MalformedData as exc:
            raise RegistryUnavailable("malformed_response", request_id=envelope.request_id, detail=str(exc)) from None

    # --- the HTTP call --------------------------------------------------------------------------

    async def _as_patient(self, method: Method, path_template: str, token: str, **options: Any) -> Envelope:
        return await self._call(method, self._api_url, path_template, access="patient", token=token, **options)

    async def _as_cabinet(self, method: Method, path_template: str, token: str, **options: Any) -> Envelope:
        return await self._call(method, self._api_url, path_template, access="cabinet", token=token, **options)

    def _breaker(self, base_url: str) -> CircuitBreaker:
        breaker = self._breakers.get(base_url)
        if breaker is None:
            breaker = CircuitBreaker(
                self._settings.circuit_failures, self._settings.circuit_reset_seconds, clock=self._monotonic
            )
            self._breakers[base_url] = breaker
        return breaker

    def _headers(self, request_id: str, access: Access_, token: str | None) -> dict[str, str]:
        headers = {"X-Request-ID": request_id, "Accept": "application/json"}
        if access in ("patient", "client", "cabinet"):
            headers["api-key"] = self._settings.client_secret.get_secret_value()
        if access in ("oauth", "session", "cabinet"):
            headers["X-Custom-PSK"] = self._settings.custom_psk.get_secret_value()
        if access in ("patient", "session", "cabinet"):
            if token is None:
                raise ValueError("a patient call needs the patient's access token")
            headers["Authorization"] = f"Bearer {token}"
        return headers

    async def _call(
        self,
        method: Method,
        base_url: str,
        path_template: str,
        *,
        access: Access_,
        path_args: Mapping[str, str] | None = None,
        token: str | None = None,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        expect_data: bool = True,
        background: bool = False,
        decode: Decode = decode_json,
    ) -> Envelope:
        """One logical call: breaker check, attempts (several only for GET), the unwrapped answer.

        A `background` call (the directory sync's) has no patient waiting: only the per-attempt limit applies."""
        request_id = current_request_id()
        path = path_template.format(**{k: quote(str(v), safe="") for k, v in (path_args or {}).items()})
        query = {k: v for k, v in (params or {}).items() if v is not None}
        headers = self._headers(request_id, access, token)
        breaker = self._breaker(base_url)
        try:
            breaker.before_call()
        except CircuitOpen:
            log.warning(
                "registry %s %s refused: circuit open (request_id %s)",
                method,
                path_template,
                request_id,
                extra={"registry_method": method, "registry_path": path_template, "request_id": request_id},
            )
            raise RegistryUnavailable("circuit_open", request_id=request_id) from None

        attempts = 1 + (self._settings.max_retries if method == "GET" else 0)
        # Bulk downloads run in the background; every other call has a patient waiting for its answer.
        deadline = None if access == "client" or background else self._monotonic() + self._settings.call_deadline
        attempt = 1
        try:
            while True:
                try:
                    response = await self._attempt(
                        method,
                        base_url + path,
                        path_template,
                        headers,
                        query,
                        json_body,
                        request_id,
                        attempt,
                        self._time_limit(deadline),
                    )
                    return self._answer(response, request_id, expect_data=expect_data, breaker=breaker, decode=decode)
                except _RetryableStatus as failure:
                    if attempt >= attempts:
                        raise failure.error from None
                    delay = self._retry_delay(failure, attempt)
                    if not self._time_left_for(delay, deadline):
                        raise failure.error from None
                except RegistryUnavailable as failure:
                    if attempt >= attempts or failure.code not in RETRYABLE_FAILURES:
                        raise
                    delay = self._retry_delay(None, attempt)
                    if not self._time_left_for(delay, deadline):
                        raise
                await self._sleep(delay)
                attempt += 1
        except RegistryUnavailable:
            breaker.record_failure()
            raise
        except BaseException:
            # Anything else (a refusal, a cancelled task) says nothing about the registry's health.
            breaker.release_trial()
            raise

    def _time_limit(self, deadline: float | None) -> float:
        """The limit of the next attempt: its own, or what is left of the call's deadline if less."""
        if deadline is None:
            return self._settings.total_timeout
        return max(0.0, min(self._settings.total_timeout, deadline - self._monotonic()))

    def _time_left_for(self, delay: float, deadline: float | None) -> bool:
        """Whether another attempt can start after waiting `delay` and still be before the deadline."""
        return deadline is None or self._monotonic() + delay < deadline

    def _retry_delay(self, failure: _RetryableStatus | None, attempt: int) -> float:
        if failure is not None and failure.retry_after is not None:
            if failure.retry_after > self._settings.retry_after_cap:
                # Waiting that long would keep the patient hanging: give up now with the registry's hint.
                raise failure.error from None
            return failure.retry_after
        return backoff_delay(
            attempt, base=self._settings.retry_backoff_base, cap=self._settings.retry_backoff_cap, rng=self._rng
        )

    async def _attempt(
        self,
        method: Method,
        url: str,
        path_template: str,
        headers: Mapping[str, str],
        query: Mapping[str, Any],
        json_body: Any,
        request_id: str,
        attempt: int,
        time_limit: float,
    ) -> httpx.Response:
        started = time.perf_counter()
        status: int | str = "error"
        try:
            async with asyncio.timeout(time_limit):
                response = await self._client.request(
                    method, url, headers=headers, params=query or None, json=json_body
                )
                await response.aread()
            # httpx binds a response's stream to the response (response → stream → response): a cycle only the
            # cyclic GC frees, so each page's body (MBs of a directory export) outlived its use by many pages.
            # The body is read: the stream has nothing more to give, and reference counting frees the page.
            response.stream = _READ
            status = response.status_code
            return response
        except (TimeoutError, httpx.TimeoutException):
            status = "timeout"
            raise RegistryUnavailable("registry_timeout", request_id=request_id) from None
        except httpx.DecodingError:
            status = "undecodable"
            raise RegistryUnavailable("malformed_response", request_id=request_id) from None
        except httpx.RequestError:
            status = "unreachable"
            raise RegistryUnavailable("registry_unreachable", request_id=request_id) from None
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            log.info(
                "registry %s %s -> %s in %.1f ms (attempt %d, request_id %s)",
                method,
                path_template,
                status,
                duration_ms,
                attempt,
                request_id,
                extra={
                    "registry_method": method,
                    "registry_path": path_template,
                    "registry_status": status,
                    "duration_ms": duration_ms,
                    "attempt": attempt,
                    "request_id": request_id,
                },
            )

    def _answer(
        self,
        response: httpx.Response,
        request_id: str,
        *,
        expect_data: bool,
        breaker: CircuitBreaker,
        decode: Decode = decode_json,
    ) -> Envelope:
        request_id = response.headers.get("x-request-id") or request_id
        status = response.status_code
        if 200 <= status < 300:
            envelope = (
                unwrap(response.content, request_id=request_id, decode=decode)  # RegistryUnavailable when malformed
                if expect_data
                else Envelope(data=None, paging=None, request_id=request_id)
            )
            breaker.record_success()
            return envelope
        retry_after = response.headers.get("retry-after")
        error = error_from(status, response.content, request_id=request_id, retry_after=retry_after)
        if status in RETRYABLE_STATUSES:
            raise _RetryableStatus(error, parse_retry_after(retry_after))
        if not isinstance(error, RegistryUnavailable):
            breaker.record_success()  # a refusal: the registry is up and answering
        raise error


_READ = httpx.ByteStream(b"")  # what a read response's stream is replaced with (`_attempt`)
# The directory's listings, decoded into only what the sync reads of each item (`mapping.EmployeeBulkItem`, …).
_EMPLOYEE_BULK = listing_decoder(mapping.EmployeeBulkItem)
_PORTAL_DOCTORS = listing_decoder(mapping.PortalDoctorItem)
_PORTAL_DIVISIONS = listing_decoder(mapping.PortalDivisionItem)


def _utc_instant(moment: datetime | None) -> str | None:
    """`2017-04-20T19:14:13Z`, as the Blueprint writes `updated_at_from`."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
