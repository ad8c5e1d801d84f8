"""The watcher's pure decisions: snapshots compared with the last seen state → notices, state, next poll."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from backend.clock import KYIV
from backend.domain.events import EventKind, ReminderTopic
from backend.events.watch_rules import (
    PRESCRIPTION_SCAN_ID,
    AccessView,
    DeclarationView,
    DispenseView,
    EntityKind,
    PrescriptionView,
    RequestView,
    Seen,
    Snapshot,
    State,
    WatchRules,
    compare,
    next_poll_delay,
    next_reminder_at,
    prescriptions_due,
    urgent_delay,
)

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
DOCTOR = "Петренко Ірина Олегівна"
TODAY = NOW.date()
RULES = WatchRules()


def request(
    status: str = "NEW", *, id: str = "req-1", reason: str | None = None, expires_in_h: float = 20
) -> RequestView:
    return RequestView(
        id=id,
        status=status,
        reason=reason,
        doctor_name=DOCTOR,
        declaration_id="decl-9" if status == "SIGNED" else None,
        expires_at=NOW + timedelta(hours=expires_in_h),
    )


def declaration(
    status: str = "active",
    *,
    id: str = "decl-1",
    reason: str | None = None,
    speciality: str = "FAMILY_DOCTOR",
    end_date: date | None = None,
) -> DeclarationView:
    return DeclarationView(
        id=id, status=status, reason=reason, doctor_name="Іваненко Марія", speciality=speciality, end_date=end_date
    )


def kyiv_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=KYIV)


def state(*items: tuple[EntityKind, str, Seen]) -> State:
    return {(kind, entity_id): seen for kind, entity_id, seen in items}


def run(previous: State, snapshot: Snapshot, *, baseline: bool = False, signed_by_us: frozenset[str] = frozenset()):
    return compare(previous, snapshot, baseline=baseline, now=NOW, today=TODAY, signed_by_us=signed_by_us, rules=RULES)


# Baseline ------------------------------------------------------------------------------------------------


def test_the_first_scan_records_everything_silently() -> None:
    snapshot = Snapshot(
        requests=(request(),),
        declarations=(declaration("pending_verification"),),
        accesses=(AccessView("acc-1", "Helsi"),),
    )
    outcome = run({}, snapshot, baseline=True)
    assert outcome.notices == ()
    assert outcome.state == {
        (EntityKind.REQUEST, "req-1"): Seen("NEW", due_at=NOW + timedelta(hours=20), doctor_name=DOCTOR),
        (EntityKind.DECLARATION, "decl-1"): Seen("pending_verification"),
        (EntityKind.ACCESS, "acc-1"): Seen("granted"),
    }
    assert outcome.pending


def test_a_baseline_ignores_the_old_state_of_a_previous_link() -> None:
    previous = state((EntityKind.DECLARATION, "decl-1", Seen("pending_verification")))
    outcome = run(previous, Snapshot(declarations=(declaration("active"),)), baseline=True)
    assert outcome.notices == ()


# Requests ------------------------------------------------------------------------------------------------


def test_an_expired_request_is_told_with_its_doctor() -> None:
    previous = state((EntityKind.REQUEST, "req-1", Seen("NEW")))
    outcome = run(previous, Snapshot(requests=(request("EXPIRED", reason="auto_expired"),)))
    assert [(n.kind, n.payload["status"], n.dedupe_key) for n in outcome.notices] == [
        (EventKind.REQUEST_STATUS, "EXPIRED", "request:req-1:EXPIRED")
    ]
    assert outcome.notices[0].payload["doctor_name"] == DOCTOR
    # A finished request is not tracked any more, and nothing is pending.
    assert outcome.state == {}
    assert not outcome.pending


def test_a_request_signed_elsewhere_is_told_but_one_signed_on_our_page_is_not() -> None:
    previous = state((EntityKind.REQUEST, "req-1", Seen("NEW")))
    signed = Snapshot(requests=(request("SIGNED"),))
    assert [n.payload["status"] for n in run(previous, signed).notices] == ["SIGNED"]
    assert run(previous, signed, signed_by_us=frozenset({"req-1"})).notices == ()


def test_what_the_patient_did_themselves_is_not_told_back() -> None:
    previous = state(
        (EntityKind.REQUEST, "req-1", Seen("NEW")),
        (EntityKind.REQUEST, "req-2", Seen("NEW")),
        (EntityKind.REQUEST, "req-3", Seen("NEW")),
    )
    snapshot = Snapshot(
        requests=(
            request("REJECTED", id="req-1", reason="manual_person"),
            request("CANCELLED", id="req-2", reason="auto_new_request"),
            request("CANCELLED", id="req-3", reason="auto_employee_deactivate"),
        )
    )
    outcome = run(previous, snapshot)
    assert [(n.payload["request_id"], n.payload["status"]) for n in outcome.notices] == [("req-3", "CANCELLED")]


def test_a_new_request_is_recorded_silently_and_keeps_the_person_pending() -> None:
    outcome = run({}, Snapshot(requests=(request(),)))
    assert outcome.notices == ()
    assert outcome.state[(EntityKind.REQUEST, "req-1")] == Seen(
        "NEW", due_at=NOW + timedelta(hours=20), doctor_name=DOCTOR
    )
    assert outcome.pending


def test_an_unsigned_request_near_expiry_is_reminded_once() -> None:
    outcome = run(state((EntityKind.REQUEST, "req-1", Seen("NEW"))), Snapshot(requests=(request(expires_in_h=2.5),)))
    assert [(n.kind, n.payload["topic"], n.dedupe_key) for n in outcome.notices] == [
        (EventKind.REMINDER, ReminderTopic.REQUEST_EXPIRING, "reminder:request_expiring:req-1")
    ]
    assert outcome.notices[0].payload["expires_at"] == (NOW + timedelta(hours=2.5)).isoformat()
    again = run(outcome.state, Snapshot(requests=(request(expires_in_h=1),)))
    assert again.notices == ()
    assert again.state[(EntityKind.REQUEST, "req-1")].reminded


def test_the_expiry_looked_up_once_is_remembered_for_list_items_without_it() -> None:
    looked_up = run({}, Snapshot(requests=(request(expires_in_h=20),)))
    due_at = looked_up.state[(EntityKind.REQUEST, "req-1")].due_at
    assert due_at == NOW + timedelta(hours=20)
    listed = RequestView("req-1", "NEW", None, DOCTOR, None, expires_at=None)
    later = compare(
        looked_up.state, Snapshot(requests=(listed,)), baseline=False, now=NOW + timedelta(hours=18), today=TODAY
    )
    assert [n.payload["topic"] for n in later.notices] == ["request_expiring"]
    assert later.state[(EntityKind.REQUEST, "req-1")].due_at == due_at


@given(minutes=st.integers(min_value=-48 * 60, max_value=48 * 60))
def test_the_expiry_reminder_fires_exactly_inside_the_window(minutes: int) -> None:
    outcome = run({}, Snapshot(requests=(request(expires_in_h=minutes / 60),)))
    inside = 0 < minutes <= RULES.request_expiry_notice.total_seconds() / 60
    assert bool(outcome.notices) == inside


def test_an_expired_request_without_details_is_told_with_the_doctor_seen_before() -> None:
    previous = run({}, Snapshot(requests=(request(),))).state
    wiped = RequestView("req-1", "EXPIRED", "auto_expired", None, None, None)
    (notice,) = run(previous, Snapshot(requests=(wiped,))).notices
    assert notice.payload["doctor_name"] == DOCTOR


def test_a_tracked_request_missing_from_the_snapshot_is_forgotten() -> None:
    outcome = run(state((EntityKind.REQUEST, "req-1", Seen("NEW"))), Snapshot())
    assert outcome.notices == ()
    assert outcome.state == {}


# Declarations -------------------------------------------------------------------------------------------


def test_verification_done_is_told_once_per_status() -> None:
    previous = state((EntityKind.DECLARATION, "decl-1", Seen("pending_verification", "person_not_verified")))
    outcome = run(previous, Snapshot(declarations=(declaration("active"),)))
    (notice,) = outcome.notices
    assert notice.kind is EventKind.DECLARATION_STATUS
    assert notice.payload == {
        "declaration_id": "decl-1",
        "status": "active",
        "previous_status": "pending_verification",
        "reason": None,
        "doctor_name": "Іваненко Марія",
        "end_date": None,
    }
    assert notice.dedupe_key == "declaration:decl-1:active"
    assert not outcome.pending
    assert run(outcome.state, Snapshot(declarations=(declaration("active"),))).notices == ()


def test_a_clinic_ending_a_declaration_is_told_with_the_reason() -> None:
    previous = state((EntityKind.DECLARATION, "decl-1", Seen("active")))
    outcome = run(previous, Snapshot(declarations=(declaration("terminated", reason="auto_employee_deactivate"),)))
    assert [(n.payload["status"], n.payload["reason"]) for n in outcome.notices] == [
        ("terminated", "auto_employee_deactivate")
    ]


def test_a_declaration_replaced_or_ended_by_the_patient_is_silent_and_a_new_one_too() -> None:
    previous = state((EntityKind.DECLARATION, "decl-1", Seen("active")))
    snapshot = Snapshot(
        declarations=(
            declaration("terminated", reason="auto_new_declaration"),
            declaration("pending_verification", id="decl-2"),
        )
    )
    outcome = run(previous, snapshot)
    assert outcome.notices == ()
    assert outcome.state[(EntityKind.DECLARATION, "decl-2")] == Seen("pending_verification")
    assert outcome.pending


def test_a_pediatrician_declaration_ending_soon_is_reminded_once_even_on_the_baseline() -> None:
    ending = declaration(speciality="PEDIATRICIAN", end_date=TODAY + timedelta(days=20))
    outcome = run({}, Snapshot(declarations=(ending,)), baseline=True)
    (notice,) = outcome.notices
    assert notice.payload == {
        "topic": "pediatric_ending",
        "declaration_id": "decl-1",
        "doctor_name": "Іваненко Марія",
        "end_date": (TODAY + timedelta(days=20)).isoformat(),
    }
    assert run(outcome.state, Snapshot(declarations=(ending,))).notices == ()


@given(
    days=st.integers(min_value=-5, max_value=60), status=st.sampled_from(["active", "pending_verification", "closed"])
)
def test_the_pediatric_reminder_needs_a_held_declaration_inside_the_window(days: int, status: str) -> None:
    ending = declaration(status, speciality="PEDIATRICIAN", end_date=TODAY + timedelta(days=days))
    reminded = bool(run({}, Snapshot(declarations=(ending,))).notices)
    assert reminded == (status != "closed" and 0 <= days <= 30)


def test_other_specialities_get_no_reminder() -> None:
    ending = declaration(speciality="FAMILY_DOCTOR", end_date=TODAY + timedelta(days=3))
    assert run({}, Snapshot(declarations=(ending,))).notices == ()


# Accesses ------------------------------------------------------------------------------------------------


def test_a_new_access_is_a_security_alert_and_a_removed_one_is_forgotten() -> None:
    previous = state((EntityKind.ACCESS, "acc-1", Seen("granted")))
    outcome = run(previous, Snapshot(accesses=(AccessView("acc-2", "Helsi"),)))
    assert [(n.kind, n.payload, n.dedupe_key) for n in outcome.notices] == [
        (EventKind.SECURITY_ACCESS_GRANTED, {"access_id": "acc-2", "client_name": "Helsi"}, "access:acc-2:granted")
    ]
    assert set(outcome.state) == {(EntityKind.ACCESS, "acc-2")}


# Intervals -----------------------------------------------------------------------------------------------


def test_polls_are_fast_while_something_is_pending_and_slow_otherwise() -> None:
    assert next_poll_delay(pending=True, failures=0, rules=RULES) == RULES.fast_interval
    assert next_poll_delay(pending=False, failures=0, rules=RULES) == RULES.slow_interval


@given(failures=st.integers(min_value=1, max_value=10_000), pending=st.booleans())
def test_failures_back_off_doubling_and_capped(failures: int, pending: bool) -> None:
    delay = next_poll_delay(pending=pending, failures=failures, rules=RULES)
    assert RULES.fast_interval <= delay <= RULES.max_backoff
    assert next_poll_delay(pending=pending, failures=failures + 1, rules=RULES) >= delay
    if failures == 1:
        assert delay == RULES.fast_interval


# Prescriptions ---------------------------------------------------------------------------------------------

MEDICINE = "Метформін 500 мг таблетки"
SCANNED = (EntityKind.PRESCRIPTION_SCAN, PRESCRIPTION_SCAN_ID, Seen("done"))


def prescription(
    status: str = "ACTIVE", *, id: str = "rx-1", valid_days: int = 30, reject_reason_code: str | None = None
) -> PrescriptionView:
    return PrescriptionView(
        id=id,
        status=status,
        medication_name=MEDICINE,
        dispense_valid_to=TODAY + timedelta(days=valid_days),
        reject_reason_code=reject_reason_code,
    )


def dispense(id: str = "disp-1", *, of: str = "rx-1", status: str = "PROCESSED") -> DispenseView:
    return DispenseView(id, of, status)


def tracked(*items: tuple[EntityKind, str, Seen]) -> State:
    """A state after prescriptions were read once (their baseline is behind)."""
    return state(SCANNED, *items)


def kinds(outcome) -> list[tuple[EventKind, str]]:
    return [(n.kind, n.dedupe_key) for n in outcome.notices]


def test_the_first_prescriptions_scan_is_silent_but_remembers_it_happened() -> None:
    snapshot = Snapshot(prescriptions=(prescription(),), dispenses=(dispense(),))
    outcome = run({}, snapshot, baseline=True)
    assert outcome.notices == ()
    assert outcome.state == {
        # Its reminder's moment is kept: Kyiv midnight three days before its dispense period ends.
        (EntityKind.PRESCRIPTION, "rx-1"): Seen("ACTIVE", due_at=kyiv_midnight(TODAY + timedelta(days=27))),
        (EntityKind.DISPENSE, "disp-1"): Seen("PROCESSED"),
        (EntityKind.PRESCRIPTION_SCAN, PRESCRIPTION_SCAN_ID): Seen("done", due_at=NOW),  # when they were read
    }
    # Not a baseline of the link, but the first time prescriptions could be read (an older link, or a registry
    # that refused them so far): silent too.
    declared = state((EntityKind.DECLARATION, "decl-1", Seen("active")))
    later = run(declared, Snapshot(declarations=(declaration(),), prescriptions=(prescription(),)))
    assert later.notices == ()
    assert (EntityKind.PRESCRIPTION_SCAN, PRESCRIPTION_SCAN_ID) in later.state
    # No medicine name is kept in the state.
    assert all(MEDICINE not in repr(seen) for seen in outcome.state.values())


def test_a_new_prescription_is_told_once_with_its_medicine_and_date() -> None:
    outcome = run(tracked(), Snapshot(prescriptions=(prescription(),)))
    assert kinds(outcome) == [(EventKind.PRESCRIPTION_ISSUED, "prescription:rx-1:issued")]
    assert outcome.notices[0].payload == {
        "medication_request_id": "rx-1",
        "medication_name": MEDICINE,
        "status": "ACTIVE",
        "dispense_valid_to": (TODAY + timedelta(days=30)).isoformat(),
    }
    again = run(outcome.state, Snapshot(prescriptions=(prescription(),)))
    assert again.notices == ()


def test_a_fully_dispensed_prescription_is_told_once_and_no_longer_tracked() -> None:
    previous = tracked((EntityKind.PRESCRIPTION, "rx-1", Seen("ACTIVE")))
    outcome = run(previous, Snapshot(prescriptions=(prescription("COMPLETED"),), dispenses=(dispense(),)))
    assert kinds(outcome) == [(EventKind.PRESCRIPTION_DISPENSED, "prescription:rx-1:COMPLETED")]
    assert outcome.notices[0].payload["fully"] is True
    assert outcome.notices[0].payload["dispense_id"] == "disp-1"
    assert (EntityKind.PRESCRIPTION, "rx-1") not in outcome.state
    # The dispense is remembered while it is in the recent window: it is never told again as a partial one.
    assert run(outcome.state, Snapshot(prescriptions=(), dispenses=(dispense(),))).notices == ()


def test_a_partial_dispense_is_told_once_per_dispense() -> None:
    previous = tracked((EntityKind.PRESCRIPTION, "rx-1", Seen("ACTIVE")))
    first = run(previous, Snapshot(prescriptions=(prescription(),), dispenses=(dispense("d-1"),)))
    assert kinds(first) == [(EventKind.PRESCRIPTION_DISPENSED, "prescription:rx-1:dispense:d-1")]
    assert first.notices[0].payload["fully"] is False
    assert first.notices[0].payload["dispense_id"] == "d-1"
    second = run(first.state, Snapshot(prescriptions=(prescription(),), dispenses=(dispense("d-1"), dispense("d-2"))))
    assert kinds(second) == [(EventKind.PRESCRIPTION_DISPENSED, "prescription:rx-1:dispense:d-2")]
    assert run(second.state, Snapshot(prescriptions=(prescription(),), dispenses=(dispense("d-2"),))).notices == ()


def test_a_dispense_not_yet_handed_over_is_told_when_it_is() -> None:
    previous = tracked((EntityKind.PRESCRIPTION, "rx-1", Seen("ACTIVE")))
    started = run(previous, Snapshot(prescriptions=(prescription(),), dispenses=(dispense(status="NEW"),)))
    assert started.notices == ()
    done = run(started.state, Snapshot(prescriptions=(prescription(),), dispenses=(dispense(),)))
    assert kinds(done) == [(EventKind.PRESCRIPTION_DISPENSED, "prescription:rx-1:dispense:disp-1")]


def test_a_rejected_prescription_is_told_with_its_reason_code() -> None:
    previous = tracked((EntityKind.PRESCRIPTION, "rx-1", Seen("ACTIVE")))
    outcome = run(previous, Snapshot(prescriptions=(prescription("REJECTED", reject_reason_code="PATIENT_REJECT"),)))
    assert kinds(outcome) == [(EventKind.PRESCRIPTION_REJECTED, "prescription:rx-1:REJECTED")]
    assert outcome.notices[0].payload["reject_reason_code"] == "PATIENT_REJECT"
    assert (EntityKind.PRESCRIPTION, "rx-1") not in outcome.state


def test_an_expired_prescription_is_forgotten_silently() -> None:
    previous = tracked((EntityKind.PRESCRIPTION, "rx-1", Seen("ACTIVE", reminded=True)))
    outcome = run(previous, Snapshot(prescriptions=(prescription("EXPIRED", valid_days=-1),)))
    assert outcome.notices == ()
    assert (EntityKind.PRESCRIPTION, "rx-1") not in outcome.state


def test_the_expiry_reminder_comes_once_even_with_the_baseline() -> None:
    outcome = run({}, Snapshot(prescriptions=(prescription(valid_days=2),)), baseline=True)
    assert kinds(outcome) == [(EventKind.PRESCRIPTION_EXPIRING, "prescription:rx-1:expiring")]
    assert outcome.notices[0].payload["dispense_valid_to"] == (TODAY + timedelta(days=2)).isoformat()
    assert outcome.state[(EntityKind.PRESCRIPTION, "rx-1")] == Seen(
        "ACTIVE", reminded=True, due_at=kyiv_midnight(TODAY - timedelta(days=1))
    )
    later = compare(
        outcome.state,
        Snapshot(prescriptions=(prescription(valid_days=2),)),
        baseline=False,
        now=NOW + timedelta(days=1),
        today=TODAY + timedelta(days=1),
    )
    assert later.notices == ()


def test_a_partly_dispensed_prescription_is_still_reminded() -> None:
    previous = tracked(
        (EntityKind.PRESCRIPTION, "rx-1", Seen("ACTIVE")), (EntityKind.DISPENSE, "d-1", Seen("PROCESSED"))
    )
    outcome = run(previous, Snapshot(prescriptions=(prescription(valid_days=3),), dispenses=(dispense("d-1"),)))
    assert kinds(outcome) == [(EventKind.PRESCRIPTION_EXPIRING, "prescription:rx-1:expiring")]


def test_a_new_prescription_already_near_its_end_gets_one_message_not_two() -> None:
    outcome = run(tracked(), Snapshot(prescriptions=(prescription(valid_days=1),)))
    assert kinds(outcome) == [(EventKind.PRESCRIPTION_ISSUED, "prescription:rx-1:issued")]
    assert outcome.state[(EntityKind.PRESCRIPTION, "rx-1")].reminded
    assert run(outcome.state, Snapshot(prescriptions=(prescription(valid_days=1),))).notices == ()


@given(days_left=st.integers(min_value=-10, max_value=40), notice_days=st.integers(min_value=1, max_value=30))
def test_the_expiry_reminder_window_is_the_last_notice_days_of_the_period(days_left: int, notice_days: int) -> None:
    rules = WatchRules(prescription_expiry_notice_days=notice_days)
    previous = tracked((EntityKind.PRESCRIPTION, "rx-1", Seen("ACTIVE")))
    outcome = compare(
        previous,
        Snapshot(prescriptions=(prescription(valid_days=days_left),)),
        baseline=False,
        now=NOW,
        today=TODAY,
        rules=rules,
    )
    reminded = [n for n in outcome.notices if n.kind is EventKind.PRESCRIPTION_EXPIRING]
    assert len(reminded) == (1 if 0 <= days_left <= notice_days else 0)
    assert outcome.state[(EntityKind.PRESCRIPTION, "rx-1")].reminded == (0 <= days_left <= notice_days)


def test_the_default_reminder_comes_three_days_ahead() -> None:
    previous = tracked((EntityKind.PRESCRIPTION, "rx-1", Seen("ACTIVE")))
    assert run(previous, Snapshot(prescriptions=(prescription(valid_days=4),))).notices == ()
    assert kinds(run(previous, Snapshot(prescriptions=(prescription(valid_days=3),)))) == [
        (EventKind.PRESCRIPTION_EXPIRING, "prescription:rx-1:expiring")
    ]


def test_prescriptions_not_readable_keep_what_was_known_and_decide_nothing() -> None:
    previous = tracked(
        (EntityKind.PRESCRIPTION, "rx-1", Seen("ACTIVE", reminded=True)),
        (EntityKind.DISPENSE, "d-1", Seen("PROCESSED")),
    )
    outcome = run(previous, Snapshot(prescriptions=None, dispenses=()))
    assert outcome.notices == ()
    assert outcome.state == dict(previous)
    # Readable again: nothing is announced as new.
    back = run(outcome.state, Snapshot(prescriptions=(prescription(valid_days=2),), dispenses=(dispense("d-1"),)))
    assert back.notices == ()


@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["ACTIVE", "ACTIVE", "COMPLETED", "REJECTED", "EXPIRED"]),
            st.integers(min_value=-2, max_value=10),
            st.lists(st.sampled_from(["d-1", "d-2", "d-3"]), max_size=3, unique=True),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_every_prescription_notice_is_decided_at_most_once(steps: list[tuple[str, int, list[str]]]) -> None:
    """Whatever the registry shows poll after poll, no dedupe key is produced twice. (The recent dispenses are a
    window that only moves forward: a dispense that left it never comes back.)"""
    current: State = tracked()
    seen_keys: list[str] = []
    finished = False
    listed: set[str] = set()
    gone: set[str] = set()
    for status, days_left, dispense_ids in steps:
        if finished:
            status = "COMPLETED"  # a finished prescription never comes back to ACTIVE
        now_listed = {d for d in dispense_ids if d not in gone}
        gone |= listed - now_listed
        listed = now_listed
        snapshot = Snapshot(
            prescriptions=(prescription(status, valid_days=days_left),),
            dispenses=tuple(dispense(d) for d in sorted(now_listed)),
        )
        outcome = run(current, snapshot)
        seen_keys.extend(n.dedupe_key for n in outcome.notices)
        current = outcome.state
        finished = finished or status != "ACTIVE"
    assert len(seen_keys) == len(set(seen_keys))


def test_prescriptions_are_read_at_the_slow_interval_even_for_a_person_polled_fast() -> None:
    assert prescriptions_due({}, now=NOW, rules=RULES)  # never read
    read = run({}, Snapshot(prescriptions=()), baseline=True).state
    assert not prescriptions_due(read, now=NOW + RULES.fast_interval, rules=RULES)
    assert not prescriptions_due(read, now=NOW + timedelta(minutes=29), rules=RULES)
    # A person on the slow interval is due again after exactly one: they read prescriptions every poll.
    assert prescriptions_due(read, now=NOW + RULES.slow_interval, rules=RULES)
    # Not read this time: the time of the last read is kept, so the next poll past it reads them.
    skipped = compare(read, Snapshot(), baseline=False, now=NOW + timedelta(minutes=10), today=TODAY)
    assert prescriptions_due(skipped.state, now=NOW + RULES.slow_interval, rules=RULES)


# When a reminder falls due (the timed lane) ---------------------------------------------------------------


def test_the_next_reminder_time_is_the_earliest_unreminded_moment_still_ahead() -> None:
    pediatric_at = kyiv_midnight(TODAY + timedelta(days=2))
    expiry_at = kyiv_midnight(TODAY + timedelta(days=1))
    request_expires = NOW + timedelta(hours=10)
    known = state(
        (EntityKind.REQUEST, "req-1", Seen("NEW", due_at=request_expires)),  # its reminder: 3 hours before
        (EntityKind.DECLARATION, "decl-1", Seen("active", due_at=pediatric_at)),
        (EntityKind.PRESCRIPTION, "rx-1", Seen("ACTIVE", due_at=expiry_at)),
        (EntityKind.PRESCRIPTION, "rx-2", Seen("ACTIVE", reminded=True, due_at=NOW + timedelta(hours=1))),  # told
        (EntityKind.PRESCRIPTION, "rx-3", Seen("ACTIVE", due_at=NOW - timedelta(hours=1))),  # past: not ahead
        (EntityKind.PRESCRIPTION_SCAN, PRESCRIPTION_SCAN_ID, Seen("done", due_at=NOW + timedelta(minutes=1))),
    )
    assert next_reminder_at(known, now=NOW, rules=RULES) == request_expires - RULES.request_expiry_notice
    without_request = {key: seen for key, seen in known.items() if key[0] is not EntityKind.REQUEST}
    assert next_reminder_at(without_request, now=NOW, rules=RULES) == expiry_at
    assert next_reminder_at({}, now=NOW, rules=RULES) is None


def test_a_light_poll_keeps_the_reminder_moments_a_full_poll_saw_coming() -> None:
    """A person polled light (an open request keeps them urgent) or without prescriptions (not due) must still be
    polled when a pediatric or prescription-expiry reminder falls due: the moment comes from the state, not from
    what this poll read (it did, and the bench's timed reminders were lost while the person was urgent)."""
    ends = TODAY + timedelta(days=31)  # the reminder: 30 days before, at Kyiv midnight tomorrow
    full = run(
        {},
        Snapshot(
            declarations=(declaration(speciality="PEDIATRICIAN", end_date=ends),),
            prescriptions=(prescription(valid_days=4),),  # its reminder: 3 days before, at Kyiv midnight tomorrow
        ),
        baseline=True,
    )
    assert full.notices == ()
    tomorrow = kyiv_midnight(TODAY + timedelta(days=1))
    assert full.remind_at == tomorrow
    light = run(full.state, Snapshot(requests=(request(),), declarations=None, accesses=None, prescriptions=None))
    assert light.remind_at == tomorrow
    at_midnight = compare(
        light.state,
        Snapshot(
            declarations=(declaration(speciality="PEDIATRICIAN", end_date=ends),),
            prescriptions=(prescription(valid_days=4),),
        ),
        baseline=False,
        now=tomorrow,
        today=TODAY + timedelta(days=1),
        rules=RULES,
    )
    assert sorted(notice.dedupe_key for notice in at_midnight.notices) == [
        "prescription:rx-1:expiring",
        "reminder:pediatric_ending:decl-1",
    ]
    assert at_midnight.remind_at is None  # both told: nothing more to wait for


# The urgent lane's cadence -------------------------------------------------------------------------------------


def test_the_youngest_open_request_sets_the_urgent_cadence() -> None:
    """The person is polled as often as their youngest open request deserves; a decided one does not count, and
    one the registry gives no moment for counts as made now."""
    old = RequestView(
        "req-old", "NEW", None, DOCTOR, None, NOW + timedelta(hours=2), created_at=NOW - timedelta(hours=22)
    )
    young = RequestView(
        "req-new", "NEW", None, DOCTOR, None, NOW + timedelta(hours=23), created_at=NOW - timedelta(hours=1)
    )
    signed = RequestView("req-s", "SIGNED", None, DOCTOR, "decl-9", None, created_at=NOW - timedelta(minutes=5))
    assert run({}, Snapshot(requests=(old, young, signed))).youngest_request_at == NOW - timedelta(hours=1)
    assert run({}, Snapshot(requests=(old,))).youngest_request_at == NOW - timedelta(hours=22)
    unknown = RequestView("req-u", "NEW", None, DOCTOR, None, NOW + timedelta(hours=20))
    assert run({}, Snapshot(requests=(old, unknown))).youngest_request_at == NOW
    assert run({}, Snapshot(requests=(signed,))).youngest_request_at is None


def test_a_request_is_polled_fast_while_fresh_then_at_the_aged_interval() -> None:
    rules = WatchRules(
        fast_interval=timedelta(seconds=60),
        fresh_request=timedelta(hours=6),
        aged_request_interval=timedelta(minutes=10),
    )
    assert urgent_delay(None, now=NOW, rules=rules) == timedelta(seconds=60)
    assert urgent_delay(NOW - timedelta(hours=5, minutes=59), now=NOW, rules=rules) == timedelta(seconds=60)
    assert urgent_delay(NOW - timedelta(hours=6), now=NOW, rules=rules) == timedelta(minutes=10)
    assert urgent_delay(NOW - timedelta(hours=30), now=NOW, rules=rules) == timedelta(minutes=10)
    # An aged interval set below the fast one never polls old requests more often than fresh ones.
    odd = WatchRules(fast_interval=timedelta(seconds=60), aged_request_interval=timedelta(seconds=10))
    assert urgent_delay(NOW - timedelta(days=1), now=NOW, rules=odd) == timedelta(seconds=60)
