"""Search that forgives, the organisation filter by name, organisations across both tracks,
and the compare selection kept in the ranking's address (issue 17, items 3 to 5)."""

import re

import pytest
from django.urls import reverse

from openness.assessments.models import Track
from openness.catalog.hub_accounts import owned_hub_organisations
from openness.web.ranking import RankingQuery, has_search_key, ranking_query_parse
from openness.web.selectors import methodology_current_context
from openness.web.selectors_search import models_matching

from . import factories, search_data
from .test_ranking import notices_in, rows_in

HUB = {"track": "hub"}


@pytest.fixture
def catalog(methodology):
    return search_data.catalog_create(methodology)


@pytest.mark.parametrize(
    ("term", "track", "expected"),
    [
        ("llama3", "hub", {"meta-llama-meta-llama-3-8b-instruct", "llama-31"}),
        ("LLaMA-3", "hub", {"meta-llama-meta-llama-3-8b-instruct", "llama-31"}),
        ("llama3", "curated", {"llama-31"}),
        ("llama 3.1", "curated", {"llama-31"}),
        ("Mistral 7B", "hub", {"mistralai-mistral-7b-instruct-v0-1", "mistralai-mistral-7b-v0-1"}),
        ("mistral-7b instruct", "hub", {"mistralai-mistral-7b-instruct-v0-1"}),
        ("olmo 2", "hub", {"allenai-olmo-2-1124-7b"}),
        ("OLMo", "curated", {"olmo"}),
        ("Mistràl Large", "curated", {"mistral"}),  # accents folded
        ("mistral ai", "curated", {"mistral"}),  # the organisation's name too
    ],
)
def test_a_search_forgives_case_spaces_punctuation_and_accents(
    client, catalog, term, track, expected
):
    found = set(rows_in(client.get("/", {"q": term, "track": track})))
    # The quantised copy by another account matches "llama3" too: its name contains it.
    assert expected <= found
    assert not found - expected - {"quantfactory-meta-llama-3-8b-instruct-gguf"}


def test_wildcards_are_not_wildcards_and_a_term_without_letters_says_so(client, catalog):
    assert rows_in(client.get("/", {"q": "ol_o"})) == []
    assert rows_in(client.get("/", {"q": "o.mo"})) == []
    response = client.get("/", {"q": "%_-"})
    assert rows_in(response) == []
    assert any("no letter or digit" in notice for notice in notices_in(response))
    assert has_search_key("olmo 2") and not has_search_key("%_- ")


def test_the_finder_ranks_matches_by_similarity(catalog, methodology):
    context = methodology_current_context()
    found = models_matching(
        "meta llama 3 8b instruct", methodology_id=context.methodology.pk, track=Track.AUTOMATIC
    )
    assert [m.slug for m in found] == [
        "meta-llama-meta-llama-3-8b-instruct",
        "quantfactory-meta-llama-3-8b-instruct-gguf",
    ]
    found = models_matching("mistral 7b", methodology_id=context.methodology.pk, track="automatic")
    assert [m.slug for m in found] == [
        "mistralai-mistral-7b-v0-1",  # the closer name first, though ranked alike
        "mistralai-mistral-7b-instruct-v0-1",
    ]
    assert models_matching("---", methodology_id=context.methodology.pk, track="automatic") == []


def test_the_hub_accounts_of_a_curated_organisation_come_from_its_weights_links(catalog):
    owned = {(hub.slug, hub.owner_slug) for hub in owned_hub_organisations()}
    assert owned == {("meta-llama", "meta"), ("allenai", "ai2"), ("mistralai", "mistral-ai")}


@pytest.mark.parametrize("name", ["Meta", "meta", "META", "meta-llama", "Meta Llama"])
def test_the_organisation_filter_finds_an_organisation_by_name_in_both_tracks(
    client, catalog, name
):
    assert rows_in(client.get("/", {"org": name})) == ["llama-31"]
    response = client.get("/", {"org": name, **HUB})
    assert set(rows_in(response)) == {"llama-31", "meta-llama-meta-llama-3-8b-instruct"}
    assert not notices_in(response)
    assert 'value="Meta"' in response.content.decode()  # the field shows the name found


