"""The arXiv client against the loopback hub's arXiv fake (served from the gold set's
fixtures/hub-gold/arxiv/ records): one request for a model's papers, the Atom feed read with
its comment and journal reference, unknown records not served, conditional requests, the
shared pace, throttling and bad XML answered with an error on every paper, never a crash."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from openness.crawl import conditional
from openness.crawl.arxiv import client, feed, records
from openness.crawl.testhub import Fault, TestHub

GOLD = Path(django_settings.BASE_DIR) / "fixtures" / "hub-gold"
pytestmark = pytest.mark.skipif(not (GOLD / "arxiv").is_dir(), reason="no gold set")


@pytest.fixture
def arxiv(settings):
    """The loopback hub on the gold set, with arXiv's API pointed at it and no pace."""
    with TestHub(GOLD) as hub, client.private_limiter():
        settings.ARXIV_API_URL = f"{hub.url}/arxiv-api"
        settings.ARXIV_MIN_INTERVAL_SECONDS = 0
        settings.ARXIV_MAX_RETRIES = 2
        settings.ARXIV_ETAG_CACHE_SECONDS = 3600
        settings.HUB_BACKOFF_SECONDS = 0
        cache.clear()
        yield hub
        cache.clear()


def test_a_recorded_comment_is_read_with_the_abstract_page_as_its_url(arxiv):
    # 2211.01786 (BLOOMZ & mT0): arXiv's comment, as the library catalogue's copy of arXiv's
    # metadata shows it; its journal reference is unknown, so the fake leaves it out.
    got = records.fetch_records(["2211.01786"])
    doc = got["2211.01786"]
    assert doc.error == ""
    assert doc.data["comment"] == "9 main pages (119 with appendix), 16 figures and 11 tables"
    assert doc.data["journal_ref"] == ""
    assert doc.data["title"] == "Crosslingual Generalization through Multitask Finetuning"
    assert "Niklas Muennighoff" in doc.data["authors"]
    # The version is not recorded, so the fake serves the id without one.
    assert doc.url == "https://arxiv.org/abs/2211.01786" and doc.revision == ""


def test_one_request_asks_for_every_paper_and_an_unknown_record_is_an_error(arxiv):
    # 2412.08905 (Phi-4): no stored page shows its comment or journal reference, so the fake
    # does not serve it and the reader records an error, not a paper with no comment.
    before = len(arxiv.state.requests)
    got = records.fetch_records(["2211.01786", "2412.08905"])
    asked = [r for r in arxiv.state.requests[before:] if r.startswith("/arxiv-api/")]
    assert len(asked) == 1 and "2211.01786%2C2412.08905" in asked[0]
    assert got["2211.01786"].error == ""
    assert got["2412.08905"].error == "arXiv answered no entry for it"
    assert got["2412.08905"].data is None
    assert got["2412.08905"].url == "https://arxiv.org/abs/2412.08905"


def test_a_second_request_sends_the_etag_and_reuses_the_stored_copy_on_304(arxiv, settings):
    url = f"{settings.ARXIV_API_URL}/query"
    params = {"id_list": "2211.01786", "max_results": "1"}
    first = client.get_feed(url, params=params)
    second = client.get_feed(url, params=params)
    assert first.from_cache is False and first.etag
    assert second.from_cache is True and second.data == first.data


def test_a_kept_copy_of_another_shape_is_ignored_not_a_crash(arxiv, settings):
    # Copies kept before the GitHub and arXiv clients shared one request loop held the feed
    # under "body"; such a copy (or any foreign value under the key) is not sent as an ETag.
    url = f"{settings.ARXIV_API_URL}/query"
    params = {"id_list": "2211.01786", "max_results": "1"}
    first = client.get_feed(url, params=params)
    key = conditional.cache_key(client.SOURCE, first.url)
    cache.set(key, {"etag": first.etag, "body": b"old"}, 60)
    again = client.get_feed(url, params=params)
    assert again.from_cache is False and again.data == first.data
    cache.set(key, "not a dict", 60)
    assert client.get_feed(url, params=params).from_cache is False


def test_each_answer_holds_the_next_request_for_the_pace_arxiv_asks(arxiv, settings):
    settings.ARXIV_MIN_INTERVAL_SECONDS = 3
    client.get_feed(f"{settings.ARXIV_API_URL}/query", params={"id_list": "2211.01786"})
    state = client.limiter().state(client.BUCKET)
    assert state["remaining"] == 0 and 0 < state["reset_in"] <= 3


def test_throttling_is_retried(arxiv):
    # arXiv throttles with a bare "Rate exceeded." body (HTTP 200): retried, then read.
    arxiv.state.fault_add(Fault(kind="429", match="/arxiv-api/query", times=1))
    got = records.fetch_records(["2211.01786"])
    assert got["2211.01786"].error == ""


def test_a_failure_after_the_retries_is_an_error_on_every_paper(arxiv):
    arxiv.state.fault_add(Fault(kind="status", status=503, match="/arxiv-api/query", times=5))
    got = records.fetch_records(["2211.01786", "2306.05284"])
    for doc in got.values():
        assert doc.data is None
        assert doc.error.startswith("arXiv: GET ") and "HTTP 503" in doc.error


def test_bad_xml_is_an_error_on_every_paper_not_a_crash(arxiv):
    arxiv.state.fault_add(Fault(kind="malformed", match="/arxiv-api/query", times=1))
    got = records.fetch_records(["2211.01786"])
    assert got["2211.01786"].data is None
    assert got["2211.01786"].error.startswith("arXiv: the answer is not XML")


def test_a_client_error_is_not_retried(arxiv, settings):
    before = len(arxiv.state.requests)
    with pytest.raises(client.ArxivError, match="HTTP 400"):
        client.get_feed(f"{settings.ARXIV_API_URL}/query", params={"id_list": ""})
    assert len(arxiv.state.requests) - before == 1


def test_the_feed_reader_refuses_entities_and_reads_arxivs_error_entry():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><feed>&a;</feed>'
    external = b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><feed/>'
    for body in (bomb, external):
        with pytest.raises(feed.FeedError, match="DTD or entities"):
            feed.entries(body)
    error = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        b"<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>"
        b"<title>Error</title><summary>incorrect id format for 1234</summary></entry></feed>"
    )
    with pytest.raises(feed.FeedError, match="incorrect id format"):
        feed.entries(error)
    with pytest.raises(feed.FeedError, match="not an Atom feed"):
        feed.entries(b"<rss/>")


def test_no_papers_no_request(arxiv):
    before = len(arxiv.state.requests)
    assert records.fetch_records([]) == {}
    assert len(arxiv.state.requests) == before
