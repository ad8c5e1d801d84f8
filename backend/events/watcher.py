"""The status watcher: polls the registry for every linked person and queues notifications of what changed.

Each round (`tick`): schedule persons who just linked, forget those no longer linked, lease the due persons the
call budget affords (pending ones first), and poll them a few at a time. A poll reads the person's open
declaration requests (and looks up each one it tracked as open that left that list), declarations and accesses,
then the active prescriptions (looking up each tracked one that left that list: dispensed, rejected or expired)
and, while there are any, the dispenses since they were last read (a partial dispense leaves one active) —
prescriptions at the slow interval only, whatever the person's cadence —, and at that interval too the first page
of the person's recent observations (lab results) and of their active referrals (the medical record), then
compares them with the last seen state (`watch_rules.compare`) and, in one transaction, queues the notices in
the outbox (deduplicated by entity id + status), saves the new state and sets the next poll time.

Failures stay with the person: a refused session ends the link (TokenService) and tells the patient once; any
other registry failure backs that person off. A registry that refuses the prescriptions reads only (403, or 401
on a session the declarations reads of the same poll just used: a scope our client lacks), or fails them, costs
the patient prescription notices, never declaration ones: the poll goes on without prescriptions, keeps what it
knew of them and reads them again next time. The medical record's reads are kept apart the same way (a session
from before the cabinet asked for the record's scopes is refused them): lab results and referrals each cost
only their own notices.
Nothing is logged about who was polled, only counts and codes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import partial
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from backend.auth.tokens import AuthRequired, TokenService
from backend.clock import Clock
from backend.domain.age import adult_on
from backend.domain.declarations import RequestStatus, Speciality
from backend.domain.events import EventKind
from backend.domain.medical_record import normal_range_mark
from backend.domain.prescriptions import DispenseStatus, PrescriptionStatus
from backend.events import outbox, watch_store
from backend.events.watch_budget import DuePerson, WatchLane, plan
from backend.events.watch_config import WatcherSettings
from backend.events.watch_rules import (
    LABORATORY,
    PRESCRIPTION_SCAN_ID,
    SLOW_SCANS,
    AccessView,
    DeclarationView,
    DispenseView,
    EntityKind,
    LabResultView,
    Outcome,
    PrescriptionView,
    ReferralView,
    RequestView,
    Seen,
    Snapshot,
    StateKey,
    WatchRules,
    compare,
    next_poll_delay,
    prescriptions_due,
    scan_due,
    urgent_delay,
)
from backend.models import PersonLink, TelegramAccount, WatchSchedule
from backend.registry.budget import LaneBudget
from backend.registry.errors import RegistryError, RegistryNotFound, RegistryRateLimited
from backend.registry.port import (
    Declaration,
    DeclarationRequest,
    MedicationDispense,
    MedicationRequest,
    Observation,
    Page,
    RegistryPort,
    ServiceRequest,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

# Open requests, declarations, accesses, active prescriptions, recent dispenses (read only while the person has an
# active prescription), recent lab results and active referrals; more only for further pages and for requests or
# prescriptions that left their list. Prescriptions and the medical record are read at the slow interval only
# (48 times a day at the defaults), even for a person polled at the fast one: prescriptions add 48 calls per
# person a day (96 while the person holds an active prescription), one more when a prescription leaves the active
# list (dispensed, rejected or expired); the medical record adds 96 (one page of lab results and one of referrals,
# never more). A poll that reads everything makes 7 calls; one at the fast interval in between makes 3.
CALLS_PER_POLL = 7
# An urgent person's light poll: their open requests. One more call, a look-up, only once a request left that
# list (decided, once per request): charged 1, not 2, or the urgent share would buy half the polls it pays for;
# the rare look-up that finds no token defers the poll to the next round.
URGENT_CALLS_PER_POLL = 1
PAGE_SIZE = 100
MAX_PERSONS_PER_TICK = 1000
# A leased person is due again after this long if the watcher that took them died mid-poll.
LEASE = timedelta(minutes=5)
RATE_LIMIT_PAUSE_SECONDS = 60.0  # when the registry says 429 without saying how long
# Links and schedules are matched one to one (the anti-joins read every row) at least this often, and whenever
# their counts differ.
LINKS_CHECK = timedelta(minutes=10)
# A person whose reminder falls due within this long stays in the timed lane (polled on time) until it is told.
REMINDER_HORIZON = timedelta(days=1)


class BudgetExhausted(Exception):
    """No call budget left for this person's next call; they stay due for the next round."""


