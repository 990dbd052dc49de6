"""The loopback hub and settings that point the crawler at it."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from openness.crawl.huggingface import client
from openness.crawl.testhub import TestHub

FIXTURES = Path(django_settings.BASE_DIR) / "fixtures" / "hub"
FIXTURE_MODELS = sorted(p.stem.replace("__", "/") for p in (FIXTURES / "models").glob("*.json"))


@pytest.fixture
def testhub():
    """A fresh loopback hub on a free port in 127.0.0.1."""
    with TestHub(FIXTURES) as running:
        yield running


@pytest.fixture
def crawl_settings(settings, testhub):
    """Point the crawler at the loopback hub, with small pages and quick retries."""
    settings.HUB_ENDPOINT = testhub.url
    settings.HUB_TOKEN = ""
    settings.HUB_LIST_PAGE_SIZE = 5
    settings.HUB_BACKOFF_SECONDS = 0
    settings.HUB_MAX_RETRIES = 3
    settings.HUB_TIMEOUT_SECONDS = 2
    settings.HUB_ENRICH_MIN_DOWNLOADS = 10000
    settings.HUB_RATE_LIMIT_RESERVE = 0
    _forget_rate_limits()
    yield settings
    _forget_rate_limits()


def _forget_rate_limits():
    limiter = client.limiter()
    if limiter._redis is not None:
        for key in limiter._redis.scan_iter("openness:ratelimit:*"):
            limiter._redis.delete(key)
    limiter._local.clear()
