"""What the status watcher decides, as pure functions: last seen state + the registry's view now → notices,
the new state, and when to look again. No I/O here; `backend.events.watcher` does the calls and the writes.

Policy (ours):
- The first scan of a link records a baseline silently: nothing "changed" for a patient who just signed in.
- A new request or a new declaration is recorded silently: only the patient can create them (with their
  e-signature), so they already know. What happens to them afterwards is what we tell.
- A change the registry attributes to the patient themselves (`manual_person`, or the automatic effects of their
  own new request or declaration) is recorded silently, and so is a request signed through our signing page
  (the signing page already queued `request.signed`).
- Reminders depend on the state, not on a change: they may come with the baseline, once each.

Prescriptions (only the doctor creates them, so a new one IS news):
- Their own baseline: the first scan that could read prescriptions records them silently (a `PRESCRIPTION_SCAN`
  mark says it happened), so a link made before the watcher knew prescriptions, or one whose registry refused
  the prescriptions scope until now, is not flooded with "new prescription" notices.
- A new ACTIVE prescription → `prescription.issued`. A tracked ACTIVE one that became COMPLETED →
  `prescription.dispensed` fully; a new PROCESSED dispense of one still ACTIVE → `prescription.dispensed` partly
  (once per dispense id); REJECTED → `prescription.rejected`. EXPIRED is recorded silently: the patient had the
  reminder days before, and "it expired" is nothing they can act on.
- The expiry reminder: once, when an ACTIVE prescription's dispense period ends within
  `prescription_expiry_notice_days` (it may come with the baseline). A prescription announced as new inside that
  window gets no separate reminder: the "new prescription" text already says until when it can be collected.
- Prescription state holds ids, statuses and the reminded flag only, never the medicine's name.
- Prescriptions are read at the slow interval even while something else keeps the person on the fast one
  (`prescriptions_due`): nothing about a prescription needs an answer within seconds, and a declaration under
  verification may keep a person on the fast interval for weeks.

The medical record: a new lab result and a new referral (only a doctor or a lab creates them, so they are news),
the same way as prescriptions:
- Each has its own silent baseline (a `LAB_RESULTS_SCAN` / `REFERRALS_SCAN` mark): what the first read that
  worked finds is recorded, never announced — for a link made before the watcher read the record, or one whose
  registry refused the record's scopes until now.
- A lab result is an observation of the `laboratory` category among the recent ones the watcher reads (vital
  signs measured at a visit are not "a new result"), not entered in error, whose id was not seen before →
  `record.lab_result_added`, once. A referral is an active, unexpired one whose id was not seen before →
  `record.referral_issued`, once. Each is tracked while it stays in what the watcher reads (the recent results,
  the active referrals) and forgotten after.
- Their state holds ids and the registry's status words only; the measure, the value, its mark and what a
  referral is for go into the notice's payload (the protected push), never into the state. A referral's number
  goes nowhere.
- Read at the slow interval, like prescriptions; not readable (None in the snapshot) keeps what was known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from backend.clock import KYIV
from backend.domain.declarations import DeclarationStatus, RequestStatus, Speciality
from backend.domain.events import EventKind, ReminderTopic
from backend.domain.medical_record import is_open_referral, is_recorded
from backend.domain.prescriptions import PrescriptionStatus, is_handed_over, needs_expiry_reminder

# Reasons under which the registry records the patient's own doing (eHealth's `manual_person`; the sandbox's
# names for the effects of a newer request or declaration of the same person).
OWN_ACTION_REASONS = frozenset({"manual_person", "auto_new_request", "auto_new_declaration"})
OPEN_REQUEST_STATUSES = frozenset({RequestStatus.NEW.value, RequestStatus.APPROVED.value})
HOLDING_DECLARATION_STATUSES = frozenset({DeclarationStatus.ACTIVE.value, DeclarationStatus.PENDING_VERIFICATION.value})


class EntityKind(StrEnum):
    REQUEST = "request"
    DECLARATION = "declaration"
    ACCESS = "access"
    PRESCRIPTION = "prescription"  # an ACTIVE prescription (finished ones are not tracked)
    DISPENSE = "dispense"  # a dispense seen in the recent dispenses (forgotten once it leaves that window)
    PRESCRIPTION_SCAN = "rx_scan"  # one row, id PRESCRIPTION_SCAN_ID: prescriptions were read once (their baseline)
    LAB_RESULT = "lab_result"  # an observation among the recent ones (forgotten once it leaves them)
    LAB_RESULTS_SCAN = "lab_scan"  # one row, id SCAN_ID: lab results were read once (their baseline)
    REFERRAL = "referral"  # an active referral (forgotten once it is no longer active)
    REFERRALS_SCAN = "referral_scan"  # one row, id SCAN_ID: referrals were read once (their baseline)


SCAN_ID = "done"
PRESCRIPTION_SCAN_ID = SCAN_ID
PRESCRIPTION_KINDS = frozenset({EntityKind.PRESCRIPTION, EntityKind.DISPENSE, EntityKind.PRESCRIPTION_SCAN})
LAB_RESULT_KINDS = frozenset({EntityKind.LAB_RESULT, EntityKind.LAB_RESULTS_SCAN})
REFERRAL_KINDS = frozenset({EntityKind.REFERRAL, EntityKind.REFERRALS_SCAN})
# The marks of what is read at the slow interval only (each the last time it was read, in `due_at`).
SLOW_SCANS = frozenset({EntityKind.PRESCRIPTION_SCAN, EntityKind.LAB_RESULTS_SCAN, EntityKind.REFERRALS_SCAN})
LABORATORY = "laboratory"  # eHealth/observation_categories: a lab result


@dataclass(frozen=True, slots=True)
class Seen:
    """The last seen status of one registry object."""

    status: str
    reason: str | None = None
    reminded: bool = False
    # An open request's expiry; a declaration's or prescription's reminder moment; a scan mark's last read.
    due_at: datetime | None = None
    doctor_name: str | None = None  # an open request's doctor (an expired request loses its details)


StateKey = tuple[EntityKind, str]
State = Mapping[StateKey, Seen]


@dataclass(frozen=True, slots=True)
class RequestView:
    id: str
    status: str
    reason: str | None
    doctor_name: str | None
    declaration_id: str | None
    expires_at: datetime | None
    created_at: datetime | None = None  # when the patient made it, if the registry says


@dataclass(frozen=True, slots=True)
class DeclarationView:
    id: str
    status: str
    reason: str | None
    doctor_name: str
    speciality: str | None
    end_date: date | None


@dataclass(frozen=True, slots=True)
class AccessView:
    id: str
    client_name: str


@dataclass(frozen=True, slots=True)
class PrescriptionView:
    id: str
    status: str
    medication_name: str  # for the message only (the outbox payload); never kept in the state
    dispense_valid_to: date | None
    reject_reason_code: str | None = None


@dataclass(frozen=True, slots=True)
class DispenseView:
    id: str
    medication_request_id: str
    status: str


@dataclass(frozen=True, slots=True)
class LabResultView:
    """An observation as the watcher needs it. Everything after `laboratory` is for the message only (the
    outbox payload, sent protected); none of it is kept in the state."""

    id: str
    status: str  # the registry's: valid, entered_in_error, …
    laboratory: bool  # of the `laboratory` category (not a vital sign measured at a visit)
    measure: str | None = None  # the measure's name as the registry words it
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None  # <, >, … in front of the number
    value_text: str | None = None  # a value given in words (a string or a coded value's text)
    mark: str | None = None  # RangeMark against the normal range, when there is one


@dataclass(frozen=True, slots=True)
class ReferralView:
    """A referral as the watcher needs it; `service` is for the message only. No number: it goes nowhere."""

    id: str
    status: str
    service: str | None  # what the referral is for, as the registry words it
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The registry's view of a person now. `requests` holds the open ones plus every request the last state
    tracked as open and that could be looked up (a tracked request missing here is forgotten silently).

    `prescriptions` likewise: the ACTIVE ones plus each tracked one that left that list and could be looked up;
    None when the registry would not let us read prescriptions this time (the last seen state is kept as it is).
    `dispenses`: the recent ones (since about the last poll), of any prescription.
    `lab_results`: the recent observations (the first page, newest first); `referrals`: the active referrals (the
    first page); each None when not read this time (not due, or the registry would not show them).
    """

    requests: tuple[RequestView, ...] = ()
    declarations: tuple[DeclarationView, ...] | None = ()  # None: not read (a light poll): keep what we knew
    accesses: tuple[AccessView, ...] | None = ()  # None: not read (a light poll): keep what we knew
    prescriptions: tuple[PrescriptionView, ...] | None = None
    dispenses: tuple[DispenseView, ...] = ()
    lab_results: tuple[LabResultView, ...] | None = None
    referrals: tuple[ReferralView, ...] | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    kind: EventKind
    payload: dict[str, Any]
    dedupe_key: str


