"""Registry calls per bot screen: the real backend app (built as `conftest.running_cabinet` builds it, against the
embedded registry sandbox) with a port wrapper that counts each registry call by method, and each flow walked
as the bot walks it (the same backend calls, with the same paging, screen by screen).

Shared by `bench/flow_calls.py` (prints the figures) and `test_registry_calls_per_screen.py` (pins them).
Every flow starts cold: a Telegram user of its own signs in, then the backend's clock moves on by `GAP_SECONDS`
(a patient comes back later, any per-session cache of the sign-in long expired) before the flow's first screen.
The status watcher is off, and the directory is loaded before counting starts: only the screens' calls count.
"""

from __future__ import annotations

import inspect
import shutil
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from backend.app import create_app
from backend.clock import Clock
from backend.config import BackendSettings
from backend.events.watch_config import WatcherSettings
from backend.registry.ehealth import EHealthRegistry
from backend.registry.port import RegistryPort
from backend.registry.settings import EHealthSettings
from sandbox.registry.app import create_app as create_registry_app
from sandbox.registry.config import RegistrySettings
from sandbox.registry.seed import TEST_PERSONS, TestPerson
from tests.backend.app.conftest import BACKEND_URL, BOT_USERNAME, REGISTRY_URL, SERVICE_TOKEN, Browser, Cabinet
from tests.conftest import GENEROUS_BUDGET

GAP_SECONDS = 900  # between a flow's sign-in and its first screen: longer than any session cache may live


def person(slug: str) -> TestPerson:
    return next(p for p in TEST_PERSONS if p.slug == slug)


OLENA = person("adult_with_declaration")
ANDRII = person("adult_without_declaration")
VIACHESLAV = person("adult_with_accesses")
MAKSYM = person("teen_16_read_only")


class CountingRegistry:
    """The registry port with a count of every call made through it, by method (a token refresh included)."""

    def __init__(self, inner: RegistryPort) -> None:
        self._inner = inner
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if not inspect.iscoroutinefunction(attribute):
            return attribute  # the sign-in URL (no call) and the directory's walks (not a screen's)

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return await attribute(*args, **kwargs)

        return counted

    def take(self) -> Counter[str]:
        """The calls since the last `take`."""
        taken, self.calls = self.calls, Counter()
        return taken


@dataclass
class Walk:
    """What one flow cost, screen by screen: `screens[name]` is the registry calls of that screen's answers."""

    screens: dict[str, int] = field(default_factory=dict)
    methods: Counter[str] = field(default_factory=Counter)


@dataclass
class Bench:
    cabinet: Cabinet
    registry: CountingRegistry
    clock: Clock
    next_user: int = 9100

    @property
    def api(self) -> httpx.AsyncClient:
        return self.cabinet.api

    async def signed_in(self, who: TestPerson) -> int:
        """A new Telegram user signed in as `who`, then `GAP_SECONDS` later (nothing of the sign-in counted)."""
        self.next_user += 1
        tg = self.next_user
        self.clock.offset = timedelta()
        answer = await self.cabinet.sign_in(tg, who)
        assert answer.status_code == 200, answer.text
        self.clock.advance(GAP_SECONDS)
        self.registry.take()
        return tg

    async def screen(self, walk: Walk, name: str, show: Callable[[], Awaitable[Any]]) -> Any:
        self.registry.take()
        shown = await show()
        calls = self.registry.take()
        walk.screens[name] = sum(calls.values())
        walk.methods.update(calls)
        return shown

    async def get(self, path: str, **params: Any) -> Any:
        answer = await self.api.get(path, params=params)
        assert answer.status_code == 200, (path, answer.text)
        return answer.json()


