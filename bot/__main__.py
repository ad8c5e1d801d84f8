"""`python -m bot`: run the bot (long polling) with settings from the environment."""

from __future__ import annotations

import asyncio
import logging

from bot.app import run_polling
from bot.config import BotSettings


def main() -> None:
    settings = BotSettings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(run_polling(settings))


if __name__ == "__main__":
    main()
