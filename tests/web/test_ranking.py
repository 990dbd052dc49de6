import datetime
import re

import pytest
from django.urls import reverse

from openness.assessments.models import Score, Track
from openness.catalog.models import AIModel, Organisation
from openness.lib import data_version

from . import factories


@pytest.fixture
def ranked(methodology):
    """Three curated models with distinct totals, one also in the Hub catalog."""
    allen = factories.organisation_create("Allen AI", slug="allenai")
    meta = factories.organisation_create("Meta", slug="meta")
    olmo = factories.model_create(
        "OLMo",
        allen,
        slug="olmo",
        license_spdx="Apache-2.0",
        release_date=datetime.date(2025, 1, 1),
        downloads=10,
    )
    llama = factories.model_create(
        "Llama",
        meta,
        slug="llama",
        license_name="Llama community license",
        release_date=datetime.date(2024, 4, 1),
        gated="manual",
        downloads=500,
        model_types=["text", "code"],
    )
    closedish = factories.model_create("Closedish", meta, slug="closedish")
    factories.assess(olmo, methodology, "open")
    factories.assess(llama, methodology, "partial")
    factories.assess(closedish, methodology, "closed")
    factories.assess(llama, methodology, "open", track=Track.AUTOMATIC, provenance="automatic")
    factories.recompute(methodology)
    return {"olmo": olmo, "llama": llama, "closedish": closedish}


# The page is read from its HTML: a page of the leaderboard is spliced into a frame rendered
# once per query (web.caching.page_frame), so a template context is not always there to read.
def rows_in(response) -> list[str]:
    """The slugs of the models in the table, in order (from their compare checkboxes)."""
    return re.findall(r'name="m" value="([^"]+)" form="filters"', response.content.decode())


def notices_in(response) -> list[str]:
    """What the page says it ignored in the query."""
    found = re.search(
        r'<div class="notice" role="status"><ul>(.*?)</ul>', response.content.decode()
    )
    return re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []


def count_in(response) -> int | None:
    found = re.search(r'<span class="count">\u00b7 ([\d,]+) model', response.content.decode())
    return int(found.group(1).replace(",", "")) if found else None


def chart_in(response) -> str:
    html = response.content.decode()
    return html[
        html.index('id="dist-heading"') : html.index("</section>", html.index('id="dist-heading"'))
    ]


def test_it_ranks_the_curated_index_by_total_by_default(client, ranked):
    response = client.get(reverse("web:ranking"))
    assert response.status_code == 200
    assert rows_in(response) == ["olmo", "llama", "closedish"]
    assert b"Curated index" in response.content


def test_the_same_url_without_javascript_renders_a_complete_page(client, ranked):
    response = client.get(reverse("web:ranking"), {"sort": "name", "order": "asc"})
    html = response.content.decode()
    assert html.lstrip().startswith("<!doctype html>")
    assert '<main id="main"' in html and "<footer" in html and 'id="filters"' in html
    assert rows_in(response) == ["closedish", "llama", "olmo"]


