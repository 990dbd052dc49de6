"""A counter that moves whenever published data changes: in the cache, and in PostgreSQL.

Cached pages are stored with it, so a change (an accepted correction, a curator's edit, a
crawl) is visible on the next request instead of when the page's cache entry expires. Pages
read the cache's copy (one small read, on the cache that serves them anyway). Every move is
also counted in a PostgreSQL sequence (web migration 0001), which names the data's version
while the cache's Redis is down: then nothing is cached, and each process's own copies (the
methodology context, page frames) are kept under the database's number instead.
"""

from django.core.cache import cache
from django.db import connection, transaction

from openness.lib import redis_cache

KEY = "openness:data-version"
SEQUENCE = "openness_data_version"


def cache_available() -> bool:
    """False while the cache's Redis is down (lib/redis_cache.py); True for other caches."""
    return getattr(cache, "available", True)


def current() -> int | str:
    """The cache's counter (0 before the first change since it was emptied), or while the cache
    is down the database's, as "db-N" so that it never equals one of the cache's."""
    if cache_available():
        value = cache.get(KEY)
        if cache_available():
            return value or 0
    return f"db-{from_database()}"


def from_database() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {SEQUENCE}"  # noqa: S608
        )
        return cursor.fetchone()[0]


def bump() -> None:
    """Move the counter in the database and in the cache (atomic on Redis)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [SEQUENCE])
    _bump_cache()


def _bump_cache() -> None:
    if not cache_available():
        return
    if not cache.add(KEY, 1, timeout=None):
        try:
            cache.incr(KEY)
        except ValueError:  # evicted between add() and incr(), or Redis went away
            cache.set(KEY, 1, timeout=None)


# A change made while Redis was down could not move the cache's counter, and a Redis that was
# frozen comes back with its pages: each process that saw the outage moves the counter once
# when Redis answers again, so no page cached before the outage is served after it.
redis_cache.on_recovery(_bump_cache)


class BumpsDataVersion:
    """A ModelAdmin mixin: an edit, an inline edit or a deletion made in the admin moves the
    counter once committed, so published pages (and each process's copy of the methodology)
    show it on the next request like any other change."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        transaction.on_commit(bump)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(bump)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(bump)
