"""Every page answers HEAD; public pages carry an ETag, answer If-None-Match with 304 and say
that a shared cache may keep them; pages of one visitor do not."""

import gzip

import pytest

from . import factories


@pytest.fixture
def site(methodology):
    org = factories.organisation_create("Allen AI", slug="allenai")
    model = factories.model_create("OLMo", org, slug="olmo")
    factories.assess(model, methodology, "open")
    factories.assess(factories.model_create("Pythia", org, slug="pythia"), methodology, "partial")
    factories.recompute(methodology)
    return model


PAGES = [
    "/",
    "/?track=hub",
    "/models/olmo/",
    "/models/olmo/changes/",
    "/models/olmo/share/",
    "/compare/?m=olmo&m=pythia",
    "/organisations/",
    "/organisations/allenai/",
    "/criteria/paper/",
    "/methodology/",
    "/data/",
    "/api/",
    "/corrections/",
    "/models/olmo/corrections/",
    "/crawl/",
    "/feeds/changes/",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_head(client, site, path):
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""


def test_a_public_page_is_revalidated_with_a_304(client, site, settings):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    client.get("/")  # the page cache admits a page on its second request
    first = client.get("/")
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    again = client.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_pages_of_one_visitor_are_not_public(client, site):
    form = client.get("/models/olmo/corrections/new/")
    assert "public" not in form.get("Cache-Control", "")  # it sets a CSRF cookie
    client.cookies["sessionid"] = "anything"
    assert "public" not in client.get("/").get("Cache-Control", "")


def test_a_page_is_compressed_for_a_client_that_accepts_gzip_and_still_revalidates(client, site):
    plain = client.get("/")
    response = client.get("/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content) == plain.content
    assert len(response.content) < len(plain.content) / 4
    # The ETag is the page's own, weakened: a conditional request still gets a 304.
    assert response["ETag"] == f"W/{plain['ETag']}"
    again = client.get("/", headers={"accept-encoding": "gzip", "if-none-match": response["ETag"]})
    assert again.status_code == 304
