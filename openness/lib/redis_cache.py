"""Django's Redis cache, made optional at run time, with one client object per connection pool.

Redis is a cache here, never the only copy of anything, so the site must keep serving while it
is stopped or frozen. Three things make it so:

- Short timeouts (OPTIONS socket_connect_timeout and socket_timeout, set in settings.py): a
  frozen Redis still accepts connections (the kernel does), then never answers; without a read
  timeout every request waited for redis-py's default, 5-10 s.
- A circuit breaker per process and server: after a connection error or a timeout the server is
  left alone for COOLDOWN_SECONDS, then one call probes it. While it is open no request pays a
  timeout, and a cache operation answers as a miss does: get() gives the default, add() and
  set() store nothing, incr() raises ValueError as for a missing key.
- A fallback (OPTIONS "FALLBACK": another cache's alias, a local-memory one): while the breaker
  is open, operations go there instead. The rate limiters use it, so that limits still hold,
  per process, during an outage ("fails safe"); pages have none and render uncached.

Django's RedisCacheClient builds a new redis.Redis for every cache operation; building one
(its table of response callbacks) costs about as much as the round trip to Redis itself, and
the pages read the cache two or three times per request. A redis.Redis over a connection
pool is safe to share between threads, and each Django cache backend already keeps its pools
for its life, so the client is kept with them.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT

logger = logging.getLogger(__name__)

# How long a process leaves a failed Redis alone before it tries again.
COOLDOWN_SECONDS = 5.0


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class CircuitBreaker:
    """Whether to ask a server now: closed (yes), open (no, until the cooldown ends), or
    half-open (one caller probes it; the others wait for the next cooldown)."""

    def __init__(self, name: str, cooldown: float = COOLDOWN_SECONDS):
        self.name = name
        self.cooldown = cooldown
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._tripped = False

    @property
    def is_open(self) -> bool:
        return self._tripped and time.monotonic() < self._open_until

    def allows(self) -> bool:
        if not self._tripped:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._open_until:
                return False
            self._open_until = now + self.cooldown  # this caller probes; the others wait
            return True

    def failed(self, error: Exception) -> None:
        with self._lock:
            if not self._tripped:
                logger.warning(
                    "Redis %s is unavailable (%s): served without it for %.0f s at a time",
                    self.name,
                    error,
                    self.cooldown,
                )
            self._tripped = True
            self._open_until = time.monotonic() + self.cooldown

    def succeeded(self) -> None:
        if self._tripped:
            with self._lock:
                if not self._tripped:
                    return
                self._tripped = False
                self._open_until = 0.0
            logger.warning("Redis %s is back", self.name)
            for callback in _recovery_callbacks:
                try:
                    callback()
                except Exception:
                    logger.exception("after Redis came back: %s", callback)


_recovery_callbacks: list = []


def on_recovery(callback) -> None:
    """Call callback() in this process each time a Redis it found down answers again."""
    if callback not in _recovery_callbacks:
        _recovery_callbacks.append(callback)


# One breaker per server and process, shared by every cache alias on that server.
_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str) -> CircuitBreaker:
    with _breakers_lock:
        if location not in _breakers:
            _breakers[location] = CircuitBreaker(location.rsplit("@", 1)[-1])
        return _breakers[location]


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._fallback_alias = options.pop("FALLBACK", None)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = RedisCacheClient
        self.breaker = breaker_for(self._servers[0])
        self._errors = self._lib_errors()

    @staticmethod
    def _lib_errors():
        from redis.exceptions import ConnectionError, TimeoutError

        return (ConnectionError, TimeoutError)

    @property
    def available(self) -> bool:
        """False while the breaker is open: Redis failed less than a cooldown ago."""
        return not self.breaker.is_open

    def _call(self, name: str, args: tuple, kwargs: dict, unavailable):
        """The Redis operation, or (Redis unavailable) the fallback's or unavailable()."""
        if self.breaker.allows():
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except self._errors as error:
                self.breaker.failed(error)
            else:
                self.breaker.succeeded()
                return result
        if self._fallback_alias:
            return getattr(caches[self._fallback_alias], name)(*args, **kwargs)
        return unavailable()

    def get(self, key, default=None, version=None):
        return self._call("get", (key, default, version), {}, lambda: default)

    def get_many(self, keys, version=None):
        return self._call("get_many", (keys, version), {}, dict)

    def has_key(self, key, version=None):
        return self._call("has_key", (key, version), {}, lambda: False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", (key, value, timeout, version), {}, lambda: False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", (key, value, timeout, version), {}, lambda: None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", (data, timeout, version), {}, lambda: list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", (key, timeout, version), {}, lambda: False)

    def delete(self, key, version=None):
        return self._call("delete", (key, version), {}, lambda: False)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", (keys, version), {}, lambda: None)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (Redis unavailable).")

        return self._call("incr", (key, delta, version), {}, missing)

    def clear(self):
        return self._call("clear", (), {}, lambda: False)

    def ping(self) -> bool:
        """Ask Redis itself, past the breaker (a readiness check): True when it answers."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except self._errors:
            return False
