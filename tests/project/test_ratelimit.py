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