@dataclass(frozen=True, slots=True)
class Outcome:
    notices: tuple[Notice, ...]
    state: dict[StateKey, Seen]
    pending: bool  # something waits for the registry: poll often
    open_request: bool = False  # an unsigned request waits for the doctor: the urgent lane
    remind_at: datetime | None = None  # the next moment a reminder of what was read falls due (poll then)
    # When the youngest open request was made (one the registry gives no moment for counts as made now).
    youngest_request_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class WatchRules:
    request_expiry_notice: timedelta = timedelta(hours=3)
    pediatric_notice: timedelta = timedelta(days=30)
    fast_interval: timedelta = timedelta(seconds=30)
    slow_interval: timedelta = timedelta(minutes=30)
    fresh_request: timedelta = timedelta(hours=6)
    aged_request_interval: timedelta = timedelta(minutes=10)
    max_backoff: timedelta = timedelta(hours=1)
    prescription_expiry_notice_days: int = 3


@dataclass(slots=True)
class _Decision:
    notices: list[Notice] = field(default_factory=list)
    state: dict[StateKey, Seen] = field(default_factory=dict)


def is_own_action(reason: str | None) -> bool:
    return reason in OWN_ACTION_REASONS


def compare(
    previous: State,
    snapshot: Snapshot,
    *,
    baseline: bool,
    now: datetime,
    today: date,
    signed_by_us: frozenset[str] = frozenset(),
    rules: WatchRules = WatchRules(),
) -> Outcome:
    """Notices for what changed since `previous`, and the state to remember.

    `baseline`: the first scan of this link (`previous` is ignored). `signed_by_us`: request ids signed through
    our signing page (their signing already told the patient).
    """
    decision = _Decision()
    previous = {} if baseline else previous  # nothing "changed" on the first scan: every object is new
    _requests(decision, previous, snapshot.requests, now=now, signed_by_us=signed_by_us, rules=rules)
    _declarations(decision, previous, snapshot.declarations, today=today, rules=rules)
    _accesses(decision, previous, snapshot.accesses, baseline=baseline)
    _prescriptions(decision, previous, snapshot, now=now, today=today, rules=rules)
    _lab_results(decision, previous, snapshot.lab_results, now=now)
    _referrals(decision, previous, snapshot.referrals, now=now)
    open_request = any(
        key[0] is EntityKind.REQUEST and seen.status in OPEN_REQUEST_STATUSES for key, seen in decision.state.items()
    )
    pending = open_request or any(
        key[0] is EntityKind.DECLARATION and seen.status == DeclarationStatus.PENDING_VERIFICATION
        for key, seen in decision.state.items()
    )
    remind_at = next_reminder_at(decision.state, now=now, rules=rules)
    youngest = max(
        (request.created_at or now for request in snapshot.requests if request.status in OPEN_REQUEST_STATUSES),
        default=None,
    )
    return Outcome(tuple(decision.notices), decision.state, pending, open_request, remind_at, youngest)


