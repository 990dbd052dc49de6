"""The Redis cache backend keeps one client per connection pool (openness.lib.redis_cache)."""

import os
import signal
import socket
import subprocess
import threading
import time

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


def _cache_on_a_closed_port(**options):
    """A cache whose Redis is not running: nothing listens on the port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return RedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2, **options}},
    )


def test_a_cache_whose_redis_is_down_answers_as_a_miss_and_opens_its_breaker():
    backend = _cache_on_a_closed_port()
    assert backend.available
    assert backend.get("k", "default") == "default"
    assert not backend.available  # the breaker is open: Redis is not asked again for a while
    assert backend.get_many(["k"]) == {}
    assert backend.add("k", 1) is False
    assert backend.set("k", 1) is None
    with pytest.raises(ValueError):
        backend.incr("k")
    assert backend.ping() is False


def test_after_the_cooldown_one_call_probes_redis_again(monkeypatch):
    backend = _cache_on_a_closed_port()
    backend.get("k")
    calls = []
    monkeypatch.setattr(backend.breaker, "_open_until", 0.0)
    original = RedisCache.__mro__[1].get

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(RedisCache.__mro__[1], "get", counted)
    backend.get("k")
    backend.get("k")
    assert len(calls) == 1  # the probe failed: the breaker is open again


def test_a_cache_with_a_fallback_uses_it_while_redis_is_down():
    backend = _cache_on_a_closed_port(FALLBACK="ratelimit-local")
    assert backend.add("counter", 0, 60) is True
    assert backend.incr("counter") == 1
    assert caches["ratelimit-local"].get("counter") == 1


def test_a_frozen_redis_costs_one_read_timeout_then_is_left_alone(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        backend = RedisCache(
            f"redis://127.0.0.1:{port}/0",
            {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
        )
        deadline = time.monotonic() + 10
        while not backend.ping() and time.monotonic() < deadline:
            time.sleep(0.05)
        backend.set("k", 1)
        os.kill(server.pid, signal.SIGSTOP)  # it still accepts connections, and never answers
        assert backend.get("k") is None  # after the read timeout
        assert not backend.available
        assert backend.get("k", "default") == "default"  # without asking Redis
    finally:
        os.kill(server.pid, signal.SIGCONT)
        server.kill()
        server.wait(10)
