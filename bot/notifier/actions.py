"""The buttons of notifications: callback data the notifier puts on messages and `router` answers."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Action(StrEnum):
    DECLARATIONS = "decl"  # my declarations
    REQUESTS = "reqs"  # requests waiting for my signature
    FIND_DOCTOR = "find"
    ACCESSES = "acc"
    PROFILE = "prof"
    PRESCRIPTIONS = "rx"  # my (active) prescriptions
    LAB_RESULTS = "lab"  # my lab results, newest first
    REFERRALS = "ref"  # my referrals, open ones first
    HOME = "home"  # the main menu, or the sign-in when the patient is signed out


class NotificationAction(CallbackData, prefix="ntf"):
    action: Action
