from django.template.loader import render_to_string

from openness.assessments import services
from openness.assessments.models import Assessment, Level
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


def test_hand_rendered_criteria_escape_every_value(client, methodology):
    model = factories.model_create("Evil", slug="evil")
    evidence = services.EvidenceInput(
        url="https://example.org/?a=1&b=<2>",
        title='<script>alert("t")</script>',
        excerpt="<img src=x onerror=alert(1)>",
        rule="<b>rule</b>",
    )
    factories.assess(
        model, methodology, {"paper": "open"}, provenance="community", evidence=(evidence,)
    )
    Assessment.objects.filter(model=model).update(notes="<i>one</i>\ntwo")
    html = client.get("/models/evil/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>rule" not in html
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in html
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;" rel="nofollow ugc noopener"' in html
    assert '<p class="notes">&lt;i&gt;one&lt;/i&gt;<br>two</p>' in html
    assert '<span class="visually-hidden"> to Paper</span>' in html


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


def test_backticked_words_in_methodology_text_become_code_and_the_rest_is_escaped():
    from openness.web.templatetags.web import inline_code

    assert inline_code("dropped the `package` and `api` criteria") == (
        "dropped the <code>package</code> and <code>api</code> criteria"
    )
    assert inline_code("<b>`x<y`</b>") == "&lt;b&gt;<code>x&lt;y</code>&lt;/b&gt;"
    assert inline_code("an odd ` backtick") == "an odd ` backtick"
    assert inline_code("`a` and ` b") == "<code>a</code> and ` b"
    assert inline_code("") == ""
