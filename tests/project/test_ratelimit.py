"""The submission limiter counts in the configured cache: Redis when REDIS_URL is set."""

import os

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from openness.lib import ratelimit


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_the_cache_is_redis_when_redis_url_is_set():
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


def test_it_allows_up_to_the_limit_then_refuses_until_the_window_ends():
    verdicts = [ratelimit.hit(scope="test", identity="abc", limit=3, period=120) for _ in range(5)]
    assert [v.allowed for v in verdicts] == [True, True, True, False, False]
    assert all(1 <= v.retry_after <= 120 for v in verdicts[3:])


def test_identities_and_scopes_are_counted_apart():
    assert ratelimit.hit(scope="a", identity="x", limit=1, period=60).allowed
    assert ratelimit.hit(scope="a", identity="y", limit=1, period=60).allowed
    assert ratelimit.hit(scope="b", identity="x", limit=1, period=60).allowed
    assert not ratelimit.hit(scope="a", identity="x", limit=1, period=60).allowed


def test_the_address_hash_is_keyed_and_stable():
    assert ratelimit.ip_hash("10.0.0.1") == ratelimit.ip_hash("10.0.0.1")
    assert ratelimit.ip_hash("10.0.0.1") != ratelimit.ip_hash("10.0.0.2")
    assert "10.0.0.1" not in ratelimit.ip_hash("10.0.0.1")


def test_the_client_address_is_remote_addr_unless_proxies_are_trusted():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9"
    )
    assert ratelimit.client_ip(request) == "10.0.0.1"
    with override_settings(CLIENT_IP_PROXY_HOPS=1):
        assert ratelimit.client_ip(request) == "203.0.113.9"
    with override_settings(CLIENT_IP_PROXY_HOPS=3):
        assert ratelimit.client_ip(request) == "10.0.0.1"


def test_a_request_counted_while_redis_goes_away_is_counted_again_not_refused(monkeypatch):
    # Redis answered the window's ADD (the window existed: no add) and was gone for its INCR,
    # which the fallback answered without the window (ValueError): count once more.
    from django.core.cache import caches

    limiter = caches[settings.RATELIMIT_USE_CACHE]
    steps = []
    real_add, real_incr = limiter.add, limiter.incr

    def add(*args, **kwargs):
        steps.append("add")
        return False if len(steps) == 1 else real_add(*args, **kwargs)

    def incr(*args, **kwargs):
        steps.append("incr")
        if steps == ["add", "incr"]:
            raise ValueError("Key not found (Redis unavailable).")
        return real_incr(*args, **kwargs)

    monkeypatch.setattr(limiter, "add", add)
    monkeypatch.setattr(limiter, "incr", incr)
    verdict = ratelimit.hit(scope="race", identity="abc", limit=3, period=60)
    assert verdict.allowed and verdict.remaining == 2
    assert steps == ["add", "incr", "add"]


def test_a_request_that_nothing_can_count_is_refused(monkeypatch):
    from django.core.cache import caches

    limiter = caches[settings.RATELIMIT_USE_CACHE]
    monkeypatch.setattr(limiter, "add", lambda *args, **kwargs: False)

    def incr(*args, **kwargs):
        raise ValueError("Key not found (Redis unavailable).")

    monkeypatch.setattr(limiter, "incr", incr)
    assert not ratelimit.hit(scope="none", identity="abc", limit=3, period=60).allowed
