"""Refuse request parameters that PostgreSQL cannot store or compare (NUL characters).

PostgreSQL text cannot hold NUL, so a query such as `?q=%00` would otherwise reach the
database and fail there as a server error. It is the client's error: answer 400, as JSON
under the API and as the site's 400 page elsewhere.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openness.web.api.http import ApiError, error_response

API_PREFIX = "/api/"


def _nul_parameter(request: HttpRequest) -> str | None:
    sources = [request.GET]
    if request.method == "POST" and request.content_type in {
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }:
        sources.append(request.POST)
    for params in sources:
        for name, values in params.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return name
    return None


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = _nul_parameter(request)
        if name is None:
            return self.get_response(request)
        message = f"{name.replace(chr(0), '')!r} contains a NUL character."
        if request.path.startswith(API_PREFIX):
            return error_response(ApiError(400, "invalid_parameter", message))
        return render(request, "400.html", {"message": message}, status=400)
