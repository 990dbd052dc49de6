"""A short-lived shared cache of whole public pages, in the Django cache (Redis in production).

The leaderboard and model pages read stored scores that change only when they are recomputed,
yet rendering one costs 10-20 ms of CPU; serving a page from Redis costs well under one. A page
is cached for WEB_PAGE_CACHE_SECONDS (0 turns this off), keyed by its full address and by
whether htmx asked for the fragment, so a change shows up within that many seconds.

Only what is the same for every visitor may be cached: the pages that use this carry no user,
session or CSRF token (see their `body_attributes` block); responses that set cookies are
never stored. A stale CSP nonce in a cached page is harmless: the only script is htmx's
same-origin file, which `script-src 'self'` allows.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

STORED_HEADERS = ("Content-Type", "HX-Push-Url")


def page_cache_key(request) -> str:
    address = f"{bool(getattr(request, 'htmx', False))}|{request.get_full_path()}"
    return "web:page:" + hashlib.sha256(address.encode()).hexdigest()


def cached_public_page(view):
    """Serve the view's successful GET responses from the cache for a few seconds."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.WEB_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET":
            return view(request, *args, **kwargs)
        key = page_cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            headers, body = stored
            response = HttpResponse(body)
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = [(name, response[name]) for name in STORED_HEADERS if name in response]
            cache.set(key, (headers, response.content), seconds)
        return response

    return wrapper
