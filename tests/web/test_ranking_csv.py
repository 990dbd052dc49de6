import csv
import io

import pytest

from openness.assessments.models import Track

from . import factories


@pytest.fixture
def ranked(methodology):
    org = factories.organisation_create("Allen AI", slug="allenai")
    for name, level in [("Open one", "open"), ("Half", "partial"), ("Shut", "closed")]:
        model = factories.model_create(name, org)
        factories.assess(model, methodology, level)
    factories.recompute(methodology)


def read(response) -> tuple[list[str], list[list[str]]]:
    text = b"".join(response.streaming_content).decode()
    lines = [line for line in csv.reader(io.StringIO(text)) if line]
    return lines[0], lines


def test_the_header_row_comes_first_and_the_link_names_the_data_package(client, ranked):
    response = client.get("/ranking.csv", {"track": "hub", "q": "o"})
    assert response["Content-Type"].startswith("text/csv")
    first, _ = read(response)
    assert first[:5] == ["rank", "name", "slug", "organisation", "total"]
    assert response["Link"] == (
        '</ranking.datapackage.json?track=hub&q=o>; rel="describedby"; type="application/json"'
    )


def test_the_data_package_carries_the_cc_by_attribution_and_every_field(client, ranked):
    package = client.get("/ranking.datapackage.json", {"q": "o"}).json()
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    sources = " ".join(s["title"] + " " + s["path"] for s in package["sources"])
    assert "https://osai-index.eu/" in sources and "zenodo.15386042" in sources
    assert "FAccT '24" in sources and "10.1145/3630106.3659005" in sources
    (resource,) = package["resources"]
    assert resource["path"] == "http://testserver/ranking.csv?q=o"
    header, _ = read(client.get("/ranking.csv", {"q": "o"}))
    assert [f["name"] for f in resource["schema"]["fields"]] == header
    assert all(f["description"] for f in resource["schema"]["fields"])


def test_it_holds_what_the_table_shows_with_the_same_filters_and_order(client, ranked):
    _, rows = read(client.get("/ranking.csv", {"sort": "name", "order": "asc"}))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["rank", "name", "slug", "organisation", "total"]
    assert "weights_endmodel" in header and "availability" in header
    assert [r[1] for r in body] == ["Half", "Open one", "Shut"]
    _, rows = read(client.get("/ranking.csv", {"q": "shut"}))
    assert [r[1] for r in rows[1:]] == ["Shut"]
    assert rows[1][4] == "0.0000"  # percent, four decimals


def test_it_walks_every_page_of_a_long_ranking(client, methodology, monkeypatch):
    monkeypatch.setattr("openness.web.ranking.PAGE_SIZE", 2)
    monkeypatch.setattr("openness.web.selectors.PAGE_SIZE", 2)
    org = factories.organisation_create()
    for i in range(5):
        model = factories.model_create(f"M{i}", org)
        factories.assess(model, methodology, "open", track=Track.AUTOMATIC, provenance="automatic")
    factories.recompute(methodology)
    _, rows = read(client.get("/ranking.csv", {"track": "hub"}))
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4", "5"]
