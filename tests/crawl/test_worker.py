"""A real Celery worker process against real Redis and the loopback hub."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from openness.catalog.models import AIModel
from openness.crawl import tasks
from openness.crawl.models import CrawlRun, HubRepo
from openness.crawl.testhub import Fault

from .conftest import FIXTURE_MODELS

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def worker_env(hub_url: str) -> dict:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        REDIS_URL=settings.REDIS_URL,
        CELERY_TASK_ALWAYS_EAGER="0",
        HUB_ENDPOINT=hub_url,
        GITHUB_API_URL=f"{hub_url}/github-api",
        ARXIV_API_URL=f"{hub_url}/arxiv-api",
        ARXIV_MIN_INTERVAL_SECONDS="0",
        HUB_LIST_PAGE_SIZE="3",
        HUB_PAGES_PER_TASK="2",
        HUB_RUN_STALE_SECONDS="2",
        HUB_BACKOFF_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    return env


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "openness",
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(worker: subprocess.Popen, sig=signal.SIGKILL) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
        worker.wait(timeout=30)


def wait_for(condition, timeout: float = 120.0, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    raise AssertionError("timed out waiting")


@pytest.fixture
def clean_broker():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: a real Redis for the broker")
    from openness.celery import app

    app.control.purge()
    yield app
    app.control.purge()


def test_a_worker_killed_mid_sweep_resumes_with_every_model_once(
    clean_broker, testhub, crawl_settings
):
    # Every listing page takes a while, so the kill lands in the middle of the sweep.
    testhub.state.fault_add(Fault(kind="slow", delay=0.4, match="/api/models?", times=1000))
    env = worker_env(testhub.url)
    worker = start_worker(env)
    try:
        tasks.crawl_sweep.delay()
        wait_for(lambda: HubRepo.objects.count() >= 9)
        stop(worker)  # SIGKILL: no clean shutdown, the task in flight dies with its page
        killed_at = HubRepo.objects.count()
        assert killed_at < len(FIXTURE_MODELS)
        run = CrawlRun.objects.get(kind=CrawlRun.Kind.SWEEP)
        assert run.status == CrawlRun.Status.RUNNING and run.next_url

        time.sleep(2.5)  # the run's heartbeat goes stale
        worker = start_worker(env)
        tasks.crawl_resume.delay()  # what the beat schedule sends every few minutes
        wait_for(
            lambda: CrawlRun.objects.filter(
                kind=CrawlRun.Kind.SWEEP, status=CrawlRun.Status.SUCCEEDED
            ).exists()
        )
    finally:
        stop(worker)
    assert sorted(HubRepo.objects.values_list("repo_id", flat=True)) == FIXTURE_MODELS
    assert AIModel.objects.count() == len(FIXTURE_MODELS)
    run = CrawlRun.objects.get(kind=CrawlRun.Kind.SWEEP)
    assert run.items_created == len(FIXTURE_MODELS)  # no page counted twice
    assert run.items_seen == len(FIXTURE_MODELS)


def test_a_worker_sweeps_updates_and_enriches_end_to_end(
    clean_broker, testhub, crawl_settings, methodology
):
    from openness.assessments.models import Assessment, Track

    env = worker_env(testhub.url)
    worker = start_worker(env)
    try:
        tasks.crawl_sweep.delay()
        wait_for(lambda: CrawlRun.objects.filter(kind="sweep", status="succeeded").exists())
        testhub.state.model_update("allenai/Olmo-3.1-32B-Think", likes=999)
        tasks.crawl_incremental.delay()
        wait_for(lambda: CrawlRun.objects.filter(kind="incremental", status="succeeded").exists())
        tasks.crawl_enrich.delay()
        wait_for(lambda: CrawlRun.objects.filter(kind="enrich", status="succeeded").exists())
    finally:
        stop(worker, signal.SIGTERM)
    incremental = CrawlRun.objects.get(kind="incremental")
    assert incremental.items_updated == 1
    olmo = HubRepo.objects.get(repo_id="allenai/Olmo-3.1-32B-Think")
    assert olmo.likes == 999 and olmo.enriched_sha == olmo.sha
    assessed = Assessment.objects.filter(model=olmo.model, track=Track.AUTOMATIC)
    assert assessed.exists()
    for assessment in assessed:
        assert assessment.evidence.filter(retrieved_at__isnull=False).exclude(url="").exists()