def next_reminder_at(state: State, *, now: datetime, rules: WatchRules = WatchRules()) -> datetime | None:
    """The earliest moment after `now` at which a reminder not yet given falls due: an open request's expiry
    notice (its expiry is in `due_at`), a pediatrician's declaration ending at 18 and a prescription's end of
    dispensing (the moment itself is in `due_at`: a reminder of a day falls due at the patient's midnight, Kyiv).
    The watcher polls the person exactly then instead of waiting for their turn.

    From the state alone, not from what this poll read: a light poll (the open requests only) or one that did not
    read prescriptions must not forget a reminder seen coming by an earlier poll."""
    moments: list[datetime] = []
    for (kind, _), seen in state.items():
        if seen.reminded or seen.due_at is None:
            continue
        if kind is EntityKind.REQUEST:
            moments.append(seen.due_at - rules.request_expiry_notice)
        elif kind in (EntityKind.DECLARATION, EntityKind.PRESCRIPTION):
            moments.append(seen.due_at)
    future = [moment for moment in moments if moment > now]
    return min(future) if future else None


def _pediatric_reminder_at(declaration: DeclarationView, rules: WatchRules) -> datetime | None:
    """When a pediatrician's held declaration's reminder falls due: Kyiv midnight of the first day of the window."""
    if (
        declaration.end_date is None
        or declaration.speciality != Speciality.PEDIATRICIAN
        or declaration.status not in HOLDING_DECLARATION_STATUSES
    ):
        return None
    return _kyiv_midnight(declaration.end_date - rules.pediatric_notice)


