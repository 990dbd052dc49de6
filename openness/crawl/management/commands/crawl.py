"""Operators: run a crawl of the hub now, in this process, with progress and a summary."""

import sys

from django.core.management.base import BaseCommand, CommandError

from openness.crawl import services
from openness.crawl.hubs import HUBS, HubError
from openness.crawl.models import CrawlError, CrawlRun, HubRepo

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Crawl the hub: `sweep` (the whole listing, resuming a killed sweep), `incremental` "
        "(recent changes down to the watermark) or `enrich [REPO_ID ...]` (README, datasets "
        "and papers, then the automatic assessments)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["sweep", "incremental", "enrich"])
        parser.add_argument("repo_ids", nargs="*", help="for enrich: hub repository ids")
        parser.add_argument("--hub", default="huggingface", choices=sorted(HUBS))
        parser.add_argument("--max-pages", type=int, help="stop a listing after N pages")
        parser.add_argument("--limit", type=int, help="enrich: how many candidates at most")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, action, repo_ids, hub, max_pages, limit, no_progress, **options):
        self.show_progress = not no_progress and sys.stderr.isatty()
        self.total = None
        try:
            if action == "enrich":
                run = self.enrich(hub, repo_ids, limit)
            else:
                if repo_ids:
                    raise CommandError(f"{action} takes no repository ids")
                kind = CrawlRun.Kind.SWEEP if action == "sweep" else CrawlRun.Kind.INCREMENTAL
                run = services.crawl_listing(
                    kind=kind, hub_name=hub, max_pages=max_pages, progress=self.progress
                )
                if run is None:
                    raise CommandError(f"another worker is running a {action} right now")
        except HubError as exc:
            raise CommandError(f"the hub did not answer: {exc}") from exc
        self.summary(run)

    def enrich(self, hub: str, repo_ids: list[str], limit: int | None) -> CrawlRun:
        pks = None
        if repo_ids:
            pks = []
            for repo_id in repo_ids:
                repo = HubRepo.objects.filter(hub=hub, repo_id=repo_id).first()
                if repo is None:
                    self.stderr.write(f"{repo_id}: not crawled yet, reading it from the hub")
                    try:
                        repo = services.repo_fetch_one(repo_id=repo_id, hub_name=hub)
                    except Exception as exc:
                        raise CommandError(f"{repo_id}: {type(exc).__name__}: {exc}") from exc
                pks.append(repo.pk)
            services.repos_request_enrichment(repo_ids=repo_ids, hub_name=hub)
            self.total = len(pks)
        return services.crawl_enrich(
            hub_name=hub, repo_pks=pks, limit=limit, progress=self.progress
        )

    def progress(self, run: CrawlRun) -> None:
        if not self.show_progress:
            return
        counts = (
            f"pages {run.pages:,}  items {run.items_seen:,}  new {run.items_created:,}  "
            f"updated {run.items_updated:,}  unchanged {run.items_unchanged:,}  "
            f"failed {run.items_failed:,}"
        )
        total = self.total
        if run.kind == CrawlRun.Kind.ENRICH and total:
            done = min(run.items_seen, total)
            filled = BAR_WIDTH * done // total
            bar = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}"
            counts = f"{bar}  enriched {run.items_updated:,}  failed {run.items_failed:,}"
        else:
            spin = "|/-\\"[run.pages % 4] if run.status == CrawlRun.Status.RUNNING else "*"
            counts = f"[{spin}] {counts}"
        sys.stderr.write(f"\r{counts}\033[K")
        sys.stderr.flush()

    def summary(self, run: CrawlRun) -> None:
        if self.show_progress:
            sys.stderr.write("\n")
        took = run.duration_seconds()
        self.stdout.write(
            f"{run.get_kind_display()} #{run.pk}: {run.get_status_display().lower()}"
            + (f" in {took:.1f}s" if took is not None else " (stopped at --max-pages)")
        )
        self.stdout.write(
            f"  pages {run.pages:,}, items {run.items_seen:,}: created {run.items_created:,}, "
            f"updated {run.items_updated:,}, unchanged {run.items_unchanged:,}, "
            f"failed {run.items_failed:,}"
        )
        errors = CrawlError.objects.filter(run=run).order_by("id")
        count = errors.count()
        if count:
            self.stdout.write(f"  {count:,} item errors (each cost only its item):")
            for error in errors[:20]:
                self.stdout.write(f"    {error.stage:8} {error.repo_id or '-'}: {error.message}")
            if count > 20:
                self.stdout.write(f"    ... and {count - 20:,} more on the crawl status page")
        if run.status == CrawlRun.Status.FAILED:
            message = run.errors[-1]["message"] if run.errors else "unknown error"
            hint = " Run the same command again to resume." if run.next_url else ""
            raise CommandError(f"the run failed: {message.rstrip('.')}.{hint}")
