"""The two ways a listing page reaches the database: the direct COPY path for repositories
never seen before, and the staged merge path for everything else. Same rows either way."""

import json
import logging
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from openness.catalog.models import AIModel, Organisation
from openness.crawl import ingest
from openness.crawl.huggingface.hub import LIST_EXPAND, HuggingFaceHub
from openness.crawl.models import HubRepo

from .conftest import HUB_FIXTURES

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
HUB = HuggingFaceHub(endpoint="http://127.0.0.1:18300")
FELL_BACK = "take the merge path"


@pytest.fixture(autouse=True)
def _fresh_caches(monkeypatch):
    monkeypatch.setattr(ingest, "_author_orgs", {})
    monkeypatch.setattr(ingest, "_growth", {"rows": 0, "threshold": 10**9})


def listing_items() -> list[dict]:
    """Every recorded model, as the listing sends it."""
    keep = {"_id", "id", *LIST_EXPAND}
    return [
        {k: v for k, v in json.loads(path.read_text()).items() if k in keep}
        for path in sorted((HUB_FIXTURES / "models").glob("*.json"))
    ]


def item(repo_id: str, uid: str, **changes) -> dict:
    raw = {
        "_id": uid,
        "id": repo_id,
        "author": repo_id.partition("/")[0],
        "sha": "a" * 40,
        "createdAt": "2025-01-02T03:04:05.000Z",
        "lastModified": "2025-02-03T04:05:06.000Z",
        "private": False,
        "gated": False,
        "disabled": False,
        "pipeline_tag": "text-generation",
        "tags": ["license:mit"],
        "downloads": 10,
        "likes": 2,
    }
    raw.update(changes)
    return raw


def ingest_page(items: list[dict], *, direct: bool = True, now=NOW) -> ingest.PageResult:
    rows, result = ingest.prepare_page(hub=HUB, items=items)
    with transaction.atomic():
        ingest.merge_rows(hub_name=HUB.name, rows=rows, result=result, now=now, direct=direct)
    return result


def stored() -> tuple[list, list, list]:
    """What the pages wrote, without the ids and slugs' order of allocation."""
    repos = list(
        HubRepo.objects.order_by("hub_uid").values_list(
            "hub", "hub_uid", "repo_id", "previous_repo_ids", "sha", "author", "hub_created_at",
            "last_modified", "private", "gated", "disabled", "pipeline_tag", "library_name",
            "tags", "downloads", "likes", "base_models", "base_model_relation", "license", "raw",
            "first_seen_at", "last_seen_at", "sha_changed_at", "renamed_at", "enriched_sha",
            "enriched_at", "enrich_requested_at", "model__slug",
        )
    )  # fmt: skip
    models = list(
        AIModel.objects.order_by("slug").values_list(
            "slug", "name", "organisation__slug", "model_types", "description", "link",
            "release_date", "release_date_precision", "performance_class", "end_model_name",
            "base_model_name", "end_model_repo", "base_model_repo", "base_model_id",
            "license_name", "license_spdx", "is_curated", "osai_file", "hub_created_at",
            "downloads", "likes", "gated", "created_at", "updated_at",
        )
    )  # fmt: skip
    orgs = list(
        Organisation.objects.order_by("slug").values_list(
            "slug", "name", "link", "notes", "hub_author", "created_at"
        )
    )
    return repos, models, orgs


def both_paths(items: list[dict], before=lambda: None):
    """The tables after ingesting `items` by each path, from the same starting point."""
    outcomes = []
    for direct in (True, False):
        with transaction.atomic():
            before()
            result = ingest_page(items, direct=direct)
            outcomes.append((result.created, stored()))
            transaction.set_rollback(True)
        ingest._author_orgs.clear()
    return outcomes


