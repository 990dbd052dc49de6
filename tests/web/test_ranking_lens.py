"""The definition lens on the ranking, its CSV and data package, and the API's model list:
rank and filter by the MOF class or the OSAID verdict, from the five models of the argument."""

import csv
import io

import pytest
from django.test import RequestFactory

from openness.assessments.frameworks.records import FrameworkVerdict
from openness.lib import data_version
from openness.web import selectors
from openness.web.caching import page_cache_key
from openness.web.views import RANKING_PARAMS

from .test_frameworks_pages import FIVE, _load_five


@pytest.fixture
def five(db, tmp_path):
    _load_five(tmp_path)


def slugs(params: dict) -> list[str]:
    return [row.model.slug for row in selectors.ranking_page(params).rows]


def test_the_osaid_lens_ranks_the_conforming_model_first_then_by_the_eu_rank(five):
    eu = slugs({})
    osaid = slugs({"lens": "osaid"})
    assert osaid[0] == "olmo"  # the one of the five that conforms
    assert osaid[1:] == [slug for slug in eu if slug != "olmo"]
    # Every one of the five has no MOF class: the MOF lens keeps the EU index's order.
    assert slugs({"lens": "mof"}) == eu


def test_a_verdict_filter_keeps_the_models_with_that_verdict(five):
    assert slugs({"lens": "osaid", "verdict": "conforms"}) == ["olmo"]
    assert sorted(slugs({"lens": "osaid", "verdict": "does_not_conform"})) == sorted(
        set(FIVE) - {"olmo"}
    )
    assert slugs({"lens": "mof", "verdict": "I"}) == []
    page = selectors.ranking_page({"lens": "osaid", "verdict": "conforms"})
    assert page.count == 1 and page.query.is_filtered


def test_a_bad_lens_or_verdict_is_reported_and_ignored(five):
    page = selectors.ranking_page({"lens": "fsf", "verdict": "gold"})
    assert page.query.lens == "eu" and not page.query.verdict
    assert any("lens='fsf'" in error for error in page.query.errors)
    assert any("verdict='gold'" in error for error in page.query.errors)
    # A verdict of the other lens, left in the form when the lens changed, is dropped quietly.
    page = selectors.ranking_page({"lens": "mof", "verdict": "conforms"})
    assert page.query.verdict == "" and not page.query.errors
    assert len(page.rows) == 5


@pytest.mark.parametrize("lens", ["mof", "osaid"])
@pytest.mark.parametrize("order", ["desc", "asc"])
def test_paging_under_a_lens_visits_every_model_once_both_ways(five, monkeypatch, lens, order):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    params = {"lens": lens, "order": order}
    page = selectors.ranking_page(params)
    forward = [row.model.slug for row in page.rows]
    while page.next_cursor:
        page = selectors.ranking_page({**params, "after": page.next_cursor})
        forward += [row.model.slug for row in page.rows]
    backward = [row.model.slug for row in page.rows]
    while page.previous_cursor:
        page = selectors.ranking_page({**params, "before": page.previous_cursor})
        backward = [row.model.slug for row in page.rows] + backward
    assert sorted(forward) == sorted(FIVE) and backward == forward
    monkeypatch.setattr(selectors, "PAGE_SIZE", 50)
    assert forward == slugs(params)


def test_the_lens_reads_one_statement_per_verdict_on_the_hub_until_the_page_is_full(
    five, django_assert_num_queries
):
    # The methodology context and the Hub track's count, read once per data version.
    selectors.ranking_page({"track": "hub"})
    # The OSAID's three verdicts, most open first; the Hub track of the five is empty.
    with django_assert_num_queries(3):
        selectors.ranking_page({"track": "hub", "lens": "osaid"})
    # The curated index, a few hundred models, is sorted in one statement; the count comes
    # from the rows.
    with django_assert_num_queries(1):
        page = selectors.ranking_page({"lens": "osaid"})
    assert len(page.rows) == 5


def test_one_verdict_of_the_curated_index_pages_by_rank_and_counts_once_per_data_version(
    five, monkeypatch, django_assert_num_queries
):
    verdicts_of = FrameworkVerdict.objects.filter(framework="osaid", track="editorial")
    params = {"lens": "osaid", "verdict": "does_not_conform"}
    eu_order = [slug for slug in slugs({}) if slug != "olmo"]
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    page = selectors.ranking_page(params)
    assert page.count == 4
    forward = [row.model.slug for row in page.rows]
    while page.next_cursor:
        page = selectors.ranking_page({**params, "after": page.next_cursor})
        forward += [row.model.slug for row in page.rows]
        assert page.count == 4
    backward = [row.model.slug for row in page.rows]
    while page.previous_cursor:
        page = selectors.ranking_page({**params, "before": page.previous_cursor})
        backward = [row.model.slug for row in page.rows] + backward
    assert forward == backward == eu_order
    # The count is the same for every reader of this data version: later pages read only
    # their rows.
    with django_assert_num_queries(1):
        selectors.ranking_page(params)
    # A recompute that moves a verdict moves the data version, and the count follows.
    verdicts_of.filter(model__slug=eu_order[0]).update(verdict="cannot_tell", order=1)
    data_version.bump()
    assert selectors.ranking_page(params).count == 3


