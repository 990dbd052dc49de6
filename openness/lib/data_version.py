"""A counter that moves whenever published data changes, kept in the shared cache.

Cached pages include it in their key, so a change (an accepted correction, a curator's edit, a
crawl) is visible on the next request instead of when the page's cache entry expires.
"""

from django.core.cache import cache
from django.db import transaction

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
