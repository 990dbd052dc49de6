"""Per-address fixed-window limits: django-ratelimit, counting in the "ratelimit" cache.

One limiter for the whole site (correction submissions, the JSON API): django-ratelimit's
get_usage (an atomic ADD then INCR per request) in settings.RATELIMIT_USE_CACHE, which is
Redis shared by every process, or while Redis is down each process's own memory (see
lib/redis_cache.py): a limit then holds per process instead of failing open, and a request
never waits for a Redis that does not answer. Each identity's window ends at its own moment
(django-ratelimit staggers them), and Retry-After says when.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends (0 when allowed)
    remaining: int = 0  # requests left in this window
    reset: int = 0  # seconds until the window ends


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the hop CLIENT_IP_PROXY_HOPS proxies report."""
    hops = settings.CLIENT_IP_PROXY_HOPS
    if hops:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(ip: str) -> str:
    """A keyed digest of an address: links one submitter's corrections, never stores the address."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"corrections-ip:{ip}".encode(), hashlib.sha256).hexdigest()


def _usage(scope: str, identity: str, limit: int, period: int) -> dict | None:
    return get_usage(
        None,
        group=f"openness:{scope}",
        key=lambda _group, _request: identity,
        rate=(limit, period),
        increment=True,
    )


def _not_counted(usage: dict | None) -> bool:
    """get_usage's answer when neither Redis nor the fallback could count (limit 0)."""
    return usage is not None and usage["limit"] == 0 and usage["time_left"] == -1


def hit(*, scope: str, identity: str, limit: int, period: int) -> Verdict:
    """Count one request of `identity` in the current window; refuse beyond `limit`."""
    usage = _usage(scope, identity, limit, period)
    if _not_counted(usage):
        # Redis went away between the window's ADD, which it answered (the window existed),
        # and its INCR, which the fallback answered without the window: count once more, now
        # wholly in the fallback. A request at the moment Redis stopped was refused (a 429 in
        # the fault suite) where the limit should hold per process.
        usage = _usage(scope, identity, limit, period)
    if usage is None:  # RATELIMIT_ENABLE is off
        return Verdict(allowed=True, retry_after=0, remaining=limit, reset=period)
    # get_usage answers limit 0 when even the fallback could not count: refuse (fail closed).
    reset = min(period, max(1, usage["time_left"]))
    if not usage["should_limit"]:
        remaining = max(0, usage["limit"] - usage["count"])
        return Verdict(allowed=True, retry_after=0, remaining=remaining, reset=reset)
    return Verdict(allowed=False, retry_after=reset, remaining=0, reset=reset)


def refused_page(request, *, scope: str, limit: int, period: int, template: str):
    """A 429 page with Retry-After once this address has used up `limit` in `period` seconds
    for `scope`; None while it may go on. The page gets retry_after and retry_minutes."""
    verdict = hit(scope=scope, identity=ip_hash(client_ip(request)), limit=limit, period=period)
    if verdict.allowed:
        return None
    response = render(
        request,
        template,
        {"retry_after": verdict.retry_after, "retry_minutes": -(-verdict.retry_after // 60)},
        status=429,
    )
    response["Retry-After"] = str(verdict.retry_after)
    return response
