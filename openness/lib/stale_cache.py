"""Cache an expensive value so that only one process recomputes it, the rest serve it stale.

A plain `cache.get` / compute / `cache.set` lets every request that arrives while an entry
is missing compute it at the same time: when a 60-second page or a 600-second count over the
3,000,000-row Hub catalog expires under 16 connections, 16 requests run the same second-long
query on two cores and the site stalls for seconds (a "cache stampede"). Here an entry carries
the moment it goes stale and is kept for as long again after that:

- fresh: served;
- stale (same version): one request, holding a short lock (`cache.add`), recomputes it while
  every other request keeps serving the stale value;
- missing, or written for another version (the data changed): never served stale. One
  request computes it; the others wait for that one (polling its lock) instead of computing
  the same thing, and compute it themselves only if it takes longer than WAIT_SECONDS.
"""

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

# How long a recomputation may hold its lock (if its process dies, another takes over then).
LOCK_SECONDS = 30
# How long a request waits for another one's computation before doing it itself.
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.01


def remembered(
    key: str,
    compute: Callable[[], tuple[Any, Any]],
    *,
    seconds: int,
    version: object = None,
    admit: Callable[[], bool] | None = None,
    entry: Any = None,
    entry_read: bool = False,
) -> Any:
    """The value stored under key, or compute()'s; compute returns (result, value to store).

    compute() returns what this request answers with and what to store (None: store nothing,
    e.g. for an error page). A cached value is returned as stored. Entries written for another
    `version` count as missing. When a value is missing and admit() answers False, compute()'s
    result is returned and nothing is stored (an admission policy: store what is asked again).
    A caller that has read the key's entry already (in one get_many with others) passes it as
    `entry` with entry_read=True.
    """
    if not entry_read:
        entry = cache.get(key)
    if entry is not None and entry[0] == version:
        _, fresh_until, value = entry
        if time.time() < fresh_until:
            return value
        if not cache.add(_lock_key(key), 1, LOCK_SECONDS):
            return value  # another request is recomputing it
        return _compute_and_store(key, compute, seconds, version, locked=True)
    if admit is not None and not admit():
        return compute()[0]
    if cache.add(_lock_key(key), 1, LOCK_SECONDS):
        return _compute_and_store(key, compute, seconds, version, locked=True)
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline and cache.get(_lock_key(key)) is not None:
        time.sleep(POLL_SECONDS)
    entry = cache.get(key)
    if entry is not None and entry[0] == version:
        return entry[2]
    return _compute_and_store(key, compute, seconds, version, locked=False)


def _lock_key(key: str) -> str:
    return key + ":computing"


def _compute_and_store(key, compute, seconds, version, *, locked: bool):
    try:
        result, stored = compute()
        if stored is not None:
            # Kept as long again after it goes stale, so that a recomputation serves it.
            cache.set(key, (version, time.time() + seconds, stored), seconds * 2)
    finally:
        if locked:
            cache.delete(_lock_key(key))
    return result
