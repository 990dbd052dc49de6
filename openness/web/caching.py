"""A short-lived shared cache of whole public pages, in the Django cache (Redis in production).

The leaderboard and model pages read stored scores that change only when they are recomputed,
yet rendering one costs 10-20 ms of CPU; serving a page from Redis costs well under one. A page
is cached for WEB_PAGE_CACHE_SECONDS (0 turns this off), keyed by its full address and by
whether htmx asked for the fragment, and stored with lib.data_version, which every change to
assessments or scores moves, so a change shows up on the next request. When an entry goes
stale, one request renders it again while the others serve the stale copy, and when one is
missing the others wait for that one render (lib.stale_cache): a popular page expiring under
load costs one render, not one per waiting request.

Only what is the same for every visitor may be cached: the pages that use this carry no user,
session or CSRF token (see their `body_attributes` block); responses that set cookies are
never stored. A stale CSP nonce in a cached page is harmless: the only script is htmx's
same-origin file, which `script-src 'self'` allows.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe

from openness.lib import data_version
from openness.lib.stale_cache import remembered

STORED_HEADERS = ("Content-Type", "HX-Push-Url")


def page_cache_key(request) -> str:
    htmx = bool(getattr(request, "htmx", False))
    address = f"{htmx}|{request.get_full_path()}"
    return "web:page:" + hashlib.sha256(address.encode()).hexdigest()


def cached_public_page(view):
    """Serve the view's successful GET responses from the cache for a few seconds."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.WEB_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET":
            return view(request, *args, **kwargs)

        def render():
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response, None
            headers = [(name, response[name]) for name in STORED_HEADERS if name in response]
            return response, (headers, response.content)

        # The data version is part of the entry, not of the key: after a change the old page
        # is never served, but it is replaced in place rather than left to expire.
        answer = remembered(
            page_cache_key(request), render, seconds=seconds, version=data_version.current()
        )
        if isinstance(answer, HttpResponse):
            return answer
        headers, body = answer
        response = HttpResponse(body)
        for name, value in headers:
            response[name] = value
        return response

    return wrapper


# Stand-ins for the parts of a page that a frame leaves out. User input never holds NUL (the
# RefuseNulCharactersMiddleware refuses it), so no query string can forge one.
ROWS_SLOT = mark_safe("\x00rows\x00")
PAGER_SLOT = mark_safe("\x00pager\x00")


def page_frame(key: tuple, render) -> str:
    """A page rendered without its rows, from this process's frame cache or by render().

    A page of the leaderboard is a frame (the header, the filter form with the query's
    choices, the column headings, the legend, the footer) around fifty rows and the links to
    the next and previous pages. The frame is the same on every page of one query, and costs
    about as much to render as everything else together; render() draws it with ROWS_SLOT and
    PAGER_SLOT in place of the rows and the page links, which the caller splices in.

    `key` must hold everything the frame shows: the data version (a methodology context's
    token), the query without its cursor, and what the query found that the frame mentions.
    """
    cache_key = "frame:" + hashlib.sha256(repr(key).encode()).hexdigest()
    frames = caches["frames"]
    frame = frames.get(cache_key)
    if frame is None:
        frame = render()
        frames.set(cache_key, frame)
    return frame


def fill_frame(frame: str, *, rows: SafeString, pager: SafeString) -> str:
    return frame.replace(ROWS_SLOT, rows, 1).replace(PAGER_SLOT, pager, 1)
