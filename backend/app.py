"""The backend application: composition root of the HTTP API, the browser pages and background work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import httpx
from fastapi import Depends, FastAPI

from backend.api.deps import require_service_token
from backend.api.errors import install_error_handlers
from backend.api.routers import (
    accesses,
    cabinets,
    declaration_requests,
    declarations,
    doctors,
    events,
    health,
    me,
    medical_record,
    prescriptions,
    sign_in_pages,
    signing_pages,
    users,
)
from backend.auth.tokens import TokenService
from backend.clock import Clock
from backend.config import BackendSettings
from backend.db import make_engine, make_sessionmaker
from backend.events.watch_config import WatcherSettings
from backend.events.watcher import StatusWatcher
from backend.logging import RequestLogMiddleware
from backend.maintenance import Housekeeper, Retention
from backend.migrate import migrate
from backend.registry.budget import ClientCallBudget, Lane, LaneBudget
from backend.registry.budgeted import budgeted, registry_lane
from backend.registry.ehealth import EHealthRegistry
from backend.registry.port import RegistryPort
from backend.registry.settings import RegistryBudgetSettings
from backend.security import TokenCipher
from backend.services.container import Services
from backend.services.directory import DirectoryState, DirectorySyncer
from backend.signing.providers import SandboxSigner

API_DESCRIPTION = """
The API the Telegram bot calls. Every `/v1` call carries `Authorization: Bearer <service token>`;
calls about a patient name the Telegram user in the path and act only on that user's own linked person
(ids of anyone else's objects answer 404). Errors always look like
`{"error": {"code", "message" (Ukrainian), "fields"?: [{"field", "code", "message"}], "reason"?}}`.
"""

TAGS = [
    {"name": "accounts", "description": "The Telegram account: consent, phone, sign-in link, settings, erase."},
    {"name": "personal data", "description": "The patient's data (identifiers masked) and signed changes."},
    {"name": "declarations", "description": "Current and past declarations with a doctor."},
    {"name": "declaration requests", "description": "Choosing a doctor: precheck, request, signing link."},
    {"name": "prescriptions", "description": "E-prescriptions, their verification code and their dispenses."},
    {
        "name": "medical record",
        "description": "The patient summary (diagnoses, results, vaccinations, allergies, "
        "visits, procedures) and referrals.",
    },
    {"name": "doctors", "description": "The doctor directory: search, card, settlements."},
    {"name": "accesses", "description": "Systems the patient allowed to process their data."},
    {"name": "cabinets", "description": "Verified patient e-cabinets."},
    {"name": "events", "description": "Notifications outbox for the bot's notifier."},
    {"name": "health", "description": "Liveness and readiness."},
]


def create_app(
    settings: BackendSettings | None = None,
    registry: RegistryPort | None = None,
    *,
    clock: Clock | None = None,
    http_client: httpx.AsyncClient | None = None,
    watcher_settings: WatcherSettings | None = None,
    budget_settings: RegistryBudgetSettings | None = None,
    call_budget: ClientCallBudget | None = None,
) -> FastAPI:
    """Build the app. Tests inject the registry adapter (wired to an in-process sandbox), a movable clock
    and the HTTP client used for the sandbox signer. Every registry call, the injected adapter's too, is paid
    from the client's one call budget: `call_budget` if given (tests), else built from `budget_settings` (else
    EHEALTH_BUDGET_*)."""
    settings = settings or BackendSettings()
    clock = clock or Clock()
    watcher_settings = watcher_settings or WatcherSettings()
    budget_settings = budget_settings or RegistryBudgetSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if settings.migrate_on_startup:
                await migrate(settings.database_url)
            engine = make_engine(settings.database_url)
            stack.push_async_callback(engine.dispose)
            adapter = registry
            if adapter is None:
                adapter = EHealthRegistry()  # settings from EHEALTH_* (production: the real eHealth hosts)
                stack.push_async_callback(adapter.aclose)
            # The adapter behind the client's one call budget: patients' calls in the PATIENT lane (the default),
            # the directory sync's in SYNC, the watcher's in WATCHER. Every part of the backend gets this port.
            port = await stack.enter_async_context(budgeted(adapter, budget_settings, budget=call_budget))
            http = http_client
            if http is None:
                http = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=2.0), follow_redirects=False)
                stack.push_async_callback(http.aclose)
            cipher = TokenCipher(settings.token_encryption_key.get_secret_value())
            services = Services(
                settings=settings,
                engine=engine,
                sessionmaker=make_sessionmaker(engine),
                registry=port,
                cipher=cipher,
                clock=clock,
                tokens=TokenService(port, cipher, clock, refresh_margin=settings.token_refresh_margin),
                http=http,
                sandbox_signer=SandboxSigner(http, settings.sandbox_signer_url)
                if settings.signing_provider == "sandbox"
                else None,
                directory=DirectoryState(),
            )
            syncer = DirectorySyncer(
                services.directory,
                engine,
                port,
                clock,
                sync_on_startup=settings.directory_sync_on_startup,
                interval_seconds=settings.directory_sync_interval,
                depth_days=settings.directory_sync_depth_days,
            )
            await syncer.open()  # its task syncs in the SYNC lane
            stack.push_async_callback(syncer.close)
            housekeeper = Housekeeper(services.sessionmaker, clock, Retention.from_settings(settings))
            housekeeper.start()
            stack.push_async_callback(housekeeper.close)
            if watcher_settings.enabled:
                # The watcher's share of the client's budget, what patients leave: it takes its tokens itself (it
                # plans its rounds by what it may take), then calls the prepaid port, which takes none again (a 429
                # still pauses the whole budget).
                watcher = StatusWatcher(
                    services.sessionmaker,
                    port.prepaid(),
                    services.tokens,
                    clock,
                    watcher_settings,
                    budget=LaneBudget(port.budget, Lane.WATCHER),
                )
                with registry_lane(Lane.WATCHER):  # its task (and the token refreshes it makes) keep the lane
                    watcher.start()
                stack.push_async_callback(watcher.close)
            app.state.services = services
            yield

    app = FastAPI(
        title="Patient cabinet backend",
        summary="Ukraine's eHealth patient cabinet behind a Telegram bot",
        description=API_DESCRIPTION,
        version="1.0.0",
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    app.add_middleware(RequestLogMiddleware)
    install_error_handlers(app)

    app.include_router(health.router)
    app.include_router(sign_in_pages.router)
    app.include_router(signing_pages.router)
    protected = [Depends(require_service_token)]
    for module in (
        users,
        me,
        declarations,
        declaration_requests,
        prescriptions,
        medical_record,
        doctors,
        accesses,
        cabinets,
        events,
    ):
        app.include_router(module.router, dependencies=protected)
    return app
