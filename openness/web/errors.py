"""The site's answer to an unhandled exception: 503 with Retry-After when the database is away.

Django turns an exception raised anywhere in a request (a view, a middleware, a template) into
the response of handler500, called while the exception is being handled. A database that is
down or restarting raises OperationalError (or InterfaceError on a connection it dropped):
that is not the site's bug but a moment to wait, so the client is told so and when to retry,
as an HTML page or, under the API, as its JSON error. Any other exception is the site's 500.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

from openness.web.api.http import ApiError, error_response

API_PREFIX = "/api/"
# What a client is told to wait: a restarting database is back in seconds, and a connection
# attempt fails fast (settings: connect_timeout), so retrying soon costs little.
RETRY_AFTER_SECONDS = 5


def database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def unavailable_response(request) -> HttpResponse:
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith(API_PREFIX):
        return error_response(
            ApiError(
                503,
                "unavailable",
                f"The database is unavailable. Retry after {RETRY_AFTER_SECONDS} seconds.",
                headers=headers,
            )
        )
    # Rendered without the request, as the 500 page is: nothing of the visitor's, no database.
    response = HttpResponse(
        render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}), status=503
    )
    response["Retry-After"] = headers["Retry-After"]
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request):
    if database_unavailable(sys.exception()):
        return unavailable_response(request)
    return HttpResponseServerError(render_to_string("500.html"))
