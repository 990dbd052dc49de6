import datetime
from decimal import Decimal

from django.template.loader import render_to_string

from openness.assessments import services
from openness.assessments.models import Assessment, Level
from openness.web import charts, model_glance, rendering
from openness.web.selectors import ScorePoint
from openness.web.selectors_index import ScoreStep

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


def test_the_model_pages_picture_chart_and_definitions_escape_every_value(client, methodology):
    model = factories.model_create('<svg onload=alert("m")>', slug="evil")
    factories.assess(model, methodology, {"paper": "open"})
    factories.recompute(methodology)
    html = client.get("/models/evil/").content.decode()
    assert '<svg onload=alert("m")>' not in html
    # The chart's title, the glance and the frameworks table are written in Python.
    assert "&lt;svg onload=alert(&quot;m&quot;)&gt;: total score over time</title>" in html
    assert 'class="glance-tile tile-open"' in html and 'class="verdict verdict-osaid-' in html

    at = datetime.datetime(2025, 3, 20, 12, 5, tzinfo=datetime.UTC)
    steps = [
        ScoreStep(
            at,
            Decimal("0.5"),
            reason="<b>why</b>",
            url="https://github.com/x/y/commit/1",
            methodology="<i>osai</i>",
        ),
        ScoreStep(at, Decimal("0.75"), methodology="osai 2026-03"),
    ]
    chart = charts.score_line(steps, now=at + datetime.timedelta(days=1))
    line = rendering.score_line_html(chart, steps, chart_id='a"b', title="<t>")
    assert "<b>why" not in line and "<i>osai" not in line and 'id="a"b' not in line
    assert '<title id="a&quot;b-title">&lt;t&gt;</title>' in line
    assert '<td>2025-03-20 12:05</td><td class="num">50.0</td>' in line
    assert '<th scope="col">Methodology</th><th scope="col">Why</th>' in line
    assert (
        '<a href="https://github.com/x/y/commit/1" rel="noopener" class="upstream-commit">'
        "&lt;b&gt;why&lt;/b&gt;</a>" in line
    )
    replayed = [ScorePoint(at, Decimal("1"))]
    plain = rendering.score_line_html(chart, replayed, chart_id="p", title="")
    assert '<th scope="col">Methodology</th>' not in plain  # a replay names no methodology

    group = model_glance.GlanceGroup("g<", "<Group>", [], [model_glance.Tile("c<", "<Tile>", [])])
    glance = rendering.glance_groups_html([group])
    assert "<Group>" not in glance and "<Tile>" not in glance
    assert 'href="#c-c&lt;"' in glance and 'class="glance-tile tile-not_assessed"' in glance
