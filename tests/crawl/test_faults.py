import time
from pathlib import Path

import pytest
from huggingface_hub import HfApi
from huggingface_hub.errors import BadRequestError, GatedRepoError
from huggingface_hub.utils import get_session

from openness.crawl import services
from openness.crawl.huggingface import client
from openness.crawl.models import CrawlRun, HubRepo
from openness.crawl.ratelimit import RateLimiter
from openness.crawl.testhub import Fault

from .conftest import FIXTURE_MODELS

pytestmark = pytest.mark.django_db


def sweep() -> CrawlRun:
    return services.crawl_listing(kind=CrawlRun.Kind.SWEEP)


def crawled() -> list[str]:
    return sorted(HubRepo.objects.values_list("repo_id", flat=True))


def test_a_429_waits_for_the_window_and_goes_on(crawl_settings, testhub):
    testhub.state.fault_add(Fault(kind="429", match="cursor=", times=1, reset=2))
    started = time.monotonic()
    run = sweep()
    assert run.status == CrawlRun.Status.SUCCEEDED
    assert time.monotonic() - started >= 1.5
    assert crawled() == FIXTURE_MODELS


def test_5xx_answers_are_retried(crawl_settings, testhub):
    testhub.state.fault_add(Fault(kind="status", status=503, match="cursor=", times=2))
    testhub.state.fault_add(Fault(kind="status", status=504, match="/api/models?", times=1))
    run = sweep()
    assert run.status == CrawlRun.Status.SUCCEEDED
    assert crawled() == FIXTURE_MODELS


def test_a_timeout_is_retried(crawl_settings, testhub):
    crawl_settings.HUB_TIMEOUT_SECONDS = 1
    testhub.state.fault_add(Fault(kind="slow", delay=2.5, match="cursor=", times=1))
    run = sweep()
    assert run.status == CrawlRun.Status.SUCCEEDED
    assert crawled() == FIXTURE_MODELS


def test_a_truncated_page_is_fetched_again(crawl_settings, testhub):
    testhub.state.fault_add(Fault(kind="truncate", match="cursor=", times=1))
    run = sweep()
    assert run.status == CrawlRun.Status.SUCCEEDED
    assert run.items_created == len(FIXTURE_MODELS)


def test_a_hub_that_stays_down_fails_the_run_at_its_checkpoint_and_it_resumes(
    crawl_settings, testhub
):
    testhub.state.fault_add(Fault(kind="status", status=502, match="cursor=", times=4))
    failed = sweep()
    assert failed.status == CrawlRun.Status.FAILED
    assert "502" in failed.errors[-1]["message"]
    assert failed.next_url and failed.pages == 1
    resumed = sweep()
    assert resumed.pk == failed.pk
    assert resumed.status == CrawlRun.Status.SUCCEEDED
    assert resumed.items_created == len(FIXTURE_MODELS)
    assert crawled() == FIXTURE_MODELS


def test_the_limiter_is_shared_between_processes_through_redis(crawl_settings):
    if not crawl_settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    one = RateLimiter("test-hub", reserve=0)
    two = RateLimiter("test-hub", reserve=0)
    one.record("api", remaining=1, reset_in=30)
    assert two.delay("api") == 0
    assert one.delay("api") > 25  # the other one took the last request
    two.record("api", remaining=0, reset_in=0)


def test_the_hub_rate_limit_headers_feed_the_limiter(crawl_settings):
    sweep()
    state = client.limiter().state("api")
    assert state is not None and state["remaining"] > 0


def test_the_client_has_a_timeout(crawl_settings):
    client.session()
    assert get_session().timeout.read == crawl_settings.HUB_TIMEOUT_SECONDS


def test_the_loopback_hub_speaks_the_contract_to_huggingface_hub(crawl_settings, testhub, tmp_path):
    api = HfApi(endpoint=testhub.url, token=False)
    models = list(api.list_models(expand=["sha", "gated"], limit=100))
    assert len(models) == len(FIXTURE_MODELS)
    with pytest.raises(BadRequestError):
        list(api.list_models(expand=["nonsense"], limit=5))
    info = api.model_info("allenai/Olmo-3.1-32B-Think")
    assert info.sha == testhub.state.models["allenai/Olmo-3.1-32B-Think"]["sha"]
    readme = api.hf_hub_download(
        "allenai/Olmo-3.1-32B-Think", "README.md", revision=info.sha, cache_dir=tmp_path
    )
    assert "## Training Data" in Path(readme).read_text()
    with pytest.raises(GatedRepoError):
        api.hf_hub_download("meta-llama/Llama-3.1-8B", "README.md", cache_dir=tmp_path)
