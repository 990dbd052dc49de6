"""The Redis cache backend keeps one client per connection pool (openness.lib.redis_cache)."""

import os
import threading

import pytest
from django.core.cache import caches

from openness.lib.redis_cache import RedisCache

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")


def test_the_configured_cache_reuses_its_client_and_reads_what_it_writes():
    backend = caches.create_connection("default")
    assert isinstance(backend, RedisCache)
    client = backend._cache.get_client()
    assert backend._cache.get_client("any key") is client
    assert backend._cache.get_client(write=True) is client  # one server: one pool
    backend.set("redis-cache-test", {"a": 1}, 30)
    assert backend.get("redis-cache-test") == {"a": 1}
    assert backend.get_many(["redis-cache-test", "missing"]) == {"redis-cache-test": {"a": 1}}
    assert backend.add("redis-cache-test-n", 1)
    assert backend.incr("redis-cache-test-n") == 2


def test_threads_share_one_backend_safely():
    backend = caches.create_connection("default")
    backend.set("redis-cache-shared", 0, 30)
    errors = []

    def work():
        try:
            for _ in range(50):
                backend.incr("redis-cache-shared")
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert backend.get("redis-cache-shared") == 200
