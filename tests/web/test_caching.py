import time

from django.core.cache import cache
from django.test import RequestFactory

from openness.assessments.models import Level
from openness.lib import stale_cache
from openness.web.caching import page_cache_key

from . import factories


def test_a_public_page_is_served_from_the_cache_until_it_expires(
    client, methodology, settings, django_assert_num_queries
):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    model = factories.model_create("Cached", slug="cached")
    factories.assess(model, methodology, Level.OPEN)
    factories.recompute(methodology)
    first = client.get("/models/cached/")
    with django_assert_num_queries(0):
        again = client.get("/models/cached/")
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_the_htmx_fragment_and_the_full_page_are_cached_apart(client, methodology, settings):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    full = client.get("/?q=x")
    fragment = client.get("/?q=x", headers={"HX-Request": "true"})
    assert b"<footer" in full.content and b"<footer" not in fragment.content
    assert client.get("/?q=x").content == full.content
    assert fragment["HX-Push-Url"] == "/?q=x"
    assert client.get("/?q=x", headers={"HX-Request": "true"})["HX-Push-Url"] == "/?q=x"
    assert "HX-Request" in client.get("/?q=x")["Vary"]


def test_cached_pages_carry_no_csrf_token_or_cookie(client, methodology, settings):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    response = client.get("/")
    assert b"X-CSRFToken" not in response.content
    assert not response.cookies


def test_a_change_to_the_data_shows_on_the_next_request_not_after_expiry(
    client, methodology, settings, django_capture_on_commit_callbacks
):
    settings.WEB_PAGE_CACHE_SECONDS = 600
    model = factories.model_create("Changing", slug="changing")
    with django_capture_on_commit_callbacks(execute=True):
        factories.assess(model, methodology, Level.CLOSED)
        factories.recompute(methodology)
    assert "100.0" not in client.get("/models/changing/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        factories.assess(model, methodology, Level.OPEN)
        factories.recompute(methodology)

    assert "100.0" in client.get("/models/changing/").content.decode()


def test_an_expired_page_is_served_stale_while_another_request_renders_it(
    client, methodology, settings, monkeypatch, django_assert_num_queries
):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    model = factories.model_create("Popular", slug="popular")
    factories.assess(model, methodology, Level.OPEN)
    factories.recompute(methodology)
    request = RequestFactory().get("/models/popular/")
    request.htmx = False
    key = page_cache_key(request)
    first = client.get("/models/popular/")
    later = time.time() + 61
    monkeypatch.setattr(stale_cache.time, "time", lambda: later)
    cache.add(key + ":computing", 1, 30)  # another request is rendering it again
    with django_assert_num_queries(0):
        stale = client.get("/models/popular/")
    assert stale.content == first.content
