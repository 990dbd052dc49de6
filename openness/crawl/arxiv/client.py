"""arXiv's export API over HTTP: timeouts, retries with backoff, ETags and the shared limiter.

`GET {ARXIV_API_URL}/query?id_list=ID1,ID2&max_results=N` answers an Atom feed, one `<entry>`
per id it knows (feed.py reads it). arXiv sends no rate-limit headers; its terms ask for one
request every three seconds from all of a deployment's clients together. So after every
answer the shared Redis limiter (openness/crawl/ratelimit.py, hub "arxiv") is told that no
request remains for ARXIV_MIN_INTERVAL_SECONDS, and every request first waits on it: all
workers together keep that pace. arXiv signals throttling with HTTP 429/503 or a plain-text
body "Rate exceeded."; both are retried after a backoff.

Conditional requests: a 200 answer's ETag and body are kept in Django's cache (Redis when
REDIS_URL is set) when arXiv sends one; the next request for the same URL sends
`If-None-Match` and a 304 reuses the kept body. The request loop is the one every such
source shares (openness/crawl/conditional.py); what is arXiv's own is here.
"""

from django.conf import settings

from openness.crawl import conditional
from openness.crawl.conditional import Retry

HUB_NAME = "arxiv"  # the limiter's name for arXiv's pace
BUCKET = "api"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
THROTTLED_BODY = b"Rate exceeded."

# The process's handle on the shared limiter for arXiv; `private_limiter()` gives requests in
# its block a limiter of their own, in this process, never the shared one in Redis (an
# evaluation against the loopback arXiv must not hold up real crawls).
limiter = conditional.SharedLimiter(HUB_NAME, reserve=0)
private_limiter = limiter.private

Response = conditional.Fetched  # a feed's bytes, fresh (200) or reused (304)


class ArxivError(Exception):
    """An arXiv request failed after its retries, or answered something unreadable."""


def _pace(response=None) -> None:
    """No request for ARXIV_MIN_INTERVAL_SECONDS after this one, across all workers."""
    interval = float(settings.ARXIV_MIN_INTERVAL_SECONDS)
    if interval > 0:
        limiter().record(BUCKET, remaining=0, reset_in=interval)


def _judge(url: str, response) -> Retry | None:
    status = response.status_code
    if status == 200:
        if response.content.strip() == THROTTLED_BODY:
            return Retry("throttled (Rate exceeded.)")
        return None
    if status in RETRY_STATUSES:
        return Retry(f"HTTP {status}")
    raise ArxivError(f"GET {url}: HTTP {status}")


SOURCE = conditional.Source(
    name="arxiv",
    label="arXiv pace",
    settings_prefix="ARXIV",
    limiter=limiter,
    bucket=BUCKET,
    error=ArxivError,
    headers=lambda: {"User-Agent": "openness-crawler", "Accept": "application/atom+xml"},
    after=_pace,
    judge=_judge,
    decode=lambda url, content: content,
    backoff_base=lambda: max(settings.HUB_BACKOFF_SECONDS, settings.ARXIV_MIN_INTERVAL_SECONDS),
)


def get_feed(url: str, *, params: dict | None = None) -> Response:
    """GET an Atom feed from arXiv's API, conditionally when a copy is stored; `data` holds
    its bytes.

    Raises ArxivError for 4xx answers other than 429, for a throttled answer once the retries
    run out, and when the retries (timeouts, transport errors, 5xx) run out.
    """
    return conditional.get(SOURCE, url, params=params)
