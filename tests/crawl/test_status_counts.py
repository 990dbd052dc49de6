"""/crawl/ reads the crawl's own counters: it never counts the catalog or the errors table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openness.crawl import selectors, services, tasks
from openness.crawl.models import CrawlError, CrawlRun, HubCounts, HubRepo

from .conftest import FIXTURE_MODELS

pytestmark = pytest.mark.django_db


def test_a_finished_listing_run_counts_the_repositories_for_the_page(crawl_settings):
    run = services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
    counts = HubCounts.objects.get(hub="huggingface")
    assert counts.repos == len(FIXTURE_MODELS) == HubRepo.objects.count()
    assert counts.enriched == 0
    assert counts.counted_at >= run.started_at
    assert run.error_count == CrawlError.objects.filter(run=run).count() > 0


def test_the_beat_task_recounts(crawl_settings):
    services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
    HubRepo.objects.filter(repo_id="microsoft/phi-2").update(enriched_sha="abc")
    assert tasks.crawl_counts_refresh() == len(FIXTURE_MODELS)
    assert HubCounts.objects.get().enriched == 1


def test_enrichment_counts_its_item_errors_on_the_run(crawl_settings, methodology):
    services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
    run = services.crawl_enrich(limit=100)
    assert run.error_count == CrawlError.objects.filter(run=run).count()


def test_the_status_page_reads_no_catalog_table_and_no_error_count(crawl_settings):
    services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
    with CaptureQueriesContext(connection) as queries:
        status = selectors.crawl_status()
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "crawl_hubrepo" not in sql
    assert "COUNT(" not in sql.upper()
    assert status["counts"].repos == len(FIXTURE_MODELS)


def test_the_page_says_when_nothing_has_been_counted_yet(client):
    response = client.get("/crawl/")
    assert response.status_code == 200
    assert "not counted yet" in response.content.decode()


def test_each_process_keeps_the_page_a_few_seconds_under_a_bounded_key(client, settings):
    settings.CRAWL_STATUS_CACHE_SECONDS = 5
    first = client.get("/crawl/?junk=1").content
    CrawlRun.objects.create(
        hub="huggingface", kind="sweep", started_at="2026-01-01T00:00Z",
        heartbeat_at="2026-01-01T00:00Z",
    )  # fmt: skip
    assert client.get("/crawl/?junk=2").content == first  # the same entry: junk is no key
    fragment = client.get("/crawl/", headers={"HX-Request": "true"}).content.decode()
    assert "Full sweep" in fragment  # the fragment is an entry of its own, rendered now
