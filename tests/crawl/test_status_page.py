import pytest
from django.test import override_settings
from django.urls import include, path

from openness.crawl import selectors, services
from openness.crawl.models import CrawlRun
from openness.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

# The site's URLs plus the crawl status page, as openness/urls.py will include it.
urlpatterns = [path("crawl/", include("openness.crawl.urls")), *site_urlpatterns]


@pytest.fixture(autouse=True)
def crawl_urls():
    with override_settings(ROOT_URLCONF=__name__):
        yield


def test_the_status_page_lists_runs_with_their_counts_and_errors(client, crawl_settings):
    run = services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
    response = client.get("/crawl/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"#{run.pk}" in body
    assert "Full sweep" in body and "Succeeded" in body
    assert "broken-user/bad-carddata" in body
    assert "malformed fields" in body


def test_an_htmx_request_gets_only_the_runs_table(client, crawl_settings):
    services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
    response = client.get("/crawl/?kind=sweep", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="crawl-runs"')
    assert "<html" not in body


def test_an_unknown_kind_shows_all_runs(client):
    response = client.get("/crawl/?kind=<script>")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_the_status_selector_runs_a_fixed_number_of_queries(django_assert_num_queries):
    for _ in range(3):
        run = CrawlRun.objects.create(
            hub="huggingface",
            kind="sweep",
            started_at="2026-01-01T00:00Z",
            heartbeat_at="2026-01-01T00:00Z",
        )
        run.item_errors.create(stage="list", message="x", created_at="2026-01-01T00:00Z")
    with django_assert_num_queries(3):
        status = selectors.crawl_status()
    assert len(status["runs"]) == 3


def test_the_status_page_shows_githubs_quota_as_the_limiter_holds_it(client, crawl_settings):
    from openness.crawl.github import client as github_client

    github_client.limiter().record("core", remaining=4321, reset_in=600)
    body = client.get("/crawl/").content.decode()
    assert "GitHub quota left (core)" in body
    assert "4321 for" in body


def test_the_rows_escape_everything_and_show_what_the_template_showed(client, settings):
    # Written in Python (crawl.rendering): the same markup the template wrote, escaped.
    settings.TIME_ZONE = "Europe/Amsterdam"
    run = CrawlRun.objects.create(
        hub="huggingface",
        kind="listing",
        status="running",
        started_at="2026-01-01T10:00:05Z",
        heartbeat_at="2026-01-01T10:00:05Z",
        next_url="https://huggingface.co/api/models?cursor=x",
        errors=[{"message": "old"}, {"message": "<b>listing</b> said " + "x" * 200}],
        error_count=2,
    )
    run.item_errors.create(
        stage="readme",
        repo_id="",
        message="<img src=x onerror=alert(1)>",
        created_at=run.started_at,
    )
    run.item_errors.create(
        stage="card", repo_id="a/<i>b</i>", message="y" * 400, created_at="2026-01-01T09:00Z"
    )
    main = client.get("/crawl/").content.decode().split("<main", 1)[1]
    assert "<b>listing" not in main and "&lt;b&gt;listing&lt;/b&gt; said " in main
    assert "<img" not in main and "&lt;img src=x onerror=alert(1)&gt;" in main
    assert "a/&lt;i&gt;b&lt;/i&gt;" in main and "<td>\u2013</td>" in main
    assert '<span class="muted">(checkpoint saved)</span>' in main
    assert '<td><span class="muted">\u2013</span></td>' in main  # not finished
    # Times in the site's time zone, as the date filters wrote them.
    assert '<time datetime="2026-01-01T11:00:05+01:00">2026-01-01 11:00:05</time>' in main
    # Long texts cut as truncatechars cuts them: the last run error at 160, a message at 300.
    assert "said " + "x" * 139 + "\u2026</td>" in main
    assert "y" * 299 + "\u2026</td>" in main and "y" * 300 not in main
