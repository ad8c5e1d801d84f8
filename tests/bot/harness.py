"""End-to-end harness of the bot: the real registry sandbox, the real backend, the Telegram emulator and the
bot's real aiogram Dispatcher polling it — each on a free 127.0.0.1 port inside the test's event loop.

A `Patient` is one simulated Telegram user: they type, press buttons and share contacts in the emulator, and
every action waits until the bot has fully handled the resulting update (no sleeps, no guessing). What they
see is read back from the emulator: texts as Telegram shows them, inline and reply buttons.
"""

from __future__ import annotations

import asyncio
import html
import re
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import uvicorn
from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.types import Update
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.app import create_app as create_backend_app
from backend.config import BackendSettings
from backend.registry.ehealth import EHealthRegistry
from backend.registry.settings import EHealthSettings
from bot.api_client import BackendClient
from bot.app import create_bot, create_dispatcher
from bot.config import BotSettings
from bot.i18n import Locales
from bot.storage import create_redis_storage
from sandbox.registry.app import create_app as create_registry_app
from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import ukrainian_today
from sandbox.registry.core.db import make_engine as make_registry_engine
from sandbox.registry.core.models import Client
from sandbox.registry.core.models import Person as RegistryPerson
from sandbox.registry.seed import TEST_PERSONS, TestPerson, seed_database
from sandbox.telegram.config import TelegramSandboxSettings
from sandbox.telegram.models import JsonDict, PrivateChat, SandboxUser
from sandbox.telegram.server import RunningSandbox, running_sandbox
from sandbox.telegram.simulation import ActionResult, SimulatedUser
from tests.conftest import GENEROUS_BUDGET, delete_redis_keys

BOT_TOKEN = "7100000001:AAH-bot_e2e_token_for_the_sandbox_only"
SERVICE_TOKEN = "bot-e2e-service-token"
SEED_DOCTORS = 60
UPDATE_TIMEOUT_S = 15.0


def person(slug: str) -> TestPerson:
    return next(person for person in TEST_PERSONS if person.slug == slug)


async def seed_registry_template(path: Path) -> None:
    engine = make_registry_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await seed_database(engine, seed=13, doctors=SEED_DOCTORS, settings=RegistrySettings(), today=ukrainian_today())
    finally:
        await engine.dispose()


class Listener:
    """A listening address chosen by the OS and held until uvicorn takes it over (no port race)."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"


@asynccontextmanager
async def serving(app: FastAPI, listener: Listener) -> AsyncIterator[FastAPI]:
    """Run the app with uvicorn on the listener's socket, in this event loop."""
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=2))
    task = asyncio.create_task(server.serve(sockets=[listener.socket]))
    try:
        while not server.started:
            if task.done():
                await task
                raise RuntimeError(f"{app.title} did not start")
            await asyncio.sleep(0.01)
        yield app
    finally:
        server.should_exit = True
        await task
        listener.socket.close()


@dataclass(frozen=True)
class BotStorage:
    """Where the stack's bot processes keep dialog state and per-user locks: each process's own memory, or
    Redis under a key prefix of this stack's own (the production setup, shared by every process)."""

    redis_url: str | None = None
    prefix: str = "test-bot"

    def open(self) -> tuple[BaseStorage, BaseEventIsolation]:
        """A new process's storage: new memory, or a new connection to the same Redis key space."""
        if self.redis_url is None:
            return MemoryStorage(), SimpleEventIsolation()
        return create_redis_storage(self.redis_url, prefix=self.prefix)

    async def forget(self) -> None:
        """Every dialog state gone (Redis: the key space emptied; memory goes with its process anyway)."""
        if self.redis_url is not None:
            await delete_redis_keys(self.redis_url, self.prefix)


@dataclass
class BotRun:
    """One running dispatcher (a 'bot process'); replaced by `Stack.restart_bot`."""

    dispatcher: Dispatcher
    bot: Bot
    backend: BackendClient
    storage: BaseStorage
    isolation: BaseEventIsolation
    task: asyncio.Task[None]
    owns_storage: bool  # opened for this run: closed when it stops


