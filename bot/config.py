"""Settings of the Telegram bot (environment prefix `BOT_`, also read from `.env`).

Every field carries a description: the lead copies them into `.env.example`. The defaults run the bot
against the local Telegram emulator and the local backend with no setup.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Well-formed (id:secret) so aiogram accepts it; only the local emulator answers to it.
SANDBOX_BOT_TOKEN = "123456789:AAsandbox-token-for-local-emulator-only"  # noqa: S105
# The backend's development service token (public on purpose; production replaces both ends).
DEV_BACKEND_SERVICE_TOKEN = "dev-service-token-not-for-production"  # noqa: S105

Language = Literal["uk", "en"]


class BotSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOT_", env_file=".env", extra="ignore")

    token: SecretStr = Field(
        default=SecretStr(SANDBOX_BOT_TOKEN),
        description="Bot token from @BotFather. The default only works with the local Telegram emulator.",
    )
    telegram_api_url: str = Field(
        default="http://127.0.0.1:8081",
        description="Base URL of a Bot API server: the local emulator by default; empty means api.telegram.org.",
    )
    backend_url: str = Field(default="http://127.0.0.1:8000", description="Base URL of the backend's /v1 API.")
    backend_service_token: SecretStr = Field(
        default=SecretStr(DEV_BACKEND_SERVICE_TOKEN),
        description="Bearer token for the backend (must equal BACKEND_SERVICE_TOKEN).",
    )
    backend_timeout: float = Field(
        default=15.0, gt=0, description="Seconds to wait for one backend answer (registry calls included)."
    )
    default_language: Language = Field(
        default="uk", description="Language for users whose Telegram language is neither Ukrainian nor English."
    )
    redis_url: str = Field(
        default="",
        description="redis://host:port/db for dialog state and event isolation shared by several bot workers; "
        "empty keeps state in memory (one process).",
    )
    throttle_rate: float = Field(
        default=5.0, gt=0, description="Updates per second one user may send; faster ones are dropped."
    )
    throttle_burst: int = Field(
        default=8, ge=1, description="Updates one user may send at once before throttling starts."
    )
    typing_delay: float = Field(
        default=0.4, ge=0, description="Seconds a handler may run before the bot shows 'typing…' in the chat."
    )
    log_level: str = Field(default="INFO", description="Log level of the bot process.")
