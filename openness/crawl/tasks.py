"""Celery tasks: thin, idempotent wrappers over openness.crawl.services.

Listing tasks crawl a few pages and hand over to a fresh task with the run's id, so no task
runs long and a killed worker loses at most the page it was on (the checkpoint is committed
with each page). `crawl_resume` picks up runs whose worker died.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError

from openness.crawl import services
from openness.crawl.hubs import HubError
from openness.crawl.models import CrawlRun

logger = logging.getLogger(__name__)

RETRYING = {
    "autoretry_for": (HubError, OperationalError),
    "retry_backoff": 30,
    "retry_backoff_max": 900,
    "retry_jitter": True,
    "max_retries": 8,
}
# Below the broker's visibility timeout (settings.CELERY_BROKER_TRANSPORT_OPTIONS).
LIMITS = {"soft_time_limit": 600, "time_limit": 720}


def _listing(kind: str, run_id: int | None, hub_name: str) -> int | None:
    try:
        run = services.crawl_listing(
            kind=kind, hub_name=hub_name, run_id=run_id, max_pages=settings.HUB_PAGES_PER_TASK
        )
    except SoftTimeLimitExceeded:
        # The page in flight rolled back; its checkpoint is intact, so the next task redoes it.
        logger.warning("%s run %s hit the soft time limit; handing over", kind, run_id)
        run = CrawlRun.objects.filter(pk=run_id).first() if run_id else None
    if run is None:
        return None
    if run.status == CrawlRun.Status.RUNNING and run.next_url:
        _task_for(kind).delay(run_id=run.pk, hub_name=hub_name)
    return run.pk


def _task_for(kind: str):
    return crawl_sweep if kind == CrawlRun.Kind.SWEEP else crawl_incremental


@shared_task(acks_late=True, **RETRYING, **LIMITS)
def crawl_sweep(run_id: int | None = None, hub_name: str = "huggingface") -> int | None:
    """Full sweep of the hub's listing, oldest first; resumes a killed sweep."""
    return _listing(CrawlRun.Kind.SWEEP, run_id, hub_name)


@shared_task(acks_late=True, **RETRYING, **LIMITS)
def crawl_incremental(run_id: int | None = None, hub_name: str = "huggingface") -> int | None:
    """Recently modified repositories, newest first, down to the watermark."""
    return _listing(CrawlRun.Kind.INCREMENTAL, run_id, hub_name)


@shared_task(acks_late=True, **LIMITS)
def crawl_resume(hub_name: str = "huggingface") -> list[str]:
    """Fail runs whose worker stopped beating, and restart listing runs left at a checkpoint."""
    services.runs_reclaim_stale(hub_name=hub_name)
    kinds = services.resumable_kinds(hub_name=hub_name)
    for kind in kinds:
        _task_for(kind).delay(hub_name=hub_name)
    return kinds


@shared_task(acks_late=True, **RETRYING, **LIMITS)
def crawl_enrich(repo_pks: list[int] | None = None, hub_name: str = "huggingface") -> int:
    """Enrich the next batch of changed repositories that matter (or the given ones)."""
    run = services.crawl_enrich(hub_name=hub_name, repo_pks=repo_pks)
    if repo_pks is None and run.items_updated >= settings.HUB_ENRICH_BATCH_SIZE:
        crawl_enrich.delay(hub_name=hub_name)  # more waiting: keep going without the beat
    return run.pk


@shared_task(**LIMITS)
def crawl_counts_refresh(hub_name: str = "huggingface") -> int:
    """Count the hub's repositories for /crawl/ (the page never counts them itself)."""
    return services.hub_counts_refresh(hub_name=hub_name).repos