@dataclass
class Stack:
    registry_url: str
    registry_app: FastAPI
    registry_database: Path
    backend_url: str
    backend_app: FastAPI
    telegram: RunningSandbox
    settings: BotSettings
    bot_storage: BotStorage = field(default_factory=BotStorage)
    run: BotRun | None = None
    _handled: set[int] = field(default_factory=set)
    _progress: asyncio.Condition = field(default_factory=asyncio.Condition)

    # The bot process ----------------------------------------------------------------------------------

    async def start_bot(
        self,
        *,
        storage: BaseStorage | None = None,
        events_isolation: BaseEventIsolation | None = None,
        backend_url: str | None = None,
        settings: BotSettings | None = None,
    ) -> BotRun:
        """A bot process polling the emulator; by default with the stack's kind of storage, newly opened."""
        settings = settings or self.settings
        backend = BackendClient(backend_url or self.backend_url, SERVICE_TOKEN, timeout=settings.backend_timeout)
        owns_storage = storage is None
        if storage is None:
            storage, own_isolation = self.bot_storage.open()
            events_isolation = events_isolation or own_isolation
        events_isolation = events_isolation or SimpleEventIsolation()
        dispatcher = create_dispatcher(settings, backend, storage, events_isolation)
        self._track_handled_updates(dispatcher)
        bot = create_bot(settings)
        started = asyncio.Event()
        dispatcher.startup.register(started.set)
        task = asyncio.create_task(
            dispatcher.start_polling(bot, handle_signals=False, close_bot_session=True, polling_timeout=1)
        )
        waiter = asyncio.create_task(started.wait())
        done, _ = await asyncio.wait({task, waiter}, timeout=UPDATE_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED)
        if waiter not in done:
            waiter.cancel()
            if task.done():
                await task
            raise RuntimeError("the bot did not start polling")
        self.run = BotRun(dispatcher, bot, backend, storage, events_isolation, task, owns_storage)
        return self.run

    async def stop_bot(self) -> None:
        run, self.run = self.run, None
        if run is None:
            return
        await run.dispatcher.stop_polling()
        await run.task
        await run.backend.aclose()
        if run.owns_storage:
            await run.isolation.close()
            await run.storage.close()  # Redis: closes the connection pool the isolation shares

    async def restart_bot(
        self, *, keep_state: bool = False, backend_url: str | None = None, settings: BotSettings | None = None
    ) -> BotRun:
        """A new bot process: a fresh dispatcher; dialog state kept or lost.

        Kept: with Redis the new process reads what the old one wrote, over a connection of its own; with
        memory it is handed the old process's storage. Lost: memory goes with the process; Redis is emptied
        of the stack's keys, as a flushed Redis would be.
        """
        memory_to_keep = self.run.storage if keep_state and self.run and self.bot_storage.redis_url is None else None
        await self.stop_bot()
        if not keep_state:
            await self.bot_storage.forget()
        return await self.start_bot(storage=memory_to_keep, backend_url=backend_url, settings=settings)

    def _track_handled_updates(self, dispatcher: Dispatcher) -> None:
        # Wraps the dispatcher's entry point: a test action returns once the bot has fully handled the
        # update it caused, error handlers included, whatever the handlers did.
        feed_update = dispatcher.feed_update

        async def tracked(bot: Bot, update: Update, **kwargs: Any) -> Any:
            try:
                return await feed_update(bot, update, **kwargs)
            finally:
                async with self._progress:
                    self._handled.add(update.update_id)
                    self._progress.notify_all()

        dispatcher.feed_update = tracked  # type: ignore[method-assign]

    async def handled(self, update_id: int) -> None:
        async with asyncio.timeout(UPDATE_TIMEOUT_S), self._progress:
            await self._progress.wait_for(lambda: update_id in self._handled)

    # Patients ------------------------------------------------------------------------------------------

    def new_patient(
        self, first_name: str = "Олена", *, language_code: str = "uk", phone_number: str = "+380671234567"
    ) -> Patient:
        world = self.telegram.world
        user = world.create_user(first_name, language_code=language_code, phone_number=phone_number)
        bot_account = world.bot()
        return Patient(self, user, SimulatedUser(bot_account, user, new_query_id=world.new_query_id))

    async def registry_person(self, person_id: str) -> RegistryPerson:
        """The person as the registry sandbox stores it now (to check what a signed change did)."""
        engine = make_registry_engine(f"sqlite+aiosqlite:///{self.registry_database}")
        try:
            async with AsyncSession(engine) as session:
                found = await session.get(RegistryPerson, person_id)
                assert found is not None, person_id
                return found
        finally:
            await engine.dispose()

    async def sign_in_browser_page(self, signing_url: str, who: TestPerson) -> httpx.Response:
        """Open a backend signing page and sign with the person's sandbox key, as the patient would."""
        async with self.browser() as browser:
            page = await browser.get(signing_url)
            assert page.status_code == 200, page.text
            return await browser.post(signing_url, data={"key_id": who.key_id, "password": who.password})

    def browser(self) -> httpx.AsyncClient:
        """The patient's browser: plain HTTP, following nothing by itself."""
        return httpx.AsyncClient(timeout=10.0, follow_redirects=False, trust_env=False)