def _expiry_reminder_at(prescription: PrescriptionView, rules: WatchRules) -> datetime | None:
    """When a prescription's expiry reminder falls due: Kyiv midnight, `prescription_expiry_notice_days` before
    its dispense period ends."""
    if prescription.dispense_valid_to is None:
        return None
    return _kyiv_midnight(prescription.dispense_valid_to - timedelta(days=rules.prescription_expiry_notice_days))


def _kyiv_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=KYIV)


def _requests(
    decision: _Decision,
    previous: State,
    requests: Iterable[RequestView],
    *,
    now: datetime,
    signed_by_us: frozenset[str],
    rules: WatchRules,
) -> None:
    for request in requests:
        before = previous.get((EntityKind.REQUEST, request.id))
        doctor_name = request.doctor_name or (before.doctor_name if before is not None else None)
        if before is not None and before.status != request.status and _tell_request_change(request, signed_by_us):
            decision.notices.append(
                Notice(
                    EventKind.REQUEST_STATUS,
                    {
                        "request_id": request.id,
                        "status": request.status,
                        "reason": request.reason,
                        "doctor_name": doctor_name,
                        "declaration_id": request.declaration_id,
                    },
                    dedupe_key=f"request:{request.id}:{request.status}",
                )
            )
        if request.status not in OPEN_REQUEST_STATUSES:
            continue  # a finished request never changes again: stop tracking it
        reminded = before.reminded if before is not None else False
        expires_at = request.expires_at or (before.due_at if before is not None else None)
        if not reminded and _expires_soon(expires_at, now, rules):
            decision.notices.append(
                Notice(
                    EventKind.REMINDER,
                    {
                        "topic": ReminderTopic.REQUEST_EXPIRING.value,
                        "request_id": request.id,
                        "doctor_name": doctor_name,
                        "expires_at": expires_at.isoformat() if expires_at else None,
                    },
                    dedupe_key=f"reminder:{ReminderTopic.REQUEST_EXPIRING.value}:{request.id}",
                )
            )
            reminded = True
        decision.state[(EntityKind.REQUEST, request.id)] = Seen(
            request.status, request.reason, reminded, expires_at, doctor_name
        )


def _tell_request_change(request: RequestView, signed_by_us: frozenset[str]) -> bool:
    if request.status == RequestStatus.SIGNED:
        return request.id not in signed_by_us
    return not is_own_action(request.reason)


