"""Settings of the status watcher (environment prefix `BACKEND_WATCHER_`, also read from `.env`)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from backend.events.watch_rules import WatchRules


class WatcherSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BACKEND_WATCHER_", env_file=".env", extra="ignore")

    enabled: bool = Field(
        True,
        description="Run the status watcher inside the backend. With several replicas it may run in all of them "
        "(a person is polled by one at a time), or set false and run `cabinet watcher` once.",
    )
    tick_seconds: float = Field(5.0, gt=0, description="Seconds between the watcher's rounds over due persons.")
    fast_interval: int = Field(
        60,
        ge=5,
        description="Seconds between polls of a person whose declaration request waits for the doctor (the urgent "
        "lane: one call each, at most half of the watcher's calls while others are due). 60 tells a doctor's "
        "signature within about a minute; each halving doubles what open requests take from everyone else's turn.",
    )
    fresh_request_hours: float = Field(
        6.0,
        gt=0,
        description="A declaration request made less than this many hours ago is polled at the fast interval; an "
        "older one, less likely to be signed at any given minute, at the aged interval (its expiry reminder keeps "
        "its own moment).",
    )
    aged_request_interval: int = Field(
        600,
        ge=5,
        description="Seconds between polls of a person whose open declaration requests are all older than "
        "fresh_request_hours.",
    )
    slow_interval: int = Field(1800, ge=60, description="Seconds between polls of a person with nothing pending.")
    max_backoff: int = Field(
        3600, ge=60, description="Longest wait (seconds) before polling again a person whose polls keep failing."
    )
    concurrency: int = Field(4, ge=1, le=64, description="Persons polled at the same time.")
    request_expiry_notice_hours: float = Field(
        3.0, gt=0, description="Remind once about an unsigned declaration request this many hours before it expires."
    )
    pediatric_notice_days: int = Field(
        30, ge=1, description="Remind once this many days before a pediatrician's declaration ends at 18."
    )
    prescription_expiry_notice_days: int = Field(
        3,
        ge=1,
        le=30,
        description="Remind once this many days before an undispensed prescription can no longer be collected "
        "(its dispense period ends).",
    )
    lab_result_window_days: int = Field(
        30,
        ge=1,
        le=365,
        description="Lab results issued within this many days are what the watcher reads (one page, newest "
        "first) to tell a new one; a result the registry shows later than that after it was issued is not told.",
    )
    max_pages: int = Field(
        5,
        ge=1,
        le=50,
        description="Most pages (100 items each) of one person's declarations, active prescriptions or recent "
        "dispenses the watcher reads.",
    )

    def rules(self) -> WatchRules:
        return WatchRules(
            request_expiry_notice=timedelta(hours=self.request_expiry_notice_hours),
            pediatric_notice=timedelta(days=self.pediatric_notice_days),
            fast_interval=timedelta(seconds=self.fast_interval),
            slow_interval=timedelta(seconds=self.slow_interval),
            fresh_request=timedelta(hours=self.fresh_request_hours),
            aged_request_interval=timedelta(seconds=self.aged_request_interval),
            max_backoff=timedelta(seconds=self.max_backoff),
            prescription_expiry_notice_days=self.prescription_expiry_notice_days,
        )
