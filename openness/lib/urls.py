"""Link safety: only absolute http(s) URLs are stored or shown as links."""

import re
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000
# Whitespace (as str.isspace() has it: the regular expression's \s is the same test) and the
# control characters.
_BLANK_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


def is_http_url(value: str) -> bool:
    """True for an absolute http:// or https:// URL with a host and no whitespace or controls."""
    if not isinstance(value, str) or not value or len(value) > MAX_URL_LENGTH:
        return False
    if _BLANK_OR_CONTROL.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def clean_http_url(value: str) -> str:
    """The URL stripped of surrounding blanks, or ValueError saying why it is refused."""
    candidate = (value or "").strip()
    if not is_http_url(candidate):
        raise ValueError(f"not an absolute http(s) URL: {candidate[:200]!r}")
    return candidate