def _expires_soon(expires_at: datetime | None, now: datetime, rules: WatchRules) -> bool:
    if expires_at is None:
        return False
    return now < expires_at <= now + rules.request_expiry_notice


def _declarations(
    decision: _Decision,
    previous: State,
    declarations: Iterable[DeclarationView] | None,
    *,
    today: date,
    rules: WatchRules,
) -> None:
    if declarations is None:  # not read this time (a light poll): keep what we knew, decide nothing
        decision.state.update({key: seen for key, seen in previous.items() if key[0] is EntityKind.DECLARATION})
        return
    for declaration in declarations:
        before = previous.get((EntityKind.DECLARATION, declaration.id))
        if before is not None and before.status != declaration.status and not is_own_action(declaration.reason):
            decision.notices.append(
                Notice(
                    EventKind.DECLARATION_STATUS,
                    {
                        "declaration_id": declaration.id,
                        "status": declaration.status,
                        "previous_status": before.status,
                        "reason": declaration.reason,
                        "doctor_name": declaration.doctor_name,
                        "end_date": declaration.end_date.isoformat() if declaration.end_date else None,
                    },
                    dedupe_key=f"declaration:{declaration.id}:{declaration.status}",
                )
            )
        reminded = before.reminded if before is not None else False
        if not reminded and _pediatric_ending(declaration, today, rules):
            decision.notices.append(
                Notice(
                    EventKind.REMINDER,
                    {
                        "topic": ReminderTopic.PEDIATRIC_ENDING.value,
                        "declaration_id": declaration.id,
                        "doctor_name": declaration.doctor_name,
                        "end_date": declaration.end_date.isoformat() if declaration.end_date else None,
                    },
                    dedupe_key=f"reminder:{ReminderTopic.PEDIATRIC_ENDING.value}:{declaration.id}",
                )
            )
            reminded = True
        # The reminder's moment is kept (`due_at`) so a poll that does not read declarations still knows it.
        decision.state[(EntityKind.DECLARATION, declaration.id)] = Seen(
            declaration.status, declaration.reason, reminded, due_at=_pediatric_reminder_at(declaration, rules)
        )


def _pediatric_ending(declaration: DeclarationView, today: date, rules: WatchRules) -> bool:
    """A pediatrician's declaration still held, ending (the day before the 18th birthday) within the window."""
    if declaration.speciality != Speciality.PEDIATRICIAN or declaration.end_date is None:
        return False
    if declaration.status not in HOLDING_DECLARATION_STATUSES:
        return False
    return today <= declaration.end_date <= today + rules.pediatric_notice


def _accesses(decision: _Decision, previous: State, accesses: Iterable[AccessView] | None, *, baseline: bool) -> None:
    if accesses is None:  # not read this time (a light poll): keep what we knew, decide nothing
        decision.state.update({key: seen for key, seen in previous.items() if key[0] is EntityKind.ACCESS})
        return
    for access in accesses:
        known = (EntityKind.ACCESS, access.id) in previous
        if not known and not baseline:
            decision.notices.append(
                Notice(
                    EventKind.SECURITY_ACCESS_GRANTED,
                    {"access_id": access.id, "client_name": access.client_name},
                    dedupe_key=f"access:{access.id}:granted",
                )
            )
        decision.state[(EntityKind.ACCESS, access.id)] = Seen("granted")


def scan_due(previous: State, scan: EntityKind, *, now: datetime, rules: WatchRules = WatchRules()) -> bool:
    """Whether this poll should read what `scan` marks (one of `SLOW_SCANS`): never read yet, or last read about
    a slow interval ago (less one fast interval, so that a person polled at the slow interval reads it every
    time)."""
    mark = previous.get((scan, SCAN_ID))
    if mark is None or mark.due_at is None:
        return True
    return now >= mark.due_at + rules.slow_interval - rules.fast_interval


def prescriptions_due(previous: State, *, now: datetime, rules: WatchRules = WatchRules()) -> bool:
    """Whether this poll should read prescriptions (`scan_due` of their mark)."""
    return scan_due(previous, EntityKind.PRESCRIPTION_SCAN, now=now, rules=rules)


