from datetime import UTC, datetime

import pytest

from openness.catalog.models import AIModel, Organisation
from openness.crawl import services
from openness.crawl.models import CrawlError, CrawlRun, HubRepo

from .conftest import FIXTURE_MODELS

pytestmark = pytest.mark.django_db


def sweep() -> CrawlRun:
    return services.crawl_listing(kind=CrawlRun.Kind.SWEEP)


def test_a_sweep_stores_every_model_once_with_its_raw_json(crawl_settings):
    run = sweep()
    assert run.status == CrawlRun.Status.SUCCEEDED
    assert sorted(HubRepo.objects.values_list("repo_id", flat=True)) == FIXTURE_MODELS
    assert run.items_created == len(FIXTURE_MODELS)
    assert run.pages == -(-len(FIXTURE_MODELS) // 5)
    olmo = HubRepo.objects.get(repo_id="allenai/Olmo-3.1-32B-Think")
    assert olmo.raw["cardData"]["license"] == "apache-2.0"
    assert olmo.license == "apache-2.0"
    assert olmo.base_models == ["allenai/Olmo-3-1125-32B"]
    assert olmo.base_model_relation == "finetune"
    assert olmo.author == "allenai"
    assert olmo.gated == "no"
    assert olmo.hub_created_at == datetime(2025, 12, 10, 17, 2, 11, tzinfo=UTC)
    assert "siblings" not in olmo.raw  # never asked for in bulk


def test_a_sweep_asks_for_the_listed_fields_sorted_oldest_first(crawl_settings, testhub):
    sweep()
    first = testhub.state.requests[0]
    assert first.startswith("/api/models?sort=createdAt&direction=1&limit=5&expand=author")
    for field in ("sha", "cardData", "baseModels", "safetensors", "gated", "likes"):
        assert f"expand={field}" in first


def test_each_repo_gets_a_catalog_model_with_hub_facts(crawl_settings):
    sweep()
    model = AIModel.objects.get(end_model_repo="meta-llama/Llama-3.1-8B")
    assert model.slug == "meta-llama--llama-3-1-8b"
    assert model.organisation.hub_author == "meta-llama"
    assert model.gated == AIModel.Gated.MANUAL
    assert model.downloads == 1580213
    assert model.likes == 1711
    assert model.model_types == ["text"]
    assert HubRepo.objects.get(repo_id="meta-llama/Llama-3.1-8B").model == model
    assert AIModel.objects.count() == len(FIXTURE_MODELS)
    assert Organisation.objects.filter(hub_author="allenai").count() == 1


def test_a_curated_model_is_linked_not_duplicated(crawl_settings):
    org = Organisation.objects.create(slug="ai2", name="Ai2", hub_author="allenai")
    curated = AIModel.objects.create(
        slug="olmo-3-1-think",
        name="OLMo 3.1 Think",
        organisation=org,
        end_model_repo="allenai/Olmo-3.1-32B-Think",
        is_curated=True,
    )
    sweep()
    repo = HubRepo.objects.get(repo_id="allenai/Olmo-3.1-32B-Think")
    assert repo.model == curated
    curated.refresh_from_db()
    assert curated.slug == "olmo-3-1-think"
    assert curated.downloads == 48213
    assert Organisation.objects.filter(hub_author="allenai").count() == 1


def test_a_second_sweep_finds_everything_unchanged(crawl_settings):
    sweep()
    second = sweep()
    assert second.items_unchanged == len(FIXTURE_MODELS)
    assert second.items_created == second.items_updated == 0
    assert HubRepo.objects.count() == len(FIXTURE_MODELS)


def test_a_changed_sha_counts_as_updated(crawl_settings, testhub):
    sweep()
    testhub.state.model_update("microsoft/phi-2", downloads=1)
    second = sweep()
    assert second.items_updated == 1
    assert HubRepo.objects.get(repo_id="microsoft/phi-2").downloads == 1
    assert AIModel.objects.get(end_model_repo="microsoft/phi-2").downloads == 1


def test_malformed_fields_cost_only_those_fields_and_are_recorded(crawl_settings):
    run = sweep()
    bad = HubRepo.objects.get(repo_id="broken-user/bad-carddata")
    assert bad.raw["cardData"].startswith("license: mit")
    assert bad.license == "mit"  # from the license: tag
    odd = HubRepo.objects.get(repo_id="broken-user/odd-fields")
    assert odd.downloads is None and odd.gated == "" and odd.hub_created_at is None
    messages = dict(CrawlError.objects.filter(run=run).values_list("repo_id", "message"))
    assert "cardData" in messages["broken-user/bad-carddata"]
    assert "downloads" in messages["broken-user/odd-fields"]


def test_a_malformed_item_in_a_page_costs_that_item_only(crawl_settings, testhub):
    from openness.crawl.testhub import Fault

    testhub.state.fault_add(Fault(kind="malformed", match="/api/models?", times=1))
    run = sweep()
    assert run.status == CrawlRun.Status.SUCCEEDED
    assert run.items_failed == 1
    assert HubRepo.objects.count() == len(FIXTURE_MODELS)
    assert CrawlError.objects.filter(run=run, stage="list", message__contains="no usable id")
