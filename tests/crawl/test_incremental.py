import pytest

from openness.catalog.models import AIModel, ModelSlugAlias
from openness.crawl import services
from openness.crawl.models import CrawlRun, HubRepo

from .conftest import FIXTURE_MODELS

pytestmark = pytest.mark.django_db


def crawl(kind: str) -> CrawlRun:
    return services.crawl_listing(kind=kind)


def test_an_incremental_run_reads_only_down_to_the_watermark(crawl_settings, testhub):
    crawl(CrawlRun.Kind.SWEEP)
    testhub.state.model_update("microsoft/phi-2", likes=1)
    testhub.state.requests.clear()
    run = crawl(CrawlRun.Kind.INCREMENTAL)
    assert run.status == CrawlRun.Status.SUCCEEDED
    assert run.pages == 1
    assert run.items_updated == 1
    first = testhub.state.requests[0]
    assert "sort=lastModified&direction=-1" in first
    assert HubRepo.objects.get(repo_id="microsoft/phi-2").likes == 1
    assert run.watermark > CrawlRun.objects.get(kind=CrawlRun.Kind.SWEEP).watermark


def test_an_incremental_run_picks_up_a_new_repository(crawl_settings, testhub):
    crawl(CrawlRun.Kind.SWEEP)
    info = dict(testhub.state.models["microsoft/phi-2"])
    info.update(_id="0123456789abcdef01234567", id="newcomer/fresh-model", author="newcomer")
    testhub.state.model_add(info)
    testhub.state.model_update("newcomer/fresh-model")
    run = crawl(CrawlRun.Kind.INCREMENTAL)
    assert run.items_created == 1
    assert AIModel.objects.filter(end_model_repo="newcomer/fresh-model").exists()


def test_a_renamed_repository_keeps_its_row_and_its_catalog_model(crawl_settings, testhub):
    crawl(CrawlRun.Kind.SWEEP)
    before = HubRepo.objects.get(repo_id="old-name-org/renamed-model")
    model = before.model
    old_slug = model.slug
    testhub.state.model_rename("old-name-org/renamed-model", "new-name-org/renamed-model")
    run = crawl(CrawlRun.Kind.INCREMENTAL)
    assert run.items_updated == 1
    after = HubRepo.objects.get(pk=before.pk)
    assert after.repo_id == "new-name-org/renamed-model"
    assert after.previous_repo_ids == ["old-name-org/renamed-model"]
    assert after.model_id == model.pk
    model.refresh_from_db()
    assert model.end_model_repo == "new-name-org/renamed-model"
    assert model.slug == "new-name-org--renamed-model"
    assert ModelSlugAlias.objects.get(slug=old_slug).model == model
    assert HubRepo.objects.count() == len(FIXTURE_MODELS)


def test_an_incremental_run_before_any_sweep_says_what_to_do(crawl_settings):
    run = crawl(CrawlRun.Kind.INCREMENTAL)
    assert run.status == CrawlRun.Status.FAILED
    assert "run a full sweep first" in run.errors[0]["message"]


def test_a_name_given_up_by_a_rename_can_be_taken_by_a_new_repository(crawl_settings, testhub):
    crawl(CrawlRun.Kind.SWEEP)
    old = HubRepo.objects.get(repo_id="old-name-org/renamed-model")
    testhub.state.model_rename("old-name-org/renamed-model", "new-name-org/renamed-model")
    newcomer = dict(testhub.state.models["microsoft/phi-2"])
    newcomer.update(_id="fedcba9876543210fedcba98", id="old-name-org/renamed-model")
    testhub.state.model_add(newcomer)
    testhub.state.model_update("old-name-org/renamed-model")
    run = crawl(CrawlRun.Kind.INCREMENTAL)
    assert run.status == CrawlRun.Status.SUCCEEDED
    renamed = HubRepo.objects.get(pk=old.pk)
    assert renamed.repo_id == "new-name-org/renamed-model"
    assert renamed.previous_repo_ids == ["old-name-org/renamed-model"]
    assert renamed.model.end_model_repo == "new-name-org/renamed-model"
    taken = HubRepo.objects.get(repo_id="old-name-org/renamed-model")
    assert taken.hub_uid == "fedcba9876543210fedcba98"
    assert taken.model_id != old.model_id
