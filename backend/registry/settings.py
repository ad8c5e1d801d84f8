"""Settings of the eHealth adapter (environment prefix `EHEALTH_`) and the OAuth scopes it asks for.

The defaults point at the registry sandbox on this machine; production sets the eHealth hosts and
the client credentials NHSU issued to the cabinet.
"""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# OAuth scopes of the PIS protocol (ehealth-pis.apib: the "Scope" row of each call). Those marked (ours)
# are not in eHealth's public Blueprints: the sandbox defines them, and the production values must be
# confirmed with NHSU at integration.
SCOPE_SIGN_IN = "person:sign_in"  # also what GET /api/pis/person requires
SCOPE_SIGN_UP = "person:sign_up"
# The medical record (ehealth-patient-summary.apib): the Blueprint's own scopes. That a cabinet reaches the
# summary and service-request calls with the person's own token is configuration to be confirmed with NHSU at
# integration.
SCOPE_PATIENT_SUMMARY_READ = "patient_summary:read"  # GET /api/patients/{id}/summary/…
SCOPE_SERVICE_REQUEST_READ = "service_request:read"  # GET /api/patients/{id}/service_requests[/{id}]
RECORD_SCOPES: tuple[str, ...] = (SCOPE_PATIENT_SUMMARY_READ, SCOPE_SERVICE_REQUEST_READ)

PIS_SCOPES: tuple[str, ...] = (
    "person:write_pis",  # (ours) PATCH /api/cabinet/persons/{id}: the Blueprint names no scope for it
    "declaration:read_pis",
    "declaration:terminate_pis",
    "declaration_request:write_pis",
    "declaration_request:read_pis",
    "declaration_request:details_pis",
    "declaration_request:sign_pis",
    "declaration_request:reject_pis",
    "app:read_pis",  # (ours) list accesses: no public eHealth call exists for it
    "app:delete_pis",  # (ours) revoke an access: no public eHealth call exists for it
    "medication_request:read",  # (ours) GET /api/cabinet/medication_requests[/{id}]: the Blueprint names no scope
    "medication_dispense:read",  # (ours) GET /api/cabinet/medication_dispenses[/{id}]: the Blueprint names no scope
    *RECORD_SCOPES,  # the bot's «Медична картка»
)

SANDBOX_URL = "http://127.0.0.1:8100"


class EHealthSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EHEALTH_", env_file=".env", extra="ignore")

    auth_url: str = Field(
        SANDBOX_URL,
        description="Base URL of the eHealth auth host (sign-in pages, /oauth/tokens). "
        "Production: https://auth.ehealth.gov.ua; the default is the local registry sandbox.",
    )
    api_url: str = Field(
        SANDBOX_URL,
        description="Base URL of the eHealth API. Production: https://api.ehealth.gov.ua.",
    )
    client_id: str = Field("telegram-cabinet", description="OAuth client id NHSU issued to the cabinet.")
    client_secret: SecretStr = Field(
        SecretStr("sandbox-pis-secret"),
        description="OAuth client secret, also sent as `api-key` on every API call. Never logged.",
    )
    custom_psk: SecretStr = Field(
        SecretStr("sandbox-pis-psk"),
        description="Pre-shared key NHSU issues with the client, sent as the `X-Custom-PSK` header where the "
        "Blueprint shows it: POST /oauth/tokens (code exchange, refresh), POST /auth/logout and the cabinet's "
        "e-prescription and dispense calls, and the medical record's (patient summary, service requests). "
        "Never logged.",
    )
    redirect_uri: str = Field(
        "http://127.0.0.1:8000/auth/callback",
        description="Where eHealth returns the patient's browser after sign-in (the backend's /auth/callback).",
    )
    scope: str = Field(
        " ".join(PIS_SCOPES),
        description="Space-separated PIS scopes requested at sign-in and at the token exchange, besides "
        "person:sign_in (always asked for: GET /api/pis/person requires it) and person:sign_up (at sign-up). "
        "person:write_pis, app:read_pis, app:delete_pis, medication_request:read and medication_dispense:read are "
        "ours: eHealth's public Blueprints document no scope for the person update or for the cabinet's "
        "e-prescriptions and dispenses, and no call at all for listing or revoking a patient's accesses "
        "(GET/DELETE /api/pis/apps is the sandbox's); confirm them with NHSU or drop them in production. "
        "The medical record's patient_summary:read and service_request:read (the Blueprint's, "
        "ehealth-patient-summary.apib) are asked for by default for the bot's «Медична картка»; that "
        "a cabinet reaches those calls with the person's own token is to be confirmed with NHSU at integration.",
    )
    connect_timeout: float = Field(2.0, gt=0, description="Seconds to establish a connection to eHealth.")
    total_timeout: float = Field(
        5.0, gt=0, description="Seconds one HTTP attempt may take in total (connect, send, wait, read)."
    )
    call_deadline: float = Field(
        2.5,
        gt=0,
        description="Seconds one registry call a patient waits on may take in all: every attempt and every wait "
        "between retries included (the bot must hear within 3 s). Attempts are cut short and retries dropped to "
        "keep it. Bulk downloads of the directory (client access, in the background) keep only the per-attempt limit.",
    )
    max_retries: int = Field(
        2, ge=0, le=5, description="Retries of a failed idempotent (GET) call; other calls are never retried."
    )
    retry_backoff_base: float = Field(
        0.2, ge=0, description="First retry waits up to this many seconds; each next one up to twice as long."
    )
    retry_backoff_cap: float = Field(2.0, ge=0, description="Longest wait between retries, in seconds.")
    retry_after_cap: float = Field(
        5.0,
        ge=0,
        description="Longest Retry-After (429/503) the adapter waits before retrying; longer waits fail the call "
        "with RegistryRateLimited so the patient is not kept waiting.",
    )
    circuit_failures: int = Field(
        5, ge=1, description="Consecutive failed calls after which calls to eHealth fail fast (circuit opens)."
    )
    circuit_reset_seconds: float = Field(
        30.0, gt=0, description="Seconds the circuit stays open before one trial call is let through."
    )
    page_size: int = Field(
        300,
        ge=1,
        le=300,
        description="Page size the adapter asks for when it walks a paged listing (the public portal's doctors "
        "and divisions; 300 is the most the Blueprint allows, so a directory copy takes the fewest calls). "
        "eHealth's bulk exports are not paged; the adapter follows a `paging` block only if one "
        "comes (the sandbox's, for big seeds).",
    )


class RegistryBudgetSettings(BaseSettings):
    """The client's one registry call budget (environment prefix `EHEALTH_BUDGET_`): every process of the
    cabinet that calls eHealth (backend replicas, `cabinet watcher`) reads the same values."""

    model_config = SettingsConfigDict(env_prefix="EHEALTH_BUDGET_", env_file=".env", extra="ignore")

    calls: int = Field(
        1000,
        ge=2,
        description="Registry calls the whole client may make per window: patients' screens and sign-ins, the "
        "status watcher and the directory sync together. eHealth's documented default for a free account is 1000 "
        'per 15 minutes (ONE-API, "Rate Limits (Throttling)"); set what NHSU granted the cabinet.',
    )
    window_seconds: float = Field(900.0, gt=0, description="The window eHealth counts calls over, in seconds.")
    burst_share: float = Field(
        0.05,
        gt=0,
        lt=1,
        description="The share of the window's calls that may go at once after a quiet spell (the bucket's size); "
        "the rest is spread evenly over the window.",
    )
    reserve_share: float = Field(
        0.5,
        ge=0,
        lt=1,
        description="The share of the bucket the background work (watcher, directory sync) leaves to patients: "
        "patients' calls are refused only when patients themselves have spent the budget.",
    )
    redis_url: str = Field(
        "",
        description="Redis the budget is kept in, shared by every process of the client (redis://host:6379/0). "
        "Empty: each process keeps its own in memory, right for one process (cabinet demo); production with "
        "several replicas or a separate watcher must set it, or together they exceed eHealth's limit.",
    )
    redis_prefix: str = Field("cabinet:registry-budget", description="Key prefix of the shared budget in Redis.")
    rate_limited_pause: float = Field(
        60.0,
        gt=0,
        description="Seconds every registry call waits after eHealth answers 429 without a Retry-After.",
    )