def test_both_paths_write_the_same_rows_for_every_recorded_model(caplog):
    caplog.set_level(logging.INFO, logger="openness.crawl.ingest")
    (direct_created, direct), (merged_created, merged) = both_paths(listing_items())
    assert FELL_BACK not in caplog.text
    assert direct_created == merged_created == len(listing_items())
    assert direct == merged
    assert len(direct[0]) == len(direct[1]) == len(listing_items())


def test_both_paths_choose_the_same_slugs_when_they_clash(caplog):
    caplog.set_level(logging.INFO, logger="openness.crawl.ingest")

    def taken():
        org = Organisation.objects.create(slug="someone", name="Someone", hub_author="else")
        AIModel.objects.create(slug="acme--model-v1", name="other", organisation=org)
        AIModel.objects.update(created_at=NOW, updated_at=NOW)  # the same in both runs
        Organisation.objects.update(created_at=NOW)

    page = [
        item("acme/Model.v1", "u1"),  # its slug is taken by the model above
        item("acme/model-v1", "u2"),  # the same slug, and its suffixed one is free
        item("someone/x", "u3"),  # the organisation slug "someone" is another author's
    ]
    (_, direct), (_, merged) = both_paths(page, before=taken)
    assert FELL_BACK not in caplog.text
    assert direct == merged
    slugs = {repo[2]: repo[-1] for repo in direct[0]}
    assert slugs["acme/Model.v1"] == ingest.suffixed_slug("acme--model-v1", "acme/Model.v1")
    assert slugs["acme/model-v1"] == ingest.suffixed_slug("acme--model-v1", "acme/model-v1")
    assert ingest.suffixed_slug("someone", "someone") in {org[0] for org in direct[2]}


def test_a_new_repository_named_by_a_curated_model_links_to_it(caplog):
    caplog.set_level(logging.INFO, logger="openness.crawl.ingest")
    org = Organisation.objects.create(slug="acme", name="Acme", hub_author="acme")
    curated = AIModel.objects.create(
        slug="acme-one", name="One", organisation=org, is_curated=True, end_model_repo="acme/one"
    )
    result = ingest_page([item("acme/one", "u1", downloads=77), item("acme/two", "u2")])
    assert FELL_BACK not in caplog.text
    assert result.created == 2
    assert HubRepo.objects.get(repo_id="acme/one").model == curated
    curated.refresh_from_db()
    assert curated.downloads == 77
    assert curated.slug == "acme-one"  # curated names are editorial
    assert AIModel.objects.filter(end_model_repo="acme/one").count() == 1
    assert AIModel.objects.get(end_model_repo="acme/two").organisation == org


def test_a_stale_organisation_in_the_cache_costs_the_direct_path_not_the_page(caplog):
    caplog.set_level(logging.INFO, logger="openness.crawl.ingest")
    ingest._author_orgs["acme"] = 987654321  # an organisation deleted since
    result = ingest_page([item("acme/one", "u1")])
    assert FELL_BACK in caplog.text
    assert result.created == 1
    model = HubRepo.objects.get(repo_id="acme/one").model
    assert model.organisation.hub_author == "acme"
    assert "acme" not in ingest._author_orgs  # forgotten (remembered again at commit)


def test_a_repository_stored_meanwhile_by_another_worker_takes_the_merge_path(caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="openness.crawl.ingest")
    ingest_page([item("acme/one", "u1")])
    # As if another worker stored it between this page's lookup and its COPY.
    monkeypatch.setattr(ingest, "_held", lambda cursor, hub_name, rows: {})
    result = ingest_page([item("acme/one", "u1", sha="b" * 40), item("acme/two", "u2")], now=LATER)
    assert FELL_BACK in caplog.text
    assert (result.created, result.updated) == (1, 1)
    assert HubRepo.objects.get(repo_id="acme/one").sha == "b" * 40
    assert HubRepo.objects.count() == AIModel.objects.count() == 2