@asynccontextmanager
async def counting_cabinet(directory: Path, registry_template: Path) -> AsyncIterator[Bench]:
    """The backend as the product builds it (`create_app` with the eHealth adapter, here over the sandbox), its
    registry port counted; the directory loaded (uncounted), the watcher off."""
    database = directory / "registry.sqlite3"
    shutil.copyfile(registry_template, database)
    registry_app = create_registry_app(RegistrySettings(database_url=f"sqlite+aiosqlite:///{database}", _env_file=None))
    settings = BackendSettings(
        database_url=f"sqlite+aiosqlite:///{directory / 'backend.sqlite3'}",
        service_token=SERVICE_TOKEN,
        sandbox_signer_url=REGISTRY_URL,
        directory_sync_on_startup=False,
        bot_username=BOT_USERNAME,
        _env_file=None,
    )
    registry_transport = httpx.ASGITransport(app=registry_app)
    clock = Clock()
    async with (
        registry_app.router.lifespan_context(registry_app),
        EHealthRegistry(
            EHealthSettings(api_url=REGISTRY_URL, auth_url=REGISTRY_URL, _env_file=None), transport=registry_transport
        ) as adapter,
        httpx.AsyncClient(transport=registry_transport) as signer_http,
    ):
        counting = CountingRegistry(adapter)
        app = create_app(
            settings,
            counting,  # type: ignore[arg-type]  # the port, counted
            clock=clock,
            http_client=signer_http,
            watcher_settings=WatcherSettings(enabled=False, _env_file=None),
            budget_settings=GENEROUS_BUDGET,  # counted, not throttled: a flow's walk is faster than a patient
        )
        backend_transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=backend_transport, base_url=BACKEND_URL, headers={"Authorization": f"Bearer {SERVICE_TOKEN}"}
            ) as api,
            httpx.AsyncClient(transport=backend_transport, base_url=BACKEND_URL) as backend_browser,
            httpx.AsyncClient(transport=registry_transport, base_url=REGISTRY_URL) as registry_browser,
        ):
            cabinet = Cabinet(api, Browser(backend_browser, registry_browser), app.state.services)
            await cabinet.load_directory()
            counting.take()
            yield Bench(cabinet, counting, clock)


# --- The flows, as the bot's dialogs call the backend (bot/dialogs/*/getters.py, handlers.py) -------------------


async def sign_in_flow(bench: Bench) -> Walk:
    """Onboarding: /start, consent, the sign-in link, the registry's sign-in and the callback; then the main menu
    and, straight after, the patient's data (the first thing many open)."""
    walk = Walk()
    bench.next_user += 1
    tg = bench.next_user
    bench.clock.offset = timedelta()
    bench.registry.take()

    async def sign_in() -> None:
        answer = await bench.cabinet.sign_in(tg, OLENA)
        assert answer.status_code == 200, answer.text

    await bench.screen(walk, "sign-in", sign_in)
    await bench.screen(walk, "main menu", lambda: bench.get(f"/v1/users/{tg}"))
    await bench.screen(walk, "personal data right after", lambda: bench.get(f"/v1/users/{tg}/me"))
    return walk


async def personal_data_flow(bench: Bench) -> Walk:
    """«Мої дані»: the view, back to it, and a change of e-mail up to its signing link (handlers: get_me, then
    prepare_changes)."""
    walk = Walk()
    tg = await bench.signed_in(OLENA)
    me = f"/v1/users/{tg}/me"
    await bench.screen(walk, "view", lambda: bench.get(me))
    await bench.screen(walk, "view again", lambda: bench.get(me))

    async def change() -> None:
        await bench.get(me)
        answer = await bench.api.post(f"{me}/changes", json={"email": "olena.new@example.com"})
        assert answer.status_code == 200, answer.text

    await bench.screen(walk, "change e-mail: signing link", change)
    return walk