def test_the_page_shows_the_lens_its_verdict_column_and_keeps_it_in_every_link(client, five):
    html = client.get("/?lens=osaid").content.decode()
    assert '<option value="osaid" selected>OSAID verdict</option>' in html
    assert 'class="verdict verdict-osaid-conforms">conforms</td>' in html
    assert "Ranked by the OSAID verdict (most open first), then by the EU index" in html
    assert html.index('href="/models/olmo/"') < html.index('href="/models/bloomz/"')
    assert 'href="/ranking.csv?lens=osaid"' in html
    assert 'href="/?lens=mof"' in html and 'href="/"' in html
    plain = client.get("/").content.decode()
    assert "verdict-osaid" not in plain and 'id="f-verdict"' not in plain


def test_an_htmx_update_sends_the_lens_controls_out_of_band_and_pushes_the_address(client, five):
    response = client.get("/?lens=mof&verdict=none", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response["HX-Push-Url"] == "/?lens=mof&verdict=none"
    assert 'id="lens-controls" class="lens-controls" hx-swap-oob="true"' in html
    assert '<option value="none" selected>No class</option>' in html


def test_the_hub_track_takes_the_lens_too(client, five):
    response = client.get("/?track=hub&lens=mof")
    assert response.status_code == 200
    assert "Ranked by the MOF class" in response.content.decode()


def test_the_lens_is_part_of_the_page_caches_key():
    factory = RequestFactory()

    def key(query: str) -> str:
        return page_cache_key(factory.get(f"/{query}"), RANKING_PARAMS, ("level_",))

    assert len({key(""), key("?lens=mof"), key("?lens=osaid"), key("?lens=mof&verdict=I")}) == 4


def test_the_csv_and_its_data_package_carry_the_class_and_the_verdict(client, five):
    response = client.get("/ranking.csv?lens=osaid")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["slug"] for row in rows] == slugs({"lens": "osaid"})
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["olmo"]["osaid_verdict"] == "conforms"
    assert by_slug["bloomz"]["osaid_verdict"] == "does_not_conform"
    assert {row["mof_class"] for row in rows} == {"none"}
    # Under the EU index's own lens too.
    plain = b"".join(client.get("/ranking.csv").streaming_content).decode()
    assert "mof_class,osaid_verdict" in plain.splitlines()[0]
    package = client.get("/ranking.datapackage.json?lens=osaid").json()
    fields = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert fields[-4:] == ["mof_class", "osaid_verdict", "url", "track"]
    assert package["resources"][0]["path"].endswith("/ranking.csv?lens=osaid")


def test_the_api_ranks_and_filters_by_a_lens_and_gives_each_models_verdicts(client, five):
    body = client.get("/api/v1/models?lens=osaid").json()
    assert body["lens"] == "osaid"
    assert body["data"][0]["slug"] == "olmo"
    assert body["data"][0]["verdicts"] == {"mof": "none", "osaid": "conforms"}
    first = client.get("/api/v1/models?lens=osaid&limit=2").json()
    second = client.get(f"/api/v1/models?lens=osaid&limit=2&cursor={first['next_cursor']}").json()
    assert [m["slug"] for m in first["data"] + second["data"]] == [
        m["slug"] for m in body["data"][:4]
    ]
    only = client.get("/api/v1/models?lens=mof&verdict=none").json()
    assert len(only["data"]) == 5
    assert client.get("/api/v1/models").json()["data"][0]["verdicts"]["mof"] == "none"


@pytest.mark.parametrize(
    "query",
    ["lens=fsf", "verdict=none", "lens=mof&verdict=conforms"],
)
def test_the_api_refuses_an_unknown_lens_or_verdict(client, five, query):
    response = client.get(f"/api/v1/models?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_parameter"


def test_an_api_cursor_of_another_lens_is_refused(client, five):
    first = client.get("/api/v1/models?limit=2").json()
    response = client.get(f"/api/v1/models?lens=mof&limit=2&cursor={first['next_cursor']}")
    assert response.status_code == 400


def test_a_cursor_of_no_verdict_of_the_lens_reads_the_verdicts_beyond_it(five):
    # Above every verdict's order: every verdict lies after it; below: none does.
    assert len(selectors.ranking_page({"lens": "osaid", "after": "99~1"}).rows) == 5
    page = selectors.ranking_page({"lens": "osaid", "after": "-5~1"})
    assert page.rows == [] and not page.next_cursor
    # One that does not parse at all starts from the top, as on every sort.
    page = selectors.ranking_page({"lens": "osaid", "after": "x~y"})
    assert len(page.rows) == 5 and "from the top" in " ".join(page.query.errors)


def test_the_planner_knows_which_verdict_orders_each_framework_has(db):
    """Migration 0009's extended statistics: without them PostgreSQL took MOF class II for as
    common as the OSAID's "cannot tell" and walked the whole Hub ranking for it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stxkeys::text FROM pg_statistic_ext WHERE stxname = %s",
            ["frameworkverdict_order_stats"],
        )
        assert cursor.fetchone() is not None
