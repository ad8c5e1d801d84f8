"""The watcher's pure decisions about the medical record: a new lab result and a new referral, each told once,
after a silent baseline of its own; what is not readable keeps what was known and holds nothing else back.

Time is the test's own (`NOW`): the rules take it as an argument, nothing reads a wall clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from backend.domain.events import EventKind, NotificationPreference
from backend.events.outbox import wants
from backend.events.watch_rules import (
    SCAN_ID,
    DeclarationView,
    EntityKind,
    LabResultView,
    ReferralView,
    Seen,
    Snapshot,
    State,
    WatchRules,
    compare,
    scan_due,
)
from backend.models import TelegramAccount

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
RULES = WatchRules()
HBA1C = "Глікований гемоглобін (HbA1c)"
LIPIDS = "Ліпідограма"


def result(
    id: str = "obs-1",
    *,
    status: str = "valid",
    laboratory: bool = True,
    value: float | None = 6.9,
    mark: str | None = "HIGH",
) -> LabResultView:
    return LabResultView(id=id, status=status, laboratory=laboratory, measure=HBA1C, value=value, unit="%", mark=mark)


def referral(
    id: str = "sr-1", *, status: str = "active", expires_at: datetime | None = NOW + timedelta(days=30)
) -> ReferralView:
    return ReferralView(id=id, status=status, service=LIPIDS, expires_at=expires_at)


def run(previous: State, snapshot: Snapshot, *, baseline: bool = False, now: datetime = NOW):
    return compare(previous, snapshot, baseline=baseline, now=now, today=now.date(), rules=RULES)


def read_once(snapshot: Snapshot) -> State:
    """The state after a first read (the baseline of a new link)."""
    return run({}, snapshot, baseline=True).state


# Lab results ------------------------------------------------------------------------------------------------


def test_the_first_lab_results_read_is_silent_but_remembers_it_happened() -> None:
    outcome = run({}, Snapshot(lab_results=(result("obs-1"), result("obs-2"))), baseline=True)
    assert outcome.notices == ()
    assert (EntityKind.LAB_RESULTS_SCAN, SCAN_ID) in outcome.state
    assert outcome.state[(EntityKind.LAB_RESULT, "obs-1")] == Seen("valid")


def test_a_link_polled_before_lab_results_were_read_gets_its_own_baseline() -> None:
    # A poll that did not read them (None) leaves no mark; the first read after that is still silent.
    before = run({}, Snapshot(), baseline=True).state
    assert (EntityKind.LAB_RESULTS_SCAN, SCAN_ID) not in before
    outcome = run(before, Snapshot(lab_results=(result("obs-1"),)))
    assert outcome.notices == ()


def test_a_new_lab_result_is_told_once_with_what_the_push_needs() -> None:
    state = read_once(Snapshot(lab_results=(result("obs-1"),)))
    outcome = run(state, Snapshot(lab_results=(result("obs-2", value=7.4), result("obs-1"))))
    [notice] = outcome.notices
    assert notice.kind is EventKind.LAB_RESULT_ADDED
    assert notice.payload == {
        "observation_id": "obs-2",
        "measure": HBA1C,
        "value": 7.4,
        "unit": "%",
        "comparator": None,
        "value_text": None,
        "mark": "HIGH",
    }
    assert notice.dedupe_key == "lab_result:obs-2:added"
    again = run(outcome.state, Snapshot(lab_results=(result("obs-2", value=7.4), result("obs-1"))))
    assert again.notices == ()


def test_the_state_keeps_no_measure_value_or_mark() -> None:
    state = read_once(Snapshot(lab_results=(result("obs-1"),)))
    outcome = run(state, Snapshot(lab_results=(result("obs-2"), result("obs-1"))))
    kept = repr(outcome.state)
    assert HBA1C not in kept and "6.9" not in kept and "HIGH" not in kept


def test_a_vital_sign_or_a_result_entered_in_error_is_not_told() -> None:
    state = read_once(Snapshot(lab_results=()))
    outcome = run(
        state,
        Snapshot(
            lab_results=(result("bp-1", laboratory=False), result("obs-9", status="entered_in_error")),
        ),
    )
    assert outcome.notices == ()
    assert (EntityKind.LAB_RESULT, "bp-1") in outcome.state  # seen: never told later either


def test_a_result_that_left_the_recent_ones_is_forgotten() -> None:
    state = read_once(Snapshot(lab_results=(result("obs-1"),)))
    outcome = run(state, Snapshot(lab_results=()))
    assert (EntityKind.LAB_RESULT, "obs-1") not in outcome.state
    assert (EntityKind.LAB_RESULTS_SCAN, SCAN_ID) in outcome.state


# Referrals --------------------------------------------------------------------------------------------------


def test_a_new_referral_is_told_once_without_its_number() -> None:
    state = read_once(Snapshot(referrals=(referral("sr-1"),)))
    assert run(state, Snapshot(referrals=(referral("sr-1"),))).notices == ()
    outcome = run(state, Snapshot(referrals=(referral("sr-2"), referral("sr-1"))))
    [notice] = outcome.notices
    assert notice.kind is EventKind.REFERRAL_ISSUED
    assert notice.payload == {
        "service_request_id": "sr-2",
        "service": LIPIDS,
        "expires_at": (NOW + timedelta(days=30)).isoformat(),
    }
    assert notice.dedupe_key == "referral:sr-2:issued"
    assert run(outcome.state, Snapshot(referrals=(referral("sr-2"), referral("sr-1")))).notices == ()


def test_a_referral_already_expired_or_closed_when_first_seen_is_not_told() -> None:
    state = read_once(Snapshot(referrals=()))
    outcome = run(
        state,
        Snapshot(
            referrals=(
                referral("sr-old", expires_at=NOW - timedelta(minutes=1)),
                referral("sr-done", status="completed"),
            )
        ),
    )
    assert outcome.notices == ()


def test_the_first_referrals_read_is_silent() -> None:
    assert run({}, Snapshot(referrals=(referral("sr-1"),)), baseline=True).notices == ()


# Not readable, and the switch --------------------------------------------------------------------------------


def test_the_record_not_readable_keeps_what_was_known_and_holds_no_declaration_notice_back() -> None:
    held = DeclarationView("decl-1", "active", None, "Іваненко Марія", "FAMILY_DOCTOR", None)
    state = read_once(Snapshot(declarations=(held,), lab_results=(result("obs-1"),), referrals=(referral("sr-1"),)))
    ended = DeclarationView("decl-1", "terminated", "auto_reorganization", "Іваненко Марія", "FAMILY_DOCTOR", None)
    outcome = run(state, Snapshot(declarations=(ended,), lab_results=None, referrals=None))
    assert [n.kind for n in outcome.notices] == [EventKind.DECLARATION_STATUS]
    record = {key: seen for key, seen in outcome.state.items() if key[0] is not EntityKind.DECLARATION}
    assert record == {key: seen for key, seen in state.items() if key[0] is not EntityKind.DECLARATION}
    # Readable again: what was there all along is not news; only what is new is told.
    back = run(outcome.state, Snapshot(lab_results=(result("obs-2"), result("obs-1")), referrals=(referral("sr-1"),)))
    assert [n.payload["observation_id"] for n in back.notices] == ["obs-2"]


def test_lab_results_refused_while_referrals_are_read_costs_only_the_results() -> None:
    state = read_once(Snapshot(lab_results=(result("obs-1"),), referrals=()))
    outcome = run(state, Snapshot(lab_results=None, referrals=(referral("sr-1"),)))
    assert [n.kind for n in outcome.notices] == [EventKind.REFERRAL_ISSUED]
    assert (EntityKind.LAB_RESULT, "obs-1") in outcome.state


def test_the_medical_record_switch_off_lets_no_record_notice_through_and_nothing_else_is_touched() -> None:
    off = TelegramAccount(notification_prefs={"medical_record": False})
    assert NotificationPreference.MEDICAL_RECORD.value == "medical_record"
    assert not wants(off, EventKind.LAB_RESULT_ADDED)
    assert not wants(off, EventKind.REFERRAL_ISSUED)
    assert wants(off, EventKind.PRESCRIPTION_ISSUED) and wants(off, EventKind.DECLARATION_STATUS)


def test_an_account_stored_before_the_switch_existed_reads_it_as_on() -> None:
    older = TelegramAccount(
        notification_prefs={
            "declaration_status": True,
            "request_status": True,
            "security": True,
            "reminders": False,
            "prescriptions": True,
        }
    )
    assert wants(older, EventKind.LAB_RESULT_ADDED) and wants(older, EventKind.REFERRAL_ISSUED)


def test_a_result_found_while_the_switch_is_off_is_remembered_so_turning_it_on_replays_nothing() -> None:
    # The switch is the outbox's (backend.events.outbox.wants): the rule decides a notice, the outbox drops it,
    # and the state remembers the result all the same — the next poll decides nothing for it.
    state = read_once(Snapshot(lab_results=()))
    outcome = run(state, Snapshot(lab_results=(result("obs-1"),)))
    assert len(outcome.notices) == 1
    assert run(outcome.state, Snapshot(lab_results=(result("obs-1"),))).notices == ()


# Cadence ----------------------------------------------------------------------------------------------------


def test_the_record_is_read_at_the_slow_interval_even_for_a_person_polled_fast() -> None:
    state = read_once(Snapshot(lab_results=(), referrals=()))
    for scan in (EntityKind.LAB_RESULTS_SCAN, EntityKind.REFERRALS_SCAN):
        assert scan_due({}, scan, now=NOW, rules=RULES)  # never read
        assert not scan_due(state, scan, now=NOW + RULES.fast_interval, rules=RULES)
        later = NOW + RULES.slow_interval - RULES.fast_interval
        assert scan_due(state, scan, now=later, rules=RULES)


@given(
    st.lists(
        st.lists(st.sampled_from(["obs-1", "obs-2", "obs-3", "obs-4"]), unique=True, max_size=4),
        min_size=1,
        max_size=8,
    )
)
def test_every_lab_result_is_told_at_most_once_and_never_from_the_baseline(reads: list[list[str]]) -> None:
    """Results come and go out of the recent window in any order: each id is told at most once, and never one
    the first read saw. (Once forgotten, an id that comes back would be new again; the window only moves on,
    so the registry never shows it again — the reads here only add ids after the first.)"""
    seen_first = set(reads[0])
    state = read_once(Snapshot(lab_results=tuple(result(i) for i in reads[0])))
    told: list[str] = []
    shown: set[str] = set(seen_first)
    for ids in reads[1:]:
        ids = sorted(shown | set(ids))  # nothing leaves: a shown id stays shown
        outcome = run(state, Snapshot(lab_results=tuple(result(i) for i in ids)))
        told += [n.payload["observation_id"] for n in outcome.notices]
        state, shown = outcome.state, set(ids)
    assert len(told) == len(set(told))
    assert not seen_first & set(told)
    assert set(told) == shown - seen_first
