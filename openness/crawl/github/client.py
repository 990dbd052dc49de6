"""GitHub's REST API over HTTP: timeouts, retries with backoff, ETags and the shared limiter.

Every response's `x-ratelimit-remaining` / `x-ratelimit-reset` / `x-ratelimit-resource`
headers are written into the shared Redis limiter (openness/crawl/ratelimit.py, hub "github",
one bucket per GitHub resource: core, search, ...), and every request first waits on it, so
all workers together stay inside the one hourly quota the token (or the address) has.

Conditional requests: a 200 answer's ETag and body are kept in Django's cache (Redis when
REDIS_URL is set); the next request for the same URL sends `If-None-Match` and a 304 reuses
the kept body. A 304 does not count against GitHub's quota.

httpx2 is the HTTP client huggingface_hub already brings in; no GitHub library is needed for
three GET endpoints. The request loop is the one every such source shares
(openness/crawl/conditional.py); what is GitHub's own is here.
"""

import json
import logging
import time

import httpx2
from django.conf import settings

from openness.crawl import conditional
from openness.crawl.conditional import Retry

logger = logging.getLogger(__name__)

HUB_NAME = "github"  # the limiter's name for GitHub's quota
RETRY_STATUSES = frozenset({408, 500, 502, 503, 504})
API_VERSION = "2022-11-28"

# The process's handle on the shared limiter for GitHub; `private_limiter()` gives requests
# in its block a limiter of their own, in this process, never the shared one in Redis (an
# evaluation against the loopback GitHub must not spend the real quota).
limiter = conditional.SharedLimiter(HUB_NAME)
private_limiter = limiter.private

Response = conditional.Fetched  # a JSON answer, fresh (200) or reused (304)


class GitHubError(Exception):
    """A GitHub request failed after its retries, or answered something unreadable."""


class NotFound(GitHubError):
    """404: the repository (or branch, or README) does not exist or is not public."""


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


def _rate_limited(response: httpx2.Response) -> bool:
    """GitHub's primary limit (403 with 0 remaining), its secondary limit, or a 429."""
    if response.status_code == 429:
        return True
    if response.status_code != 403:
        return False
    headers = response.headers
    return headers.get("x-ratelimit-remaining", "") == "0" or "retry-after" in headers


def _limited_pause(response: httpx2.Response) -> float | None:
    """The wait before retrying a rate-limited request (None: the usual backoff)."""
    retry_after = response.headers.get("retry-after", "")
    if retry_after.isdigit():
        return min(float(retry_after), float(settings.HUB_RATE_LIMIT_MAX_WAIT_SECONDS))
    if response.headers.get("x-ratelimit-remaining", "") == "0":
        return 0.0  # recorded as 0 remaining: the limiter makes the next attempt wait
    return None


def _judge(url: str, response: httpx2.Response) -> Retry | None:
    status = response.status_code
    if status == 200:
        return None
    if status == 404:
        raise NotFound(f"GET {url}: HTTP 404")
    if _rate_limited(response):
        return Retry(f"HTTP {status} rate limited", _limited_pause(response))
    if status in RETRY_STATUSES:
        return Retry(f"HTTP {status}")
    raise GitHubError(f"GET {url}: HTTP {status}")


def _decode(url: str, content: bytes) -> object:
    try:
        return json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GitHubError(f"GET {url}: the body is not JSON: {exc}") from None


SOURCE = conditional.Source(
    name="github",
    label="GitHub rate limit",
    settings_prefix="GITHUB",
    limiter=limiter,
    bucket="core",
    error=GitHubError,
    headers=_headers,
    after=lambda response: record_rate_limit(response.headers),
    judge=_judge,
    decode=_decode,
    backoff_base=lambda: settings.HUB_BACKOFF_SECONDS,
)


def get_json(url: str, *, params: dict | None = None) -> Response:
    """GET a JSON document from GitHub, conditionally when a copy is stored.

    Raises NotFound for 404 and GitHubError for other 4xx answers, for bodies that are not
    JSON, and when the retries (timeouts, transport errors, 5xx, rate limits) run out.
    """
    return conditional.get(SOURCE, url, params=params)
