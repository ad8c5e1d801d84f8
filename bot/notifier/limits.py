"""Telegram's flood limits on the notifier's side: a global token bucket and one per chat.

Telegram allows about 30 messages a second overall and about one a second per chat; beyond that it answers 429
with `retry_after`. A message needs a token from both buckets, taken together or not at all. `RateLimiter` is
the interface the notifier uses; `MemoryRateLimiter` serves one process, `RedisRateLimiter` every notifier of
one bot at once (several bot workers or `cabinet notifier` processes share Telegram's ~30/s between them).

The bucket arithmetic lives in `TokenBucket`; the Redis buckets repeat it in Lua only because the check and the
take must run in Redis as one step. `tests/notifications/test_limits.py` drives both limiters through the same
random sequences and requires the same answers, so the two cannot drift apart.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from bot.notifier.config import NotifierSettings

# Idle chats whose buckets are full again are forgotten beyond this many tracked chats.
MAX_TRACKED_CHATS = 50_000


@dataclass(frozen=True, slots=True)
class Admission:
    granted: bool
    retry_in: float = 0.0  # seconds until the limiting bucket has a token again
    chat_limited: bool = False  # only this chat must wait; other chats may send now


GRANTED = Admission(True)


class RateLimiter(Protocol):
    async def acquire(self, chat_id: int, cost: int = 1) -> Admission:
        """Take `cost` messages' worth from the chat's bucket and the global one, or say how long to wait."""
        ...

    async def pause(self, seconds: float, chat_id: int | None = None) -> None:
        """Telegram said 429: no message to this chat (or to anyone, when `chat_id` is None) for `seconds`."""
        ...


class TokenBucket:
    """`rate` tokens a second up to `capacity`. A message of cost n may take the balance below zero (debt),
    so a two-message notification waits longer afterwards instead of never fitting into a bucket of one."""

    __slots__ = ("_stamp", "_tokens", "capacity", "paused_until", "rate")

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self._tokens = capacity
        self._stamp = now
        self.paused_until = 0.0

    def wait(self, now: float) -> float:
        """Seconds until a message may go (0 when it may go now)."""
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        if now < self.paused_until:
            return self.paused_until - now
        return 0.0 if self._tokens >= 1.0 else (1.0 - self._tokens) / self.rate

    def take(self, cost: int) -> None:
        self._tokens -= cost

    def idle_and_full(self, now: float) -> bool:
        return now >= self.paused_until and self._tokens + (now - self._stamp) * self.rate >= self.capacity


class MemoryRateLimiter:
    def __init__(
        self,
        *,
        global_rate: float,
        global_burst: int,
        chat_rate: float,
        chat_burst: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._chat_rate = chat_rate
        self._chat_burst = float(chat_burst)
        self._global = TokenBucket(global_rate, float(global_burst), clock())
        self._chats: dict[int, TokenBucket] = {}

    def _chat(self, chat_id: int, now: float) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if len(self._chats) >= MAX_TRACKED_CHATS:
                self._forget_idle(now)
            bucket = self._chats[chat_id] = TokenBucket(self._chat_rate, self._chat_burst, now)
        return bucket

    def _forget_idle(self, now: float) -> None:
        for chat_id in [chat_id for chat_id, bucket in self._chats.items() if bucket.idle_and_full(now)]:
            del self._chats[chat_id]

    async def acquire(self, chat_id: int, cost: int = 1) -> Admission:
        now = self._clock()
        chat = self._chat(chat_id, now)
        chat_wait = chat.wait(now)
        if chat_wait > 0:
            return Admission(False, chat_wait, chat_limited=True)
        global_wait = self._global.wait(now)
        if global_wait > 0:
            return Admission(False, global_wait)
        chat.take(cost)
        self._global.take(cost)
        return GRANTED

    async def pause(self, seconds: float, chat_id: int | None = None) -> None:
        now = self._clock()
        bucket = self._global if chat_id is None else self._chat(chat_id, now)
        bucket.paused_until = max(bucket.paused_until, now + seconds)


# One script for both operations: everything a notifier reads and writes happens in Redis as one step, so two
# notifiers can never both take the last token. The clock is Redis's own (TIME), so notifiers on machines whose
# clocks disagree still agree on every bucket; tests pass a time of their own instead.
#
# A bucket is a hash {tokens, stamp, paused_until}, stored as `TokenBucket.wait` leaves it, with a TTL that ends
# once it is full again and no longer paused: a missing key reads back as exactly that bucket, so idle chats
# vanish without a sweep. The TTL has a second of margin so a key never goes a moment before its bucket is full.
#
# acquire  KEYS: global bucket, chat bucket   ARGV: "acquire", now|"", global rate, global capacity,
#          chat rate, chat capacity, cost      → {granted 0/1, chat_limited 0/1, retry_in}
# pause    KEYS: the bucket                    ARGV: "pause", now|"", rate, capacity, seconds → 1
# Numbers travel as "%.17g" strings both ways: a Lua number returned to Redis would be cut to an integer.
_BUCKETS_LUA = """
local now
if ARGV[2] == '' then
  local clock = redis.call('TIME')
  now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
else
  now = tonumber(ARGV[2])
end
local MARGIN_MS = 1000

local function text(number)
  return string.format('%.17g', number)
end

