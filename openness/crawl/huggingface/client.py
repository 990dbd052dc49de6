"""The HTTP side: one huggingface_hub session with timeouts and the shared rate limiter.

huggingface_hub 2.x sets no timeout by default, so a client factory with timeouts is installed
before the first request. Its event hooks feed every response's RateLimit headers into the
shared limiter and make every request wait for the limiter first, whichever huggingface_hub
function sends it.
"""

import json
import logging
import random
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

import httpx2
from django.conf import settings
from huggingface_hub.errors import HfHubHTTPError
from huggingface_hub.utils import (
    build_hf_headers,
    get_session,
    hf_raise_for_status,
    parse_ratelimit_headers,
    set_client_factory,
)
from huggingface_hub.utils._http import hf_request_event_hook

from openness.crawl.hubs import HubError
from openness.crawl.ratelimit import RateLimiter

logger = logging.getLogger(__name__)

HUB_NAME = "huggingface"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

_install_lock = threading.Lock()
_installed_with: tuple | None = None
_limiter: RateLimiter | None = None


def limiter() -> RateLimiter:
    """The process's handle on the shared limiter for this hub."""
    global _limiter
    if _limiter is None:
        _limiter = RateLimiter(HUB_NAME)
    return _limiter


def bucket_for(url: str) -> str:
    """The Hub's quota bucket a request counts against (files go through the resolvers)."""
    return "resolvers" if "/resolve/" in url else "api"


def _before_request(request: httpx2.Request) -> None:
    waited = limiter().wait(bucket_for(str(request.url)))
    if waited:
        logger.info("rate limit: waited %.1fs before %s", waited, request.url)


def _after_response(response: httpx2.Response) -> None:
    info = parse_ratelimit_headers(response.headers)
    if info is not None:
        limiter().record(
            info.resource_type, remaining=info.remaining, reset_in=info.reset_in_seconds
        )


def client_factory() -> httpx2.Client:
    """The httpx2 client huggingface_hub uses: timeouts, limiter hooks, redirects followed."""
    timeout = float(settings.HUB_TIMEOUT_SECONDS)
    return httpx2.Client(
        event_hooks={
            "request": [hf_request_event_hook, _before_request],
            "response": [_after_response],
        },
        follow_redirects=True,
        timeout=httpx2.Timeout(timeout, connect=min(timeout, 10.0)),
    )


def session() -> httpx2.Client:
    """huggingface_hub's shared session, with this module's factory installed."""
    global _installed_with
    wanted = (settings.HUB_TIMEOUT_SECONDS, settings.REDIS_URL)
    if _installed_with != wanted:
        with _install_lock:
            if _installed_with != wanted:
                global _limiter
                _limiter = None
                set_client_factory(client_factory)
                _installed_with = wanted
    return get_session()


def headers() -> dict[str, str]:
    """Request headers: the token from settings (never one found on the machine)."""
    return build_hf_headers(token=settings.HUB_TOKEN or False, library_name="openness")


@dataclass(frozen=True)
class Fetched:
    """A successful response, read."""

    url: str
    status: int
    headers: httpx2.Headers
    body: bytes
    next_url: str = ""


def _backoff(attempt: int) -> float:
    base = settings.HUB_BACKOFF_SECONDS * (2**attempt)
    return min(base, 60.0) * (0.5 + random.random() / 2)


def get(url: str, *, params=None, max_bytes: int | None = None) -> Fetched:
    """GET with retries on timeouts, transport errors, 408/429/5xx and truncated bodies.

    Raises huggingface_hub's errors for 4xx answers (RepositoryNotFoundError, GatedRepoError,
    ...), ValueError for a body over `max_bytes`, and HubError when the retries run out.
    """
    retries = settings.HUB_MAX_RETRIES
    last_problem = ""
    for attempt in range(retries + 1):
        try:
            with session().stream("GET", url, params=params, headers=headers()) as response:
                if response.status_code in RETRY_STATUSES:
                    last_problem = f"HTTP {response.status_code}"
                    pause = _retry_pause(response, attempt)
                else:
                    if response.status_code >= 400:
                        response.read()
                        hf_raise_for_status(response)
                    body = _read_capped(response, max_bytes)
                    link = response.links.get("next", {}).get("url", "")
                    return Fetched(
                        url=str(response.url),
                        status=response.status_code,
                        headers=response.headers,
                        body=body,
                        next_url=link,
                    )
        except (httpx2.TimeoutException, httpx2.TransportError) as exc:
            last_problem = f"{type(exc).__name__}: {exc}"
            pause = _backoff(attempt)
        if attempt < retries:
            logger.warning("GET %s: %s; retry %d in %.1fs", url, last_problem, attempt + 1, pause)
            time.sleep(pause)
    raise HubError(f"GET {url} failed after {retries + 1} attempts: {last_problem}")


def _retry_pause(response: httpx2.Response, attempt: int) -> float:
    """How long to wait before retrying: a 429 waits for the window the hub names."""
    if response.status_code == 429:
        info = parse_ratelimit_headers(response.headers)
        if info is not None:
            # Everyone waits: the limiter now holds remaining=0 until the reset.
            limiter().record(info.resource_type, remaining=0, reset_in=info.reset_in_seconds)
            return 0.0  # the request hook waits on the limiter before the retry
        retry_after = response.headers.get("Retry-After", "")
        if retry_after.isdigit():
            return float(retry_after)
    return _backoff(attempt)


def _read_capped(response: httpx2.Response, max_bytes: int | None) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if max_bytes is not None and declared.isdigit() and int(declared) > max_bytes:
        raise ValueError(f"{int(declared):,} bytes is over the limit of {max_bytes:,}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise ValueError(f"body over the limit of {max_bytes:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def get_json(url: str, *, params=None) -> tuple[object, Fetched]:
    """GET a JSON document; a body that does not parse is retried like a truncated one."""
    last_error: Exception | None = None
    for _ in range(2):
        fetched = get(url, params=params)
        try:
            return json.loads(fetched.body), fetched
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            last_error = exc
            logger.warning("GET %s: the body is not JSON (%s); fetching it again", url, exc)
    raise HubError(f"GET {url}: the body is not JSON: {last_error}")


__all__ = ["Fetched", "HfHubHTTPError", "get", "get_json", "limiter", "session"]


@contextmanager
def private_limiter():
    """Requests in this block use a limiter of their own, in this process, never the shared
    one in Redis (an evaluation against the loopback hub must not overwrite the real Hub's
    budget)."""
    global _limiter
    session()
    saved, _limiter = _limiter, RateLimiter(HUB_NAME, redis_url="")
    try:
        yield _limiter
    finally:
        _limiter = saved