def test_an_htmx_request_gets_only_the_results_fragment(client, ranked):
    response = client.get(
        reverse("web:ranking"), {"q": "olmo", "model_type": ""}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<footer" not in html
    assert response.headers["HX-Push-Url"] == "/?q=olmo"
    assert "HX-Request" in response.headers["Vary"]


def test_the_hub_catalog_is_a_separate_labelled_track(client, ranked):
    response = client.get(reverse("web:ranking"), {"track": "hub"})
    assert rows_in(response) == ["llama"]
    assert b"Hub catalog" in response.content


def test_it_searches_names_and_organisations(client, ranked):
    assert rows_in(client.get("/", {"q": "olm"})) == ["olmo"]
    assert rows_in(client.get("/", {"q": "meta"})) == ["llama", "closedish"]


def test_a_search_follows_renamed_models_and_organisations(client, ranked):
    # The score rows' search text is kept by triggers, whatever writes the names.
    AIModel.objects.filter(slug="olmo").update(name="Olmo Three")
    assert rows_in(client.get("/", {"q": "three"})) == ["olmo"]
    assert rows_in(client.get("/", {"q": "olm"})) == ["olmo"]
    meta = Organisation.objects.get(slug="meta")
    meta.name = "Meta Platforms"
    meta.save()
    assert rows_in(client.get("/", {"q": "platforms"})) == ["llama", "closedish"]
    assert rows_in(client.get("/", {"q": "platforms", "track": "hub"})) == ["llama"]
    closedish = AIModel.objects.get(slug="closedish")
    closedish.organisation = Organisation.objects.get(slug="allenai")
    closedish.save()
    assert rows_in(client.get("/", {"q": "allen"})) == ["olmo", "closedish"]
    assert set(Score.objects.values_list("search", flat=True)) == {
        "Olmo Three Allen AI",
        "Llama Meta Platforms",
        "Closedish Allen AI",
    }


def test_a_search_ignores_punctuation_and_has_no_wildcards(client, ranked):
    # Punctuation and spaces are dropped from the term and the names alike (test_search).
    assert rows_in(client.get("/", {"q": "(olmo"})) == ["olmo"]
    assert rows_in(client.get("/", {"q": "O L M O"})) == ["olmo"]
    assert rows_in(client.get("/", {"q": "o.mo"})) == []
    assert rows_in(client.get("/", {"q": "ol_o"})) == []
    assert rows_in(client.get("/", {"q": "%"})) == []
    assert rows_in(client.get("/", {"q": "OLMO"})) == ["olmo"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"model_type": "code"}, ["llama"]),
        ({"org": "allenai"}, ["olmo"]),
        ({"license": "osi"}, ["olmo"]),
        ({"license": "custom"}, ["llama"]),
        ({"license": "none"}, ["closedish"]),
        ({"gated": "yes"}, ["llama"]),
        ({"released_from": "2024-12-01"}, ["olmo"]),
        ({"released_to": "2024-12-01"}, ["llama"]),
        ({"level_paper": "partial"}, ["llama"]),
        ({"level_paper": "open", "level_licenses": "open"}, ["olmo"]),
        ({"provenance": "curated"}, ["olmo", "llama", "closedish"]),
        ({"provenance": "community"}, []),
    ],
)
def test_each_filter_narrows_the_table(client, ranked, params, expected):
    assert rows_in(client.get("/", params)) == expected


def test_the_license_filter_agrees_with_the_license_classes(client, ranked, methodology):
    from openness.web.licenses import license_class
    from openness.web.ranking import LICENSE_CLASSES

    other = factories.model_create(
        "Other", ranked["olmo"].organisation, slug="other", license_spdx="CC-BY-NC-4.0"
    )
    factories.assess(other, methodology, "closed")
    factories.recompute(methodology)
    models = [*ranked.values(), other]
    for value in LICENSE_CLASSES:
        expected = {
            m.slug for m in models if license_class(m.license_spdx, m.license_name) == value
        }
        assert set(rows_in(client.get("/", {"license": value}))) == expected, value
    assert rows_in(client.get("/", {"license": "spdx-other"})) == ["other"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sort": "total", "order": "asc"}, ["closedish", "llama", "olmo"]),
        ({"sort": "released", "order": "desc"}, ["olmo", "llama", "closedish"]),
        ({"sort": "group:availability", "order": "asc"}, ["closedish", "llama", "olmo"]),
        ({"sort": "criterion:paper", "order": "desc"}, ["olmo", "llama", "closedish"]),
        ({"sort": "downloads"}, ["llama", "olmo", "closedish"]),
        ({"sort": "name", "order": "desc"}, ["olmo", "llama", "closedish"]),
    ],
)
def test_it_sorts_by_any_column(client, ranked, params, expected):
    assert rows_in(client.get("/", params)) == expected


def test_bad_parameters_are_reported_and_ignored(client, ranked):
    response = client.get("/", {"sort": "evil", "level_paper": "maybe", "released_from": "x"})
    assert response.status_code == 200
    assert rows_in(response) == ["olmo", "llama", "closedish"]
    assert len(notices_in(response)) == 3


def test_its_selector_runs_a_fixed_number_of_queries(client, ranked, django_assert_num_queries):
    # methodology, criteria, rows (one page: no count needed), the distribution chart, and the
    # organisations (who owns which Hub account; the filter's suggestions)
    with django_assert_num_queries(6):
        client.get("/", {"sort": "name"})
    # the methodology, its criteria and the chart (one per data version) are kept: rows
    with django_assert_num_queries(1):
        client.get("/", {"sort": "name"})
    # a later page of the curated index also counts it, once per data version
    with django_assert_num_queries(2):
        client.get("/", {"after": "1"})
    with django_assert_num_queries(1):
        client.get("/", {"after": "2"})
    # a filtered later page counts what matches
    with django_assert_num_queries(2):
        client.get("/", {"after": "1", "gated": "no"})
    # an htmx search: rows (the score rows carry the names they are searched by)
    with django_assert_num_queries(1):
        client.get("/", {"q": "olmo"}, headers={"HX-Request": "true"})