def test_a_page_of_new_and_stored_repositories_takes_both_paths(caplog):
    caplog.set_level(logging.INFO, logger="openness.crawl.ingest")
    first = ingest_page([item("acme/one", "u1"), item("acme/two", "u2")])
    page = [item("acme/one", "u1", sha="b" * 40), item("acme/two", "u2"), item("acme/3", "u3")]
    with CaptureQueriesContext(connection) as queries:
        second = ingest_page(page, now=LATER)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "COPY crawl_hubrepo" in sql and "COPY crawl_stage" in sql
    assert FELL_BACK not in caplog.text
    assert first.created == 2
    assert (second.created, second.updated, second.unchanged) == (1, 1, 1)
    one = HubRepo.objects.get(repo_id="acme/one")
    assert one.pk in second.changed_ids
    assert HubRepo.objects.get(repo_id="acme/3").pk in second.changed_ids
    assert AIModel.objects.filter(organisation__hub_author="acme").count() == 3


def test_a_name_taken_by_a_rename_sends_the_page_down_the_merge_path(caplog):
    caplog.set_level(logging.INFO, logger="openness.crawl.ingest")
    ingest_page([item("acme/old", "u1")])
    # u1 is now acme/new, and a new repository took its old name: the direct write of u2
    # fails on the name, and the merge path frees it first.
    result = ingest_page([item("acme/new", "u1"), item("acme/old", "u2")], now=LATER)
    assert FELL_BACK in caplog.text
    assert result.created == 1
    assert result.updated == 1
    renamed = HubRepo.objects.get(hub_uid="u1")
    assert renamed.repo_id == "acme/new"
    assert renamed.previous_repo_ids == ["acme/old"]
    assert HubRepo.objects.get(hub_uid="u2").repo_id == "acme/old"
    assert AIModel.objects.get(end_model_repo="acme/old").hub_repos.get().hub_uid == "u2"


def test_table_statistics_follow_the_growth(monkeypatch):
    monkeypatch.setattr(ingest, "_growth", {"rows": 0, "threshold": 2})
    with CaptureQueriesContext(connection) as queries:
        ingest_page([item("acme/one", "u1")])
    assert not any("ANALYZE" in q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        ingest_page([item("acme/two", "u2")])
    assert any("ANALYZE" in q["sql"] for q in queries.captured_queries)
    assert ingest._growth["rows"] == 0
    assert ingest._growth["threshold"] == ingest.ANALYZE_MIN_ROWS


def test_both_paths_keep_awkward_values_alike(caplog):
    from .test_ingest_copy import AWKWARD

    caplog.set_level(logging.INFO, logger="openness.crawl.ingest")
    page = [
        item(
            f"acme/m{k}",
            f"u{k}",
            tags=[*AWKWARD, f"license:{value}"],
            pipeline_tag=value,
            library_name=value,
            cardData={"license": value, "base_model": [value]},
            author=f"acme{value}" if value else "acme",
        )
        for k, value in enumerate(AWKWARD)
    ]
    (created, direct), (_, merged) = both_paths(page)
    assert FELL_BACK not in caplog.text
    assert created == len(AWKWARD)
    assert direct == merged


def test_statistics_wait_for_no_one(monkeypatch, caplog):
    """Another session's ANALYZE (or a VACUUM) holding a table: the page goes on without."""
    import psycopg

    caplog.set_level(logging.INFO, logger="openness.crawl.ingest")
    monkeypatch.setattr(ingest, "_growth", {"rows": 0, "threshold": 1})
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    ) as other:  # fmt: skip
        other.execute("LOCK TABLE catalog_organisation IN SHARE UPDATE EXCLUSIVE MODE")
        result = ingest_page([item("acme/one", "u1")])
        other.rollback()
    assert result.created == 1
    assert "table statistics not refreshed" in caplog.text
    assert ingest._growth["rows"] == 1  # tried again on the next page
    assert HubRepo.objects.get(repo_id="acme/one").model.organisation.hub_author == "acme"
