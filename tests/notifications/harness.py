"""End-to-end harness of notifications: the whole product from `cabinet.stack.running_stack` (registry sandbox,
backend, Telegram emulator, bot with its notifier), driven as the registry, the patient and their browser would.

The watcher's loop is off in these stacks: a test moves the registry (a demo control), then runs one watcher round
itself (`Cabinet.tick`) and waits for the push in the patient's chat, read back from the emulator with
`TelegramSandboxClient`. Waiting long-polls the emulator's change feed; nothing sleeps for a fixed time.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select

from backend.config import DEV_SERVICE_TOKEN
from backend.events.watch_config import WatcherSettings
from backend.events.watcher import StatusWatcher, TickReport
from backend.models import OutboxEvent
from backend.registry.budget import Lane, LaneBudget
from backend.registry.budgeted import BudgetedRegistry
from backend.services.container import Services
from bot.api_client import BackendClient
from bot.i18n import Locales
from cabinet.stack import Stack, StackConfig, running_stack
from sandbox.registry.seed import TEST_PERSONS, TestPerson
from sandbox.telegram.client import Message, TelegramSandboxClient, inline_buttons
from tests.conftest import GENEROUS_BUDGET

SEED_DOCTORS = 60
PUSH_TIMEOUT_S = 15.0
_LOCALES = Locales()
_TAG = re.compile(r"<[^>]+>")
_phones = itertools.count(1001)


def watcher_budget(services: Services) -> LaneBudget:
    """The WATCHER lane of the stack's own registry budget (generous: see `GENEROUS_BUDGET`)."""
    registry = services.registry
    assert isinstance(registry, BudgetedRegistry)
    return LaneBudget(registry.budget, Lane.WATCHER)


def person(slug: str) -> TestPerson:
    return next(p for p in TEST_PERSONS if p.slug == slug)


def text(key: str, language: str = "uk", **arguments: object) -> str:
    """A text as the patient sees it in Telegram (tags gone, entities decoded)."""
    return html.unescape(_TAG.sub("", _LOCALES.translator(language).get(key, **arguments)))


def buttons(message: Message) -> list[str]:
    return [button["text"] for button in inline_buttons(message)]


@dataclass
class Patient:
    user_id: int
    person: TestPerson
    language: str
    seen: int = 0  # the newest bot message the test has looked at


