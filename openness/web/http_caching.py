"""HTTP caching of public pages by browsers, proxies and CDNs.

Every page answers conditional requests: Django's ConditionalGetMiddleware gives a page without
an ETag one made from its body, and answers a matching If-None-Match with 304 (the API sets its
own ETag and Last-Modified). This middleware adds what a shared cache needs to keep a public
page: `Cache-Control: public` with the same lifetime as the site's own page cache. A response
that belongs to one visitor keeps no such header: one that sets a cookie (a CSRF token), that
varies on the cookie (the session was read), that already says how to cache it (the API), or
that answers a visitor who carries a session (a moderator, a curator).
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


def _is_public(request, response) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.cookies
        and not response.has_header("Cache-Control")
        and "cookie" not in response.get("Vary", "").lower()
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PublicCacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_public(request, response):
            patch_cache_control(response, public=True, max_age=settings.WEB_PAGE_CACHE_SECONDS)
        return response
