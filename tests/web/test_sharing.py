"""Badges, share images, the share page with its snippets and citation, and old slugs."""

import io
from datetime import date

import pytest
from builders import model_build, scripted_history
from django.core.cache import cache
from PIL import Image

from openness.catalog.models import ModelSlugAlias
from openness.web.citations import citation_for


@pytest.fixture
def scripted(db):
    cache.clear()
    return scripted_history()


def test_the_badge_is_an_accessible_svg_with_score_and_band(client, scripted):
    response = client.get("/models/olmo/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert 'role="img"' in svg
    assert "<title>Openness: OLMo scores 87.5% in the Curated index (mostly open, rank 2)" in svg
    assert "87.5% · mostly open" in svg
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=3600" in response["Cache-Control"]
    again = client.get("/models/olmo/badge.svg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_model_without_a_score_gets_a_not_assessed_badge(client, scripted):
    model_build(organisation=scripted["organisation"], name="Fresh", slug="fresh")
    svg = client.get("/models/fresh/badge.svg").content.decode()
    assert "not assessed" in svg


def test_the_share_image_is_a_1200_by_630_png_and_is_cached(client, scripted):
    response = client.get("/models/pythia/card.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert image.size == (1200, 630)
    assert "max-age=86400" in response["Cache-Control"]
    assert (
        client.get("/models/pythia/card.png", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )


def test_the_share_page_has_snippets_citation_and_card_metadata(client, scripted):
    response = client.get("/models/olmo/share/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "[![Openness: OLMo scores 87.5% in the Curated index" in html
    assert "&lt;a href=&quot;http://testserver/models/olmo/&quot;&gt;&lt;img src=" in html
    assert '<meta property="og:image" content="http://testserver/models/olmo/card.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "@misc{openness_olmo_openness_assessment_" in html
    today = date.today().isoformat()
    assert f"http://testserver/models/olmo/?as_of={today}" in html


def test_the_share_page_cites_the_requested_day(client, scripted):
    html = client.get("/models/olmo/share/", {"as_of": "2026-03-20"}).content.decode()
    assert "http://testserver/models/olmo/?as_of=2026-03-20" in html
    assert "(as of 2026-03-20)" in html


def test_a_bad_date_gets_a_clear_400_page(client, scripted):
    response = client.get("/models/olmo/share/", {"as_of": "2026-02-30"})
    assert response.status_code == 400
    assert "is not a date: use YYYY-MM-DD" in response.content.decode()


def test_old_slugs_redirect_permanently_keeping_the_query(client, scripted):
    ModelSlugAlias.objects.create(slug="olmo-7b", model=scripted["olmo"])
    for suffix, target in [
        ("badge.svg", "/models/olmo/badge.svg"),
        ("card.png", "/models/olmo/card.png"),
        ("share/?as_of=2026-03-20", "/models/olmo/share/?as_of=2026-03-20"),
        ("changes/?from=2026-03-14", "/models/olmo/changes/?from=2026-03-14"),
    ]:
        response = client.get(f"/models/olmo-7b/{suffix}")
        assert response.status_code == 301, suffix
        assert response["Location"] == target


def test_a_citation_escapes_bibtex_and_keeps_other_parameters(settings):
    settings.SITE_URL = "https://openness.example"
    citation = citation_for(
        title="A & B_model",
        path="/compare/",
        as_of=None,
        accessed=date(2026, 11, 26),
        params={"models": "olmo,pythia"},
    )
    assert citation.url == "https://openness.example/compare/?models=olmo%2Cpythia&as_of=2026-11-26"
    assert r"{A \& B\_model}" in citation.bibtex
    assert "urldate      = {2026-11-26}" in citation.bibtex
    assert "accessed 2026-11-26" in citation.text


def test_a_very_long_name_is_shrunk_and_shortened_to_fit_the_card():
    from PIL import ImageFont

    from openness.web.badges import _fitted

    text, face = _fitted("W" * 80, ImageFont.load_default, width=1080, sizes=(72, 40))
    assert text.endswith("…") and face.getlength(text) <= 1080
    text, face = _fitted("OLMo", ImageFont.load_default, width=1080, sizes=(72, 40))
    assert (text, face.size) == ("OLMo", 72)