def _prescriptions(
    decision: _Decision, previous: State, snapshot: Snapshot, *, now: datetime, today: date, rules: WatchRules
) -> None:
    if snapshot.prescriptions is None:  # not readable this time: keep what we knew, decide nothing
        decision.state.update({key: seen for key, seen in previous.items() if key[0] in PRESCRIPTION_KINDS})
        return
    scan_key = (EntityKind.PRESCRIPTION_SCAN, PRESCRIPTION_SCAN_ID)
    first_scan = scan_key not in previous
    handed_over: dict[str, list[DispenseView]] = {}
    for dispense in snapshot.dispenses:
        before = previous.get((EntityKind.DISPENSE, dispense.id))
        if not first_scan and is_handed_over(dispense.status) and not (before and is_handed_over(before.status)):
            handed_over.setdefault(dispense.medication_request_id, []).append(dispense)
        decision.state[(EntityKind.DISPENSE, dispense.id)] = Seen(dispense.status)
    for prescription in snapshot.prescriptions:
        before = previous.get((EntityKind.PRESCRIPTION, prescription.id))
        new_dispenses = handed_over.get(prescription.id, [])
        _prescription(decision, prescription, before, new_dispenses, first_scan=first_scan, today=today, rules=rules)
    decision.state[scan_key] = Seen("done", due_at=now)  # when prescriptions were last read


def _prescription(
    decision: _Decision,
    prescription: PrescriptionView,
    before: Seen | None,
    new_dispenses: list[DispenseView],
    *,
    first_scan: bool,
    today: date,
    rules: WatchRules,
) -> None:
    active = prescription.status == PrescriptionStatus.ACTIVE
    key = f"prescription:{prescription.id}"
    reminded = before.reminded if before is not None else False
    if before is None:
        if not active:
            return  # never tracked and already over: nothing we could have told
        if not first_scan:
            decision.notices.append(_prescription_notice(EventKind.PRESCRIPTION_ISSUED, prescription, f"{key}:issued"))
            # The text of a new prescription says until when it can be collected: no separate reminder.
            reminded = needs_expiry_reminder(
                prescription.status, prescription.dispense_valid_to, today, rules.prescription_expiry_notice_days
            )
    elif before.status != prescription.status:
        if prescription.status == PrescriptionStatus.COMPLETED:
            decision.notices.append(
                _prescription_notice(
                    EventKind.PRESCRIPTION_DISPENSED,
                    prescription,
                    f"{key}:{prescription.status}",
                    dispense_id=new_dispenses[-1].id if new_dispenses else None,
                    fully=True,
                )
            )
        elif prescription.status == PrescriptionStatus.REJECTED:
            decision.notices.append(
                _prescription_notice(
                    EventKind.PRESCRIPTION_REJECTED,
                    prescription,
                    f"{key}:{prescription.status}",
                    reject_reason_code=prescription.reject_reason_code,
                )
            )
        # EXPIRED (or anything else): recorded silently, the reminder came before.
    if not active:
        return  # finished: a prescription never becomes ACTIVE again, stop tracking it
    for dispense in new_dispenses:
        decision.notices.append(
            _prescription_notice(
                EventKind.PRESCRIPTION_DISPENSED,
                prescription,
                f"{key}:dispense:{dispense.id}",
                dispense_id=dispense.id,
                fully=False,
            )
        )
    if not reminded and needs_expiry_reminder(
        prescription.status, prescription.dispense_valid_to, today, rules.prescription_expiry_notice_days
    ):
        decision.notices.append(_prescription_notice(EventKind.PRESCRIPTION_EXPIRING, prescription, f"{key}:expiring"))
        reminded = True
    # The reminder's moment is kept (`due_at`) so a poll that does not read prescriptions still knows it.
    decision.state[(EntityKind.PRESCRIPTION, prescription.id)] = Seen(
        prescription.status, reminded=reminded, due_at=_expiry_reminder_at(prescription, rules)
    )


