"""Pages without Redis, and without the database: served uncached, or a 503 with Retry-After."""

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import Client

from openness.assessments.models import Level
from openness.lib import data_version
from openness.lib.redis_cache import RedisCache
from openness.web import selectors

from . import factories


@pytest.fixture
def redis_down(monkeypatch):
    """The cache's Redis stopped: its breaker open in this process."""
    default = caches["default"]
    if not isinstance(default, RedisCache):
        pytest.skip("the cache is not Redis (REDIS_URL unset)")
    monkeypatch.setattr(default.breaker, "_tripped", True)
    monkeypatch.setattr(default.breaker, "_open_until", float("inf"))
    assert not data_version.cache_available()


@pytest.fixture
def curated(methodology):
    model = factories.model_create("Steady", slug="steady")
    factories.assess(model, methodology, Level.OPEN)
    factories.recompute(methodology)
    return model


def test_with_redis_down_pages_are_rendered_uncached(client, curated, settings, redis_down):
    settings.WEB_PAGE_CACHE_SECONDS = 60
    for path in ("/", "/models/steady/", "/methodology/", "/api/v1/models", "/health/ready/"):
        assert client.get(path).status_code == 200, path
    assert "Steady" in client.get("/models/steady/").content.decode()


def test_with_redis_down_the_data_version_comes_from_postgresql(
    db, redis_down, django_capture_on_commit_callbacks
):
    before = data_version.current()
    assert before == f"db-{data_version.from_database()}"
    data_version.bump()
    assert data_version.current() != before


def test_with_redis_down_the_methodology_context_is_kept_per_data_version(
    curated, redis_down, django_assert_num_queries
):
    first = selectors.methodology_current_context()
    with django_assert_num_queries(1):  # the database's data version, and nothing else
        assert selectors.methodology_current_context() is first
    data_version.bump()
    assert selectors.methodology_current_context() is not first


def test_with_redis_down_a_correction_is_still_rate_limited(db, redis_down, settings):
    from openness.lib import ratelimit

    verdicts = [
        ratelimit.hit(scope="outage", identity="x", limit=2, period=60).allowed for _ in range(3)
    ]
    assert verdicts == [True, True, False]  # counted in this process's memory


def _database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(selectors, "methodology_current_context", refuse)
    from openness.web.api import selectors as api_selectors

    monkeypatch.setattr(api_selectors, "models_page", refuse)


def test_with_the_database_down_a_page_answers_503_with_retry_after(db, monkeypatch, settings):
    settings.WEB_PAGE_CACHE_SECONDS = 0
    _database_down(monkeypatch)
    response = Client(raise_request_exception=False).get("/methodology/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Briefly unavailable" in response.content.decode()


def test_with_the_database_down_the_api_answers_a_json_503(db, monkeypatch):
    _database_down(monkeypatch)
    response = Client(raise_request_exception=False).get("/api/v1/models")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "unavailable"


def test_other_errors_are_still_500s(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "methodology_page", broken)
    response = Client(raise_request_exception=False).get("/methodology/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_liveness_reads_nothing_and_readiness_checks_the_database(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert client.get("/health/").status_code == 200
    ready = client.get("/health/ready/")
    assert ready.status_code == 200
    assert "database: ok" in ready.content.decode()


def test_readiness_answers_503_when_the_database_is_down(db, monkeypatch):
    from openness.web import views

    monkeypatch.setattr(views, "health_database", lambda: "unavailable (OperationalError)")
    response = Client().get("/health/ready/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("limit", ["²", "١٢", "0", "201", "-1", "1e3", " 5", "9" * 20])
def test_the_api_refuses_a_limit_that_is_not_ascii_digits_in_range(client, db, limit):
    response = client.get("/api/v1/models", {"limit": limit})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_limit"
    assert "digits 0-9" in response.json()["error"]["message"]