@dataclass(frozen=True)
class Seen:
    """What the patient saw after one action: bot messages sent or edited in answer."""

    messages: list[JsonDict]
    callback_answer: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(message.get("text", "") for message in self.messages)


@dataclass
class Patient:
    stack: Stack
    user: SandboxUser
    act: SimulatedUser

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def chat(self) -> PrivateChat:
        return self.act.bot.chat_with(self.user)

    # Acting --------------------------------------------------------------------------------------------

    async def _do(self, action: Callable[[], ActionResult]) -> Seen:
        feed = self.stack.telegram.world.events
        before = feed.last_seq
        result = action()
        if result.update_id is not None:
            await self.stack.handled(result.update_id)
        changed: dict[int, JsonDict] = {}
        for event in feed.after(before, user_id=self.user.id):
            message = event.get("message")
            if event["kind"] in {"message", "message_edited"} and message and message.get("direction") == "bot":
                changed[message["message_id"]] = message
        current = [self._current(message_id) for message_id in sorted(changed)]
        answer = None
        if result.callback_query_id is not None:
            query = self.act.bot.callback_queries.get(result.callback_query_id)
            answer = (query.answer or {}).get("text") if query is not None else None
        return Seen([message for message in current if message is not None], answer)

    def _current(self, message_id: int) -> JsonDict | None:
        stored = self.chat.messages.get(message_id)
        return stored.data if stored is not None else None

    async def send(self, text: str) -> Seen:
        return await self._do(lambda: self.act.send_text(text))

    async def share_location(self, latitude: float, longitude: float) -> Seen:
        return await self._do(lambda: self.act.share_location(latitude, longitude))

    async def share_contact(self, contact: JsonDict | None = None) -> Seen:
        return await self._do(lambda: self.act.share_contact(contact))

    async def press_reply(self, text: str) -> Seen:
        return await self._do(lambda: self.act.press_reply_button(text))

    async def press(self, text: str) -> Seen:
        """Press the inline button with this text on the newest bot message that has it."""
        message_id, button = self._button(text)
        if "callback_data" not in button:
            raise AssertionError(f"{text!r} is not a callback button: {button}")
        return await self._do(lambda: self.act.press_inline_button(message_id, button["callback_data"]))

    async def press_on(self, message_id: int, text: str) -> Seen:
        """Press a button of one given (possibly old) message — a stale button after a restart."""
        button = _find_button(self.chat.messages[message_id].data, text)
        if button is None or "callback_data" not in button:
            raise AssertionError(f"message {message_id} has no callback button {text!r}")
        return await self._do(lambda: self.act.press_inline_button(message_id, button["callback_data"]))

    # Reading -------------------------------------------------------------------------------------------

    def bot_messages(self) -> list[JsonDict]:
        return [stored.data for stored in self.chat.messages.values() if stored.direction == "bot"]

    def last_message(self) -> JsonDict:
        messages = self.bot_messages()
        assert messages, "the bot has not written anything"
        return messages[-1]

    def all_text(self) -> str:
        return "\n\n".join(message.get("text", "") for message in self.bot_messages())

    def buttons(self, message: JsonDict | None = None) -> list[str]:
        """Inline button texts of a message (the newest by default)."""
        message = message or self.last_message()
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        return [button["text"] for row in rows for button in row]

    def reply_buttons(self) -> list[str]:
        keyboard = self.chat.reply_keyboard or {}
        return [button["text"] for row in keyboard.get("keyboard", []) for button in row]

    def url_of(self, text: str) -> str:
        _, button = self._button(text)
        if "url" not in button:
            raise AssertionError(f"{text!r} is not a URL button: {button}")
        return button["url"]

    def has_button(self, text: str) -> bool:
        return any(_find_button(message, text) is not None for message in self.bot_messages())

    def _button(self, text: str) -> tuple[int, JsonDict]:
        for message in reversed(self.bot_messages()):
            button = _find_button(message, text)
            if button is not None:
                return message["message_id"], button
        shown = [self.buttons(message) for message in self.bot_messages()[-3:]]
        raise AssertionError(f"no button {text!r}; the last messages have {shown}")

    # Whole flows ---------------------------------------------------------------------------------------

    async def sign_in_in_browser(self, person: TestPerson) -> httpx.Response:
        """Follow the sign-in URL button: backend → registry sign-in form (key + password) → callback."""
        link = self.url_of(TEXTS_UK["sign_in_button"])
        async with self.stack.browser() as browser:
            to_registry = await browser.get(link)
            assert to_registry.status_code in (302, 303), to_registry.text
            sign_in_page = to_registry.headers["location"]
            page = await browser.get(sign_in_page)
            assert page.status_code == 200, page.text
            query = {key: values[0] for key, values in parse_qs(urlsplit(sign_in_page).query).items()}
            form = {
                "client_id": query["client_id"],
                "redirect_uri": query["redirect_uri"],
                "scope": query["scope"],
                "state": query["state"],
                "key_id": person.key_id,
                "password": person.password,
            }
            registry_root = f"{urlsplit(sign_in_page).scheme}://{urlsplit(sign_in_page).netloc}"
            back = await browser.post(f"{registry_root}/sign-in", data=form)
            if back.status_code == 403:  # the registry refuses the person (a child under 14) on its own page
                return back
            assert back.status_code in (302, 303), back.text
            return await browser.get(back.headers["location"])

    async def onboard(self, *, deep_link: str | None = None) -> Seen:
        """/start → consent → own phone; stops at the sign-in step."""
        await self.send(f"/start {deep_link}" if deep_link else "/start")
        await self.press(TEXTS_UK["agree"])
        return await self.press_reply(TEXTS_UK["share_phone"])

    async def sign_in(self, person: TestPerson, *, deep_link: str | None = None) -> Seen:
        """The whole onboarding up to the greeting and the main menu."""
        await self.onboard(deep_link=deep_link)
        result = await self.sign_in_in_browser(person)
        assert result.status_code == 200, result.text
        return await self.press(TEXTS_UK["signed_in"])


