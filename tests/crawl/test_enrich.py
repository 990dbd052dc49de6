import pytest

from openness.assessments.models import Assessment, Evidence, Score, Track
from openness.catalog.models import AIModel, Organisation
from openness.crawl import services
from openness.crawl.models import CrawlError, CrawlRun, HubRepo
from openness.lib.urls import is_http_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def swept(crawl_settings, methodology):
    run = services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
    assert run.status == CrawlRun.Status.SUCCEEDED
    return run


def enrich(**kwargs) -> CrawlRun:
    return services.crawl_enrich(limit=100, **kwargs)


def test_only_changed_models_that_matter_are_candidates(swept):
    candidates = set(
        HubRepo.objects.filter(pk__in=services.enrichment_candidates(limit=100)).values_list(
            "repo_id", flat=True
        )
    )
    assert "meta-llama/Llama-3.1-8B" in candidates  # popular
    assert "BlinkDL/rwkv7-g1" not in candidates  # 312 downloads, not curated
    assert "someone-small/my-first-model" not in candidates


def test_a_curated_model_is_a_candidate_whatever_its_downloads(crawl_settings, methodology):
    org = Organisation.objects.create(slug="blinkdl", name="BlinkDL", hub_author="BlinkDL")
    AIModel.objects.create(
        slug="rwkv-7",
        name="RWKV-7",
        organisation=org,
        end_model_repo="BlinkDL/rwkv7-g1",
        is_curated=True,
    )
    services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
    repo = HubRepo.objects.get(repo_id="BlinkDL/rwkv7-g1")
    assert repo.pk in services.enrichment_candidates(limit=100)


def test_candidates_come_requested_first_then_by_downloads_and_only_when_changed(settings):
    from datetime import UTC, datetime

    settings.HUB_ENRICH_MIN_DOWNLOADS = 1000
    org = Organisation.objects.create(slug="o", name="O", hub_author="o")
    moment = datetime(2026, 1, 1, tzinfo=UTC)

    def repo(name, downloads, *, curated=False, enriched=False, requested=False):
        model = AIModel.objects.create(slug=name, name=name, organisation=org, is_curated=curated)
        return HubRepo.objects.create(
            hub="huggingface", hub_uid=name, repo_id=f"o/{name}", sha="s1",
            enriched_sha="s1" if enriched else "", downloads=downloads, model=model,
            first_seen_at=moment, last_seen_at=moment, sha_changed_at=moment,
            enrich_requested_at=moment if requested else None,
        ).pk  # fmt: skip

    small_curated = repo("small-curated", 5, curated=True)
    unknown_curated = repo("unknown-curated", None, curated=True)
    big = repo("big", 90_000)
    middling = repo("middling", 2_000)
    repo("done", 80_000, enriched=True)
    repo("small", 999)
    asked = repo("asked", 3, requested=True)
    assert services.enrichment_candidates(limit=10) == [
        asked, big, middling, small_curated, unknown_curated
    ]  # fmt: skip
    assert services.enrichment_candidates(limit=3) == [asked, big, middling]
    assert services.enrichment_candidates(limit=1) == [asked]


def test_enrichment_reads_the_readme_at_the_pinned_sha_with_datasets_and_papers(swept, testhub):
    repo = HubRepo.objects.get(repo_id="allenai/olmOCR-7B-0225-preview")
    services.repos_request_enrichment(repo_ids=[repo.repo_id])
    run = enrich(repo_pks=[repo.pk])
    assert run.items_updated == 1
    requests = testhub.state.requests
    assert f"/allenai/olmOCR-7B-0225-preview/resolve/{repo.sha}/README.md" in requests
    assert "/api/datasets/allenai/olmOCR-mix-0225" in requests
    assert "/api/papers/2502.18443" in requests
    repo.refresh_from_db()
    assert repo.enriched_sha == repo.sha and repo.enrich_requested_at is None


