"""Reads for the crawl status page (a few rows, never a count of the catalog), and what the
crawler knows about a catalog model's Hub repository (for the pages to explain an automatic
judgment that is missing).

The repository counts are the crawl's own (HubCounts, refreshed after every listing run and
every few minutes), each run carries its error count, and the newest runs and errors are read
by index, so the page costs the same at 500 repositories as at 5,000,000.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F

from openness.crawl.github import client as github_client
from openness.crawl.models import CrawlError, CrawlRun, HubCounts, HubRepo
from openness.crawl.ratelimit import RateLimiter

RUNS_SHOWN = 25
ERRORS_SHOWN = 50


def crawl_status(*, hub: str = "huggingface", kind: str = "") -> dict:
    """Recent runs (optionally of one kind), repository counts, recent item errors, quota."""
    runs = CrawlRun.objects.filter(hub=hub)
    if kind:
        runs = runs.filter(kind=kind)
    # Only what the page shows: the run's number, not the run (its JSON of run errors).
    errors = (
        CrawlError.objects.filter(run__hub=hub)
        .only("run_id", "stage", "repo_id", "message", "created_at")
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
        # GitHub's hourly quota, shared the same way (enrichment reads code repositories).
        "github_quota": github_client.limiter().state("core"),
    }


@dataclass(frozen=True)
class HubStatus:
    repo_id: str
    downloads: int | None
    enriched: bool  # enriched at the repository's current revision
    enriched_at: datetime.datetime | None
    requested_at: datetime.datetime | None  # waiting for enrichment on request
    threshold: int  # HUB_ENRICH_MIN_DOWNLOADS

    @property
    def below_threshold(self) -> bool:
        """Too few downloads for enrichment to pick the repository up by itself."""
        return (self.downloads or 0) < self.threshold


# The same read for a page that loads its model in one statement (web.selectors.MODEL_SQL):
# join this to a catalog_aimodel aliased `m` and select HUB_STATUS_COLUMNS; each row then
# carries what hub_status_from reads. One lookup on the foreign key's index.
HUB_STATUS_JOIN = """
    LEFT JOIN LATERAL (
        SELECT h.repo_id, h.downloads, h.sha, h.enriched_sha, h.enriched_at,
            h.enrich_requested_at
        FROM crawl_hubrepo h WHERE h.model_id = m.id
        ORDER BY h.downloads DESC NULLS LAST, h.id LIMIT 1
    ) AS hub ON true
"""
HUB_STATUS_COLUMNS = (
    "hub.repo_id AS hub_repo_id, hub.downloads AS hub_downloads, hub.sha AS hub_sha, "
    "hub.enriched_sha AS hub_enriched_sha, hub.enriched_at AS hub_enriched_at, "
    "hub.enrich_requested_at AS hub_requested_at"
)


def _status(row: tuple, *, is_curated: bool) -> HubStatus | None:
    repo_id, downloads, sha, enriched_sha, enriched_at, requested_at = row
    if repo_id is None:
        return None
    return HubStatus(
        repo_id=repo_id,
        downloads=downloads,
        enriched=bool(enriched_sha) and enriched_sha == sha,
        enriched_at=enriched_at,
        requested_at=requested_at,
        threshold=0 if is_curated else settings.HUB_ENRICH_MIN_DOWNLOADS,
    )


def hub_status_from(instance, *, is_curated: bool) -> HubStatus | None:
    """The HubStatus of a row read with HUB_STATUS_COLUMNS (None: no Hub repository)."""
    names = ("repo_id", "downloads", "sha", "enriched_sha", "enriched_at", "requested_at")
    return _status(tuple(getattr(instance, f"hub_{n}") for n in names), is_curated=is_curated)


def model_hub_status(model_id: int, *, is_curated: bool = False) -> HubStatus | None:
    """The most downloaded Hub repository linked to the model (one query), or None.

    A curated model is enriched whatever its downloads, so it is never below the threshold.
    """
    row = (
        HubRepo.objects.filter(model_id=model_id)
        .order_by(F("downloads").desc(nulls_last=True), "id")
        .values_list(
            "repo_id", "downloads", "sha", "enriched_sha", "enriched_at", "enrich_requested_at"
        )
        .first()
    )
    return None if row is None else _status(row, is_curated=is_curated)
