"""What the end-to-end benchmarks share: figures, the machine, the bot under test and signed-in patients.

The scripts run `cabinet.stack.running_stack` (registry sandbox, Telegram emulator and backend on free
ports, in the script's event loop) and start the bot themselves, as `bot.app.run_polling` does, so that
they learn when each update has been fully handled: in their own event loop (`polling`), or in a child
process of its own that reports each handled update over a pipe (`bot_process`, `_bot_process.py`).
Simulated users act through the emulator's world directly (the same objects its control API drives),
which keeps the driver's own cost out of the figures.

Imported by the scripts as a sibling module (`bench/` is not a package; Python puts it on sys.path).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import html
import math
import os
import platform
import re
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import httpx
from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.i18n import Locales
from sandbox.registry.seed import TestPerson
from sandbox.telegram.bots import BotAccount
from sandbox.telegram.models import JsonDict, SandboxUser
from sandbox.telegram.simulation import ActionResult, SimulatedUser
from sandbox.telegram.world import TelegramWorld

if TYPE_CHECKING:
    from pyinstrument import Profiler

UPDATE_TIMEOUT_S = 30.0
_TAG = re.compile(r"<[^>]+>")
_UK = Locales().translator("uk")


def uk_text(key: str, **arguments: object) -> str:
    """A Ukrainian text as the patient sees it in Telegram: tags gone, entities decoded."""
    return html.unescape(_TAG.sub("", _UK.get(key, **arguments)))


# --- Figures ---------------------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def latency_figures(milliseconds: Sequence[float]) -> dict[str, float | int]:
    if not milliseconds:
        return {"n": 0}
    return {
        "n": len(milliseconds),
        "mean_ms": round(sum(milliseconds) / len(milliseconds), 2),
        "p50_ms": round(percentile(milliseconds, 0.50), 2),
        "p95_ms": round(percentile(milliseconds, 0.95), 2),
        "p99_ms": round(percentile(milliseconds, 0.99), 2),
        "max_ms": round(max(milliseconds), 2),
    }


def machine() -> dict[str, Any]:
    """Cores, CPU model, memory and the load other processes put on the machine right now."""
    model = platform.processor() or "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), model)
    memory_mb = None
    with contextlib.suppress(OSError), open("/proc/meminfo", encoding="utf-8") as meminfo:
        total = next((line for line in meminfo if line.startswith("MemTotal:")), None)
        memory_mb = int(total.split()[1]) // 1024 if total else None
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_mb": memory_mb,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
    }


def host_speed_seconds() -> float:
    """CPU seconds of a fixed piece of plain Python work, the same in every run: how fast this shared host is right
    now (the same code's CPU has varied by half between runs an hour apart), so runs made at different times can
    be compared."""
    started = time.process_time()
    total = 0
    for number in range(4_500_000):
        total += number % 7
    sorted(str(number * 7919 % 1_000_003) for number in range(450_000))
    return time.process_time() - started


def machine_line(box: dict[str, Any], layout: str) -> str:
    """The summary's last line of an end-to-end script: the machine, its load, and how the stack is laid out."""
    return (
        f"machine: {box['cpus']} CPUs ({box['cpu_model']}), load average {box['load_average_1m']} at the end; {layout}"
    )


def one_process_machine_line(box: dict[str, Any]) -> str:
    """The summary's last line for the end-to-end scripts that run the whole stack in one event loop."""
    return machine_line(box, "registry, emulator, backend and bot share one process and one event loop.")


def new_profiler() -> Profiler:
    """A pyinstrument profiler that samples the thread whatever task runs (`async_mode="disabled"`).

    pyinstrument is not a project dependency: install it into the virtualenv to use --profile.
    """
    from pyinstrument import Profiler

    return Profiler(interval=0.0005, async_mode="disabled")


def profile_text(profiler: Profiler) -> str:
    return profiler.output_text(unicode=True, show_all=False)


@contextlib.contextmanager
def profiled(path: Path | None) -> Iterator[None]:
    """Sample every stack of the process (all components share its thread) into a text profile at `path`."""
    if path is None:
        yield
        return
    profiler = new_profiler()
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        path.write_text(profile_text(profiler), encoding="utf-8")


# --- The running stack -------------------------------------------------------------------------------


async def wait_directory_ready(backend_url: str, timeout_s: float = 150.0) -> None:
    """The backend loads the doctor directory from the registry in the background after it starts."""
    async with asyncio.timeout(timeout_s), httpx.AsyncClient(base_url=backend_url, trust_env=False) as client:
        while True:
            directory = (await client.get("/readyz")).json().get("directory", {})
            if directory.get("state") == "ready":
                return
            if directory.get("state") == "failed":
                raise RuntimeError(f"the doctor directory did not load: {directory}")
            await asyncio.sleep(0.1)


def on_each_handled_update(dispatcher: Dispatcher, handled: Callable[[int], None]) -> None:
    """Call `handled(update_id)` each time the dispatcher has finished an update (every answer it sent included)."""
    feed_update = dispatcher.feed_update

    async def tracked(bot: Bot, update: Update, **kwargs: Any) -> Any:
        try:
            return await feed_update(bot, update, **kwargs)
        finally:
            handled(update.update_id)

    dispatcher.feed_update = tracked  # type: ignore[method-assign]


@dataclass
class HandledUpdates:
    """Which updates a dispatcher has finished handling (every answer it sent included), as futures.

    The dispatcher runs in this process (`track`) or elsewhere, whose reports are fed to `mark`.
    """

    _done: set[int] = field(default_factory=set)
    _waiters: dict[int, asyncio.Future[None]] = field(default_factory=dict)
    _failure: Exception | None = None

    def track(self, dispatcher: Dispatcher) -> None:
        on_each_handled_update(dispatcher, self.mark)

    def mark(self, update_id: int) -> None:
        waiter = self._waiters.pop(update_id, None)
        if waiter is None:
            self._done.add(update_id)
        elif not waiter.done():
            waiter.set_result(None)

    def fail(self, error: Exception) -> None:
        """No more updates will be handled (the bot is gone): every wait, pending or to come, raises `error`."""
        self._failure = error
        for waiter in self._waiters.values():
            if not waiter.done():
                waiter.set_exception(error)
        self._waiters.clear()

    async def wait(self, update_id: int) -> None:
        if update_id in self._done:
            self._done.discard(update_id)
            return
        if self._failure is not None:
            raise self._failure
        waiter = asyncio.get_running_loop().create_future()
        self._waiters[update_id] = waiter
        async with asyncio.timeout(UPDATE_TIMEOUT_S):
            await waiter


@contextlib.asynccontextmanager
async def running_polling(dispatcher: Dispatcher, bot: Bot, **polling_kwargs: Any) -> AsyncIterator[asyncio.Task[None]]:
    """Run the dispatcher's long polling until the block ends; yields the polling task once it has started."""
    started = asyncio.Event()
    dispatcher.startup.register(started.set)
    task = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=True, **polling_kwargs)
    )
    try:
        waiter = asyncio.create_task(started.wait())
        await asyncio.wait({task, waiter}, timeout=UPDATE_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED)
        if not started.is_set():
            waiter.cancel()
            if task.done():
                await task
            raise RuntimeError("the bot did not start polling")
        yield task
    finally:
        if not task.done():  # a polling that ended by itself is not running: awaiting it tells why
            await dispatcher.stop_polling()
        await task