def test_the_organisation_filter_takes_names_with_spaces_and_suggests_names(client, catalog):
    response = client.get("/", {"org": "Mistral AI", **HUB})
    assert set(rows_in(response)) == {
        "mistralai-mistral-7b-instruct-v0-1",
        "mistralai-mistral-7b-v0-1",
    }
    html = response.content.decode()
    assert '<datalist id="organisation-names">' in html
    assert '<option value="Mistral AI">' in html and '<option value="Ai2">' in html
    assert set(rows_in(client.get("/", {"org": "mistralai", **HUB}))) == set(rows_in(response))


def test_the_organisation_filter_suggests_hub_accounts_merged_with_their_owners(client, catalog):
    html = client.get("/", HUB).content.decode()
    datalist = re.search(r'<datalist id="organisation-names">(.*?)</datalist>', html).group(1)
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', datalist)
    # The curated organisations; the Hub accounts they own, labelled with the owner's name,
    # which the filter finds from either; then the Hub's other accounts.
    assert options[:3] == [("Ai2", ""), ("Meta", ""), ("Mistral AI", "")]
    assert {("meta-llama", "Meta"), ("allenai", "Ai2"), ("mistralai", "Mistral AI")} <= set(options)
    assert options[-1] == ("QuantFactory", "")
    assert len(options) == 7
    response = client.get("/", {"org": "QuantFactory", **HUB})
    assert rows_in(response) == ["quantfactory-meta-llama-3-8b-instruct-gguf"]
    # The curated index has no model of an account no curated organisation owns.
    curated = client.get("/").content.decode()
    assert '<option value="meta-llama">Meta</option>' in curated
    assert 'value="QuantFactory"' not in curated


def test_the_hub_accounts_suggested_are_bounded_most_downloaded_first(catalog, monkeypatch):
    from openness.catalog.models import AIModel, Organisation
    from openness.web import selectors_organisations

    # A second account no curated organisation owns, whose model is downloaded more.
    other = Organisation.objects.create(slug="account-b", name="account-b", hub_author="account-b")
    model = catalog["quantfactory-meta-llama-3-8b-instruct-gguf"]
    AIModel.objects.filter(pk=model.pk).update(downloads=10)
    more = factories.model_create("B", other, slug="account-b-b", downloads=20)
    methodology = methodology_current_context().methodology
    factories.assess(more, methodology, "partial", track=Track.AUTOMATIC, provenance="automatic")
    factories.recompute(methodology)

    def hub_accounts() -> list[str]:
        context = methodology_current_context()
        context.derived.clear()
        suggested = selectors_organisations.organisation_suggestions(context)
        return [s.value for s in suggested][6:]

    assert hub_accounts() == ["account-b", "QuantFactory"]
    monkeypatch.setattr(selectors_organisations, "HUB_SUGGESTIONS", 1)
    assert hub_accounts() == ["account-b"]


def test_an_organisation_that_does_not_exist_is_said_not_silently_empty(client, catalog):
    response = client.get("/", {"org": "Nobody Labs"})
    assert rows_in(response) == []
    assert any(
        "No organisation is called &#x27;Nobody Labs&#x27;" in notice
        for notice in notices_in(response)
    )


def test_an_owned_hub_organisations_page_redirects_to_its_owner(client, catalog):
    response = client.get("/organisations/meta-llama/")
    assert response.status_code == 301
    assert response["Location"] == "/organisations/meta/"
    assert client.get("/organisations/quantfactory/").status_code == 200


def test_an_organisations_page_shows_both_tracks_with_its_hub_accounts(client, catalog):
    html = client.get("/organisations/meta/").content.decode()
    assert "Meta-Llama-3-8B-Instruct" in html and "Llama 3.1" in html
    assert "Meta-Llama-3-8B-Instruct-GGUF" not in html
    assert 'href="https://huggingface.co/meta-llama"' in html


def test_the_organisations_index_counts_both_tracks_under_the_owner(client, catalog):
    response = client.get(reverse("web:organisations"))
    page = response.context["page"]
    rows = {row.slug: row for row in page.curated}
    assert (rows["meta"].curated_count, rows["meta"].hub_count) == (1, 2)
    assert (rows["mistral-ai"].curated_count, rows["mistral-ai"].hub_count) == (1, 2)
    assert "meta-llama" not in rows
    largest = [(row.slug, row.hub_count) for row in page.largest_on_hub]
    assert largest == [("meta", 2), ("quantfactory", 1)]


