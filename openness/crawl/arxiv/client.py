"""arXiv's export API over HTTP: timeouts, retries with backoff, ETags and the shared limiter.

`GET {ARXIV_API_URL}/query?id_list=ID1,ID2&max_results=N` answers an Atom feed, one `<entry>`
per id it knows (feed.py reads it). arXiv sends no rate-limit headers; its terms ask for one
request every three seconds from all of a deployment's clients together. So after every
answer the shared Redis limiter (openness/crawl/ratelimit.py, hub "arxiv") is told that no
request remains for ARXIV_MIN_INTERVAL_SECONDS, and every request first waits on it: all
workers together keep that pace. arXiv signals throttling with HTTP 429/503 or a plain-text
body "Rate exceeded."; both are retried after a backoff.

Conditional requests: a 200 answer's ETag and body are kept in Django's cache (Redis when
REDIS_URL is set) when arXiv sends one; the next request for the same URL sends
`If-None-Match` and a 304 reuses the kept body.
"""

import hashlib
import logging
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass

import httpx2
from django.conf import settings
from django.core.cache import cache

from openness.crawl.ratelimit import RateLimiter

logger = logging.getLogger(__name__)

HUB_NAME = "arxiv"  # the limiter's name for arXiv's pace
BUCKET = "api"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
THROTTLED_BODY = b"Rate exceeded."

_limiter: RateLimiter | None = None
_limiter_for: str | None = None


class ArxivError(Exception):
    """An arXiv request failed after its retries, or answered something unreadable."""


def limiter() -> RateLimiter:
    """The process's handle on the shared limiter for arXiv."""
    global _limiter, _limiter_for
    if _limiter is None or _limiter_for != settings.REDIS_URL:
        _limiter, _limiter_for = RateLimiter(HUB_NAME, reserve=0), settings.REDIS_URL
    return _limiter


@contextmanager
def private_limiter():
    """Requests in this block use a limiter of their own, in this process, never the shared
    one in Redis (an evaluation against the loopback arXiv must not hold up real crawls)."""
    global _limiter, _limiter_for
    saved = (_limiter, _limiter_for)
    _limiter, _limiter_for = RateLimiter(HUB_NAME, redis_url="", reserve=0), settings.REDIS_URL
    try:
        yield _limiter
    finally:
        _limiter, _limiter_for = saved


def _pace() -> None:
    """No request for ARXIV_MIN_INTERVAL_SECONDS after this one, across all workers."""
    interval = float(settings.ARXIV_MIN_INTERVAL_SECONDS)
    if interval > 0:
        limiter().record(BUCKET, remaining=0, reset_in=interval)


def _client() -> httpx2.Client:
    timeout = float(settings.ARXIV_TIMEOUT_SECONDS)
    return httpx2.Client(
        timeout=httpx2.Timeout(timeout, connect=min(timeout, 10.0)), follow_redirects=True
    )


def _cache_key(url: str) -> str:
    return "arxiv:etag:" + hashlib.sha256(url.encode()).hexdigest()


def _backoff(attempt: int) -> float:
    base = max(settings.HUB_BACKOFF_SECONDS, settings.ARXIV_MIN_INTERVAL_SECONDS) * (2**attempt)
    return min(base, 60.0) * (0.5 + random.random() / 2)


@dataclass(frozen=True)
class Response:
    """A feed's bytes, fresh (200) or reused from the stored copy (304)."""

    url: str
    body: bytes
    etag: str
    from_cache: bool


def get_feed(url: str, *, params: dict | None = None) -> Response:
    """GET an Atom feed from arXiv's API, conditionally when a copy is stored.

    Raises ArxivError for 4xx answers other than 429, for a throttled answer once the retries
    run out, and when the retries (timeouts, transport errors, 5xx) run out.
    """
    full = str(httpx2.URL(url, params=params or {}))
    key = _cache_key(full)
    keep = settings.ARXIV_ETAG_CACHE_SECONDS
    stored = cache.get(key) if keep else None
    retries = settings.ARXIV_MAX_RETRIES
    last_problem = ""
    with _client() as http:
        for attempt in range(retries + 1):
            waited = limiter().wait(BUCKET)
            if waited:
                logger.info("arXiv pace: waited %.1fs before %s", waited, full)
            headers = {"User-Agent": "openness-crawler", "Accept": "application/atom+xml"}
            if stored:
                headers["If-None-Match"] = stored["etag"]
            try:
                response = http.get(full, headers=headers)
            except (httpx2.TimeoutException, httpx2.TransportError) as exc:
                last_problem = f"{type(exc).__name__}: {exc}"
            else:
                _pace()
                status = response.status_code
                if status == 304 and stored:
                    return Response(full, stored["body"], stored["etag"], True)
                if status == 200 and response.content.strip() != THROTTLED_BODY:
                    etag = response.headers.get("etag", "")
                    if etag and keep:
                        cache.set(key, {"etag": etag, "body": response.content}, keep)
                    return Response(full, response.content, etag, False)
                if status == 200:
                    last_problem = "throttled (Rate exceeded.)"
                elif status in RETRY_STATUSES:
                    last_problem = f"HTTP {status}"
                else:
                    raise ArxivError(f"GET {full}: HTTP {status}")
            if attempt < retries:
                pause = _backoff(attempt)
                logger.warning(
                    "GET %s: %s; retry %d in %.1fs", full, last_problem, attempt + 1, pause
                )
                time.sleep(pause)
    raise ArxivError(f"GET {full} failed after {retries + 1} attempts: {last_problem}")
