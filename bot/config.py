"""Settings of the Telegram bot (environment prefix `BOT_`, also read from `.env`).

Every field carries a description: the lead copies them into `.env.example`. The defaults run the bot
against the local Telegram emulator and the local backend with no setup.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Well-formed (id:secret) so aiogram accepts it; only the local emulator answers to it.
SANDBOX_BOT_TOKEN = "123456789:AAsandbox-token-for-local-emulator-only"  # noqa: S105
# The backend's development service token (public on purpose; production replaces both ends).
DEV_BACKEND_SERVICE_TOKEN = "dev-service-token-not-for-production"  # noqa: S105

Language = Literal["uk", "en"]

# What Telegram accepts as a webhook's secret_token.
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class BotSettings(BaseSettings):
    # hide_input_in_errors: a mistyped secret must not end up in a start-up traceback.
    model_config = SettingsConfigDict(env_prefix="BOT_", env_file=".env", extra="ignore", hide_input_in_errors=True)

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
    state_ttl_days: int = Field(
        default=30,
        ge=1,
        le=365,
        description="With Redis: days an untouched dialog's state (what the patient typed in a flow) is kept "
        "before Redis forgets it; a later tap on its buttons then opens the menu again.",
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

    # Webhook mode (`cabinet bot --webhook`): several workers behind one public URL.
    webhook_url: str = Field(
        default="",
        description="Public HTTPS base URL Telegram posts updates to (e.g. https://bot.example.org); "
        "webhook mode only.",
    )
    webhook_path: str = Field(
        default="/telegram/webhook",
        pattern=r"^/[A-Za-z0-9/_.-]*$",
        description="Path of the webhook under BOT_WEBHOOK_URL, served by every bot worker.",
    )
    webhook_secret: SecretStr = Field(
        default=SecretStr(""),
        description="Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Za-z0-9_-); "
        "required in webhook mode, requests without it are refused.",
    )
    webhook_host: str = Field(default="127.0.0.1", description="Address the webhook server of this worker binds.")
    webhook_port: int = Field(default=8443, ge=0, le=65535, description="Port of this worker's webhook server.")
    webhook_max_connections: int = Field(
        default=40,
        ge=1,
        le=100,
        description="Connections Telegram may open to the webhook at once (all workers together).",
    )
    webhook_concurrency: int = Field(
        default=64, ge=1, description="Updates one worker handles at once; beyond that it answers 503 (redelivered)."
    )
    webhook_dedupe_ttl: int = Field(
        default=3600,
        ge=1,
        description="Seconds an update_id is remembered, so a redelivered update is handled once "
        "(in Redis when BOT_REDIS_URL is set, else in this worker's memory).",
    )
    webhook_set_on_startup: bool = Field(
        default=True, description="Call setWebhook (URL, secret, max connections, update types) when a worker starts."
    )
    webhook_delete_on_shutdown: bool = Field(
        default=False,
        description="Call deleteWebhook when a worker stops; keep false when several workers share the webhook.",
    )

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret_is_telegram_safe(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        if secret and not WEBHOOK_SECRET_PATTERN.fullmatch(secret):
            raise ValueError("must be 1-256 characters of A-Za-z0-9_-")
        return value

    @property
    def webhook_endpoint(self) -> str:
        """The full URL given to setWebhook."""
        return self.webhook_url.rstrip("/") + self.webhook_path
