"""Compare, organisation, criterion and methodology pages."""

import re

import pytest

from openness.assessments.models import Track
from openness.catalog.models import AIModel

from . import factories


@pytest.fixture
def three(methodology):
    org = factories.organisation_create("Allen AI", slug="allenai", hub_author="allenai")
    models = []
    for slug, level in [("a", "open"), ("b", "partial"), ("c", "closed")]:
        model = factories.model_create(slug.upper(), org, slug=slug)
        factories.assess(model, methodology, level)
        models.append(model)
    factories.assess(models[0], methodology, "open", track=Track.AUTOMATIC, provenance="automatic")
    factories.recompute(methodology)
    return models


def test_compare_shows_models_criterion_by_criterion(client, three):
    response = client.get("/compare/", {"m": ["a", "c"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert [m.slug for m in response.context["page"].models] == ["a", "c"]
    assert html.count('class="level level-open"') == 12
    assert html.count('class="level level-closed"') == 12


def test_compare_explains_too_few_too_many_and_unknown_models(client, three):
    page = client.get("/compare/", {"m": ["a", "zzz"]}).context["page"]
    assert page.missing == ["zzz"]
    assert "at least 2" in " ".join(page.errors)
    page = client.get("/compare/", {"m": ["a", "b", "c", "a", "b", "c", "x", "y"]}).context["page"]
    assert len(page.models) == 3  # duplicates dropped before the limit of six


def test_compare_finds_models_by_name_case_or_hub_id_and_shows_their_slugs(client, three):
    olmo = factories.model_create("OLMo 2", three[0].organisation, slug="olmo-2")
    olmo.is_curated = True
    olmo.save(update_fields=["is_curated"])
    response = client.get("/compare/", {"m": ["A", "olmo 2", "track"], "track": "curated"})
    # "track" names no model: nothing to redirect to, the page says so.
    assert response.status_code == 200
    assert response.context["page"].missing == ["track"]
    response = client.get("/compare/", {"m": ["A", "OLMo-2"], "track": "hub"})
    assert response.status_code == 302
    assert response["Location"] == "/compare/?m=a&m=olmo-2&track=hub"
    response = client.get("/compare/", {"m": ["C", "Olmo  2!"]})
    assert response["Location"] == "/compare/?m=c&m=olmo-2"


def test_compare_selector_runs_five_queries(client, three, django_assert_num_queries):
    # The methodology context's two, the models, their scores, their MOF/OSAID verdicts.
    with django_assert_num_queries(5):
        client.get("/compare/", {"m": ["a", "b"]})


def test_organisation_page_lists_its_models_in_each_track(client, three, django_assert_num_queries):
    # the organisation, methodology, criteria, who owns which Hub account (two queries, once
    # per data version), and each track's rows
    with django_assert_num_queries(7):
        response = client.get("/organisations/allenai/")
    html = response.content.decode()
    assert "In the curated index" in html and "3 models" in html
    assert "In the Hub catalog" in html and "1 model" in html
    assert client.get("/organisations/nobody/").status_code == 404


def test_criterion_page_groups_the_curated_models_by_level(
    client, three, django_assert_num_queries
):
    with django_assert_num_queries(3):
        response = client.get("/criteria/paper/")
    by_level = {
        level: [s.model.slug for s in scores]
        for level, _, scores in response.context["page"].by_level
    }
    assert by_level == {"open": ["a"], "partial": ["b"], "closed": ["c"], "not_assessed": []}
    assert b"level_paper=open" in response.content
    assert client.get("/criteria/nothing/").status_code == 404


def test_criterion_page_draws_one_stacked_bar_of_the_levels(client, three):
    html = client.get("/criteria/paper/").content.decode()
    # A third of the models each for open, partial and closed; nothing for not assessed.
    assert html.count('<rect class="seg seg-') == 3
    assert '<rect class="seg seg-open" x="0.0" y="0" width="213.33"' in html
    assert '<rect class="seg seg-closed" x="426.67"' in html
    assert "Not assessed</a>: 0 (0.0%)" in html
    assert "Open: 1 of 3 (33.3%)" in html  # the chart's description, for screen readers


def test_a_stacked_bar_of_nothing_draws_nothing():
    from openness.web import charts

    bar = charts.stacked_bar([("open", "Open", 0), ("closed", "Closed", 0)])
    assert bar.total == 0 and [s.width for s in bar.segments] == [0, 0]


def test_methodology_page_has_formula_rubric_versions_chart_and_attribution(
    client, three, django_assert_num_queries
):
    # + the stored verdicts and the Model Openness Tool's matched records (frameworks)
    with django_assert_num_queries(7):
        response = client.get("/methodology/")
    html = response.content.decode()
    assert "plain mean" in html
    assert html.count('class="criterion"') == 12
    assert "2026-03" in html and "(current)" in html
    assert html.count("<svg") == 2 and "Distribution of total scores" in html
    assert "doi:10.5281/zenodo.15386042" in html and "https://osai-index.eu/" in html


def test_pages_say_so_when_no_methodology_was_imported(client, db):
    for url in ("/", "/methodology/", "/compare/", "/ranking.csv"):
        response = client.get(url)
        assert response.status_code == 503
        assert b"No methodology has been imported yet" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?track=hub",
        "/models/a/",
        "/compare/?m=a&m=b",
        "/organisations/allenai/",
        "/criteria/paper/",
        "/methodology/",
    ],
)
def test_every_page_is_complete_html_with_landmarks_and_no_inline_styles(client, three, url):
    response = client.get(url)
    html = response.content.decode()
    assert "script-src 'self' 'nonce-" in response.headers["Content-Security-Policy"]
    assert html.lstrip().startswith("<!doctype html>")
    for landmark in ("<header", "<nav", '<main id="main"', "<footer", "<h1"):
        assert landmark in html
    assert "style=" not in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert len(scripts) == 1 and "/static/django_htmx/" in scripts[0] and "nonce=" in scripts[0]


def test_model_and_organisation_addresses_forgive_capitals(client, three):
    response = client.get("/models/A/", {"as_of": "2026-01-01"})
    assert response.status_code == 301
    assert response["Location"] == "/models/a/?as_of=2026-01-01"
    response = client.get("/organisations/AllenAI/")
    assert response.status_code == 301
    assert response["Location"] == "/organisations/allenai/"


def test_the_organisations_index_counts_and_averages_each_track(client, three, methodology):
    AIModel.objects.filter(slug__in=["a", "b", "c"]).update(is_curated=True)
    hub_only = factories.organisation_create("Hub Only", slug="hub-only")
    for level in ("open", "closed"):
        factories.assess(
            factories.model_create("H", hub_only),
            methodology,
            level,
            track=Track.AUTOMATIC,
            provenance="automatic",
        )
    factories.recompute(methodology)
    response = client.get("/organisations/")
    page = response.context["page"]
    (allen,) = page.curated
    assert (allen.name, allen.curated_count, allen.hub_count) == ("Allen AI", 3, 1)
    assert f"{allen.curated_mean:.4f}" == "0.5000"  # open, partial, closed
    assert [o.slug for o in page.largest_on_hub] == ["hub-only", "allenai"]
    assert page.largest_on_hub[0].hub_count == 2
    html = response.content.decode()
    assert '<a href="/?track=hub&amp;org=hub-only">2</a>' in html
    assert "50.0%" in html


def test_the_organisations_index_says_why_a_track_is_empty(client, methodology):
    html = client.get("/organisations/").content.decode()
    assert "no organisation has a curated model yet" in html
    assert "No model of the Hub catalog has been scored yet" in html
