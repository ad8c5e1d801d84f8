"""Settings of the registry sandbox (environment prefix `REGISTRY_`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RegistrySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REGISTRY_", env_file=".env", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8100
    database_url: str = "sqlite+aiosqlite:///./var/registry.sqlite3"
    # SQLite reads the file through a memory map of up to this many MB (0: none). A server of its own maps
    # it (a 2,000-record page of the bulk export's query 30 → 20 ms at 100,000 doctors); `cabinet demo`, one
    # process with the backend, does not: the mapped pages would count in the product's RSS (~1.1 GB).
    sqlite_mmap_mb: int = 1024
    # SQLite is used through this many connections at most; a request waits for a free one. Each connection has a
    # thread of its own, and the server's Python runs in one thread at a time: with seven pages of a directory copy
    # in flight on seven connections, handing the interpreter between their threads cost the sandbox 2–4 s of its
    # 8–9.5 s of CPU on the doctor list at 100,000 doctors (5.4 s through one; the copy 8–9 → 6.8 s).
    sqlite_connections: int = Field(default=1, ge=1)
    # Public base URL of the sandbox (auth pages redirect and link through it).
    public_url: str = "http://127.0.0.1:8100"
    # Unsigned declaration requests expire after this many hours (DOMAIN §3; production value unknown).
    request_ttl_hours: int = 24
    auth_code_ttl_seconds: int = 300
    access_token_ttl_seconds: int = 3600
    refresh_token_ttl_days: int = 30
    # Pending-verification declarations become active by themselves after this many days.
    pending_verification_days: int = 30
    # The PIS client the seed registers: our backend uses these values (BACKEND_EHEALTH_* settings).
    pis_client_id: str = "telegram-cabinet"
    pis_client_secret: str = "sandbox-pis-secret"  # noqa: S105 - a sandbox value, documented
    # The pre-shared key `POST /oauth/tokens` and `POST /auth/logout` check in `X-Custom-PSK` (as eHealth's
    # Blueprint shows it); our backend sends it as EHEALTH_CUSTOM_PSK.
    pis_client_psk: str = "sandbox-pis-psk"
    pis_redirect_uris: list[str] = ["http://127.0.0.1:8000/auth/callback"]
