"""Settings of the notifier (environment prefix `BOT_NOTIFIER_`, also read from `.env`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class NotifierSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOT_NOTIFIER_", env_file=".env", extra="ignore")

    enabled: bool = Field(
        True, description="Send notifications from inside `cabinet bot` (false: run `cabinet notifier` instead)."
    )
    global_rate: float = Field(
        30.0,
        gt=0,
        le=30,
        description="Messages per second the notifier sends overall (Telegram allows about 30 for all of the bot's "
        "messages; lower it to leave room for busy dialogs).",
    )
    global_burst: int = Field(
        5, ge=1, le=30, description="Messages the notifier may send at once after a quiet moment (overall)."
    )
    chat_rate: float = Field(1.0, gt=0, le=1, description="Messages per second to one chat (Telegram: about 1).")
    chat_burst: int = Field(1, ge=1, le=3, description="Messages one chat may get at once.")
    batch_size: int = Field(100, ge=1, le=500, description="Events claimed from the backend at a time.")
    lease_seconds: int = Field(
        120,
        ge=10,
        description="How long claimed events stay with this notifier before the backend hands them out again "
        "(a notifier killed before acknowledging loses nothing; it only delays the events by this much).",
    )
    poll_interval: float = Field(1.0, gt=0, description="Seconds between claims while the outbox is empty.")
    concurrency: int = Field(16, ge=1, le=200, description="Messages being sent at the same time.")
    ack_interval: float = Field(0.5, gt=0, description="Seconds between acknowledgements of sent events.")
    limits_key_prefix: str = Field(
        "cabinet:telegram-limits",
        min_length=1,
        description="Redis key prefix of the token buckets every notifier of the bot shares when BOT_REDIS_URL is "
        "set (the bot's id is appended, so bots sharing a Redis never share buckets).",
    )
    worker_id: str = Field(
        "", max_length=48, description="This notifier's name in claims; empty: host name and process id."
    )
