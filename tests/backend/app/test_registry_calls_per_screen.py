"""Registry calls per bot screen, pinned: each flow walked as the bot walks it against the real backend app over
the registry sandbox, every registry call counted (`registry_calls.py`; the figures are `bench/flow_calls.py`'s).
A screen that starts spending more of the client's registry budget fails here."""

from __future__ import annotations

from pathlib import Path

from tests.backend.app.registry_calls import counting_cabinet, walk_all

# Before the session cache (commit 71dc0ad): 65 calls over the nine flows.
BEFORE: dict[str, dict[str, int]] = {
    "sign_in": {"sign-in": 2, "main menu": 0, "personal data right after": 1},
    "personal_data": {"view": 1, "view again": 1, "change e-mail: signing link": 2},
    "declarations": {"overview": 4, "history": 3, "card": 1, "end it: confirmation": 1, "back to the overview": 4},
    "doctor_search": {"search": 0, "next page": 0, "card": 0},
    "declaration_submission": {
        "summary: card + precheck": 3,
        "submit": 3,
        "check: not signed yet": 1,
        "signing page": 1,
        "check: signed": 2,
    },
    "accesses": {"list": 1, "next page": 1, "revoke": 1, "list after revoking": 1},
    "prescriptions": {
        "active list": 1,
        "past list": 3,
        "card": 3,
        "show at the pharmacy": 1,
        "verification code": 1,
        "back to the active list": 1,
    },
    "medical_record": {
        "overview": 5,
        "lab results": 1,
        "lab result card": 2,
        "lab result chart": 2,
        "referrals": 1,
        "referral card": 1,
        "back to the overview": 5,
    },
    "vaccinations": {"list": 2, "card": 1, "next page": 1},
}


# flow → screen → registry calls of that screen's backend answers (each flow starts cold): 38 calls in all.
PINNED: dict[str, dict[str, int]] = {
    "sign_in": {"sign-in": 2, "main menu": 0, "personal data right after": 0},
    "personal_data": {"view": 1, "view again": 0, "change e-mail: signing link": 1},
    "declarations": {"overview": 2, "history": 0, "card": 1, "end it: confirmation": 0, "back to the overview": 0},
    "doctor_search": {"search": 0, "next page": 0, "card": 0},
    "declaration_submission": {
        "summary: card + precheck": 2,
        "submit": 1,
        "check: not signed yet": 1,
        "signing page": 1,
        "check: signed": 2,
    },
    "accesses": {"list": 1, "next page": 0, "revoke": 1, "list after revoking": 1},
    "prescriptions": {
        "active list": 1,
        "past list": 3,
        "card": 2,
        "show at the pharmacy": 0,
        "verification code": 1,
        "back to the active list": 0,
    },
    "medical_record": {
        "overview": 5,
        "lab results": 1,
        "lab result card": 2,
        "lab result chart": 0,
        "referrals": 1,
        "referral card": 1,
        "back to the overview": 0,
    },
    "vaccinations": {"list": 2, "card": 1, "next page": 1},
}


def test_no_screen_costs_more_than_before() -> None:
    assert PINNED.keys() == BEFORE.keys()
    for flow, screens in PINNED.items():
        assert screens.keys() == BEFORE[flow].keys(), flow
        assert all(calls <= BEFORE[flow][screen] for screen, calls in screens.items()), flow
    assert sum(map(sum, (s.values() for s in PINNED.values()))) < sum(map(sum, (s.values() for s in BEFORE.values())))


async def test_registry_calls_per_screen(tmp_path: Path, registry_template: Path) -> None:
    async with counting_cabinet(tmp_path, registry_template) as bench:
        walks = await walk_all(bench)

    assert {name: walk.screens for name, walk in walks.items()} == PINNED
