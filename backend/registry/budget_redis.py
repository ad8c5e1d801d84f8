"""The client's registry budget shared by every process: the same token bucket as `LocalCallBudget`, in Redis.

Several backend replicas and a `cabinet watcher` process all call eHealth as one client, so they draw on one
bucket. Each operation is one Lua script, atomic on the server: it refills the bucket by the time passed (the
server's own `TIME`, so the processes' clocks never disagree), then takes, reads or pauses. The bucket is one
hash, `<prefix>:bucket`, holding `tokens`, `stamp`, `paused_until` and `patient_refused_at`; it expires once it
would be full again anyway, so an idle client leaves nothing behind.

When Redis cannot be reached the process falls back to a budget of its own (same shape) and says so in the
log: patients keep being served, and the registry's own 429 (which pauses every lane) still bounds the client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

from backend.registry.budget import BudgetShape, Lane, LocalCallBudget

log = logging.getLogger(__name__)

# KEYS[1]: the bucket. ARGV: operation (take | available | wait | pause), capacity, rate (tokens per second),
# the lane's floor, the amount (calls, or seconds for pause), `now` in seconds ("" = the server's TIME; tests
# pass their own clock), how long a patient's refusal holds the lane back, and "1" for the patients' lane (its
# refusals start that hold). Numbers go back as strings: Redis would truncate a Lua number to an integer.
_SCRIPT = """
local capacity = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
local floor = tonumber(ARGV[4])
local amount = tonumber(ARGV[5])
local now
if ARGV[6] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
else
  now = tonumber(ARGV[6])
end
local hold = tonumber(ARGV[7])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'stamp', 'paused_until', 'patient_refused_at')
local tokens = tonumber(state[1]) or capacity
local stamp = tonumber(state[2]) or now
local paused_until = tonumber(state[3]) or -1
local refused_at = tonumber(state[4]) or -1e18
tokens = math.min(capacity, tokens + math.max(0, now - stamp) * rate)
local held = math.max(0, refused_at + hold - now)
local available = 0
if now >= paused_until and held <= 0 then
  available = math.max(0, tokens - floor)
end
local op = ARGV[1]
local result = 0
if op == 'take' then
  if available >= amount then
    tokens = tokens - amount
    result = 1
  elseif ARGV[8] == '1' then
    refused_at = now
  end
elseif op == 'available' then
  result = available
elseif op == 'wait' then
  result = math.max(0, paused_until - now, held, (amount + floor - tokens) / rate)
elseif op == 'pause' then
  paused_until = math.max(paused_until, now + amount)
else
  return redis.error_reply('unknown budget operation ' .. op)
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'stamp', string.format('%.17g', now),
  'paused_until', string.format('%.17g', paused_until), 'patient_refused_at', string.format('%.17g', refused_at))
local full_in = (capacity - tokens) / rate
redis.call('EXPIRE', KEYS[1], math.ceil(math.max(full_in, paused_until - now, refused_at + hold - now)) + 60)
return string.format('%.17g', result)
"""


class RedisCallBudget:
    """`ClientCallBudget` over one Redis bucket: what every process of the client takes from.

    `clock` is for tests only (the script is handed that time instead of the server's); in production the
    server's `TIME` is the one clock all processes share."""

    def __init__(
        self,
        redis: Redis,
        shape: BudgetShape,
        *,
        prefix: str = "cabinet:registry-budget",
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.shape = shape
        self.key = f"{prefix}:bucket"
        self._redis = redis
        self._script = redis.register_script(_SCRIPT)
        self._clock = clock
        self._fallback = LocalCallBudget(shape)
        self._shared = True  # whether the last operation reached Redis (the log says when that changes)

    async def _run(self, operation: str, lane: Lane, amount: float) -> float | None:
        now = "" if self._clock is None else repr(self._clock())
        floor, hold = self.shape.floor(lane), self.shape.hold(lane)
        patient = "1" if lane is Lane.PATIENT else "0"
        args = [operation, repr(self.shape.capacity), repr(self.shape.rate), repr(floor), repr(amount), now]
        args += [repr(hold), patient]
        try:
            answer = await self._script(keys=[self.key], args=args)
        except RedisError as failure:
            if self._shared:
                log.warning(
                    "registry budget: Redis unreachable, this process keeps its own budget meanwhile",
                    extra={"error": type(failure).__name__},
                )
                self._shared = False
            return None
        if not self._shared:
            log.info("registry budget: Redis reachable again, the budget is shared")
            self._shared = True
        return float(answer.decode() if isinstance(answer, bytes) else answer)

    async def try_take(self, lane: Lane, calls: int = 1) -> bool:
        answer = await self._run("take", lane, calls)
        if answer is None:
            return await self._fallback.try_take(lane, calls)
        return answer >= 1

    async def available(self, lane: Lane) -> float:
        answer = await self._run("available", lane, 0)
        return await self._fallback.available(lane) if answer is None else answer

    async def wait_seconds(self, lane: Lane, calls: int = 1) -> float:
        answer = await self._run("wait", lane, calls)
        return await self._fallback.wait_seconds(lane, calls) if answer is None else answer

    async def pause(self, seconds: float) -> None:
        await self._fallback.pause(seconds)  # kept too: should Redis go away, the pause still holds here
        await self._run("pause", Lane.PATIENT, seconds)
