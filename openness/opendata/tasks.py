"""Celery tasks for open data (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from openness.opendata.dumps import dump_create


@shared_task(acks_late=True, soft_time_limit=1500, time_limit=1800)
def dump_create_task() -> str:
    """Write today's dump; idempotent (a rerun the same day replaces the same file)."""
    return dump_create().name
