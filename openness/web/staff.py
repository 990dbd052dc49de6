"""Who sees the staff links in the header (moderation queue, admin, log out), without making
public pages personal.

Public pages are kept in the shared page cache and sent with `Cache-Control: public` and no
`Vary: Cookie`: the same bytes for everyone. Reading `request.user` reads the session, which
makes Django add `Vary: Cookie`. So the session is read only when the request carries a
session cookie, and such a request is never served from, nor stored in, the shared page cache
or the per-process page frames (caching.py), and never gets `Cache-Control: public`
(http_caching.py). An anonymous visitor's page is the cached one, with no staff links.
"""

from django.conf import settings
from django.http import HttpRequest


def carries_session(request: HttpRequest) -> bool:
    """True when the request may belong to a signed-in user: its page is personal."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def is_staff_viewer(request: HttpRequest) -> bool:
    """A signed-in staff member (the session is read only when a session cookie came)."""
    if not carries_session(request):
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def staff_nav(request: HttpRequest) -> dict:
    """Context processor: `staff_nav` is True on the pages of a staff member."""
    return {"staff_nav": is_staff_viewer(request)}
