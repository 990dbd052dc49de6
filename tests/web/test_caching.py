from openness.assessments.models import Level

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
