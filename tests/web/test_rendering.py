from django.template.loader import render_to_string

from openness.assessments.models import Level
from openness.web import rendering

from . import factories


def test_hand_rendered_rows_escape_every_value(client, methodology):
    org = factories.organisation_create('<script>alert("o")</script>', slug="evil-org")
    model = factories.model_create('<img src=x onerror=alert("m")>', org, slug="evil")
    factories.assess(model, methodology, Level.OPEN)
    factories.recompute(methodology)
    html = client.get("/").content.decode()
    assert "<img src=x" not in html and '<script>alert("o")' not in html
    assert "&lt;img src=x onerror=alert(&quot;m&quot;)&gt;" in html


def test_a_mark_says_its_level_in_words_not_only_in_colour():
    html = rendering.mark_html("partial", "Paper")
    assert 'title="Paper: Partially open"' in html
    assert '<span class="visually-hidden">Partially open</span>' in html
    assert '<span aria-hidden="true">P</span>' in html
    assert "level-not_assessed" in rendering.mark_html("bogus")


def test_the_500_page_renders_without_a_request_or_scripts(db):
    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert "<script" not in html and "<footer" in html
