"""`cabinet demo`, the README's main command, as a newcomer runs it: it comes up, a patient signs in and is
greeted without tapping anything, and Ctrl-C stops it cleanly.

The demo is its own process, so it imports and builds everything exactly as a newcomer's run does (the
suite's own process may have imported things in another order).

It binds the demo's fixed ports (8000, 8081, 8100); the test skips when another program holds them.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from pathlib import Path

import pytest

from sandbox.telegram.client import TelegramSandboxClient
from tests.e2e.chat import Chat, showing, url_of
from tests.e2e.forms import submit
from tests.e2e.journey import PATIENT, PATIENT_PHONE, SIGNED_IN_PAGE_TITLE, TEXTS, web_browser

DEMO_PORTS = (8000, 8081, 8100)
READY_LINE = "Ctrl-C"  # the last line of the banner, printed once everything serves
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 20.0


def _free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


async def test_the_demo_starts_and_ctrl_c_stops_everything_without_an_error(tmp_path: Path) -> None:
    if not all(_free(port) for port in DEMO_PORTS):
        pytest.skip(f"the demo's ports {DEMO_PORTS} are taken by another program")
    demo = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cabinet.cli",
        "demo",
        "--doctors",
        "200",
        "--data-dir",
        str(tmp_path / "demo"),
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert demo.stdout is not None
    lines: list[str] = []
    try:
        async with asyncio.timeout(START_TIMEOUT_S):
            while not any(READY_LINE in line for line in lines):
                raw = await demo.stdout.readline()
                assert raw, "the demo exited before serving:\n" + "".join(lines)
                lines.append(raw.decode())
        await _a_patient_signs_in_and_is_greeted()
        await _a_url_too_long_gets_414()
        await asyncio.sleep(2)  # the bot's long poll is in flight when the patient presses Ctrl-C
        demo.send_signal(signal.SIGINT)
        async with asyncio.timeout(STOP_TIMEOUT_S):
            rest = await demo.stdout.read()
            await demo.wait()
    finally:
        if demo.returncode is None:
            demo.kill()
            await demo.wait()
    output = "".join(lines) + rest.decode()
    assert "http://127.0.0.1:8081/" in output
    assert "Демо зупинено." in output
    assert demo.returncode == 0, output
    problems = [line for line in output.splitlines() if " ERROR " in line or "Traceback" in line]
    assert problems == [], output


async def _a_patient_signs_in_and_is_greeted() -> None:
    """Onboarding in the demo's web chat, the sign-in on the registry's page; the greeting comes by itself."""
    async with TelegramSandboxClient("http://127.0.0.1:8081") as telegram:
        user = await telegram.create_user(PATIENT.first_name, last_name=PATIENT.last_name, phone_number=PATIENT_PHONE)
        chat = Chat(telegram, user["id"])
        await chat.send("/start", TEXTS.welcome)
        await chat.press(TEXTS.agree, TEXTS.share_phone)
        asked = await chat.press_reply(TEXTS.share_phone, TEXTS.sign_in_button)
        cursor = await chat.cursor()
        async with web_browser() as browser:
            form_page = await browser.get(url_of(asked, TEXTS.sign_in_button))
            landed = await submit(browser, form_page, key_id=PATIENT.key_id, password=PATIENT.password)
        assert SIGNED_IN_PAGE_TITLE in landed.text, landed.text
        await chat.bot_message_after(cursor, showing(TEXTS.greeting))
        await chat.bot_message_after(cursor, showing(TEXTS.menu_title))
        # Telegram's real pace per chat (the demo's emulator keeps it) must not make the bot greet twice.
        assert sum(TEXTS.greeting in shown for shown in await chat.bot_texts()) == 1


async def _a_url_too_long_gets_414() -> None:
    """The demo serves the backend as `cabinet backend` does: an over-long URL is answered, not reset."""
    reader, writer = await asyncio.open_connection("127.0.0.1", 8000)
    try:
        writer.write(b"GET /healthz?q=" + b"a" * 300_000 + b" HTTP/1.1\r\nHost: demo\r\n\r\n")
        await writer.drain()
        answer = await reader.read()
    finally:
        writer.close()
    assert answer.startswith(b"HTTP/1.1 414 "), answer[:200]
