"""One rate limiter per hub, shared by every worker through Redis, fed by the hub's headers.

The hub says how many requests remain in its window and when the window resets
(`RateLimit: "api";r=<remaining>;t=<seconds>`). Every response writes that into Redis; every
request first takes one from the remaining count, and when none remain, waits for the reset.
So all workers together stay inside the one quota the deployment shares. Without REDIS_URL
(a development shell, eager tasks) the same logic runs in process.
"""

import threading
import time

from django.conf import settings

# Takes one request from the bucket; returns "0" to go ahead or the seconds to wait.
_ACQUIRE = """
local remaining = redis.call('HGET', KEYS[1], 'remaining')
if not remaining then return '0' end
local reset_at = tonumber(redis.call('HGET', KEYS[1], 'reset_at'))
local now = tonumber(ARGV[1])
if now >= reset_at then
  redis.call('DEL', KEYS[1])
  return '0'
end
if tonumber(remaining) <= tonumber(ARGV[2]) then
  return tostring(reset_at - now)
end
redis.call('HINCRBY', KEYS[1], 'remaining', -1)
return '0'
"""


class RateLimiter:
    """A shared request budget per (hub, bucket), as the hub last reported it."""

    def __init__(self, hub: str, redis_url: str | None = None, reserve: int | None = None):
        self.hub = hub
        self.reserve = settings.HUB_RATE_LIMIT_RESERVE if reserve is None else reserve
        url = settings.REDIS_URL if redis_url is None else redis_url
        self._local: dict[str, dict] = {}
        self._lock = threading.Lock()
        if url:
            import redis

            self._redis = redis.Redis.from_url(url)
            self._acquire = self._redis.register_script(_ACQUIRE)
        else:
            self._redis = None

    def _key(self, bucket: str) -> str:
        return f"openness:ratelimit:{self.hub}:{bucket}"

    def delay(self, bucket: str) -> float:
        """Take one request from the budget; the seconds to wait first (0 to go ahead)."""
        now = time.time()
        if self._redis is not None:
            return max(
                0.0, float(self._acquire(keys=[self._key(bucket)], args=[now, self.reserve]))
            )
        with self._lock:
            state = self._local.get(bucket)
            if state is None or now >= state["reset_at"]:
                self._local.pop(bucket, None)
                return 0.0
            if state["remaining"] <= self.reserve:
                return state["reset_at"] - now
            state["remaining"] -= 1
            return 0.0

    def wait(self, bucket: str) -> float:
        """Block until the budget allows one request; returns the seconds waited."""
        waited = 0.0
        while (pause := self.delay(bucket)) > 0:
            pause = min(pause, settings.HUB_RATE_LIMIT_MAX_WAIT_SECONDS - waited)
            if pause <= 0:
                break  # never wait forever on a hub that keeps saying no: the request decides
            time.sleep(pause)
            waited += pause
        return waited

    def record(self, bucket: str, *, remaining: int, reset_in: float) -> None:
        """Store what the hub said about the bucket (it is the authority on the count)."""
        reset_at = time.time() + max(0.0, reset_in)
        if self._redis is not None:
            key = self._key(bucket)
            pipe = self._redis.pipeline()
            pipe.hset(key, mapping={"remaining": remaining, "reset_at": reset_at})
            pipe.expire(key, int(reset_in) + 2)
            pipe.execute()
            return
        with self._lock:
            self._local[bucket] = {"remaining": remaining, "reset_at": reset_at}

    def state(self, bucket: str) -> dict | None:
        """{"remaining", "reset_in"} as last recorded, for the status page."""
        if self._redis is not None:
            raw = self._redis.hgetall(self._key(bucket))
            if not raw:
                return None
            remaining, reset_at = int(raw[b"remaining"]), float(raw[b"reset_at"])
        else:
            with self._lock:
                state = self._local.get(bucket)
            if state is None:
                return None
            remaining, reset_at = state["remaining"], state["reset_at"]
        return {"remaining": remaining, "reset_in": max(0.0, reset_at - time.time())}
