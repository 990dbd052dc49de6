"""Derived models get their base judgments whatever the crawl order, and the rules re-run over
stored snapshots without a crawl, each change a revision.

Lineage and gating in fixtures/hub follow the public repositories they are named after
(fixtures/hub/README.md): HuggingFaceTB/SmolLM3-3B declares HuggingFaceTB/SmolLM3-3B-Base
(https://huggingface.co/HuggingFaceTB/SmolLM3-3B), allenai/Olmo-3.1-32B-Think declares
allenai/Olmo-3-1125-32B, meta-llama/Llama-3.1-8B-Instruct declares meta-llama/Llama-3.1-8B,
each derived model with more downloads than its base, so download order assesses it first.
"""

import pytest

from openness.assessments.models import Assessment, Level, Revision, Track
from openness.crawl import services
from openness.crawl.models import CrawlRun, HubRepo, HubSnapshotRecord

pytestmark = pytest.mark.django_db

DERIVED = {
    "HuggingFaceTB/SmolLM3-3B": "HuggingFaceTB/SmolLM3-3B-Base",
    "allenai/Olmo-3.1-32B-Think": "allenai/Olmo-3-1125-32B",
    "meta-llama/Llama-3.1-8B-Instruct": "meta-llama/Llama-3.1-8B",
}


def level(repo_id: str, code: str) -> str | None:
    return (
        Assessment.objects.filter(
            model__hub_repos__repo_id=repo_id, track=Track.AUTOMATIC, criterion__code=code
        )
        .values_list("level", flat=True)
        .first()
    )


@pytest.fixture
def enriched_in_download_order(crawl_settings, methodology):
    assert services.crawl_listing(kind=CrawlRun.Kind.SWEEP).status == CrawlRun.Status.SUCCEEDED
    wanted = [*DERIVED, *DERIVED.values()]
    repos = HubRepo.objects.filter(repo_id__in=wanted).order_by("-downloads", "pk")
    order = list(repos.values_list("repo_id", flat=True))
    for derived, base in DERIVED.items():
        assert order.index(derived) < order.index(base)  # the derived model goes first
    services.crawl_enrich(repo_pks=list(repos.values_list("pk", flat=True)))


def test_derived_models_enriched_before_their_base_still_get_the_base_weights_judgment(
    enriched_in_download_order,
):
    for derived, base in DERIVED.items():
        base_weights = level(base, "weights_endmodel")
        assert base_weights in (Level.OPEN, Level.PARTIAL)
        assert level(derived, "weights_basemodel") == base_weights, derived


def test_every_enriched_repository_keeps_the_snapshot_the_rules_read(enriched_in_download_order):
    stored = HubSnapshotRecord.objects.select_related("repo")
    assert {r.repo.repo_id for r in stored} == {*DERIVED, *DERIVED.values()}
    olmo = services.stored_snapshot(HubRepo.objects.get(repo_id="allenai/Olmo-3.1-32B-Think"))
    assert olmo.readme is not None and olmo.readme.text
    assert olmo.item["id"] == "allenai/Olmo-3.1-32B-Think"


def test_rerunning_unchanged_rules_over_stored_snapshots_writes_nothing(
    enriched_in_download_order,
):
    revisions = Revision.objects.count()
    counts = services.rules_rerun(repo_ids=[*DERIVED, *DERIVED.values()])
    assert counts["snapshots"] == 6 and counts["listing_items"] == 0
    assert counts["changed"] == 0
    assert Revision.objects.count() == revisions


def test_a_repository_without_a_stored_snapshot_is_re_judged_from_its_listing_item(
    crawl_settings, methodology
):
    services.crawl_listing(kind=CrawlRun.Kind.SWEEP)  # listed, never enriched
    counts = services.rules_rerun(repo_ids=["HuggingFaceTB/SmolLM3-3B"])
    assert (counts["snapshots"], counts["listing_items"], counts["models_assessed"]) == (0, 1, 1)
    assert counts["changed"] > 0
    # license@4: the weights' license alone leaves the level open to the code and data.
    assert level("HuggingFaceTB/SmolLM3-3B", "licenses") == Level.NOT_ASSESSED
    assert level("HuggingFaceTB/SmolLM3-3B", "weights_endmodel") == Level.OPEN
    assert level("HuggingFaceTB/SmolLM3-3B", "modelcard") is None  # needs the README
    again = services.rules_rerun(repo_ids=["HuggingFaceTB/SmolLM3-3B"])
    assert again["changed"] == 0


def test_a_base_that_moves_on_rerun_moves_its_derived_model_with_a_revision(
    enriched_in_download_order,
):
    record = HubSnapshotRecord.objects.get(repo__repo_id="HuggingFaceTB/SmolLM3-3B-Base")
    record.data["item"]["gated"] = "manual"  # as if the base had been gated since
    record.save()
    assert level("HuggingFaceTB/SmolLM3-3B", "weights_basemodel") == Level.OPEN

    services.rules_rerun(repo_ids=["HuggingFaceTB/SmolLM3-3B-Base"])

    assert level("HuggingFaceTB/SmolLM3-3B-Base", "weights_endmodel") == Level.PARTIAL
    assert level("HuggingFaceTB/SmolLM3-3B", "weights_basemodel") == Level.PARTIAL
    latest = Revision.objects.filter(
        assessment__model__hub_repos__repo_id="HuggingFaceTB/SmolLM3-3B",
        assessment__criterion__code="weights_basemodel",
    ).latest("id")
    assert latest.source == Revision.Source.CRAWLER