local function load(key, rate, capacity)
  local saved = redis.call('HMGET', key, 'tokens', 'stamp', 'paused_until')
  if not saved[1] then
    return {key = key, rate = rate, capacity = capacity, tokens = capacity, stamp = now, paused_until = 0}
  end
  return {
    key = key, rate = rate, capacity = capacity,
    tokens = tonumber(saved[1]), stamp = tonumber(saved[2]), paused_until = tonumber(saved[3]),
  }
end

-- TokenBucket.wait: refill up to now, then the seconds until a message may go (0: now).
local function wait(bucket)
  -- Redis's clock stepping back (a failover to another machine) must not take tokens away.
  local elapsed = math.max(0, now - bucket.stamp)
  bucket.tokens = math.min(bucket.capacity, bucket.tokens + elapsed * bucket.rate)
  bucket.stamp = now
  if now < bucket.paused_until then
    return bucket.paused_until - now
  end
  if bucket.tokens >= 1.0 then
    return 0
  end
  return (1.0 - bucket.tokens) / bucket.rate
end

local function save(bucket)
  redis.call('HSET', bucket.key, 'tokens', text(bucket.tokens), 'stamp', text(bucket.stamp),
    'paused_until', text(bucket.paused_until))
  local full_in = (bucket.capacity - bucket.tokens) / bucket.rate - math.max(0, now - bucket.stamp)
  local idle_in = math.max(0, full_in, bucket.paused_until - now)
  redis.call('PEXPIRE', bucket.key, math.ceil(idle_in * 1000) + MARGIN_MS)
end

if ARGV[1] == 'acquire' then
  local chat = load(KEYS[2], tonumber(ARGV[5]), tonumber(ARGV[6]))
  local chat_wait = wait(chat)
  if chat_wait > 0 then
    save(chat)
    return {0, 1, text(chat_wait)}
  end
  local global = load(KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[4]))
  local global_wait = wait(global)
  if global_wait > 0 then
    save(chat)
    save(global)
    return {0, 0, text(global_wait)}
  end
  local cost = tonumber(ARGV[7])
  chat.tokens = chat.tokens - cost
  global.tokens = global.tokens - cost
  save(chat)
  save(global)
  return {1, 0, '0'}
end

if ARGV[1] == 'pause' then
  local bucket = load(KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[4]))
  bucket.paused_until = math.max(bucket.paused_until, now + tonumber(ARGV[5]))
  save(bucket)
  return 1
end
return redis.error_reply('unknown operation ' .. tostring(ARGV[1]))
"""


class RedisRateLimiter:
    """The same two buckets in Redis under `prefix`, shared by every notifier that uses the prefix.

    All notifiers of one bot must use the same prefix and the same rates (Telegram counts per bot token);
    `create_rate_limiter` puts the bot's id into the prefix. A Redis error propagates: the notifier then sends
    nothing until Redis answers again, rather than more than Telegram allows.
    """

    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str,
        global_rate: float,
        global_burst: int,
        chat_rate: float,
        chat_burst: int,
        clock: Callable[[], float] | None = None,
    ) -> None:
        """`clock`: seconds to use instead of Redis's TIME (tests that move time by hand)."""
        self._script = redis.register_script(_BUCKETS_LUA)
        self._prefix = prefix
        self._global_key = f"{prefix}:global"
        # Floats as repr: the exact value reaches Lua, so both limiters compute with the same numbers.
        self._global = (repr(float(global_rate)), repr(float(global_burst)))
        self._chat = (repr(float(chat_rate)), repr(float(chat_burst)))
        self._clock = clock

    def _chat_key(self, chat_id: int) -> str:
        return f"{self._prefix}:chat:{chat_id}"

    def _now(self) -> str:
        return "" if self._clock is None else repr(self._clock())

    async def acquire(self, chat_id: int, cost: int = 1) -> Admission:
        granted, chat_limited, retry_in = await self._script(
            keys=[self._global_key, self._chat_key(chat_id)],
            args=["acquire", self._now(), *self._global, *self._chat, str(cost)],
        )
        if granted:
            return GRANTED
        return Admission(False, float(retry_in), chat_limited=bool(chat_limited))

    async def pause(self, seconds: float, chat_id: int | None = None) -> None:
        if chat_id is None:
            key, (rate, capacity) = self._global_key, self._global
        else:
            key, (rate, capacity) = self._chat_key(chat_id), self._chat
        await self._script(keys=[key], args=["pause", self._now(), rate, capacity, repr(float(seconds))])


def create_rate_limiter(settings: NotifierSettings, bot_id: int, redis: Redis | None = None) -> RateLimiter:
    """Shared through Redis when the bot has it (BOT_REDIS_URL), so all its notifiers together keep Telegram's
    limits; in this process's memory otherwise (one notifier)."""
    if redis is None:
        return MemoryRateLimiter(
            global_rate=settings.global_rate,
            global_burst=settings.global_burst,
            chat_rate=settings.chat_rate,
            chat_burst=settings.chat_burst,
        )
    return RedisRateLimiter(
        redis,
        prefix=f"{settings.limits_key_prefix}:{bot_id}",  # Telegram counts per bot: two bots never share buckets
        global_rate=settings.global_rate,
        global_burst=settings.global_burst,
        chat_rate=settings.chat_rate,
        chat_burst=settings.chat_burst,
    )