async def declarations_flow(bench: Bench) -> Walk:
    """«Мої декларації»: the overview (current + waiting requests), the history, a declaration's card, the
    confirmation before ending the current one, and back to the overview."""
    walk = Walk()
    tg = await bench.signed_in(OLENA)
    base = f"/v1/users/{tg}"

    async def overview() -> dict[str, Any]:
        listed = await bench.get(f"{base}/declarations", page=1, page_size=1)
        await bench.get(f"{base}/declaration-requests", status="NEW", page=1, page_size=10)
        return listed

    listed = await bench.screen(walk, "overview", overview)
    history = await bench.screen(walk, "history", lambda: bench.get(f"{base}/declarations", page=1, page_size=5))
    first = history["items"][0]["id"]
    await bench.screen(walk, "card", lambda: bench.get(f"{base}/declarations/{first}"))
    current = listed["current"][0]["id"]
    await bench.screen(walk, "end it: confirmation", lambda: bench.get(f"{base}/declarations/{current}"))
    await bench.screen(walk, "back to the overview", overview)
    return walk


async def doctor_search_flow(bench: Bench) -> Walk:
    """«Знайти лікаря»: a search for the patient, the next page, a doctor's card (the directory answers)."""
    walk = Walk()
    tg = await bench.signed_in(ANDRII)
    params = {"speciality": "THERAPIST", "for_user": tg, "limit": 5}
    found = await bench.screen(walk, "search", lambda: bench.get("/v1/doctors/search", **params))
    await bench.screen(walk, "next page", lambda: bench.get("/v1/doctors/search", **params, offset=5))
    employee_id = found["items"][0]["employee_id"]
    await bench.screen(walk, "card", lambda: bench.get(f"/v1/doctors/{employee_id}"))
    return walk


async def _free_therapist(bench: Bench) -> dict[str, Any]:
    found = await bench.get("/v1/doctors/search", speciality="THERAPIST", with_free_places=True, limit=10)
    return next(doctor for doctor in found["items"] if doctor["available"])


async def declaration_submission_flow(bench: Bench) -> Walk:
    """«Подати декларацію» with a chosen doctor: the summary (card + precheck), the request, «перевірити» before
    signing, the patient signing on the page, «перевірити» after (the request, then the declaration it made)."""
    walk = Walk()
    tg = await bench.signed_in(ANDRII)
    doctor = await _free_therapist(bench)
    bench.registry.take()
    base = f"/v1/users/{tg}/declaration-requests"
    ref = {"employee_id": doctor["employee_id"], "division_id": doctor["division_id"]}

    async def summary() -> None:
        await bench.get(f"/v1/doctors/{doctor['employee_id']}")
        answer = await bench.api.post(f"{base}/precheck", json=ref)
        assert answer.status_code == 200 and answer.json()["ok"], answer.text

    async def submit() -> dict[str, Any]:
        answer = await bench.api.post(base, json={**ref, "client_key": f"bench-{tg}"})
        assert answer.status_code == 201, answer.text
        return answer.json()

    await bench.screen(walk, "summary: card + precheck", summary)
    created = await bench.screen(walk, "submit", submit)
    await bench.screen(walk, "check: not signed yet", lambda: bench.get(f"{base}/{created['id']}"))

    async def sign() -> None:
        signed = await bench.cabinet.sign(created["signing_url"], ANDRII)
        assert signed.status_code == 200, signed.text

    await bench.screen(walk, "signing page", sign)

    async def check() -> None:
        request = await bench.get(f"{base}/{created['id']}")
        assert request["status"] == "SIGNED", request
        await bench.get(f"/v1/users/{tg}/declarations/{request['declaration_id']}")

    await bench.screen(walk, "check: signed", check)
    return walk


async def accesses_flow(bench: Bench) -> Walk:
    """«Доступи»: the list, its next page (a new render), revoking one, the list after."""
    walk = Walk()
    tg = await bench.signed_in(VIACHESLAV)
    base = f"/v1/users/{tg}/accesses"

    async def overview() -> list[dict[str, Any]]:
        listed = await bench.get(base)
        await bench.get("/v1/cabinets")
        return listed

    listed = await bench.screen(walk, "list", overview)
    await bench.screen(walk, "next page", overview)
    helsi = next(access for access in listed if access["client_name"] == "Helsi")

    async def revoke() -> None:
        answer = await bench.api.delete(f"{base}/{helsi['id']}")
        assert answer.status_code == 204, answer.text

    await bench.screen(walk, "revoke", revoke)
    after = await bench.screen(walk, "list after revoking", overview)
    assert helsi["id"] not in [access["id"] for access in after]
    return walk