@contextlib.asynccontextmanager
async def polling(dispatcher: Dispatcher, bot: Bot, **polling_kwargs: Any) -> AsyncIterator[HandledUpdates]:
    """Run the dispatcher's long polling in this event loop until the block ends; yields what it has handled."""
    handled = HandledUpdates()
    handled.track(dispatcher)
    async with running_polling(dispatcher, bot, **polling_kwargs):
        yield handled


# --- The bot under test in a child process -----------------------------------------------------------

# `_bot_process.py` talks over pipes, a line a message. On its stdout: READY once it polls the emulator,
# then the update_id of each update it has finished handling, and its replies to the commands it reads on
# its stdin. Closing its stdin asks it to stop.
BOT_PROCESS_SCRIPT = Path(__file__).with_name("_bot_process.py")
READY = "ready"
PROFILE_START, PROFILE_STARTED = "profile-start", "profile-started"
PROFILE_STOP, PROFILE_WRITTEN = "profile-stop", "profile-written"
BOT_START_TIMEOUT_S = 90.0  # its imports alone take ~5 s of CPU, and the machine may be shared
BOT_STOP_TIMEOUT_S = 20.0  # per step: stdin closed, then SIGTERM, then SIGKILL
BOT_REPLY_TIMEOUT_S = 60.0  # writing a profile renders it first
STDERR_LINES_KEPT = 40
_CLOCK_TICKS_PER_S = os.sysconf("SC_CLK_TCK")