class PollResult(StrEnum):
    POLLED = "polled"
    DEFERRED = "deferred"  # out of budget or rate-limited: due again at once
    FAILED = "failed"  # the registry failed for this person: backed off
    SESSION_EXPIRED = "session_expired"  # the link is gone; the patient is told to sign in again
    GONE = "gone"  # unlinked or relinked meanwhile: nothing to do


@dataclass(frozen=True, slots=True)
class TickReport:
    due: int  # persons due at the start of the round (of each lane, at most what the budget could take)
    polled: int
    deferred: int  # due but left for a later round (budget), or deferred mid-poll
    failed: int
    sessions_expired: int
    queued: int  # notices written to the outbox
    prescriptions_unread: int = 0  # polled without prescriptions: the registry refused or failed to show them
    record_unread: int = 0  # polled without lab results or referrals: the registry refused or failed to show them


@dataclass(frozen=True, slots=True)
class _Poll:
    result: PollResult
    queued: int = 0
    prescriptions_unread: bool = False
    record_unread: bool = False


class _Unread(Exception):
    """The registry refused or failed a read of prescriptions or of the medical record while the person's session
    works for the rest."""


@dataclass(frozen=True, slots=True)
class _Optional:
    """What the optional reads of a poll found; None for what was not read this time."""

    prescriptions: tuple[PrescriptionView, ...] | None = None
    dispenses: tuple[DispenseView, ...] = ()
    lab_results: tuple[LabResultView, ...] | None = None
    referrals: tuple[ReferralView, ...] | None = None
    prescriptions_unread: bool = False
    record_unread: bool = False