async def prescriptions_flow(bench: Bench) -> Walk:
    """«Мої рецепти»: the active list, the past ones, a prescription's card (with its dispenses), «показати в
    аптеці», the verification code, and back to the active list."""
    walk = Walk()
    tg = await bench.signed_in(OLENA)
    base = f"/v1/users/{tg}/prescriptions"
    active = await bench.screen(walk, "active list", lambda: bench.get(base, status="ACTIVE", page=1, page_size=4))
    await bench.screen(walk, "past list", lambda: bench.get(base, status="past", page=1, page_size=4))
    one = active["items"][0]["id"]

    async def card() -> None:
        await bench.get(f"{base}/{one}")
        await bench.get(f"{base}/{one}/dispenses", page=1, page_size=20)

    await bench.screen(walk, "card", card)
    await bench.screen(walk, "show at the pharmacy", lambda: bench.get(f"{base}/{one}"))
    await bench.screen(walk, "verification code", lambda: bench.get(f"{base}/{one}/verification-code"))
    await bench.screen(walk, "back to the active list", lambda: bench.get(base, status="ACTIVE", page=1, page_size=4))
    return walk


async def medical_record_flow(bench: Bench) -> Walk:
    """«Медична картка»: the overview, lab results (a page, a result's card with its series, the chart),
    referrals (the list read whole, one referral), and back to the overview."""
    walk = Walk()
    tg = await bench.signed_in(OLENA)
    base = f"/v1/users/{tg}/record"
    await bench.screen(walk, "overview", lambda: bench.get(base))
    results = await bench.screen(walk, "lab results", lambda: bench.get(f"{base}/observations", page=1, page_size=6))
    numeric = next(item for item in results["items"] if item["value_number"] is not None)

    async def lab_card() -> None:
        item = await bench.get(f"{base}/observations/{numeric['id']}")
        await bench.get(f"{base}/observations", code=item["code"]["code"], page=1, page_size=50)

    await bench.screen(walk, "lab result card", lab_card)
    await bench.screen(walk, "lab result chart", lab_card)  # the chart handler reads the same two
    referrals = await bench.screen(walk, "referrals", lambda: bench.get(f"{base}/referrals", page=1, page_size=50))
    referral = referrals["items"][0]["id"]
    await bench.screen(walk, "referral card", lambda: bench.get(f"{base}/referrals/{referral}"))
    await bench.screen(walk, "back to the overview", lambda: bench.get(base))
    return walk


async def vaccinations_flow(bench: Bench) -> Walk:
    """«Щеплення» (a teen's calendar): the list (read whole, with the calendar's advice from the birth date), a
    vaccination's card, the next page of the list."""
    walk = Walk()
    tg = await bench.signed_in(MAKSYM)
    base = f"/v1/users/{tg}/record/immunizations"

    async def first_page() -> dict[str, Any]:
        listed = await bench.get(base, page=1, page_size=50)
        await bench.get(f"/v1/users/{tg}/me")
        return listed

    listed = await bench.screen(walk, "list", first_page)
    one = listed["items"][0]["id"]
    await bench.screen(walk, "card", lambda: bench.get(f"{base}/{one}"))
    await bench.screen(walk, "next page", lambda: bench.get(base, page=1, page_size=50))
    return walk


FLOWS: dict[str, Callable[[Bench], Awaitable[Walk]]] = {
    "sign_in": sign_in_flow,
    "personal_data": personal_data_flow,
    "declarations": declarations_flow,
    "doctor_search": doctor_search_flow,
    "declaration_submission": declaration_submission_flow,
    "accesses": accesses_flow,
    "prescriptions": prescriptions_flow,
    "medical_record": medical_record_flow,
    "vaccinations": vaccinations_flow,
}


async def walk_all(bench: Bench) -> dict[str, Walk]:
    return {name: await flow(bench) for name, flow in FLOWS.items()}
