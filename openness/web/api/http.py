"""What every API response shares: JSON errors, CORS, rate limits and conditional GETs."""

import hashlib
import json
import math
import time
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
JSON_TYPE = "application/json"


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
        "ETag, Last-Modified, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset"
    )
    return response


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind a proxy, the last hop the proxy appended (not spoofable)."""
    if settings.API_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "unknown")


def rate_limit_check(request: HttpRequest) -> dict:
    """Count the request in a fixed window per client in the shared cache (Redis when set).

    Returns the RateLimit headers; raises a 429 ApiError once the window's quota is spent.
    """
    limit = settings.API_RATE_LIMIT
    window = settings.API_RATE_WINDOW_SECONDS
    now = time.time()
    window_start = int(now // window) * window
    reset = max(1, math.ceil(window_start + window - now))
    key = f"api-rate:{client_ip(request)}:{window_start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens a new window
        cache.set(key, 1, timeout=window + 5)
        used = 1
    headers = {
        "RateLimit-Limit": str(limit),
        "RateLimit-Remaining": str(max(0, limit - used)),
        "RateLimit-Reset": str(reset),
    }
    if used > limit:
        raise ApiError(
            429,
            "rate_limited",
            f"Too many requests: {limit} per {window} seconds. Retry after {reset} seconds.",
            headers={**headers, "Retry-After": str(reset)},
        )
    return headers


def _refuse_nul_characters(request: HttpRequest) -> None:
    """PostgreSQL text cannot hold NUL: such a parameter is a client error, not a crash."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise ApiError(400, "invalid_parameter", f"{name!r} contains a NUL character.")


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
            _refuse_nul_characters(request)
            result = view(request, *args, **kwargs)
        except ApiError as error:
            return error_response(error)
        if isinstance(result, HttpResponse):
            return _with_cors(result)
        payload, last_modified = result
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
    return _with_cors(conditional)
