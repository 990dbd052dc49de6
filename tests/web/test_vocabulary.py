"""One vocabulary: every public page type names the tracks and gives scores as the API and the
CSV do (curated and hub; percent, which the pages round to one decimal)."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from openness.assessments.models import Score, Track

from . import honest_data

# The names of the tracks on the pages (Track labels: "Hub catalog (automatic)" in full).
LABELS = {"curated": "Curated index", "hub": "Hub catalog"}


@pytest.fixture
def hub(methodology):
    cache.clear()
    return honest_data.build(methodology)


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.decode()))


def shown(percent: float) -> str:
    """A published percentage as the pages round it: 45.8333 -> "45.8"."""
    return f"{Decimal(str(percent)):.1f}"


def api_score(client, slug: str, track: str) -> dict:
    scores = client.get(f"/api/v1/models/{slug}").json()["data"]["scores"]
    return next(s for s in scores if s["track"] == track)


def csv_row(client, slug: str, track: str) -> dict:
    response = client.get("/ranking.csv", {"track": track})
    rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    return next(r for r in rows if r["slug"] == slug)


@pytest.mark.parametrize(
    ("slug", "track"), [("olmo", "curated"), ("olmo", "hub"), ("mistral-7b-v0-1", "hub")]
)
def test_the_api_the_csv_and_the_stored_score_agree_in_percent(client, hub, slug, track):
    api = api_score(client, slug, track)
    row = csv_row(client, slug, track)
    stored = Score.objects.get(
        model__slug=slug, track=Track.EDITORIAL if track == "curated" else Track.AUTOMATIC
    )
    assert api["track"] == row["track"] == track
    assert Decimal(row["total"]) == Decimal(str(api["total"])) == stored.total * 100
    assert Decimal(row["total_upper"]) == Decimal(str(api["total_upper"]))
    assert Decimal(row["coverage"]) == Decimal(str(api["coverage"]))


def test_every_public_page_type_shows_the_apis_figures_and_track_names(client, hub):
    curated = api_score(client, "olmo", "curated")
    olmo_hub = api_score(client, "olmo", "hub")
    mistral = api_score(client, "mistral-7b-v0-1", "hub")
    range_of = f"{shown(olmo_hub['total'])}\u2013{shown(olmo_hub['total_upper'])}"
    pages = {
        # page: (figures it must show, track names it must use)
        "/": ([shown(curated["total"])], ["curated"]),
        "/?track=hub": ([range_of, shown(mistral["total"])], ["hub"]),
        "/models/olmo/": (
            [shown(curated["total"]), shown(olmo_hub["total"]), shown(olmo_hub["total_upper"])],
            ["curated", "hub"],
        ),
        "/models/mistral-7b-v0-1/": ([shown(mistral["total"])], ["hub"]),
        "/models/olmo/share/": ([shown(curated["total"]) + "%"], ["curated"]),
        "/models/mistral-7b-v0-1/share/": ([shown(mistral["total"]) + "%"], ["hub"]),
        "/compare/?m=olmo&m=mistral-7b-v0-1": ([shown(curated["total"])], ["curated"]),
        "/compare/?m=olmo&m=mistral-7b-v0-1&track=hub": ([shown(mistral["total"])], ["hub"]),
    }
    for path, (figures, tracks) in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        text = text_of(response)
        html = response.content.decode()
        for figure in figures:
            assert figure in text, (path, figure)
        for track in tracks:
            assert LABELS[track] in text, (path, track)
        # The database's codes never reach a reader.
        assert not re.search(r"\b(editorial|track=automatic)\b", html), path
    badge = client.get("/models/mistral-7b-v0-1/badge.svg").content.decode()
    assert f"hub {shown(mistral['total'])}\u2013{shown(mistral['total_upper'])}%" in badge
    assert LABELS["hub"] in badge
    curated_badge = client.get("/models/olmo/badge.svg").content.decode()
    assert f"{shown(curated['total'])}% \u00b7" in curated_badge
    assert LABELS["curated"] in curated_badge


@pytest.mark.parametrize(
    "path",
    [
        "/organisations/",
        "/methodology/",
        "/index/changes/",
        "/definitions/?lens=eu",
        "/definitions/?lens=eu&track=hub",
        "/corrections/",
        "/data/",
    ],
)
def test_no_other_page_uses_the_databases_track_codes(client, hub, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"\b(editorial|track=automatic)\b", html)
    # (Only the API reference names them: as the deprecated parameter values.)


def test_links_between_the_tracks_use_the_names_the_api_accepts(client, hub):
    html = client.get("/", {"track": "hub"}).content.decode()
    named = set(re.findall(r"[?&;]track=([a-z]+)", html))
    assert named and named <= {"curated", "hub"}
    for name in named:
        assert client.get("/api/v1/models", {"track": name}).json()["track"] == name
        response = client.get("/ranking.csv", {"track": name})
        assert f'filename="openness-{name}.csv"' in response["Content-Disposition"]


def test_the_data_packages_say_percent_and_the_track_names(client, hub):
    package = client.get("/ranking.datapackage.json", {"track": "hub"}).json()
    fields = {f["name"]: f["description"] for f in package["resources"][0]["schema"]["fields"]}
    assert "percent" in fields["total"] and "percent" in fields["coverage"]
    assert "curated" in fields["track"] and "hub" in fields["track"]
