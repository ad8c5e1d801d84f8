"""A patient's registry reads, kept a short while so the screens of one session do not read them again.

eHealth allows the whole client about 1000 calls per 15 minutes (free tier), shared by every patient's screens,
sign-ins and the status watcher. A bot session reads the same things again and again: the person's details (the
profile, the vaccination calendar's birth date, the declaration precheck), the declarations (the overview, the
history, the precheck's current doctor), a prescription read again to authorise its dispenses, a list the bot
renders again when the patient pages it or comes back to it. Those reads are kept here for `ttl` seconds.

Correctness:
- Scoped per patient: an entry belongs to `(telegram_user_id, person_id)` of the Telegram user's own link, which
  `backend.api.deps.get_patient` resolves on every request; one person's reads are never served to another, and
  a Telegram user who links another person starts with nothing.
- Short-lived: `BACKEND_SESSION_CACHE_TTL` seconds (0 turns the cache off), on the backend's injectable clock.
- The patient's own writes drop everything kept for them (a signed person update or declaration request, a
  request created or cancelled, a declaration ended, an access revoked, a sign-in, a sign-out), and so does a
  notification claimed for them (what the watcher found changed is read fresh when they open it). A read that
  was on its way to the registry while anything was dropped is not kept: it may hold what the write changed.
- Only while the session is usable: `backend.api.deps.get_patient` checks the stored session against the current
  keys before anything is served (`TokenService.require_usable`). A session the registry ends on its own (a
  revocation, a replayed authorization code) is learnt at the next registry call, so at most `ttl` later.
- While the registry is down, what is kept is still shown; what is not gets the plain "unavailable" answer.
- Only successful answers are kept; a verification code never is (`prescriptions` strips it).
- In memory of this process only, never logged; at most `max_patients` patients (the least recently used go).
  With several backend replicas each keeps its own: a write through one replica leaves another's copy until
  its TTL ends, which is why the TTL is short.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from backend.clock import Clock

T = TypeVar("T")

Owner = tuple[int, str]  # (telegram_user_id, person_id): the Telegram user's own linked person


class SessionCache:
    def __init__(self, clock: Clock, *, ttl_seconds: float, max_patients: int) -> None:
        self._clock = clock
        self._ttl = timedelta(seconds=ttl_seconds)
        self._max_patients = max(1, max_patients)
        self._entries: OrderedDict[Owner, dict[Hashable, tuple[datetime, Any]]] = OrderedDict()
        # Counts the drops. One counter for everyone rather than one per patient: it stays one integer however
        # many patients write, and a read that overlaps another patient's write is only read again next time.
        self._drops = 0

    @property
    def enabled(self) -> bool:
        return self._ttl > timedelta()

    def __len__(self) -> int:
        """Patients with something kept (expired entries included until they are next looked at)."""
        return len(self._entries)

    def get(self, owner: Owner, key: Hashable) -> tuple[bool, Any]:
        """`(True, value)` for a live entry, `(False, None)` otherwise."""
        kept = self._entries.get(owner)
        if kept is None:
            return False, None
        entry = kept.get(key)
        if entry is None:
            return False, None
        expires_at, value = entry
        if expires_at <= self._clock.now():
            del kept[key]
            if not kept:
                del self._entries[owner]
            return False, None
        self._entries.move_to_end(owner)
        return True, value

    def put(self, owner: Owner, key: Hashable, value: Any) -> None:
        if not self.enabled:
            return
        now = self._clock.now()
        kept = self._entries.setdefault(owner, {})
        for stale in [k for k, (expires_at, _) in kept.items() if expires_at <= now]:
            del kept[stale]
        kept[key] = (now + self._ttl, value)
        self._entries.move_to_end(owner)
        while len(self._entries) > self._max_patients:
            self._entries.popitem(last=False)

    async def read(self, owner: Owner, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        """The kept answer of `key`, or `load()`'s (kept when it succeeds)."""
        found, value = self.get(owner, key)
        if found:
            return value  # type: ignore[no-any-return]
        drops = self._drops
        loaded = await load()
        if self._drops == drops:  # nothing was dropped while the registry answered
            self.put(owner, key, loaded)
        return loaded

    def forget(self, owner: Owner) -> None:
        self._drops += 1
        self._entries.pop(owner, None)

    def forget_user(self, telegram_user_id: int) -> None:
        """Everything kept for this Telegram user, whichever person they had linked."""
        self._drops += 1
        for owner in [owner for owner in self._entries if owner[0] == telegram_user_id]:
            del self._entries[owner]

    def clear(self) -> None:
        self._drops += 1
        self._entries.clear()
