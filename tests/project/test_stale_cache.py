import threading
import time

import pytest
from django.core.cache import cache

from openness.lib import stale_cache
from openness.lib.stale_cache import remembered


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


class Counter:
    """A compute function that counts its calls and returns the next number."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls, self.calls


def _age(monkeypatch, seconds):
    now = time.time() + seconds
    monkeypatch.setattr(stale_cache.time, "time", lambda: now)


def test_a_value_is_computed_once_and_then_served_while_fresh():
    compute = Counter()
    assert remembered("k", compute, seconds=60) == 1
    assert remembered("k", compute, seconds=60) == 1
    assert compute.calls == 1


def test_a_stale_value_is_recomputed_by_the_request_that_takes_the_lock(monkeypatch):
    compute = Counter()
    remembered("k", compute, seconds=60)
    _age(monkeypatch, 61)
    assert remembered("k", compute, seconds=60) == 2
    assert cache.get("k:computing") is None


def test_a_stale_value_is_served_while_another_request_recomputes_it(monkeypatch):
    compute = Counter()
    remembered("k", compute, seconds=60)
    _age(monkeypatch, 61)
    cache.add("k:computing", 1, 30)  # another process is recomputing it
    assert remembered("k", compute, seconds=60) == 1
    assert compute.calls == 1


def test_a_value_for_another_version_is_never_served_even_while_another_request_computes(
    monkeypatch,
):
    compute = Counter()
    remembered("k", compute, seconds=60, version=1)
    monkeypatch.setattr(stale_cache, "WAIT_SECONDS", 0.05)
    cache.add("k:computing", 1, 30)  # and that one takes longer than a request may wait
    assert remembered("k", compute, seconds=60, version=2) == 2
    assert remembered("k", compute, seconds=60, version=2) == 2


def test_a_missing_value_is_awaited_from_the_request_computing_it_not_computed_again():
    compute = Counter()
    cache.add("k:computing", 1, 30)

    def other_request():
        time.sleep(0.1)
        cache.set("k", (None, time.time() + 60, 41), 120)
        cache.delete("k:computing")

    thread = threading.Thread(target=other_request)
    thread.start()
    assert remembered("k", compute, seconds=60) == 41
    thread.join()
    assert compute.calls == 0


def test_a_result_without_a_value_to_store_is_returned_and_not_stored():
    calls = []

    def compute():
        calls.append(1)
        return "error page", None

    assert remembered("k", compute, seconds=60) == "error page"
    assert remembered("k", compute, seconds=60) == "error page"
    assert len(calls) == 2
    assert cache.get("k:computing") is None


def test_the_lock_is_released_when_the_computation_fails():
    def compute():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        remembered("k", compute, seconds=60)
    assert cache.get("k:computing") is None


def test_a_missing_value_that_is_not_admitted_is_computed_and_not_stored():
    compute = Counter()
    assert remembered("k", compute, seconds=60, admit=lambda: False) == 1
    assert cache.get("k") is None and cache.get("k:computing") is None
    assert remembered("k", compute, seconds=60, admit=lambda: True) == 2
    assert remembered("k", compute, seconds=60, admit=lambda: False) == 2  # stored: served
