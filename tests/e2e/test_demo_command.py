"""`cabinet demo`, the README's main command, as a newcomer runs it: it comes up, and Ctrl-C stops it cleanly.

It binds the demo's fixed ports (8000, 8081, 8100); the test skips when another program holds them.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from pathlib import Path

import pytest

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