@dataclass
class Cabinet:
    stack: Stack
    telegram: TelegramSandboxClient
    backend: BackendClient
    http: httpx.AsyncClient
    # Every round polls everyone (tests make them due): the stack's budget is one no test run can exhaust.
    watcher_settings: WatcherSettings = field(
        default_factory=lambda: WatcherSettings(_env_file=None, enabled=False)  # type: ignore[call-arg]
    )
    _watcher: StatusWatcher | None = None

    @property
    def services(self) -> Services:
        return self.stack.apps["backend"].state.services

    @property
    def watcher(self) -> StatusWatcher:
        if self._watcher is None:
            services = self.services
            self._watcher = StatusWatcher(
                services.sessionmaker,
                services.registry,
                services.tokens,
                services.clock,
                self.watcher_settings,
                budget=watcher_budget(services),
            )
        return self._watcher

    async def tick(self) -> TickReport:
        """One watcher round over everyone due, as if every person were due now."""
        await self.make_everyone_due()
        return await self.watcher.tick()

    async def make_everyone_due(self, *, prescriptions: bool = True) -> None:
        """Every person due now; with `prescriptions`, as if a slow interval had passed since their prescriptions
        and medical record were last read (the watcher reads those at the slow interval only), so this round reads
        them too."""
        from sqlalchemy import update

        from backend.events.watch_rules import SLOW_SCANS
        from backend.models import WatchSchedule, WatchState

        now = self.services.clock.now()
        async with self.services.sessionmaker() as session:
            await session.execute(update(WatchSchedule).values(next_poll_at=now))
            if prescriptions:
                last_read = now - timedelta(seconds=self.watcher_settings.slow_interval)
                await session.execute(
                    update(WatchState)
                    .where(WatchState.entity_kind.in_([scan.value for scan in SLOW_SCANS]))
                    .values(due_at=last_read)
                )
            await session.commit()

    # The registry's side ----------------------------------------------------------------------------------

    async def control(self, method: str, path: str, json: Any = None) -> Any:
        response = await self.http.request(method, f"{self.stack.registry_url}/sandbox{path}", json=json)
        assert response.is_success, response.text
        return response.json().get("data")

    # The patient --------------------------------------------------------------------------------------------

    async def new_user(self, first_name: str, language: str = "uk") -> int:
        """A Telegram user who opened the bot (/start) and got its welcome."""
        user = await self.telegram.create_user(first_name, language_code=language)
        await self.telegram.send_text(user["id"], "/start")
        await self.telegram.wait_for_bot_message(user["id"], timeout=PUSH_TIMEOUT_S)
        return int(user["id"])

    async def sign_in(self, who: TestPerson, language: str = "uk", *, user_id: int | None = None) -> Patient:
        """Consent, phone, and sign-in with the sandbox e-signature; returns once the greeting arrived."""
        user_id = user_id or await self.new_user(who.first_name, language)
        account = await self.backend.get_account(user_id)
        await self.backend.give_consent(user_id, account.consent.current_version)
        await self.backend.set_phone(user_id, f"+380671{next(_phones):06d}")
        link = await self.backend.start_sign_in(user_id)
        await self._sign_in_in_browser(link.url, who)
        patient = Patient(user_id, who, language)
        # The greeting addresses the patient in the language's own way (Ukrainian: «Вітаємо, Олено!»).
        expected = text("onboarding-greeting", language, first_name=who.first_name)
        greeting = await self.next_push(patient, lambda m: m.get("text", "").startswith(expected))
        assert greeting["text"].startswith(expected), greeting["text"]
        return patient

    async def _sign_in_in_browser(self, url: str, who: TestPerson) -> None:
        to_registry = await self.http.get(url)
        assert to_registry.status_code in (302, 303), to_registry.text
        sign_in_page = to_registry.headers["location"]
        query = {key: values[0] for key, values in parse_qs(urlsplit(sign_in_page).query).items()}
        form = {
            **{name: query[name] for name in ("client_id", "redirect_uri", "scope", "state")},
            "key_id": who.key_id,
            "password": who.password,
        }
        back = await self.http.post(f"{self.stack.registry_url}/sign-in", data=form)
        assert back.status_code in (302, 303), back.text
        done = await self.http.get(back.headers["location"])
        assert done.status_code == 200, done.text

    async def sign_on_page(self, signing_url: str, who: TestPerson) -> None:
        """The backend's signing page, signed with the person's sandbox key."""
        page = await self.http.get(signing_url)
        assert page.status_code == 200, page.text
        signed = await self.http.post(signing_url, data={"key_id": who.key_id, "password": who.password})
        assert signed.status_code == 200, signed.text

    async def next_push(self, patient: Patient, predicate: Callable[[Message], bool] | None = None) -> Message:
        """The next bot message in the patient's chat (after the last one looked at) that matches."""
        message = await self.telegram.wait_for_bot_message(
            patient.user_id, after_message_id=patient.seen, timeout=PUSH_TIMEOUT_S, predicate=predicate
        )
        patient.seen = max(patient.seen, int(message["message_id"]))
        return message

    async def press(self, patient: Patient, message: Message, label: str) -> Message:
        """Press a callback button of `message`; returns the bot's next message (the flow it opened)."""
        button = next(b for b in inline_buttons(message) if b["text"] == label)
        await self.telegram.press_button(patient.user_id, message["message_id"], button["callback_data"])
        return await self.next_push(patient)

    async def outbox_kinds(self, telegram_user_id: int) -> list[str]:
        async with self.services.sessionmaker() as session:
            rows = await session.scalars(
                select(OutboxEvent.kind)
                .where(OutboxEvent.telegram_user_id == telegram_user_id)
                .order_by(OutboxEvent.id)
            )
            return list(rows)

    async def find_doctor(self, patient: Patient, speciality: str) -> tuple[str, str]:
        """A doctor this patient may sign a declaration with: (employee id, division id)."""
        page = await self.backend.search_doctors(speciality=speciality, with_free_places=True, limit=20)
        for hit in page.items:
            check = await self.backend.precheck_declaration(
                patient.user_id, employee_id=hit.employee_id, division_id=hit.division_id
            )
            if check.ok:
                return hit.employee_id, hit.division_id
        raise AssertionError(f"no {speciality} with free places for this patient")


@asynccontextmanager
async def notification_stack(
    data_dir: Path,
    *,
    with_bot: bool = True,
    notifier: bool = True,
    needs_directory: bool = True,
    telegram_overrides: dict[str, Any] | None = None,
    registry_overrides: dict[str, Any] | None = None,
) -> AsyncIterator[Cabinet]:
    """The product on free ports with the watcher's loop off (tests tick it) and, unless `notifier` is false,
    the bot's own notifier on."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("BACKEND_WATCHER_ENABLED", "false")
        env.setenv("BOT_NOTIFIER_ENABLED", "true" if notifier else "false")
        config = StackConfig(
            data_dir=data_dir,
            doctors=SEED_DOCTORS,
            with_bot=with_bot,
            telegram_overrides=telegram_overrides or {},
            registry_overrides=registry_overrides or {},
            budget_overrides={"calls": GENEROUS_BUDGET.calls},
        )
        async with (
            running_stack(config) as stack,
            TelegramSandboxClient(stack.telegram_url or "") as telegram,
            BackendClient(stack.backend_url, DEV_SERVICE_TOKEN, timeout=15.0) as backend,
            httpx.AsyncClient(timeout=15.0, follow_redirects=False, trust_env=False) as http,
        ):
            if needs_directory:
                await _directory_ready(http, stack.backend_url)
            yield Cabinet(stack, telegram, backend, http)


async def _directory_ready(http: httpx.AsyncClient, backend_url: str) -> None:
    async with asyncio.timeout(60):
        while True:
            directory = (await http.get(f"{backend_url}/readyz")).json().get("directory", {})
            if directory.get("state") == "ready":
                return
            if directory.get("state") == "failed":
                raise RuntimeError(f"the doctor directory did not load: {directory}")
            await asyncio.sleep(0.05)
