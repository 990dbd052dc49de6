"""Under a bounded load, the stack's Redis and PostgreSQL are stopped, frozen and started again.

Targets (issue 16): with Redis down or frozen, every public page answers 200 and no request
takes over a second; with the database down, only 503s with Retry-After (or a page the cache
still holds), and full service within 5 s of its return; nothing accepted is lost; junk query
strings leave the cache's memory under its bound.
"""

import re
import time
import urllib.parse

import pytest

from .conftest import CACHE_MAXMEMORY
from .stack import Load, get, request, wait_for

pytestmark = pytest.mark.faults

# Junk query strings of each kind sent by the flood test (benchmarks/cache_flood.py sends more).
JUNK = 300
# Client threads, each sending one request at a time: as many as gunicorn has workers, so that
# a request's time is its own, not a queue's.
CLIENTS = 2
# Seconds of load before a fault, during it, and after it ends.
BEFORE, DURING, AFTER = 1.5, 4.0, 2.0


def _under_load(stack, paths, fault, recover):
    """Samples of the load before, during and after the fault: (before, during, after)."""
    load = Load(stack.web.port, paths, clients=CLIENTS)
    time.sleep(BEFORE)
    fault_at = load.now()
    fault()
    time.sleep(DURING)
    recover_at = load.now()
    recover()
    time.sleep(AFTER)
    samples = load.stop()
    return (
        [s for s in samples if s.at < fault_at],
        [s for s in samples if fault_at <= s.at < recover_at],
        [s for s in samples if s.at >= recover_at],
    )


def _summary(samples) -> str:
    bad = [(s.path, s.status, round(s.seconds, 2)) for s in samples if s.status != 200]
    slow = [(s.path, round(s.seconds, 2)) for s in samples if s.seconds > 1.0]
    return f"{len(samples)} requests; not 200: {bad[:10]}; over 1 s: {slow[:10]}"


def _assert_all_fast_200s(samples):
    assert samples, "the load sent nothing"
    assert all(s.status == 200 for s in samples), _summary(samples)
    assert all(s.seconds <= 1.0 for s in samples), _summary(samples)


def _correction(stack) -> int:
    """Submit a correction through the form, as a browser does; its status code."""
    form = get(stack.web.port, f"/models/{stack.model_slug}/corrections/new/")
    assert form.status == 200, form.status
    token = re.search(r"csrftoken=([^;]+)", form.headers.get("set-cookie", "")).group(1)
    fields = {
        "csrfmiddlewaretoken": token,
        "criterion": stack.criterion_code,
        "proposed_level": "open",
        "evidence_urls": "https://doi.org/10.5555/faults-datasheet",
        "explanation": "Submitted while Redis was down: it must be stored all the same.",
        "submitter_name": "Fault Suite",
        "submitter_email": "faults@example.org",
        "affiliation": "",
        "conflict": "none",
        "conflict_details": "",
        "website": "",
    }
    answer = request(
        stack.web.port,
        "POST",
        f"/models/{stack.model_slug}/corrections/new/",
        body=urllib.parse.urlencode(fields).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token}",
        },
    )
    return answer.status


def test_with_redis_stopped_every_public_page_answers_200_within_a_second(stack):
    paths = stack.pages + stack.api + ["/health/", "/health/ready/"]
    corrections = []

    def stop():
        stack.cache.stop()
        stack.broker.stop()
        time.sleep(1)
        corrections.append(_correction(stack))

    def start():
        stack.cache.start()
        stack.broker.start()

    before, during, after = _under_load(stack, paths, stop, start)
    for phase in (before, during, after):
        _assert_all_fast_200s(phase)
    # Accepted while Redis was down (a redirect to its status page), and stored.
    assert corrections == [302]
    assert stack.postgres.query(
        "SELECT count(*) FROM corrections_correction WHERE submitter_name = 'Fault Suite'"
    ) == [(1,)]


def test_with_redis_frozen_every_public_page_answers_200_within_a_second(stack):
    paths = stack.pages + stack.api + ["/health/"]

    def freeze():
        stack.cache.freeze()
        stack.broker.freeze()

    def thaw():
        stack.cache.thaw()
        stack.broker.thaw()

    before, during, after = _under_load(stack, paths, freeze, thaw)
    for phase in (before, during, after):
        _assert_all_fast_200s(phase)


def test_with_the_database_down_pages_answer_503_with_retry_after_and_recover_in_5_s(stack):
    paths = stack.pages + stack.api
    load = Load(stack.web.port, [*paths, "/health/", "/health/ready/"], clients=CLIENTS)
    time.sleep(BEFORE)
    down_at = load.now()
    stack.postgres.stop()
    time.sleep(DURING)
    health = get(stack.web.port, "/health/")
    ready = get(stack.web.port, "/health/ready/")
    api = get(stack.web.port, "/api/v1/models?limit=7")  # never asked before: not cached
    page = get(stack.web.port, "/?q=never-asked")
    stack.postgres.start()
    up_at = load.now()
    wait_for(stack.postgres.ready, 10, "PostgreSQL to accept connections")
    time.sleep(6)
    samples = load.stop()

    during = [s for s in samples if down_at + 0.5 <= s.at < up_at]
    assert during
    # Only 503s with Retry-After, or a page the cache still held (200).
    assert {s.status for s in during} <= {200, 503}, _summary(during)
    unavailable = [s for s in during if s.status == 503]
    assert unavailable and all(s.retry_after for s in unavailable), _summary(during)
    assert all(s.seconds <= 1.0 for s in during), _summary(during)
    assert health.status == 200
    assert ready.status == 503 and ready.headers.get("retry-after")
    assert b"database: unavailable" in ready.body
    assert api.status == 503 and api.headers["content-type"] == "application/json"
    assert b'"code":"unavailable"' in api.body and api.headers.get("retry-after")
    assert page.status == 503 and page.headers.get("retry-after")
    assert b"Briefly unavailable" in page.body

    # Recovered: from 5 s after the database is back, every answer is a 200.
    after = [s for s in samples if s.at >= up_at + 5.0]
    assert after
    assert all(s.status == 200 for s in after), _summary(after)
    assert get(stack.web.port, "/health/ready/").status == 200


def test_junk_query_strings_make_no_cache_entries_and_memory_stays_under_its_bound(stack):
    client = stack.cache.client()
    maxmemory = int(client.config_get("maxmemory")["maxmemory"])
    assert maxmemory == int(CACHE_MAXMEMORY.removesuffix("mb")) * 1024 * 1024
    for path in ("/", f"/models/{stack.model_slug}/"):
        get(stack.web.port, path)
        get(stack.web.port, path)
    keys_before = client.dbsize()
    pages_before = _stored_pages(client)
    for n in range(JUNK):
        assert get(stack.web.port, f"/?utm_junk={n}").status == 200
        assert get(stack.web.port, f"/models/{stack.model_slug}/?junk={n}&x={n}").status == 200
    # Parameters the pages do not read make no entry at all.
    assert client.dbsize() <= keys_before + 2
    # Searches are read, so each makes an entry, but only a marker until asked again, and the
    # cache's Redis evicts the least recently used beyond its bound.
    for n in range(JUNK):
        assert get(stack.web.port, f"/?q=junk{n}").status == 200
    memory = client.info("memory")
    assert memory["used_memory"] <= maxmemory
    assert _stored_pages(client) <= pages_before  # each search asked once: none stored


def _stored_pages(client) -> set[bytes]:
    return {key for key in client.keys("*web:page:*") if not key.endswith(b":seen")}
