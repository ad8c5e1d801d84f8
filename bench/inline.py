"""Benchmark of inline mode (issue 7/8: p95 ≤ 60 ms from the user's inline query to the bot's answer).

Runs the registry sandbox (seeded with --doctors), the backend (directory loaded from it), the Telegram
emulator and the real bot in one event loop, as `cabinet demo` does. Simulated users type realistic
inline queries — surnames, a surname with a first name, half-typed and mistyped surnames, speciality
words, settlements, and the same in Latin — one at a time; each is timed from the moment the emulator
queues the `inline_query` update to the moment the bot's `answerInlineQuery` reaches the emulator.
The emulator's inline answer cache is off, so every query reaches the bot.

    .venv/bin/python bench/inline.py [--doctors 5000] [--queries 500] [--concurrency 1] [--seed 7]
                                     [--profile PATH]

Prints ONE JSON line of figures, then a short summary.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import latency_figures, machine, one_process_machine_line, polling, profiled, wait_directory_ready
from pydantic import SecretStr

from bot.api_client import BackendClient
from bot.api_models import DoctorHit
from bot.app import create_bot, create_dispatcher, used_update_types
from bot.config import BotSettings
from cabinet.stack import DEMO_BOT_TOKEN, StackConfig, running_stack
from sandbox.telegram.simulation import SimulatedUser
from sandbox.telegram.world import TelegramWorld

P95_TARGET_MS = 60.0
SERVICE_TOKEN = "bench-inline-service-token"
WARM_UP_QUERIES = 20
USERS = 10
UNANSWERED_AFTER_S = 10.0

# Official transliteration (KMU No. 55, 2010), enough for surnames and settlements typed in Latin.
_KMU = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}  # fmt: skip
_KMU_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
SPECIALITY_WORDS = {
    "FAMILY_DOCTOR": ("сімейний лікар", "сімейний", "simeinyi likar"),
    "THERAPIST": ("терапевт", "terapevt"),
    "PEDIATRICIAN": ("педіатр", "дитячий лікар", "pediatr"),
}


def to_latin(text: str) -> str:
    out = []
    for i, char in enumerate(text.lower()):
        initial = i == 0 or not text[i - 1].isalpha()
        latin = _KMU_INITIAL[char] if initial and char in _KMU_INITIAL else _KMU.get(char, char)
        out.append(latin)
    return "".join(out).capitalize()


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 6:
        return word
    at = rng.randrange(2, len(word) - 1)
    return word[:at] + rng.choice("аоеиі".replace(word[at], "")) + word[at + 1 :]


def make_queries(rng: random.Random, doctors: Sequence[DoctorHit], count: int) -> list[tuple[str, str]]:
    """(kind, query) pairs in a realistic mix; doctors are sampled from the directory itself."""
    settlements = sorted({d.settlement for d in doctors if d.settlement})
    kinds = {
        "surname": lambda d: d.last_name,
        "surname_first_name": lambda d: f"{d.last_name} {d.first_name}",
        "surname_prefix": lambda d: d.last_name[: rng.randint(4, 6)],
        "surname_typo": lambda d: typo(rng, d.last_name),
        "speciality_settlement": lambda d: (
            f"{rng.choice(SPECIALITY_WORDS[d.speciality or 'THERAPIST'])} {d.settlement or rng.choice(settlements)}"
        ),
        "settlement": lambda d: d.settlement or rng.choice(settlements),
        "speciality": lambda d: rng.choice(SPECIALITY_WORDS[d.speciality or "THERAPIST"]),
        "latin_surname": lambda d: to_latin(d.last_name),
        "latin_speciality_settlement": lambda d: f"pediatr {to_latin(d.settlement or rng.choice(settlements))}",
    }
    weights = [20, 15, 15, 8, 14, 8, 4, 10, 6]
    names = list(kinds)
    return [(kind, kinds[kind](rng.choice(doctors)).strip()) for kind in rng.choices(names, weights=weights, k=count)]


async def sample_directory(backend: BackendClient, rng: random.Random, total: int) -> list[DoctorHit]:
    """Doctors from pages spread over the whole directory (the bench's queries are built from them)."""
    doctors: list[DoctorHit] = []
    pages = range(0, total, 50)
    for offset in sorted(rng.sample(pages, k=min(20, len(pages)))):
        doctors.extend((await backend.search_doctors(offset=offset, limit=50)).items)
    return doctors


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-inline-") as data_dir:
        config = StackConfig(
            data_dir=Path(data_dir),
            doctors=args.doctors,
            seed=args.seed,
            with_bot=False,
            backend_overrides={"service_token": SecretStr(SERVICE_TOKEN)},
            telegram_overrides={"inline_cache": False},
        )
        async with running_stack(config) as stack:
            assert stack.telegram_url is not None
            await wait_directory_ready(stack.backend_url)
            setup_s = time.perf_counter() - started
            settings = BotSettings(
                _env_file=None,  # type: ignore[call-arg]
                token=SecretStr(DEMO_BOT_TOKEN),
                telegram_api_url=stack.telegram_url,
                backend_url=stack.backend_url,
                backend_service_token=SecretStr(SERVICE_TOKEN),
            )
            async with BackendClient(stack.backend_url, SERVICE_TOKEN) as backend:
                doctors = await sample_directory(backend, rng, stack.seed_summary.doctors)
                dispatcher = create_dispatcher(settings, backend)
                async with polling(dispatcher, create_bot(settings), allowed_updates=used_update_types(dispatcher)):
                    world: TelegramWorld = stack.apps["telegram"].state.world
                    queries = make_queries(rng, doctors, WARM_UP_QUERIES + args.queries)
                    # Warm-up: first connections, aiogram's getMe cache, the backend's first queries.
                    await run_queries(world, queries[:WARM_UP_QUERIES], 1)
                    cpu_began = time.process_time()
                    with profiled(args.profile):
                        measured = await run_queries(world, queries[WARM_UP_QUERIES:], args.concurrency)
                    cpu_s = time.process_time() - cpu_began
    return figures(args, measured, setup_s, cpu_s, len(doctors))


async def run_queries(
    world: TelegramWorld, queries: list[tuple[str, str]], concurrency: int
) -> list[tuple[str, float, int]]:
    """(kind, milliseconds or inf when unanswered, results) of each query; `concurrency` users type at once."""
    account = world.bot()
    users = [
        SimulatedUser(account, world.create_user(f"Користувач {i}"), new_query_id=world.new_query_id)
        for i in range(USERS)
    ]
    measured: list[tuple[str, float, int]] = []
    next_index = iter(range(len(queries)))

    async def typist() -> None:
        # Users take turns, as ten people typing would. Inline queries skip the bot's per-user throttle (a
        # user of the bench types several a second); a query never answered is counted as `unanswered`.
        for i in next_index:
            kind, query = queries[i]
            user = users[i % USERS]
            begun = time.perf_counter()
            asked = user.inline_query(query)
            assert asked.inline_query_id is not None
            record = account.inline_queries[asked.inline_query_id]
            try:
                async with asyncio.timeout(UNANSWERED_AFTER_S):
                    await record.answered.wait()
            except TimeoutError:
                measured.append((kind, math.inf, 0))
                continue
            elapsed_ms = (time.perf_counter() - begun) * 1000
            measured.append((kind, elapsed_ms, len((record.answer or {}).get("results") or [])))

    await asyncio.gather(*(typist() for _ in range(concurrency)))
    return measured


def figures(
    args: argparse.Namespace, measured: list[tuple[str, float, int]], setup_s: float, cpu_s: float, sampled: int
) -> dict[str, Any]:
    by_kind: dict[str, list[float]] = defaultdict(list)
    answered = [(kind, ms, n) for kind, ms, n in measured if ms != math.inf]
    for kind, ms, _ in answered:
        by_kind[kind].append(ms)
    overall = latency_figures([ms for _, ms, _ in answered])
    return {
        "bench": "inline",
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "doctors": args.doctors,
        "queries": len(measured),
        "concurrency": args.concurrency,
        "emulator_inline_cache": False,
        "setup_s": round(setup_s, 1),
        "sampled_doctors": sampled,
        "unanswered": len(measured) - len(answered),
        "answered_with_doctors": sum(1 for _, _, n in answered if n > 1),
        "latency": overall,
        # CPU time of this process (every component) per query: the cost, whatever else the machine runs.
        "cpu_ms_per_query": round(cpu_s * 1000 / len(measured), 2),
        "by_kind": {kind: latency_figures(values) for kind, values in sorted(by_kind.items())},
        "target": {"p95_ms": P95_TARGET_MS, "met": answered == measured and overall["p95_ms"] <= P95_TARGET_MS},
        "machine": machine(),
    }


def summary(result: dict[str, Any]) -> str:
    latency = result["latency"]
    lines = [
        f"{result['queries']} inline queries ({result['concurrency']} at a time) against {result['doctors']:,} "
        f"doctors, emulator cache off; {result['answered_with_doctors']} answered with doctors, "
        f"{result['unanswered']} not answered within {UNANSWERED_AFTER_S:g} s.",
        f"inline_query → answerInlineQuery: p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms, "
        f"p99 {latency['p99_ms']} ms (target p95 ≤ {P95_TARGET_MS} ms: "
        f"{'met' if result['target']['met'] else 'NOT met'}); {result['cpu_ms_per_query']} ms CPU per query.",
    ]
    for kind, numbers in result["by_kind"].items():
        lines.append(f"  {kind:<28} n={numbers['n']:<4} p50 {numbers['p50_ms']:>7} ms  p95 {numbers['p95_ms']:>7} ms")
    lines.append(one_process_machine_line(result["machine"]))
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--doctors", type=int, default=5_000, help="doctors seeded in the registry (default 5000)")
    parser.add_argument("--queries", type=int, default=500, help="measured inline queries (default 500)")
    parser.add_argument("--concurrency", type=int, default=1, help="users typing at the same time (default 1)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the registry and the queries")
    parser.add_argument(
        "--profile", metavar="PATH", type=Path, help="write a pyinstrument profile of the measured phase (text)"
    )
    args = parser.parse_args(argv)
    if args.doctors < 100 or args.queries < 1 or not 1 <= args.concurrency <= USERS:
        parser.error(f"--doctors ≥ 100, --queries ≥ 1, 1 ≤ --concurrency ≤ {USERS}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    result = asyncio.run(bench(parse_args(argv)))
    print(json.dumps(result, ensure_ascii=False))
    print(summary(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