def process_cpu_s(pid: int) -> float:
    """User + system CPU time of a running process so far (all its threads), from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        # The command name in parentheses may contain spaces: the fields to count start after its ")".
        fields = stat.read().rpartition(")")[2].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / _CLOCK_TICKS_PER_S


@dataclass
class BotProcess:
    """The parent's side of `_bot_process.py`: what it has handled, its CPU time and its profiler."""

    process: asyncio.subprocess.Process
    handled: HandledUpdates = field(default_factory=HandledUpdates)
    stderr_tail: collections.deque[str] = field(default_factory=lambda: collections.deque(maxlen=STDERR_LINES_KEPT))
    _ready: asyncio.Event = field(default_factory=asyncio.Event)
    _replies: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    _stopping: bool = False
    _readers: list[asyncio.Task[None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._readers = [
            asyncio.create_task(self._read_events(), name="bot-process-events"),
            asyncio.create_task(self._read_stderr(), name="bot-process-stderr"),
        ]

    async def cpu_s(self) -> float:
        try:
            return await asyncio.to_thread(process_cpu_s, self.process.pid)
        except FileNotFoundError:  # it has exited, and been waited for
            raise await self.error("exited unexpectedly") from None

    async def request(self, command: str, expected_reply: str) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(f"{command}\n".encode())
            await self.process.stdin.drain()
        except ConnectionError:  # the pipe is closed: it has exited
            raise await self.error(f"exited before it was asked {command!r}") from None
        try:
            async with asyncio.timeout(BOT_REPLY_TIMEOUT_S):
                reply = await self._replies.get()
        except TimeoutError:
            raise await self.error(f"did not answer {command!r} within {BOT_REPLY_TIMEOUT_S:g} s") from None
        if reply is None:
            raise await self.error(f"exited while asked {command!r}")
        if reply != expected_reply:
            raise await self.error(f"answered {command!r} with {reply!r}")

    async def _read_events(self) -> None:
        assert self.process.stdout is not None
        while line := await self.process.stdout.readline():
            text = line.decode().strip()
            if text.isdigit():
                self.handled.mark(int(text))
            elif text == READY:
                self._ready.set()
            else:
                self._replies.put_nowait(text)
        # Its stdout is closed: the process is ending.
        self._replies.put_nowait(None)
        if not self._stopping:
            self.handled.fail(await self.error("exited unexpectedly"))

    async def _read_stderr(self) -> None:
        # Drained all along (a full pipe would block the bot); passed on, and the tail kept for errors.
        assert self.process.stderr is not None
        while line := await self.process.stderr.readline():
            text = line.decode(errors="replace").rstrip()
            self.stderr_tail.append(text)
            print(f"[bot process] {text}", file=sys.stderr)

    async def wait_ready(self) -> None:
        events_read = self._readers[0]
        ready = asyncio.create_task(self._ready.wait())
        await asyncio.wait({ready, events_read}, timeout=BOT_START_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED)
        if not self._ready.is_set():
            ready.cancel()
            if events_read.done():
                raise await self.error("exited before it started polling")
            raise await self.error(f"did not start polling within {BOT_START_TIMEOUT_S:g} s")

    async def error(self, what: str) -> RuntimeError:
        """An error that says what went wrong with the process, with the end of its stderr."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5.0):  # a dying process may still be writing its traceback
                await self.process.wait()
                await self._readers[1]
        code = self.process.returncode
        status = "still running" if code is None else f"exit code {code}"
        tail = "\n".join(self.stderr_tail) or "(nothing)"
        return RuntimeError(f"the bot process {what} ({status}); the end of its stderr:\n{tail}")

    async def stop(self) -> int:
        """Ask it to stop (stdin closed), and make sure it has: SIGTERM, then SIGKILL, after bounded waits."""
        self._stopping = True
        assert self.process.stdin is not None
        self.process.stdin.close()
        for send_next_signal in (self.process.terminate, self.process.kill):
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(BOT_STOP_TIMEOUT_S):
                    await self.process.wait()
                    break
            with contextlib.suppress(ProcessLookupError):
                send_next_signal()
        code = await self.process.wait()
        async with asyncio.timeout(5.0):  # its pipes close as it exits
            await asyncio.gather(*self._readers)
        return code


@contextlib.asynccontextmanager
async def bot_process(*arguments: str) -> AsyncIterator[BotProcess]:
    """Start `_bot_process.py` with `arguments`; yield once it polls; stop it when the block ends.

    A process that dies or never starts polling fails the block with its stderr, after bounded waits.
    """
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(BOT_PROCESS_SCRIPT),
        *arguments,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    bot = BotProcess(process)
    try:
        await bot.wait_ready()
        yield bot
    except BaseException:
        await bot.stop()
        raise
    code = await bot.stop()
    if code != 0:
        raise await bot.error("failed while stopping")


# --- Simulated users ---------------------------------------------------------------------------------


@dataclass
class Chatter:
    """One simulated user in their private chat with one bot; each action waits until it is handled."""

    world: TelegramWorld
    account: BotAccount
    user: SandboxUser
    handled: HandledUpdates
    act: SimulatedUser = field(init=False)

    def __post_init__(self) -> None:
        self.act = SimulatedUser(self.account, self.user, new_query_id=self.world.new_query_id)

    async def do(self, action: Callable[[], ActionResult]) -> None:
        result = action()
        if result.update_id is not None:
            await self.handled.wait(result.update_id)

    def bot_messages(self) -> list[JsonDict]:
        chat = self.account.chat_with(self.user)
        return [stored.data for stored in chat.messages.values() if stored.direction == "bot"]

    def find_button(self, wanted: Callable[[str], bool]) -> tuple[int, JsonDict] | None:
        """The first matching inline button of the newest bot message with buttons (older ones are stale)."""
        for message in reversed(self.bot_messages()):
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            if not rows:
                continue
            for row in rows:
                for button in row:
                    if wanted(button["text"]):
                        return message["message_id"], button
            return None
        return None

    def press_action(self, wanted: Callable[[str], bool]) -> Callable[[], ActionResult]:
        found = self.find_button(wanted)
        if found is None or "callback_data" not in found[1]:
            last = self.bot_messages()[-1:] or [{}]
            raise LookupError(f"no such button under: {last[0].get('text', '')[:50]!r}")
        message_id, button = found
        return lambda: self.act.press_inline_button(message_id, button["callback_data"])

    async def press(self, text: str) -> None:
        await self.do(self.press_action(lambda label: label == text))

    async def send(self, text: str) -> None:
        await self.do(lambda: self.act.send_text(text))

    async def sign_in(self, person: TestPerson) -> None:
        """The patient's onboarding, as `tests/bot/harness.py` drives it: /start, consent, phone, registry."""
        await self.send("/start")
        await self.press(uk_text("onboarding-consent-agree"))
        await self.do(lambda: self.act.press_reply_button(uk_text("onboarding-phone-button")))
        found = self.find_button(lambda label: label == uk_text("onboarding-sign-in-button"))
        if found is None or "url" not in found[1]:
            raise LookupError("the bot did not offer the sign-in link")
        await sign_in_at_registry(found[1]["url"], person)
        await self.press(uk_text("onboarding-sign-in-done"))


async def sign_in_at_registry(link: str, person: TestPerson) -> None:
    """Follow the backend's sign-in link: the registry's form (sandbox key + password), then the callback."""
    async with httpx.AsyncClient(timeout=30.0, follow_redirects=False, trust_env=False) as browser:
        to_registry = await browser.get(link)
        sign_in_page = to_registry.headers["location"]
        (await browser.get(sign_in_page)).raise_for_status()
        query = {key: values[0] for key, values in parse_qs(urlsplit(sign_in_page).query).items()}
        form = {name: query[name] for name in ("client_id", "redirect_uri", "scope", "state")}
        form |= {"key_id": person.key_id, "password": person.password}
        parts = urlsplit(sign_in_page)
        back = await browser.post(f"{parts.scheme}://{parts.netloc}/sign-in", data=form)
        if back.status_code not in (302, 303):
            raise RuntimeError(f"the registry refused the sign-in: {back.status_code}")
        (await browser.get(back.headers["location"])).raise_for_status()
