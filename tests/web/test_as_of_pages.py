"""?as_of= on the model, ranking and compare pages, checked against the scripted history."""

import re
from pathlib import Path

import pytest
from builders import methodology_build, scripted_history
from django.conf import settings
from django.core.cache import cache

from openness.assessments.methodology_files import methodologies_load, methodology_load
from openness.catalog.models import ModelSlugAlias

METHODOLOGIES = Path(settings.BASE_DIR) / "fixtures" / "methodologies"


@pytest.fixture
def scripted(db):
    cache.clear()
    return scripted_history()


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_model_page_as_of_each_day_shows_that_days_levels_score_and_rank(client, scripted):
    expected = {
        "2026-03-14": ('87.5<span class="unit">%', "Rank <strong>1</strong> of 2", "closed"),
        "2026-03-20": ('95.8<span class="unit">%', "Rank <strong>1</strong> of 2", "open"),
        "2026-04-02": ('87.5<span class="unit">%', "Rank <strong>2</strong> of 2", "open"),
    }
    for day, (total, rank, licenses) in expected.items():
        response = client.get("/models/olmo/", {"as_of": day})
        assert response.status_code == 200, day
        html = _text(response)
        assert "You are looking at this page as it stood at the end of" in html
        assert total in html and rank in html, day
        assert response.context["state"].levels["licenses"] == licenses
        assert "Methodology in force then: EU Open Source AI Index 2026-03" in html
        assert f"http://testserver/models/olmo/?as_of={day}" in html


def test_the_model_page_before_the_first_revision_says_so(client, scripted):
    html = _text(client.get("/models/olmo/", {"as_of": "2026-03-13"}))
    assert "had no curated assessment yet" in html


def test_the_ranking_as_of_a_day_is_rebuilt_in_that_days_order(client, scripted):
    early = client.get("/", {"as_of": "2026-03-20"})
    late = client.get("/", {"as_of": "2026-04-02"})
    assert [r.model.slug for r in early.context["page"].rows] == ["olmo", "pythia"]
    assert [r.model.slug for r in late.context["page"].rows] == ["pythia", "olmo"]
    assert "/models/pythia/?as_of=2026-04-02" in late.content.decode()


def test_the_compare_page_as_of_a_day(client, scripted):
    response = client.get("/compare/", {"m": ["olmo", "pythia"], "as_of": "2026-03-20"})
    assert response.status_code == 200
    states = response.context["page"].states
    assert [(s.model.slug, str(s.total), s.rank) for s in states] == [
        ("olmo", "0.958333", 1),
        ("pythia", "0.500000", 2),
    ]
    assert "compare/?m=olmo&amp;m=pythia&amp;as_of=2026-03-20" in response.content.decode()


@pytest.mark.parametrize("url", ["/models/olmo/", "/", "/compare/?m=olmo&m=pythia"])
@pytest.mark.parametrize("value", ["2026-3-1", "tomorrow", "2999-01-01", "1999-12-31"])
def test_invalid_dates_get_a_clear_400_page(client, scripted, url, value):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}as_of={value}")
    assert response.status_code == 400
    assert "That date cannot be shown" in response.content.decode()


def test_a_renamed_model_redirects_keeping_the_date(client, scripted):
    ModelSlugAlias.objects.create(slug="olmo-7b", model=scripted["olmo"])
    response = client.get("/models/olmo-7b/", {"as_of": "2026-03-20"})
    assert response.status_code == 301
    assert response["Location"] == "/models/olmo/?as_of=2026-03-20"
    current = client.get("/models/olmo-7b/")
    assert (current.status_code, current["Location"]) == (301, "/models/olmo/")


def test_the_methodology_in_force_on_the_day_is_named(client, db):
    cache.clear()
    methodology_build(
        version="2025-01",
        effective_from=__import__("datetime").date(2025, 1, 1),
        effective_until=__import__("datetime").date(2026, 3, 12),
        is_current=False,
    )
    scripted_history()
    html = _text(client.get("/", {"as_of": "2026-01-15"}))
    assert "Methodology in force then: EU Open Source AI Index 2025-01" in html
    assert "No model had a curated assessment" in html