def test_ticks_travel_with_the_search_filters_and_pages(client, catalog):
    params = {"q": "llama", "m": ["olmo", "llama-31"]}
    html = client.get("/", params).content.decode()
    # The model on this page is ticked; the other is kept as a hidden field of the form.
    assert re.search(r'value="llama-31" form="filters" id="cmp-llama-31" checked', html)
    assert '<input type="hidden" name="m" value="olmo" form="filters">' in html
    assert "Chosen to compare (2 of at most 6)" in html
    # Taking one out keeps the search and the other tick.
    assert 'href="/?q=llama&amp;m=llama-31"' in html
    query = ranking_query_parse(
        {"m": ("olmo", "llama-31"), "after": "3"}, criteria_codes=[], group_codes=[], model_types=[]
    )
    assert query.url("/") == "/?after=3&m=olmo&m=llama-31"
    assert RankingQuery(compare=("a",)).params(after="") == {"m": ("a",)}


def test_the_compare_button_opens_the_comparison_of_the_ticks(client, catalog):
    response = client.get("/", {"q": "x", "m": ["olmo", "llama-31"], "compare": "1", **HUB})
    assert response.status_code == 302
    assert response["Location"] == "/compare/?track=hub&m=olmo&m=llama-31"
    response = client.get("/", {"m": ["olmo", "llama-31"], "compare": "1"}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/compare/?m=olmo&m=llama-31"


def test_the_selection_is_part_of_the_page_cache_key(client, catalog, settings):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    for _ in range(2):  # asked twice, so that the second answer comes from the cache
        one = client.get("/", {"m": ["olmo", "llama-31"]}).content.decode()
        other = client.get("/", {"m": ["mistral", "llama-31"]}).content.decode()
    assert 'name="m" value="olmo" form="filters" id="cmp-olmo" checked' in one
    assert 'name="m" value="mistral" form="filters" id="cmp-mistral" checked' in other
    assert 'id="cmp-olmo" checked' not in other


def test_the_compare_page_finds_models_by_name_without_javascript(client, catalog):
    response = client.get("/compare/", {"m": ["olmo"], "find": "olmo 2", **HUB})
    html = response.content.decode()
    assert "OLMo-2-1124-7B" in html
    assert 'href="/compare/?track=hub&amp;m=olmo&amp;m=allenai-olmo-2-1124-7b"' in html
    response = client.get(
        "/compare/",
        {"find": "llama3"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="find-results",
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="find-results"')
    assert "Llama 3.1" in fragment
    nothing = client.get("/compare/", {"find": "zzzz"}).content.decode()
    assert "No model\u2019s name contains \u201czzzz\u201d" in nothing


def test_a_search_can_read_the_trigram_index(catalog, methodology):
    """The term's pattern is folded into a constant ('%olmo2%') that the trigram index on
    search_key answers: with a whole-table read priced out, PostgreSQL reads the index."""
    from django.db import connection, transaction

    from openness.web import ranking_sql

    where = ranking_sql.search_filter("OLMo 2")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT s.id FROM assessments_score s WHERE {where.text}", where.params
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on score_search_key" in plan, plan
    assert "'%olmo2%'::text" in plan, plan


def test_a_search_can_be_ranked_by_best_match(client, catalog):
    params = {"q": "mistral 7b", "sort": "match", **HUB}
    response = client.get("/", params)
    assert rows_in(response) == ["mistralai-mistral-7b-v0-1", "mistralai-mistral-7b-instruct-v0-1"]
    assert '<option value="match" selected>Best match for the search</option>' in (
        response.content.decode()
    )
    # Without a search there is nothing to match: said, and the ranking's own order kept.
    response = client.get("/", {"sort": "match"})
    assert any("best match" in notice for notice in notices_in(response))
    assert 'value="match"' not in response.content.decode()


def test_best_match_pages_with_a_cursor(catalog, monkeypatch):
    from openness.web import selectors

    params = {"q": "llama 3", "sort": "match", **HUB}
    everything = [row.model.slug for row in selectors.ranking_page(params).rows]
    assert everything[0] == "llama-31"  # "Llama 3.1" is the closest name
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    one_by_one = []
    page = selectors.ranking_page(params)
    while True:
        one_by_one += [row.model.slug for row in page.rows]
        if not page.next_cursor:
            break
        page = selectors.ranking_page({**params, "after": page.next_cursor})
    assert one_by_one == everything and len(everything) == 3