def test_a_data_change_reloads_the_methodology_count_and_chart(
    client, ranked, django_assert_num_queries, methodology
):
    first = client.get("/", {"after": "1"})
    assert count_in(first) == 3
    factories.assess(
        factories.model_create("Fourth", ranked["olmo"].organisation, slug="fourth"),
        methodology,
        "partial",
    )
    factories.recompute(methodology)
    data_version.bump()  # what the recompute's commit does (tests roll back instead)
    # methodology, criteria, rows, the count, the distribution chart, the organisations (two)
    with django_assert_num_queries(7):
        response = client.get("/", {"after": "1"})
    assert count_in(response) == 4
    assert chart_in(response) != chart_in(first)


def test_the_hub_tracks_count_follows_a_crawl_at_once(client, ranked, methodology):
    """After a crawl the Hub leaderboard said "0 models" above its rows for ten minutes."""
    hub = {"track": "hub"}
    before = count_in(client.get("/", hub))
    model = factories.model_create("Crawled", ranked["olmo"].organisation, slug="crawled")
    factories.assess(model, methodology, "open", track=Track.AUTOMATIC, provenance="automatic")
    factories.recompute(methodology)
    data_version.bump()
    assert count_in(client.get("/", hub)) == before + 1


# Each sort, the index that serves it, and a cursor into it.
SORT_INDEXES = {
    "total": ("score_leaderboard", "1"),
    "name": ("aimodel_sort_name", "llama~1"),
    "released": ("aimodel_sort_released", "2024-04-01~1"),
    "created": ("aimodel_sort_created", "2024-04-01T00:00:00+00:00~1"),
    "downloads": ("aimodel_sort_downloads", "5~1"),
    "coverage": ("score_sort_coverage", "100~1"),
    "group:availability": ("score_sort_group_availability", "0.500000~1"),
    "criterion:code": ("score_sort_crit_code", "2~1"),
}


@pytest.mark.parametrize("order", ["desc", "asc"])
@pytest.mark.parametrize("sort", SORT_INDEXES)
def test_every_sort_reads_its_index_in_order(client, ranked, sort, order):
    """The page query's sort expressions are the ones the indexes are built on, and its plan
    reads the index in order whether planned for its values or, prepared, for any values."""
    from django.db import connection, transaction

    index, cursor = SORT_INDEXES[sort]
    params = {"track": "hub", "sort": sort, "order": order}
    for page in (params, {**params, "after": cursor}, {**params, "before": cursor}):
        sent = []

        def record(execute, sql, values, many, context, sent=sent):
            sent.append((sql, values))
            return execute(sql, values, many, context)

        with connection.execute_wrapper(record):
            response = client.get("/", page)
        assert response.status_code == 200 and not notices_in(response)
        page_queries = [(sql, values) for sql, values in sent if sql.startswith("SELECT s.rank")]
        # After a cursor, a page reads one range per key (the hub track's one row fills
        # none): first the rows level with the cursor on the sort key, then those beyond it.
        ranges = 1 if page is params or sort == "total" else 2
        assert len(page_queries) == ranges
        for position, (page_sql, values) in enumerate(page_queries):
            # The first of two ranges pins the sort key by equality, so any index in the
            # tie-breaker's order also serves it (the primary key's, on a small table).
            pinned = position < len(page_queries) - 1
            numbered = page_sql.split("%s")
            numbered = "".join(
                part + (f"${n}" if n < len(numbered) else "")
                for n, part in enumerate(numbered, start=1)
            )
            with transaction.atomic(), connection.cursor() as db:
                # Whole-table reads and sorts priced out: only an index in the page's order
                # fits, and only if the query's expression is the index's.
                db.execute(
                    "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; "
                    "SET LOCAL enable_sort = off"
                )
                db.execute(f"EXPLAIN {page_sql}", values)
                custom = "\n".join(row[0] for row in db.fetchall())
                # The plan a prepared statement settles on, made without the values.
                db.execute("SET LOCAL plan_cache_mode = force_generic_plan")
                db.execute(f"PREPARE page_plan AS {numbered}")
                arguments = ", ".join(["%s"] * len(values))
                db.execute(f"EXPLAIN EXECUTE page_plan({arguments})", values)
                generic = "\n".join(row[0] for row in db.fetchall())
                db.execute("DEALLOCATE page_plan")
            for plan in (custom, generic):
                assert pinned or f"using {index} on" in plan.lower(), plan
                assert "Sort" not in plan.replace("Sort Key", ""), plan
