"""Per-address fixed-window limits, counted in the Django cache (Redis when REDIS_URL is set).

One limiter for the whole site (correction submissions, the JSON API): one atomic INCR per
request on the cache that is already configured, an exact Retry-After from the window's end.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


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


def hit(*, scope: str, identity: str, limit: int, period: int) -> Verdict:
    """Count one request of `identity` in the current window; refuse beyond `limit`."""
    now = int(time.time())
    window = now // period
    key = f"ratelimit:{scope}:{identity}:{window}"
    # add() sets the counter only when the window's key is new; incr() is atomic in Redis.
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this request opens a fresh window.
        cache.add(key, 1, timeout=period + 1)
        count = 1
    reset = max(1, (window + 1) * period - now)
    remaining = max(0, limit - count)
    if count <= limit:
        return Verdict(allowed=True, retry_after=0, remaining=remaining, reset=reset)
    return Verdict(allowed=False, retry_after=reset, remaining=0, reset=reset)
