"""Settings of the backend service (environment prefix `BACKEND_`, also read from `.env`).

Every field carries a description: the lead copies them into `.env.example`. Two secrets have
development defaults so `cabinet demo` runs with no setup; production refuses to start with them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Development defaults, public on purpose (they are in the source). Never valid in production.
DEV_SERVICE_TOKEN = "dev-service-token-not-for-production"  # noqa: S105
DEV_TOKEN_ENCRYPTION_KEY = "ZGV2LWtleS1kby1ub3QtdXNlLWluLXByb2R1Y3Rpb24="  # noqa: S105 - a valid Fernet key


class BackendSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BACKEND_", env_file=".env", extra="ignore")

    environment: Literal["dev", "production"] = Field(
        "dev", description="dev | production. Production refuses the development secrets."
    )
    host: str = Field("127.0.0.1", description="Address the HTTP server binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port the HTTP server listens on.")
    public_url: str = Field(
        "http://127.0.0.1:8000",
        description="Base URL patients' browsers reach the backend at (sign-in and signing links).",
    )
    database_url: str = Field(
        "sqlite+aiosqlite:///./var/backend.sqlite3",
        description="SQLAlchemy async URL: sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db.",
    )
    migrate_on_startup: bool = Field(
        True,
        description="Apply database migrations when the app starts (single machine). With several replicas set "
        "false and run `cabinet migrate` once per deploy instead.",
    )
    service_token: SecretStr = Field(
        SecretStr(DEV_SERVICE_TOKEN),
        description="Bearer token the bot sends on every /v1 call. Set a long random value in production.",
    )
    token_encryption_key: SecretStr = Field(
        SecretStr(DEV_TOKEN_ENCRYPTION_KEY),
        description=(
            "Fernet key(s) encrypting patients' registry tokens and phones at rest; comma-separated to rotate "
            "(the first encrypts, all decrypt). Generate: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'."
        ),
    )
    auth_state_ttl: int = Field(600, ge=60, description="Seconds a sign-in link (state) stays valid.")
    sign_in_links_limit: int = Field(
        5, ge=1, description="Sign-in links one Telegram user may request within BACKEND_SIGN_IN_LINKS_WINDOW."
    )
    sign_in_links_window: int = Field(
        600, ge=1, description="Seconds over which BACKEND_SIGN_IN_LINKS_LIMIT counts a user's sign-in links."
    )
    signing_link_ttl: int = Field(1800, ge=60, description="Seconds a signing page link stays valid.")
    signing_max_attempts: int = Field(
        5, ge=1, description="Failed signing attempts after which a signing link stops working."
    )
    signing_provider: Literal["sandbox", "widget"] = Field(
        "sandbox",
        description="sandbox: the sandbox e-signature key store; widget: the qualified e-signature JS widget.",
    )
    sandbox_signer_url: str = Field(
        "http://127.0.0.1:8100", description="Base URL of the sandbox signer (the registry sandbox)."
    )
    widget_url: str = Field(
        "", description="URL of the qualified e-signature widget script (required when signing_provider=widget)."
    )
    directory_sync_on_startup: bool = Field(
        True, description="Load the doctor directory from the registry in the background at startup."
    )
    directory_sync_interval: int = Field(3600, ge=60, description="Seconds between incremental doctor directory syncs.")
    directory_sync_depth_days: int = Field(
        2, ge=1, description="Days of registry changes each incremental directory sync asks for."
    )
    consent_version: str = Field(
        "2026-02-01", description="Version of the personal-data consent text the bot shows; recorded on consent."
    )
    bot_username: str = Field(
        "", description="The bot's Telegram username (no @) for t.me links on result pages; empty hides them."
    )
    token_refresh_margin: int = Field(
        120, ge=0, description="Refresh a patient's registry access token this many seconds before it expires."
    )
    session_cache_ttl: int = Field(
        120,
        ge=0,
        description="Seconds a patient's registry reads (their details, declarations, prescriptions, record lists) are "
        "reused by the next screens of their session, unless they change something first; 0 turns it off. Kept in "
        "each backend process's memory: with several replicas keep it short (a write through one replica leaves "
        "another's copy until then).",
    )
    session_cache_max_patients: int = Field(
        10_000, ge=1, description="Patients whose registry reads one backend process keeps at most (least recent go)."
    )
    event_lease_max: int = Field(
        600, ge=1, description="Longest claim lease (seconds) a notifier may ask for on outbox events."
    )
    event_max_attempts: int = Field(
        20, ge=1, description="Claims of one outbox event after which it is no longer handed out."
    )
    audit_retention_days: int = Field(
        365,
        ge=30,
        description="Days audit log entries are kept before the hourly housekeeping deletes them (at least 30).",
    )
    declaration_request_key_retention_days: int = Field(
        30,
        ge=7,
        description=(
            "Days the idempotency key of a declaration request (one bot dialog step -> one registry request) is "
            "kept. It must outlive any unsigned request: eHealth expires requests not signed in time (1 day in "
            "dev, 24 h in the sandbox, production value unknown), after which no retried step can need the key; "
            "30 days leaves a wide margin."
        ),
    )
    log_level: str = Field("INFO", description="Log level of the backend's JSON logs.")

    @model_validator(mode="after")
    def _production_needs_real_secrets(self) -> BackendSettings:
        if self.environment == "production":
            if self.service_token.get_secret_value() == DEV_SERVICE_TOKEN:
                raise ValueError("BACKEND_SERVICE_TOKEN must be set in production (the dev default is public)")
            if DEV_TOKEN_ENCRYPTION_KEY in self.token_encryption_key.get_secret_value().split(","):
                raise ValueError("BACKEND_TOKEN_ENCRYPTION_KEY must be set in production (the dev default is public)")
        if self.signing_provider == "widget" and not self.widget_url:
            raise ValueError("BACKEND_WIDGET_URL is required when BACKEND_SIGNING_PROVIDER=widget")
        return self

    @property
    def callback_url(self) -> str:
        return f"{self.public_url.rstrip('/')}/auth/callback"

    def bot_link(self) -> str | None:
        return f"https://t.me/{self.bot_username}" if self.bot_username else None
