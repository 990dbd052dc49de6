"""Reads for the crawl status page."""

from django.db.models import Count, Q

from openness.crawl.github import client as github_client
from openness.crawl.models import CrawlError, CrawlRun, HubRepo
from openness.crawl.ratelimit import RateLimiter

RUNS_SHOWN = 25
ERRORS_SHOWN = 50


def crawl_status(*, hub: str = "huggingface", kind: str = "") -> dict:
    """Recent runs (optionally of one kind), repository counts, recent item errors, quota."""
    runs = CrawlRun.objects.filter(hub=hub).annotate(error_count=Count("item_errors"))
    if kind:
        runs = runs.filter(kind=kind)
    counts = HubRepo.objects.filter(hub=hub).aggregate(
        total=Count("id"),
        enriched=Count("id", filter=~Q(enriched_sha="")),
        linked_curated=Count("id", filter=Q(model__is_curated=True)),
    )
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
        "counts": counts,
        "errors": list(errors),
        "quota": {bucket: limiter.state(bucket) for bucket in ("api", "resolvers")},
        # GitHub's hourly quota, shared the same way (enrichment reads code repositories).
        "github_quota": github_client.limiter().state("core"),
    }
