"""Shared fixtures. Tests run on PostgreSQL: the server DATABASE_URL names, or the embedded one."""

import pytest
from django.core.cache import cache

from openness.celery import app as celery_app


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request):
    """Tasks run in-process unless a test starts a real worker (marked `worker`)."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached pages never leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()
