"""Poison hub data: an id huggingface_hub refuses, a listing that answers 404, a stale run.

Each costs its own item or its own run, shown on /crawl/; every other item is crawled and
assessed, and the next run proceeds.
"""

import copy
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import include, path
from django.utils import timezone

from openness.assessments.models import Assessment, Track
from openness.crawl import services
from openness.crawl.hubs import MalformedItem
from openness.crawl.huggingface.items import item_facts
from openness.crawl.models import CrawlError, CrawlRun, HubRepo
from openness.crawl.testhub import Fault
from openness.urls import urlpatterns as site_urlpatterns

from .conftest import FIXTURE_MODELS

pytestmark = pytest.mark.django_db

urlpatterns = [path("crawl/", include("openness.crawl.urls")), *site_urlpatterns]
POISON = "poison-org/bad..name"  # huggingface_hub: "Cannot have -- or .. in repo_id"


def add_poison(testhub, repo_id: str = POISON, *, uid: str = "00000000000000000000dead") -> dict:
    """A copy of a popular fixture model under an id the client refuses, oldest of all."""
    info = copy.deepcopy(testhub.state.models["microsoft/phi-2"])
    info.update(_id=uid, id=repo_id, modelId=repo_id, author=repo_id.split("/")[0])
    info.update(createdAt="2001-01-01T00:00:00.000Z", downloads=10**9)
    testhub.state.model_add(info, readme_kind="standard")
    return info


def sweep() -> CrawlRun:
    return services.crawl_listing(kind=CrawlRun.Kind.SWEEP)


def crawled() -> list[str]:
    return sorted(HubRepo.objects.values_list("repo_id", flat=True))


def status_page(client) -> str:
    with override_settings(ROOT_URLCONF=__name__):
        response = client.get("/crawl/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "repo_id", ["a--b/c", "a/b..c", "a/-b", "a/b.git", "a/b/c", "bad id/x", "o/" + "x" * 97]
)
def test_an_id_huggingface_hub_refuses_is_refused_when_the_item_is_parsed(repo_id):
    with pytest.raises(MalformedItem, match="refuses the id"):
        item_facts({"_id": "1", "id": repo_id})


def test_base_model_ids_the_client_refuses_are_dropped_and_named():
    facts = item_facts(
        {"_id": "1", "id": "o/m", "baseModels": {"models": [{"id": "x/ok"}, {"id": "x/no..t"}]}}
    )
    assert facts.base_models == ("x/ok",)
    assert "baseModels" in facts.problems


def test_a_poison_item_and_a_listing_404_cost_their_item_and_their_run_only(
    client, crawl_settings, testhub, methodology
):
    add_poison(testhub)
    testhub.state.fault_add(Fault(kind="status", status=404, match="cursor=", times=1))

    failed = sweep()
    assert failed.status == CrawlRun.Status.FAILED
    assert "404" in failed.errors[-1]["message"]
    assert failed.next_url == ""  # the refused cursor is not retried for ever
    assert not services.listing_running(hub=services.get_hub("huggingface"), kind="sweep")
    body = status_page(client)
    assert "Failed" in body and "404" in body

    done = sweep()  # the next run proceeds, from the start
    assert done.pk != failed.pk
    assert done.status == CrawlRun.Status.SUCCEEDED
    assert crawled() == FIXTURE_MODELS  # every item but the poison one
    poison_error = CrawlError.objects.get(run=done, repo_id=POISON)
    assert poison_error.stage == "list" and "refuses the id" in poison_error.message

    enriched = services.crawl_enrich(limit=100)
    assert enriched.status == CrawlRun.Status.SUCCEEDED
    assert enriched.items_updated >= 5
    phi = HubRepo.objects.get(repo_id="microsoft/phi-2")
    assert Assessment.objects.filter(model=phi.model, track=Track.AUTOMATIC).exists()
    body = status_page(client)
    assert POISON in body and "refuses the id" in body


def test_an_item_stored_before_ids_were_checked_fails_alone_and_is_not_first_in_line_again(
    client, crawl_settings, testhub, methodology
):
    add_poison(testhub)
    assert sweep().status == CrawlRun.Status.SUCCEEDED
    # A row from before the check: the id the client refuses, first in line by downloads.
    phi = HubRepo.objects.get(repo_id="microsoft/phi-2")
    now = timezone.now()
    poison = HubRepo.objects.create(
        hub="huggingface", hub_uid="00000000000000000000dead", repo_id=POISON, sha="p1",
        downloads=10**9, model=phi.model, first_seen_at=now, last_seen_at=now,
        sha_changed_at=now, raw={},
    )  # fmt: skip
    assert services.enrichment_candidates(limit=1) == [poison.pk]

    run = services.crawl_enrich(limit=100)
    assert run.status == CrawlRun.Status.SUCCEEDED
    error = CrawlError.objects.get(run=run, repo_id=POISON)
    assert error.stage == "enrich" and "HFValidationError" in error.message
    assert run.items_failed >= 1 and run.items_updated >= 5
    others = HubRepo.objects.filter(downloads__gte=10000).exclude(pk=poison.pk)
    assert all(repo.enriched_sha == repo.sha for repo in others)
    assert poison.pk not in services.enrichment_candidates(limit=100)
    assert "HFValidationError" in status_page(client)


def test_a_listing_answer_that_is_not_a_list_fails_the_run_with_the_error_shown(
    crawl_settings, testhub
):
    testhub.state.fault_add(Fault(kind="status", status=400, match="/api/models?", times=1))
    failed = sweep()
    assert failed.status == CrawlRun.Status.FAILED
    assert "400" in failed.errors[-1]["message"]
    assert sweep().status == CrawlRun.Status.SUCCEEDED


def test_a_stale_run_is_reclaimed_and_the_next_run_proceeds(crawl_settings, testhub):
    long_ago = timezone.now() - timedelta(seconds=crawl_settings.HUB_RUN_STALE_SECONDS + 60)
    stuck_enrich = CrawlRun.objects.create(
        hub="huggingface", kind="enrich", started_at=long_ago, heartbeat_at=long_ago
    )
    stuck_sweep = CrawlRun.objects.create(
        hub="huggingface", kind="sweep", started_at=long_ago, heartbeat_at=long_ago
    )  # no checkpoint: nothing to resume
    fresh = CrawlRun.objects.create(
        hub="huggingface", kind="incremental", started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )  # fmt: skip

    assert sorted(services.runs_reclaim_stale()) == sorted([stuck_enrich.pk, stuck_sweep.pk])
    for run in (stuck_enrich, stuck_sweep):
        run.refresh_from_db()
        assert run.status == CrawlRun.Status.FAILED
        assert "Reclaimed" in run.errors[-1]["message"]
    fresh.refresh_from_db()
    assert fresh.status == CrawlRun.Status.RUNNING
    assert sweep().status == CrawlRun.Status.SUCCEEDED
