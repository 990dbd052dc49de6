"""What every API response shares: JSON errors, CORS, rate limits and conditional GETs."""

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from openness.lib import ratelimit

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
JSON_TYPE = "application/json"
# RFC 9745: when the deprecated parameter names (editorial, automatic) were deprecated, as a
# structured-field date (2026-12-05T00:00:00Z), and where the changelog says what replaces them.
DEPRECATED_SINCE = "@1796428800"
CHANGELOG_PATH = "/api/#changelog"


class ApiError(Exception):
    """An error answered as JSON with its status code."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def json_response(payload, *, status: int = 200, headers: dict | None = None) -> HttpResponse:
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, status=status, content_type=JSON_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return _with_cors(response)


def error_response(error: ApiError) -> HttpResponse:
    payload = {"error": {"status": error.status, "code": error.code, "message": error.message}}
    return json_response(payload, status=error.status, headers=error.headers)


def _with_cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = (
        "ETag, Last-Modified, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, "
        "Deprecation, Link"
    )
    return response


def rate_limit_check(request: HttpRequest) -> dict:
    """Count the request in the client's window; return the RateLimit headers or raise a 429."""
    limit = settings.API_RATE_LIMIT
    window = settings.API_RATE_WINDOW_SECONDS
    verdict = ratelimit.hit(
        scope="api", identity=ratelimit.client_ip(request), limit=limit, period=window
    )
    headers = {
        "RateLimit-Limit": str(limit),
        "RateLimit-Remaining": str(verdict.remaining),
        "RateLimit-Reset": str(verdict.reset),
    }
    if not verdict.allowed:
        raise ApiError(
            429,
            "rate_limited",
            f"Too many requests: {limit} per {window} seconds. "
            f"Retry after {verdict.retry_after} seconds.",
            headers={**headers, "Retry-After": str(verdict.retry_after)},
        )
    return headers


def api_view(view: Callable) -> Callable:
    """Wrap a view that returns (payload, last_modified) into a read-only JSON endpoint."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            return _with_cors(response)
        try:
            if request.method not in ALLOWED_METHODS:
                raise ApiError(
                    405,
                    "method_not_allowed",
                    f"{request.method} is not allowed: this API is read-only (GET, HEAD).",
                    headers={"Allow": ", ".join(ALLOWED_METHODS)},
                )
            limits = rate_limit_check(request)
            result = view(request, *args, **kwargs)
        except ApiError as error:
            return error_response(error)
        if isinstance(result, HttpResponse):
            return _with_cors(result)
        payload, last_modified = result
        if isinstance(payload, dict) and payload.get("deprecation"):
            limits["Deprecation"] = DEPRECATED_SINCE
            limits["Link"] = f'<{CHANGELOG_PATH}>; rel="deprecation"; type="text/html"'
        return conditional_json(request, payload, last_modified, headers=limits)

    return wrapper


def conditional_json(
    request: HttpRequest,
    payload,
    last_modified: datetime | None,
    *,
    headers: dict | None = None,
) -> HttpResponse:
    """A JSON response with ETag and Last-Modified, or 304 when the client's copy is current."""
    response = json_response(payload, headers=headers)
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = "public, max-age=60"
    conditional = get_conditional_response(
        request, etag=etag, last_modified=timestamp, response=response
    )
    if conditional is not response:
        # Django's 304 keeps only the caching headers; the rate limit's and a deprecation
        # note are as true of it as of the full answer.
        for name, value in (headers or {}).items():
            conditional[name] = value
    return _with_cors(conditional)
