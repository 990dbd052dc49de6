"""reverse(), remembered.

Django's reverse() costs some 30 µs a call, and a page names many addresses: the model page's
template asked for 22 (the header's links, the model's own pages, the ranking and methodology
links), a third of its template time. The same view and arguments give the same address for as
long as the URLconf and the script prefix stay the same, so the address is kept, by all of them.
Only plain arguments (text, numbers) are kept; any other reverses every time.
"""

from threading import Lock

from cachetools import LRUCache, cached
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Distinct addresses a process keeps: the header's and every model page's few, for the models
# read lately.
ADDRESSES_HELD = 4096
_PLAIN = (str, int)


def _key(viewname, args, kwargs, current_app):
    return (
        viewname,
        args,
        kwargs,
        current_app,
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
    )


@cached(LRUCache(maxsize=ADDRESSES_HELD), key=_key, lock=Lock())
def _reverse_held(viewname, args, kwargs, current_app):
    return reverse(viewname, args=args, kwargs=dict(kwargs), current_app=current_app)


def cached_reverse(viewname, args=None, kwargs=None, current_app=None) -> str:
    """reverse(viewname, args=..., kwargs=..., current_app=...), kept for the same arguments
    while the URLconf and script prefix stay; NoReverseMatch as reverse raises it."""
    args = tuple(args or ())
    kwargs = tuple(sorted((kwargs or {}).items()))
    plain = all(type(a) in _PLAIN for a in args) and all(type(v) in _PLAIN for _, v in kwargs)
    if not isinstance(viewname, str) or not plain:
        return reverse(viewname, args=args, kwargs=dict(kwargs), current_app=current_app)
    return _reverse_held(viewname, args, kwargs, current_app)