class StatusWatcher:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        registry: RegistryPort,
        tokens: TokenService,
        clock: Clock,
        settings: WatcherSettings | None = None,
        *,
        budget: LaneBudget,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._registry = registry
        self._tokens = tokens
        self._clock = clock
        self._settings = settings or WatcherSettings()
        self._rules = self._settings.rules()
        # The WATCHER lane of the client's one budget: it takes a token before each call, and `registry` is the
        # port's prepaid view, which takes none again.
        self.budget = budget
        self._links_checked_at: datetime | None = None
        self._task: asyncio.Task[None] | None = None

    # The loop ------------------------------------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name="status-watcher")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def run(self) -> None:
        """Rounds until cancelled (the backend runs it as a task; `cabinet watcher` runs it alone)."""
        while True:
            try:
                report = await self.tick()
                if report.polled or report.failed or report.deferred:
                    log.info(
                        "status watcher round",
                        extra={
                            "due": report.due,
                            "polled": report.polled,
                            "deferred": report.deferred,
                            "failed": report.failed,
                            "sessions_expired": report.sessions_expired,
                            "queued": report.queued,
                            "prescriptions_unread": report.prescriptions_unread,
                            "record_unread": report.record_unread,
                        },
                    )
            except Exception:
                log.exception("status watcher round failed")  # the next round tries again
            await asyncio.sleep(self._settings.tick_seconds)

    async def tick(self) -> TickReport:
        """One round over the persons due now. Tests call it directly instead of waiting for the loop.

        A round the budget affords no call in touches nothing, not even the database: at the free tier most
        rounds are such, and each would otherwise read 100,000 schedules for nothing."""
        now = self._clock.now()
        available = await self.budget.available()
        if available < 1:
            return TickReport(due=0, polled=0, deferred=0, failed=0, sessions_expired=0, queued=0)
        async with self._sessionmaker() as session:
            if (
                self._links_checked_at is None
                or now - self._links_checked_at >= LINKS_CHECK
                or await watch_store.links_unmatched(session)
            ):
                await watch_store.schedule_new_links(session, now=now)
                await watch_store.forget_unlinked(session)
                self._links_checked_at = now
            # Enough of each lane for what the budget affords now (a person takes at least one call).
            candidates = await watch_store.due_persons(
                session, now=now, limit=min(MAX_PERSONS_PER_TICK, int(available) + 1)
            )
            candidates = await self._mark_full_polls(session, candidates, now=now)
            due_count = len(candidates)
            chosen = plan(candidates, available, CALLS_PER_POLL, urgent_calls=URGENT_CALLS_PER_POLL)
            leased = await watch_store.lease(session, [p.person_id for p in chosen], now=now, until=now + LEASE)
            await session.commit()
        # The urgent persons the plan paid a light poll for: their slow reads wait for a round that affords them.
        light = {p.person_id for p in chosen if p.lane is WatchLane.URGENT and not p.full_poll}

        gate = asyncio.Semaphore(self._settings.concurrency)

        async def poll(person_id: str) -> _Poll:
            async with gate:
                return await self._poll(person_id, light=person_id in light)

        polls = await asyncio.gather(*(poll(person_id) for person_id in leased))
        count = {result: sum(1 for p in polls if p.result is result) for result in PollResult}
        return TickReport(
            due=due_count,
            polled=count[PollResult.POLLED],
            deferred=due_count - len(leased) + count[PollResult.DEFERRED],
            failed=count[PollResult.FAILED],
            sessions_expired=count[PollResult.SESSION_EXPIRED],
            queued=sum(p.queued for p in polls),
            prescriptions_unread=sum(1 for p in polls if p.prescriptions_unread),
            record_unread=sum(1 for p in polls if p.record_unread),
        )

    async def _mark_full_polls(self, session: AsyncSession, due: list[DuePerson], *, now: datetime) -> list[DuePerson]:
        """Which urgent persons' slow reads are due (as `_poll_in` would tell from the same marks) and who has
        none yet, so the round is planned at what each poll costs: one call, or a full poll's."""
        urgent = [person.person_id for person in due if person.lane is WatchLane.URGENT]
        if not urgent:
            return due
        marks = await watch_store.slow_scan_marks(session, urgent)
        return [
            replace(
                person,
                full_poll=not _light(marks[person.person_id], now=now, rules=self._rules),
                first_poll=not marks[person.person_id],
            )
            if person.lane is WatchLane.URGENT
            else person
            for person in due
        ]

    # One person ----------------------------------------------------------------------------------------

    async def _poll(self, person_id: str, *, light: bool = False) -> _Poll:
        async with self._sessionmaker() as session:
            try:
                return await self._poll_in(session, person_id, light=light)
            except (IntegrityError, StaleDataError):
                # Unlinked or relinked while we polled: the cascade took the schedule; nothing to keep.
                await session.rollback()
                return _Poll(PollResult.GONE)
            except Exception:
                await session.rollback()
                log.exception("status watcher could not poll a person")
                await self._back_off(person_id, "internal_error")
                return _Poll(PollResult.FAILED)

    async def _poll_in(self, session: AsyncSession, person_id: str, *, light: bool = False) -> _Poll:
        link = await session.scalar(select(PersonLink).where(PersonLink.person_id == person_id))
        schedule = await session.get(WatchSchedule, person_id)
        if link is None or schedule is None:
            return _Poll(PollResult.GONE)
        leased_until = schedule.next_poll_at  # what `watch_store.lease` wrote for this poll
        telegram_user_id, linked_at, birth_date = link.telegram_user_id, link.linked_at, link.birth_date
        baseline = schedule.baseline_of != linked_at
        previous = {} if baseline else await watch_store.load_state(session, person_id)
        # An urgent person is polled light (the open requests only) between their full polls, which come at the
        # slow interval like everyone's reads of prescriptions and the record (when a round affords one: `plan`
        # says `light` while it does not); a timed one reads everything.
        light = (
            schedule.lane == WatchLane.URGENT
            and not baseline
            and (light or _light(previous, now=self._clock.now(), rules=self._rules))
        )
        try:
            snapshot, optional = await self._snapshot(
                session, link, previous, birth_date, light=light, timed=schedule.lane == WatchLane.TIMED
            )
        except AuthRequired:
            return await self._session_expired(session, telegram_user_id, person_id, linked_at)
        except BudgetExhausted:
            await self._due_again(session, schedule, at=self._clock.now())
            return _Poll(PollResult.DEFERRED)
        except RegistryRateLimited as refusal:
            await self.budget.pause(refusal.retry_after or RATE_LIMIT_PAUSE_SECONDS)
            await self._due_again(session, schedule, at=self._clock.now())
            return _Poll(PollResult.DEFERRED)
        except RegistryError as failure:
            log.warning("status watcher: registry refused a poll", extra={"code": failure.code})
            await self._failed(session, schedule, failure.code)
            return _Poll(PollResult.FAILED)

        now = self._clock.now()
        newly_signed = [
            r.id
            for r in snapshot.requests
            if r.status == RequestStatus.SIGNED and (EntityKind.REQUEST, r.id) in previous
        ]
        outcome = compare(
            previous,
            snapshot,
            baseline=baseline,
            now=now,
            today=self._clock.today(),
            signed_by_us=await watch_store.signed_through_us(session, telegram_user_id, newly_signed),
            rules=self._rules,
        )
        account = await session.get(TelegramAccount, telegram_user_id)
        queued = 0
        if account is not None:
            for notice in outcome.notices:
                queued += await outbox.emit(
                    session, account, notice.kind, notice.payload, now=now, dedupe_key=notice.dedupe_key
                )
        await watch_store.save_state(session, person_id, outcome.state, now=now)
        lane, next_poll_at = self._next_poll(outcome, now)
        # The lease moved the person's next poll past the end of this poll; a request created in the cabinet
        # meanwhile (`watch_store.request_created`) brought it back to "due now" and the urgent lane. This poll
        # may have read the requests before it was made: that person stays urgent and due, not planned from here.
        await session.refresh(schedule, attribute_names=["next_poll_at"])
        request_made_meanwhile = schedule.next_poll_at != leased_until
        if request_made_meanwhile:
            lane, next_poll_at = WatchLane.URGENT, schedule.next_poll_at
        schedule.pending = outcome.pending or request_made_meanwhile
        schedule.baseline_of = linked_at
        schedule.failures = 0
        schedule.problem = None
        schedule.last_polled_at = now
        schedule.lane, schedule.next_poll_at = lane, next_poll_at
        await session.commit()
        return _Poll(
            PollResult.POLLED,
            queued,
            prescriptions_unread=optional.prescriptions_unread,
            record_unread=optional.record_unread,
        )

    def _next_poll(self, outcome: Outcome, now: datetime) -> tuple[WatchLane, datetime]:
        """The lane and moment of the person's next poll: soon and first while a request waits for the doctor,
        in the timed lane while a reminder falls due within `REMINDER_HORIZON` (at their turn, or at the moment
        it falls due if that comes first), else in the sweep.

        A declaration under verification (up to 30 days) is swept like the rest: polling every such person at
        the fast interval would spend the whole budget at national scale."""
        if outcome.open_request:
            lane, at = WatchLane.URGENT, now + urgent_delay(outcome.youngest_request_at, now=now, rules=self._rules)
        else:
            lane, at = WatchLane.SWEEP, now + next_poll_delay(pending=False, failures=0, rules=self._rules)
        if outcome.remind_at is not None and outcome.remind_at - now <= REMINDER_HORIZON:
            # Timed, not swept, until the reminder is told: a sweep behind its round (a short budget) would poll
            # this person long after their turn, and so after the reminder fell due. On time at their turn, then
            # exactly when it falls due; few persons have a reminder within the day.
            return min(lane, WatchLane.TIMED), min(at, outcome.remind_at)
        return lane, at

    async def _session_expired(
        self, session: AsyncSession, telegram_user_id: int, person_id: str, linked_at: datetime
    ) -> _Poll:
        """TokenService already dropped the link (the cascade took the schedule and state). Tell the patient,
        once per link, that they must sign in again."""
        account = await session.get(TelegramAccount, telegram_user_id)
        if account is not None:
            await outbox.emit(
                session,
                account,
                EventKind.SECURITY_SESSION_EXPIRED,
                {},
                now=self._clock.now(),
                dedupe_key=f"session_expired:{person_id}:{linked_at.isoformat()}",
            )
            await session.commit()
        return _Poll(PollResult.SESSION_EXPIRED)

    async def _due_again(self, session: AsyncSession, schedule: WatchSchedule, *, at: datetime) -> None:
        schedule.next_poll_at = at
        await session.commit()

    async def _failed(self, session: AsyncSession, schedule: WatchSchedule, code: str) -> None:
        schedule.failures += 1
        schedule.problem = code[:32]
        schedule.next_poll_at = self._clock.now() + next_poll_delay(
            pending=schedule.pending, failures=schedule.failures, rules=self._rules
        )
        await session.commit()

    async def _back_off(self, person_id: str, code: str) -> None:
        with contextlib.suppress(Exception):
            async with self._sessionmaker() as session:
                schedule = await session.get(WatchSchedule, person_id)
                if schedule is not None:
                    await self._failed(session, schedule, code)

    # Registry reads ------------------------------------------------------------------------------------

    async def _snapshot(
        self,
        session: AsyncSession,
        link: PersonLink,
        previous: dict[StateKey, Seen],
        birth_date: date,
        *,
        light: bool = False,
        timed: bool = False,
    ) -> tuple[Snapshot, _Optional]:
        """What the registry shows now, and what of the optional reads it refused to show. `light`: the open
        requests only (the rest is kept as last seen); `timed`: a reminder falls due, read everything now."""
        registry = self._registry
        open_requests = await self._all_pages(
            session,
            link,
            lambda token, page: registry.list_declaration_requests(
                token, status=RequestStatus.NEW.value, page=page, page_size=PAGE_SIZE
            ),
        )
        listed = {request.id for request in open_requests}
        # A list item may not say when the request expires: look each new one up once (then it is remembered).
        for index, request in enumerate(open_requests):
            known = previous.get((EntityKind.REQUEST, request.id))
            if request.expires_at is None and (known is None or known.due_at is None):
                open_requests[index] = await self._call(
                    session, link, partial(self._get_request, request_id=request.id)
                )
        left_the_list: list[DeclarationRequest] = []
        for kind, entity_id in previous:
            if kind is EntityKind.REQUEST and entity_id not in listed:
                try:
                    left_the_list.append(
                        await self._call(session, link, partial(self._get_request, request_id=entity_id))
                    )
                except RegistryNotFound:
                    continue  # gone from the registry: forget it silently
        requests = tuple(_request_view(request) for request in (*open_requests, *left_the_list))
        if light:
            return Snapshot(requests=requests, declarations=None, accesses=None), _Optional()
        declarations = await self._all_pages(
            session,
            link,
            lambda token, page: registry.list_declarations(token, page=page, page_size=PAGE_SIZE),
        )
        accesses = await self._call(session, link, registry.list_accesses)
        # Last: the session has just worked, so a refusal here is about prescriptions or the record alone.
        optional = await self._optional_reads(session, link, previous, every=timed)
        snapshot = Snapshot(
            requests=requests,
            declarations=tuple(_declaration_view(declaration, birth_date) for declaration in declarations),
            accesses=tuple(AccessView(access.id, access.client_name) for access in accesses),
            prescriptions=optional.prescriptions,
            dispenses=optional.dispenses,
            lab_results=optional.lab_results,
            referrals=optional.referrals,
        )
        return snapshot, optional

    async def _optional_reads(
        self, session: AsyncSession, link: PersonLink, previous: dict[StateKey, Seen], *, every: bool = False
    ) -> _Optional:
        """Prescriptions, lab results and referrals, each when due at the slow interval (`every`: all of them,
        a reminder falls due); a refusal or failure of one is logged by its code and skips that one only."""
        now = self._clock.now()
        prescriptions: tuple[PrescriptionView, ...] | None = None
        dispenses: tuple[DispenseView, ...] = ()
        lab_results: tuple[LabResultView, ...] | None = None
        referrals: tuple[ReferralView, ...] | None = None
        prescriptions_unread = record_unread = False
        if every or prescriptions_due(previous, now=now, rules=self._rules):
            try:
                prescriptions, dispenses = await self._prescriptions(session, link, previous)
            except _Unread as refusal:
                _log_unread("prescriptions", refusal)
                prescriptions_unread = True
        if every or scan_due(previous, EntityKind.LAB_RESULTS_SCAN, now=now, rules=self._rules):
            try:
                lab_results = await self._lab_results(session, link)
            except _Unread as refusal:
                _log_unread("lab results", refusal)
                record_unread = True
        if every or scan_due(previous, EntityKind.REFERRALS_SCAN, now=now, rules=self._rules):
            try:
                referrals = await self._referrals(session, link)
            except _Unread as refusal:
                _log_unread("referrals", refusal)
                record_unread = True
        return _Optional(prescriptions, dispenses, lab_results, referrals, prescriptions_unread, record_unread)

    async def _lab_results(self, session: AsyncSession, link: PersonLink) -> tuple[LabResultView, ...]:
        """The first page of the person's observations of the last `lab_result_window_days` (newest first)."""
        since = self._clock.today() - timedelta(days=self._settings.lab_result_window_days)
        person_id = link.person_id
        page: Page[Observation] = await self._optional_call(
            session,
            link,
            lambda token: self._registry.list_observations(
                token, person_id, issued_from=since, page=1, page_size=PAGE_SIZE
            ),
        )
        return tuple(_lab_result_view(observation) for observation in page.items)

    async def _referrals(self, session: AsyncSession, link: PersonLink) -> tuple[ReferralView, ...]:
        """The first page of the person's active referrals."""
        person_id = link.person_id
        page: Page[ServiceRequest] = await self._optional_call(
            session,
            link,
            lambda token: self._registry.list_service_requests(
                token, person_id, status="active", page=1, page_size=PAGE_SIZE
            ),
        )
        return tuple(_referral_view(referral) for referral in page.items)

    async def _prescriptions(
        self,
        session: AsyncSession,
        link: PersonLink,
        previous: dict[StateKey, Seen],
    ) -> tuple[tuple[PrescriptionView, ...], tuple[DispenseView, ...]]:
        """The active prescriptions, each tracked one that left that list (looked up: what became of it), and,
        while any of them may still be dispensed, the dispenses since prescriptions were last read."""
        registry = self._registry
        active: list[MedicationRequest] = await self._all_pages(
            session,
            link,
            lambda token, page: registry.list_medication_requests(
                token, status=PrescriptionStatus.ACTIVE.value, page=page, page_size=PAGE_SIZE
            ),
            call=self._optional_call,
        )
        listed = {prescription.id for prescription in active}
        left_the_list: list[MedicationRequest] = []
        for kind, entity_id in previous:
            if kind is EntityKind.PRESCRIPTION and entity_id not in listed:
                try:
                    left_the_list.append(
                        await self._optional_call(
                            session, link, partial(self._get_prescription, prescription_id=entity_id), lookup=True
                        )
                    )
                except RegistryNotFound:
                    continue  # gone from the registry: forget it silently
        dispenses: list[MedicationDispense] = []
        if active or left_the_list:
            # Dispenses are dated by the registry's (Kyiv) day: a day's margin before the last read misses none.
            last_read = previous.get((EntityKind.PRESCRIPTION_SCAN, PRESCRIPTION_SCAN_ID))
            since = ((last_read.due_at if last_read else None) or self._clock.now()).date() - timedelta(days=1)
            dispenses = await self._all_pages(
                session,
                link,
                lambda token, page: registry.list_medication_dispenses(
                    token, status=DispenseStatus.PROCESSED.value, dispensed_from=since, page=page, page_size=PAGE_SIZE
                ),
                call=self._optional_call,
            )
        return (
            tuple(_prescription_view(prescription) for prescription in (*active, *left_the_list)),
            tuple(DispenseView(d.id, d.medication_request_id, d.status) for d in dispenses),
        )

    async def _get_request(self, token: str, *, request_id: str) -> DeclarationRequest:
        return await self._registry.get_declaration_request(token, request_id)

    async def _get_prescription(self, token: str, *, prescription_id: str) -> MedicationRequest:
        return await self._registry.get_medication_request(token, prescription_id)

    async def _optional_call(
        self,
        session: AsyncSession,
        link: PersonLink,
        operation: Callable[[str], Awaitable[T]],
        *,
        lookup: bool = False,
    ) -> T:
        """A read of prescriptions or of the medical record: paid like any call, but its failure ends nothing and
        holds nothing back.

        TokenService's own retry would take a 401 for an expired session and drop the link; here the same
        session has just answered the declarations reads, so a 401 (like a 403) means our client may not read
        these. Any other failure (but a 429, which pauses the whole watcher) skips what it read this time: it
        is read again at the next poll. A `lookup` of one prescription lets "not found" through
        (it is forgotten silently)."""
        if not await self.budget.try_take(1):
            raise BudgetExhausted
        token = await self._tokens.access_token(session, link)
        try:
            return await operation(token)
        except RegistryRateLimited:
            raise
        except RegistryNotFound as failure:
            if lookup:
                raise
            raise _Unread from failure
        except RegistryError as failure:
            raise _Unread from failure

    async def _all_pages(
        self,
        session: AsyncSession,
        link: PersonLink,
        read: Callable[[str, int], Awaitable[Page[T]]],
        *,
        call: Callable[[AsyncSession, PersonLink, Callable[[str], Awaitable[Page[T]]]], Awaitable[Page[T]]]
        | None = None,
    ) -> list[T]:
        call = call or self._call
        items: list[T] = []
        for page_number in range(1, self._settings.max_pages + 1):
            page = await call(session, link, partial(_page_reader, read, page_number))
            items.extend(page.items)
            if not page.has_next:
                break
        return items

    async def _call(self, session: AsyncSession, link: PersonLink, operation: Callable[[str], Awaitable[T]]) -> T:
        """One registry call on the patient's session, paid from the call budget first. Refused for an expired
        session, it is made again after the refresh (`TokenService.call`): that second call is paid too."""

        async def paid(token: str) -> T:
            if not await self.budget.try_take(1):
                raise BudgetExhausted
            return await operation(token)

        return await self._tokens.call(session, link, paid)


