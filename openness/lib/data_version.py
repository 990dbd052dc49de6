"""A counter that moves whenever published data changes, kept in the shared cache.

Cached pages include it in their key, so a change (an accepted correction, a curator's edit, a
crawl) is visible on the next request instead of when the page's cache entry expires.
"""

from django.core.cache import cache

KEY = "openness:data-version"


def current() -> int:
    """The counter's value (0 before the first change since the cache was emptied)."""
    return cache.get(KEY, 0)


def bump() -> None:
    """Move the counter; atomic on Redis."""
    if not cache.add(KEY, 1, timeout=None):
        try:
            cache.incr(KEY)
        except ValueError:  # evicted between add() and incr()
            cache.set(KEY, 1, timeout=None)