def _prescription_notice(kind: EventKind, prescription: PrescriptionView, dedupe_key: str, **extra: Any) -> Notice:
    payload: dict[str, Any] = {
        "medication_request_id": prescription.id,
        "medication_name": prescription.medication_name,
        "status": prescription.status,
        "dispense_valid_to": prescription.dispense_valid_to.isoformat() if prescription.dispense_valid_to else None,
        **extra,
    }
    return Notice(kind, payload, dedupe_key=dedupe_key)


def _lab_results(
    decision: _Decision, previous: State, results: Iterable[LabResultView] | None, *, now: datetime
) -> None:
    if results is None:  # not read this time: keep what we knew, decide nothing
        decision.state.update({key: seen for key, seen in previous.items() if key[0] in LAB_RESULT_KINDS})
        return
    scan_key = (EntityKind.LAB_RESULTS_SCAN, SCAN_ID)
    first_scan = scan_key not in previous
    for result in results:
        key = (EntityKind.LAB_RESULT, result.id)
        if key not in previous and not first_scan and result.laboratory and is_recorded(result.status):
            decision.notices.append(
                Notice(
                    EventKind.LAB_RESULT_ADDED,
                    {
                        "observation_id": result.id,
                        "measure": result.measure,
                        "value": result.value,
                        "unit": result.unit,
                        "comparator": result.comparator,
                        "value_text": result.value_text,
                        "mark": result.mark,
                    },
                    dedupe_key=f"lab_result:{result.id}:added",
                )
            )
        decision.state[key] = Seen(result.status[:32])
    decision.state[scan_key] = Seen("done", due_at=now)  # when lab results were last read


def _referrals(
    decision: _Decision, previous: State, referrals: Iterable[ReferralView] | None, *, now: datetime
) -> None:
    if referrals is None:  # not read this time: keep what we knew, decide nothing
        decision.state.update({key: seen for key, seen in previous.items() if key[0] in REFERRAL_KINDS})
        return
    scan_key = (EntityKind.REFERRALS_SCAN, SCAN_ID)
    first_scan = scan_key not in previous
    for referral in referrals:
        key = (EntityKind.REFERRAL, referral.id)
        if key not in previous and not first_scan and is_open_referral(referral.status, referral.expires_at, now):
            decision.notices.append(
                Notice(
                    EventKind.REFERRAL_ISSUED,
                    {
                        "service_request_id": referral.id,
                        "service": referral.service,
                        "expires_at": referral.expires_at.isoformat() if referral.expires_at else None,
                    },
                    dedupe_key=f"referral:{referral.id}:issued",
                )
            )
        decision.state[key] = Seen(referral.status[:32])
    decision.state[scan_key] = Seen("done", due_at=now)  # when referrals were last read


def urgent_delay(youngest_request_at: datetime | None, *, now: datetime, rules: WatchRules = WatchRules()) -> timedelta:
    """How soon to look again at a person whose request waits for the doctor: at the fast interval while their
    youngest open request is fresh (made within `fresh_request`: most are signed within hours, at or soon
    after the visit), at `aged_request_interval` after that, when a signature is far less likely at any given
    minute. Polls of old requests that may never be signed would otherwise take the fast lane's calls from
    fresh ones (a request stays open until it expires, a day or more); the expiry reminder keeps its own moment
    (`remind_at`). A request of unknown age counts as fresh."""
    if youngest_request_at is None or now - youngest_request_at < rules.fresh_request:
        return rules.fast_interval
    return max(rules.fast_interval, rules.aged_request_interval)


def next_poll_delay(*, pending: bool, failures: int, rules: WatchRules = WatchRules()) -> timedelta:
    """Soon while something waits for the registry, rarely otherwise; after failures, back off (doubling from
    the fast interval, never past `max_backoff`) so a broken person never turns into a tight loop."""
    if failures > 0:
        backoff = rules.fast_interval * (2 ** min(failures - 1, 20))
        return min(backoff, rules.max_backoff)
    return rules.fast_interval if pending else rules.slow_interval
