"""The site's own address for absolute URLs (links, citations, og:url, badge snippets, feeds).

SITE_URL, when it is set, is the address everywhere. When it is not, each request's own
scheme and host are used, so that a site served on another port or name links to itself:
`request.get_host()` checks the Host header against ALLOWED_HOSTS first (a host not listed is
refused with a 400 before anything is built from it), and the scheme is the one
TrustedProxyMiddleware accepted. Work outside a request (Celery tasks, dumps, emails sent by a
worker) uses SITE_URL, or the development server's address when it is not set.
"""

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

DEVELOPMENT_URL = "http://127.0.0.1:8000"

_request_origin: ContextVar[str] = ContextVar("request_origin", default="")


def request_origin(request: HttpRequest) -> str:
    """scheme://host[:port] of the request, its host validated against ALLOWED_HOSTS."""
    return f"{request.scheme}://{request.get_host()}"


def site_url(request: HttpRequest | None = None) -> str:
    """The site's address without a trailing slash: SITE_URL, else the request's origin (the
    one given, or the one being answered), else the development server's address."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if request is not None:
        return request_origin(request)
    return _request_origin.get() or DEVELOPMENT_URL


def absolute(path: str, request: HttpRequest | None = None) -> str:
    """An absolute URL for a path of this site ("/models/x/")."""
    return site_url(request) + path


def varies_by_host() -> bool:
    """True when pages hold the request's host (SITE_URL not set): caches must key on it."""
    return not settings.SITE_URL


class SiteOriginMiddleware:
    """Remember the origin of the request being answered, for site_url() without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if settings.SITE_URL:
            return self.get_response(request)
        token = _request_origin.set(request_origin(request))
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