def test_a_past_methodologys_reloaded_criterion_texts_show_without_a_restart(
    client, db, tmp_path, django_capture_on_commit_callbacks
):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        methodologies_load(directory=METHODOLOGIES)
    html = _text(client.get("/", {"as_of": "2025-06-01"}))
    assert "Methodology in force then: European Open Source AI Index 2024" in html
    assert '<label for="f-level-package">Package</label>' in html
    # The definition file's text is corrected and loaded again, as `load_methodologies` does.
    corrected = tmp_path / "osai-2024.yaml"
    text = (METHODOLOGIES / "osai-2024.yaml").read_text()
    corrected.write_text(text.replace("title: Package\n", "title: Packaged release\n", 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert methodology_load(path=corrected).criteria_updated == ["package"]
    html = _text(client.get("/", {"as_of": "2025-06-01"}))
    assert '<label for="f-level-package">Packaged release</label>' in html


def test_the_live_model_page_links_history_share_feed_and_carries_card_metadata(client, scripted):
    html = client.get("/models/olmo/").content.decode()
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'content="http://testserver/models/olmo/card.png"' in html
    assert "/models/olmo/changes/" in html and "/models/olmo/feed/" in html
    assert "@misc{openness_olmo_openness_assessment_" in html


def test_the_as_of_selectors_run_a_fixed_number_of_queries(scripted, django_assert_num_queries):
    from datetime import date

    from openness.web import selectors, selectors_history

    cache.clear()
    # The current methodology's context, which every page reads (the as-of ranking's view too),
    # keeps the day's criteria for the page once per data version.
    selectors.methodology_current_context()
    # methodology in force, latest revision id, the day's latest revisions, criteria (for
    # scoring), models (for ranking), models with organisations and criteria (for the page)
    with django_assert_num_queries(7):
        page = selectors_history.ranking_as_of_page(date(2026, 3, 20))
        assert len(page.rows) == 2
    # Again: the ranking and the criteria are the process's (methodology in force, latest
    # revision id, models with organisations)
    with django_assert_num_queries(3):
        selectors_history.ranking_as_of_page(date(2026, 3, 20))
    # methodology, states, criteria, latest revision id (the ranking comes from the cache)
    with django_assert_num_queries(4):
        selectors_history.model_as_of_page(scripted["olmo"], date(2026, 3, 20))


def test_the_live_ranking_and_compare_pages_carry_a_dated_citation(client, scripted):
    from datetime import date

    today = date.today().isoformat()
    ranking = client.get("/").content.decode()
    assert f"http://testserver/?as_of={today}" in ranking
    compare = client.get("/compare/", {"m": ["olmo", "pythia"]}).content.decode()
    assert f"compare/?m=olmo&amp;m=pythia&amp;as_of={today}" in compare


def test_a_compare_as_of_with_a_nul_in_a_slug_is_a_bad_request(client, scripted):
    response = client.get("/compare/", {"m": ["olmo", "pythia", "a\x00"], "as_of": "2026-03-20"})
    assert response.status_code == 400
    assert "contains a NUL character" in response.content.decode()


def _shown(response) -> list[str]:
    return _shown_order(_text(response))


def test_the_ranking_as_of_a_day_searches_names_and_organisations_as_the_live_one(client, scripted):
    day = "2026-03-20"
    assert _shown(client.get("/", {"as_of": day, "q": "PY-thia"})) == ["pythia"]
    assert _shown(client.get("/", {"as_of": day, "q": "eleuther ai"})) == ["pythia"]
    assert _shown(client.get("/", {"as_of": day, "q": "olmo"})) == ["olmo"]
    found = _text(client.get("/", {"as_of": day, "q": "pythia"}))
    # The rank is the model's place in that day's ranking, whatever the search.
    assert '<span class="phone-label">Rank </span>2</td>' in found
    assert "1 model matches of 2" in found
    assert "/models/pythia/?as_of=2026-03-20" in found
    assert _shown(client.get("/", {"as_of": day, "q": "zzz"})) == []


def test_the_ranking_as_of_a_day_filters_by_organisation_type_and_that_days_levels(
    client, scripted
):
    assert _shown(client.get("/", {"as_of": "2026-03-20", "org": "EleutherAI"})) == ["pythia"]
    assert _shown(client.get("/", {"as_of": "2026-03-20", "org": "ai2"})) == ["olmo"]
    unknown = _text(client.get("/", {"as_of": "2026-03-20", "org": "Nobody"}))
    assert "No organisation is called &#x27;Nobody&#x27;" in unknown
    assert _shown(client.get("/", {"as_of": "2026-03-20", "model_type": "image"})) == []
    # OLMo's license level was closed on the 14th and open from the 20th.
    closed = {"level_licenses": "closed"}
    assert _shown(client.get("/", {"as_of": "2026-03-14", **closed})) == ["olmo", "pythia"]
    assert _shown(client.get("/", {"as_of": "2026-03-20", **closed})) == ["pythia"]
    assert _shown(client.get("/", {"as_of": "2026-04-02", **closed})) == []
    both = {"as_of": "2026-04-02", "level_weights_basemodel": "closed", "org": "ai2"}
    assert _shown(client.get("/", both)) == ["olmo"]


def test_what_a_past_day_cannot_answer_is_named_on_the_page(client, scripted):
    html = _text(
        client.get("/", {"as_of": "2026-03-20", "license": "osi", "gated": "yes", "sort": "name"})
    )
    assert "Not applied to a past day: the license class; gated downloads; the sort" in html
    assert _shown_order(html) == ["olmo", "pythia"]  # that day's order, not by name
    plain = _text(client.get("/", {"as_of": "2026-03-20"}))
    assert "Not applied to a past day" not in plain


def _shown_order(html: str) -> list[str]:
    return re.findall(r'<th scope="row" class="col-name"><a href="/models/([^/]+)/', html)


def test_the_filters_stay_in_the_address_with_and_without_htmx(client, scripted):
    params = {"as_of": "2026-03-20", "q": "pythia", "level_licenses": "open", "junk": "1"}
    fragment = client.get("/", params, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert fragment["HX-Push-Url"] == "/?as_of=2026-03-20&q=pythia&level_licenses=open"
    page = _text(client.get("/", params))
    assert 'name="q" value="pythia"' in page
    assert '<option value="open" selected>' in page
    assert 'name="as_of" type="date" value="2026-03-20"' in page
    # The day's own form keeps the search and filters, and the swap updates its copy of them.
    assert '<input type="hidden" name="q" value="pythia">' in page
    assert '<span id="day-filters" hx-swap-oob="true">' in fragment.content.decode()
    # The definition lens's links keep the day and the search.
    assert 'href="/?as_of=2026-03-20&amp;q=pythia&amp;level_licenses=open&amp;lens=mof"' in page


def test_the_page_cache_keeps_each_search_of_a_day_apart(client, scripted, settings):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    cache.clear()
    for _ in range(2):  # stored on the second request
        assert _shown(client.get("/", {"as_of": "2026-03-20", "q": "olmo"})) == ["olmo"]
        assert _shown(client.get("/", {"as_of": "2026-03-20", "q": "pythia"})) == ["pythia"]
        assert _shown(client.get("/", {"as_of": "2026-03-20", "level_licenses": "closed"})) == [
            "pythia"
        ]


def test_the_ranking_as_of_a_day_is_paged(client, scripted, monkeypatch):
    from openness.web import history_views, selectors_history

    monkeypatch.setattr(selectors_history, "AS_OF_PAGE_SIZE", 1)
    monkeypatch.setattr(history_views, "AS_OF_PAGE_SIZE", 1)
    first = _text(client.get("/", {"as_of": "2026-04-02"}))
    assert _shown_order(first) == ["pythia"]
    assert 'rel="next" href="/?as_of=2026-04-02&amp;after=1"' in first
    second = client.get("/", {"as_of": "2026-04-02", "after": "1"})
    assert _shown(second) == ["olmo"]
    assert 'rel="prev" href="/?as_of=2026-04-02"' in _text(second)
    beyond = _text(client.get("/", {"as_of": "2026-04-02", "after": "9"}))
    assert "Ignored a page position beyond the last model" in beyond
    assert _shown_order(beyond) == ["pythia"]


def test_a_filtered_as_of_ranking_runs_a_fixed_number_of_queries(
    scripted, django_assert_max_num_queries
):
    from datetime import date

    from django.http import QueryDict

    from openness.web import selectors_history

    params = QueryDict("q=olmo&org=ai2&level_licenses=open&model_type=text")
    selectors_history.ranking_as_of_page(date(2026, 3, 20), params)  # the day, now cached
    # methodology in force, latest revision id, the organisation (slug; ownership, once per
    # data version), the models that match
    with django_assert_max_num_queries(6):
        page = selectors_history.ranking_as_of_page(date(2026, 3, 20), params)
    assert [row.model.slug for row in page.rows] == ["olmo"]


def test_an_order_or_a_bad_sort_is_named_once_not_repeated(client, scripted):
    asc = _text(client.get("/", {"as_of": "2026-03-20", "order": "asc"}))
    assert "Not applied to a past day: the sort" in asc
    bad = _text(client.get("/", {"as_of": "2026-03-20", "sort": "nonsense"}))
    assert "Not applied to a past day: the sort" in bad
    assert "Ignored sort=" not in bad
