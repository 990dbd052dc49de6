import time

import pytest
from django.core.cache import cache, caches
from django.test import RequestFactory

from openness.assessments.models import Level
from openness.lib import data_version, stale_cache
from openness.web.caching import page_cache_key

from . import factories


def test_a_public_page_is_served_from_the_cache_until_it_expires(
    client, methodology, settings, django_assert_num_queries
):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    model = factories.model_create("Cached", slug="cached")
    factories.assess(model, methodology, Level.OPEN)
    factories.recompute(methodology)
    client.get("/models/cached/")
    first = client.get("/models/cached/")  # asked again: now stored
    with django_assert_num_queries(0):
        again = client.get("/models/cached/")
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_a_page_asked_once_costs_the_shared_cache_nothing(client, methodology, settings):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    model = factories.model_create("Once", slug="once")
    factories.assess(model, methodology, Level.OPEN)
    factories.recompute(methodology)
    request = RequestFactory().get("/models/once/")
    request.htmx = False
    key = page_cache_key(request)
    shared_before = set(_page_cache_keys())
    client.get("/models/once/")
    # Neither stored nor marked in the shared cache: only this process remembers it.
    assert set(_page_cache_keys()) == shared_before
    assert caches["admission"].get(key) == 1
    client.get("/models/once/")  # asked again of this process: stored
    assert cache.get(key) is not None


def test_the_processes_memory_of_asked_pages_is_bounded(client, methodology, settings):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    bound = settings.CACHES["admission"]["OPTIONS"]["MAX_ENTRIES"]
    memory = caches["admission"]
    for n in range(bound + 50):
        memory.add(f"web:page:{n}", 1)
    assert len(memory._cache) <= bound


def test_parameters_a_page_does_not_read_make_no_entry_of_their_own(client, methodology, settings):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    _three_ranked(methodology)
    plain = client.get("/", {"q": "thi", "sort": "name"})
    assert client.get("/", {"sort": "name", "q": "thi"}).content == plain.content
    factory = RequestFactory()
    keys = {
        page_cache_key(factory.get(address), ("q", "sort"))
        for address in ("/?q=thi&sort=name", "/?sort=name&q=thi", "/?q=thi&sort=name&utm_x=1")
    }
    assert len(keys) == 1
    for n in range(30):
        response = client.get("/", {"q": "thi", "sort": "name", f"utm_junk{n}": n})
        assert response.content == plain.content
    # One page, plus what every page shares (the data version, the methodology context, the
    # curated count): nothing per junk parameter.
    assert len(_page_cache_keys()) == 1


def _page_cache_keys() -> list:
    """The page cache's keys, in Redis (REDIS_URL) or in the embedded setup's local memory."""
    store = cache._cache
    if hasattr(store, "get_client"):
        return store.get_client().keys("*web:page:*")
    return [key for key in store if "web:page:" in key]


def test_the_htmx_fragment_and_the_full_page_are_cached_apart(client, methodology, settings):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    full = client.get("/?q=x")
    fragment = client.get("/?q=x", headers={"HX-Request": "true"})
    assert b"<footer" in full.content and b"<footer" not in fragment.content
    assert client.get("/?q=x").content == full.content
    assert fragment["HX-Push-Url"] == "/?q=x"
    assert client.get("/?q=x", headers={"HX-Request": "true"})["HX-Push-Url"] == "/?q=x"
    assert "HX-Request" in client.get("/?q=x")["Vary"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/models/shared/",
        "/organisations/",
        "/organisations/shared-org/",
        "/organisations/shared-org/?lens=osaid&track=hub",
    ],
)
def test_cached_pages_carry_no_csrf_token_or_cookie_and_are_stored(
    client, methodology, settings, path, django_assert_num_queries
):
    # A page that sets a cookie is never stored (web/caching.py): a CSRF token in the page
    # would have kept the organisation pages out of the shared cache for good.
    settings.WEB_PAGE_CACHE_SECONDS = 60
    organisation = factories.organisation_create("Shared org", slug="shared-org")
    model = factories.model_create("Shared", slug="shared", organisation=organisation)
    factories.assess(model, methodology, Level.OPEN)
    factories.recompute(methodology)
    for _ in range(2):  # stored on the second request
        response = client.get(path)
        assert response.status_code == 200
        assert b"X-CSRFToken" not in response.content
        assert not response.cookies
    with django_assert_num_queries(0):  # served from the shared cache
        assert client.get(path).content == response.content


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
    client.get("/models/popular/")
    first = client.get("/models/popular/")  # asked again: now stored
    later = time.time() + 61
    monkeypatch.setattr(stale_cache.time, "time", lambda: later)
    cache.add(key + ":computing", 1, 30)  # another request is rendering it again
    with django_assert_num_queries(0):
        stale = client.get("/models/popular/")
    assert stale.content == first.content


