"""Atom feeds of changes: all, per model, per organisation."""

import xml.etree.ElementTree as ET

import pytest
from builders import scripted_history
from django.core.cache import cache

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def scripted(db):
    cache.clear()
    return scripted_history()


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        (e.find(f"{ATOM}title").text, e.find(f"{ATOM}link").get("href"))
        for e in root.findall(f"{ATOM}entry")
    ]


def test_the_changes_feed_lists_the_newest_changes_first(client, scripted):
    items = entries(client, "/feeds/changes/")
    assert len(items) == 37  # every scripted revision (the feed holds up to 50)
    titles = [t for t, _l in items]
    assert "OLMo: Base Model Weights Open → Closed" in titles
    assert items[-1][1].startswith("http://testserver/models/")


def test_a_model_feed_has_only_that_model_with_dated_permalinks(client, scripted):
    items = entries(client, "/models/olmo/feed/")
    assert len(items) == 14
    assert items[0] == (
        "OLMo: Base Model Weights Open → Closed",
        "http://testserver/models/olmo/?as_of=2026-04-02",
    )
    assert (
        "OLMo: Licenses Closed → Open",
        "http://testserver/models/olmo/?as_of=2026-03-20",
    ) in items


def test_an_organisation_feed_has_only_its_models(client, scripted):
    items = entries(client, "/organisations/eleutherai/feed/")
    assert items and all(t.startswith("Pythia:") for t, _l in items)


def test_unknown_models_and_organisations_get_404(client, scripted):
    assert client.get("/models/nope/feed/").status_code == 404
    assert client.get("/organisations/nope/feed/").status_code == 404
