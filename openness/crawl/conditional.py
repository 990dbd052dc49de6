"""One GET loop for the crawler's sources beside the Hub (GitHub's REST API, arXiv's feed).

Each source is described once (`Source`): its settings prefix, its shared limiter and bucket,
its request headers, what it does with every answer (record rate-limit headers, or hold the
next request for the pace it asks), how it reads an answer (accept, retry, refuse) and how it
decodes a body. `get` does the rest the same way for every source:

- waits on the shared Redis limiter before each attempt (openness/crawl/ratelimit.py);
- sends `If-None-Match` when a copy of the URL's last 200 answer is kept in Django's cache
  (Redis when REDIS_URL is set), and reuses that copy on 304;
- retries timeouts, transport errors and whatever the source calls retryable, with
  exponential backoff and jitter, `<PREFIX>_MAX_RETRIES` times, then raises the source's error.

Settings read per source: `<PREFIX>_TIMEOUT_SECONDS`, `<PREFIX>_MAX_RETRIES`,
`<PREFIX>_ETAG_CACHE_SECONDS` (0 keeps no copies).
"""

import hashlib
import logging
import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import httpx2
from django.conf import settings
from django.core.cache import cache

from openness.crawl.ratelimit import RateLimiter

logger = logging.getLogger(__name__)


class SharedLimiter:
    """The process's handle on one source's shared limiter.

    Calling it gives the limiter, made again when REDIS_URL changes (tests switch it). Inside
    `private()` requests use a limiter of this process alone, never the shared one in Redis:
    an evaluation against a loopback server must not spend or hold up the real quota.
    """

    def __init__(self, hub: str, *, reserve: int | None = None):
        self.hub = hub
        self.reserve = reserve
        self._limiter: RateLimiter | None = None
        self._for: str | None = None

    def __call__(self) -> RateLimiter:
        if self._limiter is None or self._for != settings.REDIS_URL:
            self._limiter = RateLimiter(self.hub, reserve=self.reserve)
            self._for = settings.REDIS_URL
        return self._limiter

    @contextmanager
    def private(self):
        saved = (self._limiter, self._for)
        self._limiter = RateLimiter(self.hub, redis_url="", reserve=self.reserve)
        self._for = settings.REDIS_URL
        try:
            yield self._limiter
        finally:
            self._limiter, self._for = saved


@dataclass(frozen=True)
class Retry:
    """An answer (or a failed attempt) worth trying again; `pause` None means the backoff."""

    problem: str
    pause: float | None = None


@dataclass(frozen=True)
class Fetched:
    """A decoded answer, fresh (200) or reused from the kept copy (304 Not Modified)."""

    url: str
    data: object
    etag: str
    from_cache: bool


@dataclass(frozen=True)
class Source:
    """What differs between the sources; see the module's docstring."""

    name: str  # cache-key prefix
    label: str  # for the log
    settings_prefix: str  # GITHUB, ARXIV
    limiter: SharedLimiter
    bucket: str
    error: type[Exception]
    headers: Callable[[], dict[str, str]]
    # Every answer, before it is read: rate-limit headers, pace.
    after: Callable[[httpx2.Response], None]
    # An answer other than a 304 with a kept copy: None accepts it, Retry tries again,
    # raising refuses it.
    judge: Callable[[str, httpx2.Response], Retry | None]
    decode: Callable[[str, bytes], object]  # may raise the source's error
    backoff_base: Callable[[], float]  # seconds before the first retry

    def setting(self, name: str):
        return getattr(settings, f"{self.settings_prefix}_{name}")

    def backoff(self, attempt: int) -> float:
        base = self.backoff_base() * (2**attempt)
        return min(base, 60.0) * (0.5 + random.random() / 2)


def _client(source: Source) -> httpx2.Client:
    timeout = float(source.setting("TIMEOUT_SECONDS"))
    return httpx2.Client(
        timeout=httpx2.Timeout(timeout, connect=min(timeout, 10.0)), follow_redirects=True
    )


def cache_key(source: Source, url: str) -> str:
    """Where the copy of `url`'s last 200 answer is kept (the full URL, query included)."""
    return f"{source.name}:etag:" + hashlib.sha256(url.encode()).hexdigest()


def _kept(key: str, keep: int) -> dict | None:
    """The kept copy of an earlier answer, if it is one this code wrote."""
    if not keep:
        return None
    stored = cache.get(key)
    if isinstance(stored, dict) and stored.get("etag") and "data" in stored:
        return stored
    return None


def get(source: Source, url: str, *, params: dict | None = None) -> Fetched:
    """GET `url` from `source`, conditionally when a copy is kept; see the module docstring."""
    full = str(httpx2.URL(url, params=params or {}))
    key = cache_key(source, full)
    keep = int(source.setting("ETAG_CACHE_SECONDS"))
    stored = _kept(key, keep)
    retries = int(source.setting("MAX_RETRIES"))
    last_problem = ""
    with _client(source) as http:
        for attempt in range(retries + 1):
            waited = source.limiter().wait(source.bucket)
            if waited:
                logger.info("%s: waited %.1fs before %s", source.label, waited, full)
            headers = source.headers()
            if stored:
                headers["If-None-Match"] = stored["etag"]
            try:
                response = http.get(full, headers=headers)
            except (httpx2.TimeoutException, httpx2.TransportError) as exc:
                retry = Retry(f"{type(exc).__name__}: {exc}")
            else:
                source.after(response)
                if response.status_code == 304 and stored:
                    return Fetched(full, stored["data"], stored["etag"], True)
                retry = source.judge(full, response)
                if retry is None:
                    data = source.decode(full, response.content)
                    etag = response.headers.get("etag", "")
                    if etag and keep:
                        cache.set(key, {"etag": etag, "data": data}, keep)
                    return Fetched(full, data, etag, False)
            last_problem = retry.problem
            if attempt < retries:
                pause = source.backoff(attempt) if retry.pause is None else retry.pause
                logger.warning(
                    "GET %s: %s; retry %d in %.1fs", full, last_problem, attempt + 1, pause
                )
                time.sleep(pause)
    raise source.error(f"GET {full} failed after {retries + 1} attempts: {last_problem}")
