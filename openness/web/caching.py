"""A short-lived shared cache of whole public pages, in the Django cache (Redis in production).

The leaderboard and model pages read stored scores that change only when they are recomputed,
yet rendering one costs 10-20 ms of CPU; serving a page from Redis costs well under one. A page
is cached for WEB_PAGE_CACHE_SECONDS (0 turns this off), keyed by its path, the query
parameters its view understands (in a canonical order, each with the value the view reads)
and whether htmx asked for the fragment, and stored with lib.data_version, which every change
to assessments or scores moves, so a change shows up on the next request. When an entry goes
stale, one request renders it again while the others serve the stale copy, and when one is
missing the others wait for that one render (lib.stale_cache): a popular page expiring under
load costs one render, not one per waiting request.

What anyone can ask must not fill the cache:
- parameters a page does not understand (`?utm_source=...`, `?junk=N`) are not part of the
  key: they make no entry of their own, the page is the one without them;
- a page enters the shared cache on its second request to a process within
  ADMISSION_SECONDS, not its first: the first is rendered without a word to Redis and noted
  in that process's own bounded memory (the "admission" local cache). Most pages of a large
  catalog are asked once (the long tail of model pages, a one-off search): storing each cost
  every miss a write of the whole page that nobody read again, and even a shared marker of a
  few bytes cost each miss two round trips to Redis, which at 3,000,000 models left the long
  tail about 12% slower with the cache than without it. A popular page is rendered once per
  process before the shared copy serves it;
- the cache's Redis has a memory bound and evicts the least recently used (docker-compose.yml).
While the cache's Redis is down, pages are rendered uncached (lib/redis_cache.py).

Only what is the same for every visitor may be cached: the pages that use this carry no user,
session or CSRF token (see their `body_attributes` block); a request that carries a session
cookie (a signed-in user, who may see staff links: web/staff.py) is never served from it nor
stored; responses that set cookies are never stored. A stale CSP nonce in a cached page is
harmless: the only script is htmx's same-origin file, which `script-src 'self'` allows.
"""

import hashlib
from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.utils.cache import set_response_etag
from django.utils.safestring import SafeString, mark_safe

from openness.lib import data_version, site
from openness.lib.stale_cache import remembered
from openness.web import staff

# The ETag is worked out once, when the page is stored, so that a revalidation served from the
# cache (a 304) does not hash the whole page again (ConditionalGetMiddleware keeps an ETag that
# is already there, and answers If-None-Match with it).
STORED_HEADERS = ("Content-Type", "HX-Push-Url", "ETag")
# A page asked for again within this many seconds of its first request to a process is
# stored (each process remembers up to settings.CACHES["admission"]'s MAX_ENTRIES pages).
ADMISSION_SECONDS = 600


def page_cache_key(request, params: Iterable[str] = (), prefixes: Iterable[str] = ()) -> str:
    """The page's address as its view reads it: the path, then the understood parameters sorted
    by name, each with its last value (what QueryDict.get() answers), but every value of `m`,
    the one parameter read as a list (the models chosen to compare)."""
    htmx = bool(getattr(request, "htmx", False))
    params = frozenset(params)
    prefixes = tuple(prefixes)
    understood = sorted(
        (name, request.GET[name] if name != "m" else tuple(request.GET.getlist(name)))
        for name in request.GET
        if name in params or (prefixes and name.startswith(prefixes))
    )
    # Without SITE_URL, pages hold the request's own origin (lib/site.py): one entry per origin.
    origin = site.request_origin(request) if site.varies_by_host() else ""
    address = repr((htmx, origin, request.path, understood))
    return "web:page:" + hashlib.sha256(address.encode()).hexdigest()


def cached_public_page(view=None, *, params: Iterable[str] = (), prefixes: Iterable[str] = ()):
    """Serve the view's successful GET responses from the cache for a few seconds.

    `params` names the query parameters the view reads, `prefixes` the beginnings of the names
    of families of them (level_<criterion>); the view must read no other.
    """
    if view is None:
        return lambda view: cached_public_page(view, params=params, prefixes=prefixes)
    params = frozenset(params)
    prefixes = tuple(prefixes)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.WEB_PAGE_CACHE_SECONDS
        if (
            not seconds
            or request.method != "GET"
            or staff.carries_session(request)  # a signed-in user's page: their own
            or not data_version.cache_available()
        ):
            return view(request, *args, **kwargs)

        def render():
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response, None
            set_response_etag(response)  # the one ConditionalGetMiddleware would make
            headers = [(name, response[name]) for name in STORED_HEADERS if name in response]
            return response, (headers, response.content)

        key = page_cache_key(request, params, prefixes)
        if caches["admission"].add(key, 1, ADMISSION_SECONDS):
            # This process's first request for the page lately: rendered, the shared cache
            # neither read nor written (the module's docstring, admission).
            return view(request, *args, **kwargs)
        # The page and the data version in one round trip to Redis.
        found = cache.get_many([data_version.KEY, key])
        if not data_version.cache_available():
            return view(request, *args, **kwargs)
        # The data version is part of the entry, not of the key: after a change the old page
        # is never served, but it is replaced in place rather than left to expire.
        answer = remembered(
            key,
            render,
            seconds=seconds,
            version=found.get(data_version.KEY) or 0,
            entry=found.get(key),
            entry_read=True,
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


def page_frame(key: tuple, render, *, request=None) -> str:
    """A page rendered without its rows, from this process's frame cache or by render().

    A page of the leaderboard is a frame (the header, the filter form with the query's
    choices, the column headings, the legend, the footer) around fifty rows and the links to
    the next and previous pages. The frame is the same on every page of one query, and costs
    about as much to render as everything else together; render() draws it with ROWS_SLOT and
    PAGER_SLOT in place of the rows and the page links, which the caller splices in.

    `key` must hold everything the frame shows: the data version (a methodology context's
    token), the query without its cursor, and what the query found that the frame mentions.
    A signed-in user's frame (staff links in the header) is rendered for them alone.
    """
    if request is not None and staff.carries_session(request):
        return render()
    origin = site.site_url() if site.varies_by_host() else ""
    cache_key = "frame:" + hashlib.sha256(repr((origin, key)).encode()).hexdigest()
    frames = caches["frames"]
    frame = frames.get(cache_key)
    if frame is None:
        frame = render()
        frames.set(cache_key, frame)
    return frame


def fill_frame(frame: str, *, rows: SafeString, pager: SafeString) -> str:
    return frame.replace(ROWS_SLOT, rows, 1).replace(PAGER_SLOT, pager, 1)
