"""`cabinet` — one command line for every process of the product.

Each subcommand imports its own module only when it runs, so `cabinet seed` does not load the bot
and `cabinet bot` does not load the seed data.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence


def _registry_sandbox(args: argparse.Namespace) -> int:
    from sandbox.registry.server import serve

    return serve(host=args.host, port=args.port, seed_if_empty=not args.no_seed)


def _seed(args: argparse.Namespace) -> int:
    from sandbox.registry.seed import run_seed_command

    return asyncio.run(run_seed_command(seed=args.seed, doctors=args.doctors, database_url=args.database_url))


def _telegram_sandbox(args: argparse.Namespace) -> int:
    from sandbox.telegram.server import serve

    return serve(host=args.host, port=args.port)


def _demo(args: argparse.Namespace) -> int:
    from cabinet.demo import main as demo_main

    return demo_main(doctors=args.doctors, data_dir=args.data_dir, host=args.host)


def _backend(args: argparse.Namespace) -> int:
    from backend.server import serve

    return serve(host=args.host, port=args.port)


def _migrate(args: argparse.Namespace) -> int:
    from backend.migrate import run_migrations

    run_migrations(args.database_url)
    return 0


def _bot(args: argparse.Namespace) -> int:
    if args.webhook:
        from bot.webhook import main as webhook_main

        return webhook_main()
    from bot.__main__ import main as bot_main

    bot_main()
    return 0


def _watcher(args: argparse.Namespace) -> int:
    from backend.events.watch_process import run_watcher

    asyncio.run(run_watcher())
    return 0


def _notifier(args: argparse.Namespace) -> int:
    from bot.notifier.process import main as notifier_main

    notifier_main()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cabinet", description="Telegram patient cabinet")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    sandbox = add("registry-sandbox", _registry_sandbox, "Run the eHealth-compatible registry sandbox")
    sandbox.add_argument("--host", default=None, help="bind address (default: REGISTRY_HOST or 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=None, help="port (default: REGISTRY_PORT or 8100)")
    sandbox.add_argument("--no-seed", action="store_true", help="do not seed an empty database")

    seed = add("seed", _seed, "Recreate the registry sandbox database with deterministic seed data")
    seed.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    seed.add_argument("--doctors", type=int, default=600, help="number of doctors (default 600)")
    seed.add_argument("--database-url", default=None, help="default: REGISTRY_DATABASE_URL")
    telegram = add("telegram-sandbox", _telegram_sandbox, "Run the local Telegram Bot API emulator and web chat")
    telegram.add_argument("--host", default=None, help="bind address (default: TELEGRAM_SANDBOX_HOST or 127.0.0.1)")
    telegram.add_argument("--port", type=int, default=None, help="port (default: TELEGRAM_SANDBOX_PORT or 8081)")
    demo = add("demo", _demo, "Run the whole product locally (registry sandbox, Telegram emulator, backend, bot)")
    demo.add_argument("--doctors", type=int, default=600, help="doctors to seed (default 600)")
    demo.add_argument("--data-dir", default="var/demo", help="where the demo's fresh databases live")
    demo.add_argument("--host", default="127.0.0.1", help="bind address of every component")
    backend = add("backend", _backend, "Run the backend API")
    backend.add_argument("--host", default=None, help="bind address (default: BACKEND_HOST or 127.0.0.1)")
    backend.add_argument("--port", type=int, default=None, help="port (default: BACKEND_PORT or 8000)")
    migrate = add("migrate", _migrate, "Apply the backend's database migrations (alembic upgrade head)")
    migrate.add_argument("--database-url", default=None, help="default: BACKEND_DATABASE_URL")
    bot = add("bot", _bot, "Run the Telegram bot (long polling, or a webhook worker with --webhook)")
    bot.add_argument(
        "--webhook",
        action="store_true",
        help="serve BOT_WEBHOOK_PATH on BOT_WEBHOOK_HOST:BOT_WEBHOOK_PORT instead of polling (several workers may)",
    )
    add("watcher", _watcher, "Run the status watcher alone (then set BACKEND_WATCHER_ENABLED=false in the backend)")
    add("notifier", _notifier, "Run the notifier alone (then set BOT_NOTIFIER_ENABLED=false in the bot workers)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
