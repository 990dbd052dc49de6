"""Absolute URLs: from SITE_URL when it is set, else from the request's validated host."""

import pytest
from builders import scripted_history
from django.core.cache import cache


@pytest.fixture
def scripted(db, settings):
    settings.ALLOWED_HOSTS = ["openness.test", "other.test", "testserver"]
    settings.WEB_PAGE_CACHE_SECONDS = 60
    cache.clear()
    return scripted_history()


def test_without_site_url_links_name_the_host_the_page_was_asked_on(client, scripted, settings):
    settings.SITE_URL = ""
    html = client.get("/models/olmo/share/", HTTP_HOST="openness.test:8443").content.decode()
    assert '<meta property="og:url" content="http://openness.test:8443/models/olmo/">' in html
    assert "http://openness.test:8443/models/olmo/badge.svg" in html  # the badge snippets
    assert "http://openness.test:8443/models/olmo/?as_of=" in html  # the citation
    assert "127.0.0.1:8000" not in html
    api = client.get("/api/v1/models/olmo", HTTP_HOST="openness.test:8443").json()["data"]
    assert api["url"] == "http://openness.test:8443/api/v1/models/olmo"
    assert api["html_url"] == "http://openness.test:8443/models/olmo/"
    schema = client.get("/api/v1/openapi.json", HTTP_HOST="openness.test:8443").json()
    assert schema["servers"] == [{"url": "http://openness.test:8443"}]


def test_an_https_request_gets_https_links(client, scripted, settings):
    settings.SITE_URL = ""
    html = client.get("/models/olmo/share/", HTTP_HOST="openness.test", secure=True)
    assert '<meta property="og:url" content="https://openness.test/models/olmo/">' in (
        html.content.decode()
    )


def test_with_site_url_every_link_names_it_whatever_the_host(client, scripted, settings):
    settings.SITE_URL = "https://openness.example"
    html = client.get("/models/olmo/share/", HTTP_HOST="openness.test:8443").content.decode()
    assert '<meta property="og:url" content="https://openness.example/models/olmo/">' in html
    assert "https://openness.example/models/olmo/badge.svg" in html
    assert "openness.test" not in html
    api = client.get("/api/v1/models/olmo", HTTP_HOST="openness.test").json()["data"]
    assert api["url"] == "https://openness.example/api/v1/models/olmo"


def test_a_host_not_allowed_is_refused_and_never_reflected(client, scripted, settings):
    settings.SITE_URL = ""
    for path in ("/models/olmo/share/", "/api/v1/models/olmo", "/feeds/changes/"):
        response = client.get(path, HTTP_HOST="evil.example")
        assert response.status_code == 400, path
        assert b"evil.example" not in response.content


def test_a_cached_page_keeps_the_links_of_its_own_host(client, scripted, settings):
    settings.SITE_URL = ""
    for _ in range(3):  # admitted to the shared cache on the second request, then served
        first = client.get("/models/olmo/", HTTP_HOST="openness.test").content.decode()
        second = client.get("/models/olmo/", HTTP_HOST="other.test").content.decode()
    assert "http://openness.test/models/olmo/" in first and "other.test" not in first
    assert "http://other.test/models/olmo/" in second and "openness.test" not in second


def test_feeds_link_to_the_host_asked(client, scripted, settings):
    settings.SITE_URL = ""
    feed = client.get("/feeds/changes/", HTTP_HOST="openness.test").content.decode()
    assert "http://openness.test/" in feed
    assert "tag:openness.test,2026:" in feed