def _find_button(message: JsonDict, text: str) -> JsonDict | None:
    for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
        for button in row:
            if button["text"] == text:
                return button
    return None


_LOCALES = Locales()
_TAG = re.compile(r"<[^>]+>")


def text(key: str, language: str = "uk", **arguments: object) -> str:
    """A text as the patient sees it in Telegram: rendered from the locale files, tags gone, entities decoded."""
    return html.unescape(_TAG.sub("", _LOCALES.translator(language).get(key, **arguments)))


# The button texts the harness itself presses.
TEXTS_UK = {
    "agree": text("onboarding-consent-agree"),
    "share_phone": text("onboarding-phone-button"),
    "sign_in_button": text("onboarding-sign-in-button"),
    "signed_in": text("onboarding-sign-in-done"),
}


def _telegram_settings() -> TelegramSandboxSettings:
    # Generous flood limits: tests drive many users at once; limits have their own tests in the emulator.
    return TelegramSandboxSettings(_env_file=None, chat_burst=1000, global_burst=1000, shutdown_grace_s=0.5)  # type: ignore[call-arg]


@asynccontextmanager
async def running_stack(
    registry_database: Path, backend_database: Path | str, bot_storage: BotStorage | None = None
) -> AsyncIterator[Stack]:
    """Registry sandbox (a seeded copy), backend (fresh database, directory loaded), emulator, the bot.

    `backend_database` is a new SQLite file, or the URL of a new, empty database (the backend migrates it);
    `bot_storage` is memory by default. A Redis key space is emptied when the stack stops.
    """
    bot_storage = bot_storage or BotStorage()
    backend_database_url = (
        f"sqlite+aiosqlite:///{backend_database}" if isinstance(backend_database, Path) else backend_database
    )
    registry, backend = Listener(), Listener()
    callback_url = f"{backend.url}/auth/callback"
    await _register_callback(registry_database, callback_url)
    registry_app = create_registry_app(
        RegistrySettings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite+aiosqlite:///{registry_database}",
            public_url=registry.url,
        )
    )
    async with AsyncExitStack() as resources:
        await resources.enter_async_context(serving(registry_app, registry))
        adapter = EHealthRegistry(
            EHealthSettings(
                _env_file=None,  # type: ignore[call-arg]
                api_url=registry.url,
                auth_url=registry.url,
                redirect_uri=callback_url,
            )
        )
        resources.push_async_callback(adapter.aclose)
        backend_settings = BackendSettings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=backend_database_url,
            public_url=backend.url,
            service_token=SERVICE_TOKEN,
            sandbox_signer_url=registry.url,
            directory_sync_on_startup=True,
        )
        backend_app = create_backend_app(backend_settings, adapter, budget_settings=GENEROUS_BUDGET)
        await resources.enter_async_context(serving(backend_app, backend))
        await _wait_directory_ready(backend.url)
        telegram = await resources.enter_async_context(running_sandbox(_telegram_settings()))
        settings = BotSettings(
            _env_file=None,  # type: ignore[call-arg]
            token=BOT_TOKEN,
            telegram_api_url=telegram.url,
            backend_url=backend.url,
            backend_service_token=SERVICE_TOKEN,
            backend_timeout=10.0,
            # Tests act faster than people: throttling has its own test with its own limits.
            throttle_rate=100.0,
            throttle_burst=100,
            typing_delay=0.5,
        )
        stack = Stack(
            registry.url, registry_app, registry_database, backend.url, backend_app, telegram, settings, bot_storage
        )
        resources.push_async_callback(bot_storage.forget)  # after the bot has stopped
        await stack.start_bot()
        resources.push_async_callback(stack.stop_bot)
        yield stack


async def _register_callback(registry_database: Path, callback_url: str) -> None:
    """The seeded client knows the default backend address; this backend listens on a random port."""
    engine = make_registry_engine(f"sqlite+aiosqlite:///{registry_database}")
    try:
        async with engine.begin() as connection:
            await connection.execute(
                update(Client).where(Client.id == RegistrySettings().pis_client_id).values(redirect_uris=[callback_url])
            )
    finally:
        await engine.dispose()


async def _wait_directory_ready(backend_url: str) -> None:
    """The backend loads the doctor directory from the registry in the background at startup."""
    async with asyncio.timeout(60), httpx.AsyncClient(base_url=backend_url, trust_env=False) as client:
        while True:
            directory = (await client.get("/readyz")).json().get("directory", {})
            if directory.get("state") == "ready":
                return
            if directory.get("state") == "failed":
                raise RuntimeError(f"the doctor directory did not load: {directory}")
            await asyncio.sleep(0.05)