def _light(previous: dict[StateKey, Seen], *, now: datetime, rules: WatchRules) -> bool:
    """Whether an urgent person's poll now reads the open requests only: none of the slow reads is due."""
    return not any(scan_due(previous, scan, now=now, rules=rules) for scan in SLOW_SCANS)


async def _page_reader(read: Callable[[str, int], Awaitable[Page[T]]], page_number: int, token: str) -> Page[T]:
    return await read(token, page_number)


def _log_unread(what: str, refusal: _Unread) -> None:
    cause = refusal.__cause__
    log.info(
        "status watcher: %s not read", what, extra={"code": cause.code if isinstance(cause, RegistryError) else None}
    )


def _lab_result_view(observation: Observation) -> LabResultView:
    """What a push about this observation says (medical: it goes to the outbox payload only, never to a log)."""
    coded = observation.value_code
    mark = normal_range_mark(observation.value_number, observation.reference_ranges)
    return LabResultView(
        id=observation.id,
        status=observation.status,
        laboratory=LABORATORY in observation.categories,
        measure=observation.code.text,
        value=observation.value_number,
        unit=observation.unit,
        comparator=observation.comparator,
        value_text=observation.value_string or (coded.text if coded is not None else None),
        mark=mark.value if mark is not None else None,
    )


