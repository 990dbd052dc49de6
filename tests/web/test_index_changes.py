"""The pages that read the replayed history: what changed in the index, its feed, the chart's
steps and the links to upstream commits (a small repository built from real files)."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from openness.assessments.methodology_files import methodologies_load
from openness.assessments.osai_history.git_source import commit_url
from openness.assessments.osai_history.replay import osai_history_replay
from openness.catalog.models import AIModel
from openness.web.selectors_index import index_months, score_steps, score_steps_cached
from tests.history_repo import INDEX, IndexRepo

ATOM = "{http://www.w3.org/2005/Atom}"
ODD_MESSAGE = "Licence: bespoke\x01\x0b <b>terms</b> & more\ufffe"


@pytest.fixture
def replayed(db, tmp_path):
    methodologies_load(directory=INDEX.parent / "methodologies")
    repo = IndexRepo(tmp_path / "index")
    repo.copy("OLMo.yaml")
    repo.copy("bloomz.yaml")
    shas = [repo.commit("Add OLMo and BLOOMZ", "2026-04-01T10:00:00+00:00")]
    repo.set_cell("OLMo.yaml", "licenses", **{"class": "closed"})
    shas.append(repo.commit(ODD_MESSAGE, "2026-05-02T09:30:00+00:00"))
    (repo.root / "bloomz.yaml").unlink()
    shas.append(repo.commit("Remove BLOOMZ", "2026-05-20T09:00:00+00:00"))
    osai_history_replay(source=repo.root)
    return shas


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


def test_each_month_says_who_entered_left_rose_and_fell_and_why(replayed):
    months = {m.key: m for m in index_months()}

    april, may = months["2026-04"], months["2026-05"]
    assert sorted(m.slug for m in april.entered) == ["bloomz", "olmo"]
    assert [m.slug for m in may.fell] == ["olmo"]
    assert [c.sha for c in may.fell[0].commits] == [replayed[1]]
    assert [m.slug for m in may.left] == ["bloomz"]
    assert [c.sha for c in may.commits] == replayed[1:]


def test_the_page_links_each_upstream_commit(replayed, client):
    response = client.get("/index/changes/")

    assert response.status_code == 200
    html = response.content.decode()
    for sha in replayed:
        assert commit_url(sha) in html
    assert 'id="month-2026-05"' in html


def test_the_feeds_are_valid_xml_whatever_the_commit_messages_hold(replayed, client):
    for url in ("/index/changes/feed/", "/feeds/changes/", "/models/olmo/feed/"):
        response = client.get(url)
        assert response.status_code == 200, url
        feed = ET.fromstring(response.content)
        assert feed.findall(f"{ATOM}entry"), url
    index_feed = ET.fromstring(client.get("/index/changes/feed/").content)
    titles = [e.find(f"{ATOM}title").text for e in index_feed.findall(f"{ATOM}entry")]
    assert titles[0].startswith("2026-05: 0 entered, 1 left, 0 rose, 1 fell")


def test_the_chart_steps_carry_their_dates_reasons_and_commits(replayed, client):
    olmo = AIModel.objects.get(slug="olmo")
    steps = score_steps(olmo)

    assert [s.at.date().isoformat() for s in steps] == ["2026-04-01", "2026-05-02"]
    assert steps[1].total < steps[0].total
    assert steps[1].url == commit_url(replayed[1])
    html = client.get("/models/olmo/").content.decode()
    assert f'href="{commit_url(replayed[1])}"' in html
    assert "Add OLMo and BLOOMZ" in html


def test_a_withdrawn_model_says_since_when_and_leaves_the_ranking(replayed, client):
    html = client.get("/models/bloomz/").content.decode()
    assert "Withdrawn" in html and "20 May 2026" in html
    assert "/models/bloomz/" not in client.get("/").content.decode()
    assert "/models/bloomz/" in client.get("/?as_of=2026-05-19").content.decode()
    assert "/models/bloomz/" not in client.get("/?as_of=2026-05-20").content.decode()


def test_the_api_names_the_upstream_commit_of_each_revision(replayed, client):
    data = client.get("/api/v1/models/olmo").json()
    history = data["data"]["history"]
    assert commit_url(replayed[1]) in {r["upstream_commit"] for r in history}


def test_the_cached_chart_steps_follow_a_newly_replayed_commit(db, tmp_path):
    methodologies_load(directory=INDEX.parent / "methodologies")
    repo = IndexRepo(tmp_path / "index")
    repo.copy("OLMo.yaml")
    repo.commit("Add OLMo", "2026-04-01T10:00:00+00:00")
    osai_history_replay(source=repo.root)
    olmo = AIModel.objects.get(slug="olmo")
    before = score_steps_cached(olmo)
    assert before == score_steps(olmo) and len(before) == 1

    repo.set_cell("OLMo.yaml", "licenses", **{"class": "closed"})
    repo.commit("Licence closed", "2026-05-02T09:30:00+00:00")
    osai_history_replay(source=repo.root)  # only the new commit: a new revision, a new key

    after = score_steps_cached(olmo)
    assert after == score_steps(olmo) and len(after) == 2
    assert after[1].reason == "Licence closed"
