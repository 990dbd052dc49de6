"""Hostile input: clear errors, nothing stored that should not be, nothing executes."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from openness.corrections.models import Correction

from .test_flow import _submit

SCRIPT = "<script>alert(1)</script>"


def test_script_tags_are_stored_as_text_and_shown_escaped_everywhere(client, world, moderator):
    response = _submit(
        client,
        explanation=f"{SCRIPT} and <img src=x onerror=alert(2)>",
        submitter_name=f"Eve {SCRIPT}",
        affiliation='"><svg onload=alert(3)>',
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert SCRIPT in correction.explanation  # kept verbatim: the escaping happens on output

    client.force_login(moderator)
    pages = [
        response["Location"],
        reverse("corrections:review", args=[correction.pk]),
        reverse("corrections:queue"),
    ]
    client.post(
        pages[1],
        {"action": "accept", "version": 1, "note": f"ok {SCRIPT}", "keep_evidence": "on"},
    )
    pages.append(reverse("corrections:record", args=["beta"]))
    for url in pages:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html and "<svg onload" not in html, url
    record = client.get(pages[-1]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in record


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "//example.org/no-scheme",
        "https://exa mple.org/space",
        "https:///nohost",
    ],
)
def test_links_other_than_http_and_https_are_refused(client, world, url):
    response = _submit(client, evidence_urls=url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Not an http:// or https:// link" in html
    assert "at least one link" not in html  # one clear error, not two
    assert not Correction.objects.exists()


def test_a_refused_form_keeps_what_was_typed(client, world):
    response = _submit(client, evidence_urls="javascript:alert(1)", explanation="Keep me please.")
    html = response.content.decode()
    assert "Keep me please." in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("explanation", "x" * 5001, "at most 5000 characters"),
        ("submitter_name", "n" * 201, "at most 200 characters"),
        ("affiliation", "a" * 201, "at most 200 characters"),
        ("conflict_details", "c" * 1001, "at most 1000 characters"),
        ("evidence_urls", "https://example.org/" + "p" * 2000, "longer than 2000"),
        (
            "evidence_urls",
            "\n".join(f"https://doi.org/10.1/{i}" for i in range(11)),
            "at most 10 links",
        ),
    ],
)
def test_oversized_fields_are_refused_with_a_clear_error(client, world, field, value, message):
    fields = {"conflict": "declared", "conflict_details": "A short description."}
    fields[field] = value
    response = _submit(client, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "code_point"),
    [
        ("explanation", "Looks fine \u202eevil\u202c reversed text", "U+202E"),
        ("submitter_name", "Ada\u2066 Lovelace", "U+2066"),
        ("explanation", "escape \x1b[31m sequence in text", "U+001B"),
        ("affiliation", "Org\x07", "U+0007"),
    ],
)
def test_control_and_bidi_characters_are_refused(client, world, field, value, code_point):
    response = _submit(client, **{field: value})
    assert response.status_code == 400
    assert code_point in response.content.decode()
    assert not Correction.objects.exists()


def test_links_with_control_or_bidi_characters_are_refused(client, world):
    response = _submit(client, evidence_urls="https://doi.org/10.1/\u202eabc")
    assert response.status_code == 400
    assert not Correction.objects.exists()


def test_the_honeypot_refuses_a_bot_and_stores_nothing(client, world):
    response = _submit(client, website="https://spam.example/")
    assert response.status_code == 400
    assert "looks automated" in response.content.decode()
    assert not Correction.objects.exists()


def test_an_identical_open_correction_is_refused_as_a_duplicate(client, world):
    assert _submit(client).status_code == 302
    response = _submit(client, explanation="Same proposal, worded differently this time.")
    assert response.status_code == 400
    assert "already waiting for review" in response.content.decode()
    assert Correction.objects.count() == 1
    # A different level is a different proposal.
    assert _submit(client, proposed_level="partial").status_code == 302


def test_links_are_required_unless_the_proposal_is_not_assessed(client, world):
    response = _submit(client, evidence_urls="")
    assert response.status_code == 400
    assert "at least one link" in response.content.decode()


def test_a_declared_conflict_needs_a_description(client, world):
    response = _submit(client, conflict="declared", conflict_details="")
    assert response.status_code == 400
    assert "what the conflict is" in response.content.decode()


def test_a_criterion_of_another_methodology_or_unknown_is_refused(client, world):
    response = _submit(client, criterion="no-such-criterion")
    assert response.status_code == 400
    assert not Correction.objects.exists()


def test_a_post_without_a_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    response = _submit(client)
    assert response.status_code == 403
    assert not Correction.objects.exists()


def test_a_post_with_the_csrf_token_from_the_form_is_accepted(world):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("corrections:new", args=["beta"]))
    token = client.cookies["csrftoken"].value
    response = _submit(client, csrfmiddlewaretoken=token)
    assert response.status_code == 302


@override_settings(CORRECTIONS_RATE_LIMIT=3, CORRECTIONS_RATE_PERIOD_SECONDS=600)
def test_a_flood_from_one_address_gets_429_with_retry_after(client, world):
    for i in range(3):
        response = _submit(client, evidence_urls=f"https://doi.org/10.1/{i}")
        assert response.status_code == 302
    response = _submit(client, evidence_urls="https://doi.org/10.1/flood")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    assert "Too many submissions" in response.content.decode()
    assert Correction.objects.count() == 3
    # Another address is not affected.
    other = _submit(client, evidence_urls="https://doi.org/10.1/other", REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


@override_settings(CORRECTIONS_RATE_LIMIT=2, CORRECTIONS_RATE_PERIOD_SECONDS=600)
def test_invalid_posts_count_towards_the_limit_too(client, world):
    for _ in range(2):
        assert _submit(client, evidence_urls="javascript:x").status_code == 400
    assert _submit(client).status_code == 429


def test_unsafe_criterion_code_in_the_query_string_is_ignored(client, world):
    url = reverse("corrections:new", args=["beta"]) + '?criterion="><script>alert(1)</script>'
    response = client.get(url)
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
