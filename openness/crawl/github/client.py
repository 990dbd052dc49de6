"""GitHub's REST API over HTTP: timeouts, retries with backoff, ETags and the shared limiter.

Every response's `x-ratelimit-remaining` / `x-ratelimit-reset` / `x-ratelimit-resource`
headers are written into the shared Redis limiter (openness/crawl/ratelimit.py, hub "github",
one bucket per GitHub resource: core, search, ...), and every request first waits on it, so
all workers together stay inside the one hourly quota the token (or the address) has.

Conditional requests: a 200 answer's ETag and body are kept in Django's cache (Redis when
REDIS_URL is set); the next request for the same URL sends `If-None-Match` and a 304 reuses
the kept body. A 304 does not count against GitHub's quota.

httpx2 is the HTTP client huggingface_hub already brings in; no GitHub library is needed for
three GET endpoints.
"""

import hashlib
import json
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

HUB_NAME = "github"  # the limiter's name for GitHub's quota
RETRY_STATUSES = frozenset({408, 500, 502, 503, 504})
API_VERSION = "2022-11-28"

_limiter: RateLimiter | None = None
_limiter_for: str | None = None


class GitHubError(Exception):
    """A GitHub request failed after its retries, or answered something unreadable."""


class NotFound(GitHubError):
    """404: the repository (or branch, or README) does not exist or is not public."""


def limiter() -> RateLimiter:
    """The process's handle on the shared limiter for GitHub."""
    global _limiter, _limiter_for
    if _limiter is None or _limiter_for != settings.REDIS_URL:
        _limiter, _limiter_for = RateLimiter(HUB_NAME), settings.REDIS_URL
    return _limiter


@contextmanager
def private_limiter():
    """Requests in this block use a limiter of their own, in this process, never the shared
    one in Redis (an evaluation against the loopback GitHub must not spend the real quota)."""
    global _limiter, _limiter_for
    saved = (_limiter, _limiter_for)
    _limiter, _limiter_for = RateLimiter(HUB_NAME, redis_url=""), settings.REDIS_URL
    try:
        yield _limiter
    finally:
        _limiter, _limiter_for = saved


def record_rate_limit(headers: httpx2.Headers) -> dict | None:
    """Write GitHub's rate-limit headers into the shared limiter; what was recorded."""
    remaining = headers.get("x-ratelimit-remaining", "")
    reset = headers.get("x-ratelimit-reset", "")
    if not remaining.isdigit() or not reset.isdigit():
        return None
    bucket = headers.get("x-ratelimit-resource", "") or "core"
    reset_in = max(0.0, int(reset) - time.time())
    limiter().record(bucket, remaining=int(remaining), reset_in=reset_in)
    return {"bucket": bucket, "remaining": int(remaining), "reset_in": reset_in}


def _headers() -> dict[str, str]:
    headers = {
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": API_VERSION,
        "User-Agent": "openness-crawler",
    }
    if settings.GITHUB_TOKEN:
        headers["Authorization"] = f"Bearer {settings.GITHUB_TOKEN}"
    return headers


def _client() -> httpx2.Client:
    timeout = float(settings.GITHUB_TIMEOUT_SECONDS)
    return httpx2.Client(
        timeout=httpx2.Timeout(timeout, connect=min(timeout, 10.0)), follow_redirects=True
    )


def _cache_key(url: str) -> str:
    return "github:etag:" + hashlib.sha256(url.encode()).hexdigest()


def _backoff(attempt: int) -> float:
    base = settings.HUB_BACKOFF_SECONDS * (2**attempt)
    return min(base, 60.0) * (0.5 + random.random() / 2)


@dataclass(frozen=True)
class Response:
    """A JSON answer, fresh (200) or reused from the stored copy (304)."""

    url: str
    data: object
    etag: str
    from_cache: bool  # True when GitHub answered 304 Not Modified


def _rate_limited(response: httpx2.Response) -> bool:
    """GitHub's primary limit (403 with 0 remaining), its secondary limit, or a 429."""
    if response.status_code == 429:
        return True
    if response.status_code != 403:
        return False
    headers = response.headers
    return headers.get("x-ratelimit-remaining", "") == "0" or "retry-after" in headers


def _limited_pause(response: httpx2.Response, attempt: int) -> float:
    """The wait before retrying a rate-limited request (the limiter holds the window)."""
    retry_after = response.headers.get("retry-after", "")
    if retry_after.isdigit():
        return min(float(retry_after), float(settings.HUB_RATE_LIMIT_MAX_WAIT_SECONDS))
    if response.headers.get("x-ratelimit-remaining", "") == "0":
        return 0.0  # recorded as 0 remaining: the limiter makes the next attempt wait
    return _backoff(attempt)


def get_json(url: str, *, params: dict | None = None) -> Response:
    """GET a JSON document from GitHub, conditionally when a copy is stored.

    Raises NotFound for 404 and GitHubError for other 4xx answers, for bodies that are not
    JSON, and when the retries (timeouts, transport errors, 5xx, rate limits) run out.
    """
    full = str(httpx2.URL(url, params=params or {}))
    key = _cache_key(full)
    stored = cache.get(key) if settings.GITHUB_ETAG_CACHE_SECONDS else None
    retries = settings.GITHUB_MAX_RETRIES
    last_problem = ""
    with _client() as http:
        for attempt in range(retries + 1):
            waited = limiter().wait("core")
            if waited:
                logger.info("GitHub rate limit: waited %.1fs before %s", waited, full)
            headers = _headers()
            if stored:
                headers["If-None-Match"] = stored["etag"]
            try:
                response = http.get(full, headers=headers)
            except (httpx2.TimeoutException, httpx2.TransportError) as exc:
                last_problem = f"{type(exc).__name__}: {exc}"
                pause = _backoff(attempt)
            else:
                record_rate_limit(response.headers)
                status = response.status_code
                if status == 304 and stored:
                    return Response(full, stored["data"], stored["etag"], True)
                if status == 200:
                    return _fresh(full, key, response)
                if status == 404:
                    raise NotFound(f"GET {full}: HTTP 404")
                if _rate_limited(response):
                    last_problem = f"HTTP {status} rate limited"
                    pause = _limited_pause(response, attempt)
                elif status in RETRY_STATUSES:
                    last_problem = f"HTTP {status}"
                    pause = _backoff(attempt)
                else:
                    raise GitHubError(f"GET {full}: HTTP {status}")
            if attempt < retries:
                logger.warning(
                    "GET %s: %s; retry %d in %.1fs", full, last_problem, attempt + 1, pause
                )
                time.sleep(pause)
    raise GitHubError(f"GET {full} failed after {retries + 1} attempts: {last_problem}")


def _fresh(url: str, key: str, response: httpx2.Response) -> Response:
    try:
        data = json.loads(response.content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GitHubError(f"GET {url}: the body is not JSON: {exc}") from None
    etag = response.headers.get("etag", "")
    if etag and settings.GITHUB_ETAG_CACHE_SECONDS:
        cache.set(key, {"etag": etag, "data": data}, settings.GITHUB_ETAG_CACHE_SECONDS)
    return Response(url, data, etag, False)