def _referral_view(referral: ServiceRequest) -> ReferralView:
    """What a push about this referral says: what it is for and until when — not its number."""
    return ReferralView(
        id=referral.id, status=referral.status, service=referral.service.display, expires_at=referral.expires_at
    )


def _prescription_view(prescription: MedicationRequest) -> PrescriptionView:
    return PrescriptionView(
        id=prescription.id,
        status=prescription.status,
        medication_name=prescription.medication.name,
        dispense_valid_to=prescription.dispense_valid_to,
        reject_reason_code=prescription.reject_reason_code,
    )


def _request_view(request: DeclarationRequest) -> RequestView:
    return RequestView(
        id=request.id,
        status=request.status,
        reason=request.status_reason,
        doctor_name=request.doctor.full_name if request.doctor else None,
        declaration_id=request.declaration_id,
        expires_at=request.expires_at,
        created_at=request.created_at,
    )


def _declaration_view(declaration: Declaration, birth_date: date) -> DeclarationView:
    end_date = declaration.end_date
    if end_date is None and declaration.doctor.speciality == Speciality.PEDIATRICIAN:
        end_date = adult_on(birth_date) - timedelta(days=1)  # a pediatrician's care ends at 18
    return DeclarationView(
        id=declaration.id,
        status=declaration.status,
        reason=declaration.reason,
        doctor_name=declaration.doctor.full_name,
        speciality=declaration.doctor.speciality,
        end_date=end_date,
    )
