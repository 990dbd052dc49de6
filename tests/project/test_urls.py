import pytest
from django.template.defaultfilters import truncatechars

from openness.lib.urls import MAX_URL_LENGTH, is_http_url
from openness.web.rendering import _truncated


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://huggingface.co/allenai/OLMo-7B", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/a?b=c#d", True),
        ("ftp://example.org/file", False),
        ("javascript:alert(1)", False),
        ("https:///no-host", False),
        ("/relative/path", False),
        ("", False),
        (None, False),
        ("https://example.org/a b", False),
        ("https://example.org/a\tb", False),
        ("https://example.org/a\u00a0b", False),  # no-break space
        ("https://example.org/a\u2028b", False),  # line separator
        ("https://example.org/a\x1cb", False),  # a control that str.isspace() also counts
        ("https://example.org/a\x00b", False),
        ("https://example.org/a\x7fb", False),
        ("https://example.org/" + "a" * MAX_URL_LENGTH, False),
    ],
)
def test_only_absolute_http_urls_without_blanks_or_controls_pass(value, expected):
    assert is_http_url(value) is expected


@pytest.mark.parametrize(
    "text",
    ["short", "x" * 120, "x" * 121, "caf\u00e9 au lait", "cafe\u0301", "\u00e9" * 130, ""],
)
def test_truncated_text_is_what_truncatechars_makes(text):
    assert _truncated(text, 120) == truncatechars(text, 120)