def _three_ranked(methodology):
    for name, level in (("First", Level.OPEN), ("Second", Level.PARTIAL), ("Third", Level.CLOSED)):
        factories.assess(factories.model_create(name, slug=name.lower()), methodology, level)
    factories.recompute(methodology)


def _ranking_rendered(response) -> bool:
    return any(t.name == "web/ranking.html" for t in response.templates)


def test_the_pages_of_one_query_share_a_frame_and_each_has_its_own_rows_and_links(
    client, methodology
):
    _three_ranked(methodology)
    second = client.get("/", {"after": "1"})
    third = client.get("/", {"after": "2"})
    assert _ranking_rendered(second) and not _ranking_rendered(third)
    assert 'value="second"' in second.content.decode()
    assert 'value="second"' not in third.content.decode()
    assert 'value="third"' in third.content.decode()
    assert b"\x00" not in second.content + third.content
    for page, before in ((second, "2"), (third, "3")):
        html = page.content.decode()
        assert f'href="/?before={before}"' in html and ">First page<" in html
        assert 'rel="next"' not in html
    # The frame, drawn once, is the same around both pages' rows.
    assert second.content.decode().split("<tbody>")[0] == third.content.decode().split("<tbody>")[0]
    # Another query is another frame: the search box holds its term.
    searched = client.get("/", {"q": "thi"})
    assert _ranking_rendered(searched) and 'value="thi"' in searched.content.decode()


def test_a_data_change_draws_the_frame_again(client, methodology):
    _three_ranked(methodology)
    assert "Renamed criterion" not in client.get("/").content.decode()
    methodology.criteria.filter(code="paper").update(title="Renamed criterion")
    assert "Renamed criterion" not in client.get("/").content.decode()  # same data version
    data_version.bump()  # what a commit that changes published data does
    assert "Renamed criterion" in client.get("/").content.decode()


def test_the_full_page_and_the_htmx_fragment_have_their_own_frames(client, methodology):
    _three_ranked(methodology)
    fragment = client.get("/", {"after": "1"}, headers={"HX-Request": "true"})
    full = client.get("/", {"after": "1"})
    assert b"<footer" not in fragment.content and b"<footer" in full.content
    assert 'value="second"' in fragment.content.decode()
    assert fragment["HX-Push-Url"] == "/?after=1"


def test_what_a_query_got_wrong_is_said_on_its_page_only(client, methodology):
    _three_ranked(methodology)
    assert "does not fit this sort" in client.get("/", {"after": "x~y~z"}).content.decode()
    assert "does not fit this sort" not in client.get("/", {"after": "1"}).content.decode()
    assert "does not fit this sort" not in client.get("/").content.decode()


def test_a_page_served_from_the_cache_keeps_its_etag_and_revalidates_without_a_query(
    client, methodology, settings, django_assert_num_queries
):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    _three_ranked(methodology)
    client.get("/")
    stored = client.get("/")  # asked again: stored, with the ETag of its body
    with django_assert_num_queries(0):
        served = client.get("/")
    assert served["ETag"] == stored["ETag"]
    with django_assert_num_queries(0):
        again = client.get("/", headers={"If-None-Match": served["ETag"]})
    assert again.status_code == 304 and again.content == b""