def test_every_automatic_assessment_cites_a_url_and_a_retrieval_time(swept):
    every = list(HubRepo.objects.values_list("pk", flat=True))
    run = enrich(repo_pks=every)
    assert run.status == CrawlRun.Status.SUCCEEDED
    automatic = Assessment.objects.filter(track=Track.AUTOMATIC)
    assert automatic.count() > 100
    for assessment in automatic:
        live = assessment.evidence.filter(retracted_at__isnull=True)
        assert live.exists(), assessment
        for evidence in live:
            assert is_http_url(evidence.url), evidence
            assert evidence.retrieved_at is not None
    assert Evidence.objects.filter(assessment__track=Track.AUTOMATIC, url="").count() == 0
    assert Score.objects.filter(track=Track.AUTOMATIC).count() == run.items_updated


def test_a_gated_readme_is_an_error_of_that_item_not_of_the_run(swept):
    repo = HubRepo.objects.get(repo_id="meta-llama/Llama-3.1-8B")
    run = enrich(repo_pks=[repo.pk])
    assert run.status == CrawlRun.Status.SUCCEEDED
    assert run.items_updated == 1
    error = CrawlError.objects.get(run=run, stage="readme")
    assert error.message == "GatedRepo"


@pytest.mark.parametrize(
    ("repo_id", "expected"),
    [
        ("broken-user/non-utf8-readme", "not UTF-8"),
        ("broken-user/huge-readme", "over the limit"),
        ("no-readme-org/bare-weights", "EntryNotFound"),
    ],
)
def test_a_bad_readme_costs_that_readme_only(swept, repo_id, expected):
    repos = list(HubRepo.objects.filter(repo_id__in=[repo_id, "microsoft/phi-2"]))
    run = enrich(repo_pks=[r.pk for r in repos])
    assert run.status == CrawlRun.Status.SUCCEEDED
    assert run.items_updated == 2
    error = CrawlError.objects.get(run=run, stage="readme")
    assert error.repo_id == repo_id and expected in error.message


def test_bad_card_data_still_gets_assessed(swept):
    repo = HubRepo.objects.get(repo_id="broken-user/bad-carddata")
    run = enrich(repo_pks=[repo.pk])
    assert run.items_updated == 1
    assert Assessment.objects.filter(model=repo.model, track=Track.AUTOMATIC).exists()


def test_a_missing_dataset_is_recorded_and_the_model_goes_on(swept):
    repo = HubRepo.objects.get(repo_id="EleutherAI/pythia-6.9b")
    run = enrich(repo_pks=[repo.pk])
    assert run.items_updated == 1
    assert CrawlError.objects.get(run=run, stage="dataset").message == "HTTP 404 RepoNotFound"


def test_enriching_twice_at_the_same_sha_writes_nothing_new(swept):
    repo = HubRepo.objects.get(repo_id="HuggingFaceH4/zephyr-7b-beta")
    enrich(repo_pks=[repo.pk])
    second = enrich(repo_pks=[repo.pk])
    assert second.items_unchanged == 1


def test_a_fine_tune_links_to_its_base_model(swept):
    repos = HubRepo.objects.filter(
        repo_id__in=["mistralai/Mistral-7B-v0.1", "HuggingFaceH4/zephyr-7b-beta"]
    ).order_by("repo_id")
    enrich(repo_pks=[r.pk for r in repos if r.repo_id.startswith("mistralai")])
    enrich(repo_pks=[r.pk for r in repos if r.repo_id.startswith("HuggingFaceH4")])
    zephyr = AIModel.objects.get(end_model_repo="HuggingFaceH4/zephyr-7b-beta")
    assert zephyr.base_model == AIModel.objects.get(end_model_repo="mistralai/Mistral-7B-v0.1")


def test_enrichment_without_a_methodology_fails_the_run_clearly(crawl_settings):
    services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
    run = enrich()
    assert run.status == CrawlRun.Status.FAILED
    assert "No current methodology" in run.errors[0]["message"]
