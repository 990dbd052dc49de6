"""Reads for the crawl status page: a few rows, never a count of the catalog.

The repository counts are the crawl's own (HubCounts, refreshed after every listing run and
every few minutes), each run carries its error count, and the newest runs and errors are read
by index, so the page costs the same at 500 repositories as at 5,000,000.
"""

from openness.crawl.models import CrawlError, CrawlRun, HubCounts
from openness.crawl.ratelimit import RateLimiter

RUNS_SHOWN = 25
ERRORS_SHOWN = 50


def crawl_status(*, hub: str = "huggingface", kind: str = "") -> dict:
    """Recent runs (optionally of one kind), repository counts, recent item errors, quota."""
    runs = CrawlRun.objects.filter(hub=hub)
    if kind:
        runs = runs.filter(kind=kind)
    errors = (
        CrawlError.objects.filter(run__hub=hub)
        .select_related("run")
        .order_by("-created_at", "-id")[:ERRORS_SHOWN]
    )
    limiter = RateLimiter(hub)
    return {
        "hub": hub,
        "kind": kind,
        "kinds": CrawlRun.Kind.choices,
        "runs": list(runs.order_by("-started_at", "-id")[:RUNS_SHOWN]),
        "counts": HubCounts.objects.filter(hub=hub).first(),
        "errors": list(errors),
        "quota": {bucket: limiter.state(bucket) for bucket in ("api", "resolvers")},
    }
