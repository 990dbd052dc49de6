"""Keyset pagination with an opaque, signed cursor.

A cursor holds the sort and the sort key of the last row served; the next page starts strictly
after it, so rows added or re-ranked while a client pages through never shift a page.
"""

from django.core import signing

from openness.web.api.http import ApiError

CURSOR_SALT = "openness.api.cursor"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def cursor_encode(*, sort: str, key: list) -> str:
    return signing.dumps({"s": sort, "k": key}, salt=CURSOR_SALT, compress=True)


def cursor_decode(value: str, *, sort: str) -> list | None:
    """The key stored in a cursor, or a 400 ApiError for a forged, stale or mismatched one."""
    if not value:
        return None
    try:
        data = signing.loads(value, salt=CURSOR_SALT)
    except signing.BadSignature:
        raise ApiError(400, "invalid_cursor", "The cursor is not one this API issued.") from None
    if not isinstance(data, dict) or data.get("s") != sort or not isinstance(data.get("k"), list):
        raise ApiError(
            400,
            "invalid_cursor",
            "The cursor belongs to another sort order: start again without a cursor.",
        )
    return data["k"]


def integer_parse(name: str, value: str, *, minimum: int, maximum: int) -> int:
    """A query parameter that must be a whole number in ASCII digits (str.isdigit() also takes
    '²' and other digits that int() refuses), within bounds; a 400 ApiError otherwise."""
    if not (value.isascii() and value.isdigit() and len(value) <= 9) or not (
        minimum <= int(value) <= maximum
    ):
        raise ApiError(
            400,
            f"invalid_{name}",
            f"{name} must be a whole number from {minimum} to {maximum}, in digits 0-9.",
        )
    return int(value)


def limit_parse(value: str | None) -> int:
    if value in (None, ""):
        return DEFAULT_LIMIT
    return integer_parse("limit", value, minimum=1, maximum=MAX_LIMIT)
