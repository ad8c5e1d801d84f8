"""Settings of the Telegram sandbox (environment prefix `TELEGRAM_SANDBOX_`)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class TelegramSandboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TELEGRAM_SANDBOX_", env_file=".env", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8081

    # The main bot: the one created by `default_token`, or else the first token that calls the API.
    bot_username: str = "ehealth_cabinet_bot"
    bot_first_name: str = "еКабінет"
    # Registers this bot at start-up, so the web page and the control API work before the bot connects.
    default_token: SecretStr | None = None

    # Flood limits per bot (Telegram: ~30 messages/s overall, ~1 message/s per chat, short bursts tolerated).
    enforce_limits: bool = True
    global_rate_per_s: float = Field(default=30.0, gt=0)
    global_burst: int = Field(default=30, ge=1)
    chat_rate_per_s: float = Field(default=1.0, gt=0)
    chat_burst: int = Field(default=4, ge=1)

    # Webhook delivery: how long to wait for the bot's answer, and the redelivery backoff.
    webhook_timeout_s: float = Field(default=10.0, gt=0)
    webhook_retry_initial_s: float = Field(default=0.2, gt=0)
    webhook_retry_max_s: float = Field(default=10.0, gt=0)

    # After this long an unanswered callback or inline query can no longer be answered ("query is too old").
    query_answer_ttl_s: float = Field(default=15.0, gt=0)
    # Serve repeated inline queries from the answer cache for `cache_time` seconds, as Telegram does.
    inline_cache: bool = True
    # Send `chosen_inline_result` updates (BotFather's /setinlinefeedback).
    inline_feedback: bool = False

    # Memory bounds: undelivered updates per bot (oldest dropped first) and the change feed length.
    max_pending_updates: int = Field(default=100_000, ge=100)
    event_history: int = Field(default=50_000, ge=100)

    first_user_id: int = Field(default=100_000_001, ge=1)
    # On shutdown, open long polls are released and in-flight requests get this long to finish.
    shutdown_grace_s: float = Field(default=2.0, ge=0)
    access_log: bool = False
