"""The backend's long-lived collaborators, built once per app and shared by every request."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.auth.tokens import TokenService
from backend.clock import Clock
from backend.config import BackendSettings
from backend.registry.port import RegistryPort
from backend.security import TokenCipher
from backend.services.directory import DirectoryState
from backend.services.session_cache import SessionCache
from backend.signing.providers import SandboxSigner


@dataclass
class Services:
    settings: BackendSettings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    registry: RegistryPort
    cipher: TokenCipher
    clock: Clock
    tokens: TokenService
    http: httpx.AsyncClient  # outbound calls other than the registry's (the sandbox signer)
    sandbox_signer: SandboxSigner | None
    directory: DirectoryState = field(default_factory=DirectoryState)
    # Patients' registry reads reused within their session (`session_cache`), built from the settings.
    session_cache: SessionCache = field(init=False)

    def __post_init__(self) -> None:
        self.session_cache = SessionCache(
            self.clock,
            ttl_seconds=self.settings.session_cache_ttl,
            max_patients=self.settings.session_cache_max_patients,
        )
