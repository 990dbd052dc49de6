"""Measure the rules against the experts: crawl a fixture hub folder, compare with the index."""

import logging
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from openness.assessments.methodology_files import methodologies_load
from openness.assessments.models import Level, Methodology
from openness.assessments.services import current_methodology
from openness.catalog.models import AIModel
from openness.crawl import evaluation, services
from openness.crawl.arxiv import client as arxiv_client
from openness.crawl.github import client as github_client
from openness.crawl.huggingface import client
from openness.crawl.models import CrawlRun, HubRepo
from openness.crawl.testhub import TestHub

SHORT = {Level.OPEN: "open", Level.PARTIAL: "partial", Level.CLOSED: "closed"}


class Rollback(Exception):
    """Raised to undo everything the evaluation wrote."""


class Command(BaseCommand):
    help = (
        "Evaluate the automatic rules against the EU index's curated levels. Serves --hub-dir "
        "(the fixtures/hub layout: models/, readmes/, datasets/, papers/) through the loopback "
        "test hub on 127.0.0.1, sweeps and enriches it with the crawl services the Celery "
        "tasks call (the real huggingface_hub client; never the network), and compares the "
        "automatic judgments with the levels of the curated files (--curated-dir) that link "
        "each repository. Database: it needs one with no catalog models and no hub "
        "repositories (a scratch database: createdb, then `manage.py migrate`), refuses any "
        "other, and runs in one transaction that it rolls back at the end, so it leaves the "
        "database as it found it. The Hub rate limiter is a private one, never the shared one "
        "in Redis. The Spearman figure is on the quantity the Hub ranking orders by, the lower "
        "end of the range (not assessed counted closed), over the compared criteria; the "
        "mean over decided criteria only, the upper end and the site's stored totals are "
        "printed beside it. A pair whose curated cell the folder's records mark as contradicted "
        "by the recorded pages (`_disputed`) is left out of the figures and always listed with "
        "its evidence, beside the overall figures with such pairs counted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hub-dir", required=True, type=Path)
        parser.add_argument(
            "--curated-dir", type=Path, default=Path(settings.BASE_DIR) / "fixtures" / "osai-index"
        )
        parser.add_argument("--no-disagreements", action="store_true", help="figures only")
        parser.add_argument(
            "--undecided",
            action="store_true",
            help="also list every compared pair the rules left not assessed, with the rule's note",
        )
        parser.add_argument(
            "--all-pairs",
            action="store_true",
            help="also list every pair: curated, automatic, and why it is left out if it is",
        )

    def handle(
        self,
        *args,
        hub_dir: Path,
        curated_dir: Path,
        no_disagreements,
        undecided,
        all_pairs,
        **options,
    ):
        if not (hub_dir / "models").is_dir():
            raise CommandError(f"{hub_dir}: no models/ folder (the fixtures/hub layout)")
        if not curated_dir.is_dir():
            raise CommandError(f"{curated_dir}: not a folder")
        if AIModel.objects.exists() or HubRepo.objects.exists():
            raise CommandError(
                "the database holds catalog models or hub repositories: run rules_evaluate on "
                "a scratch database (createdb, migrate), which it leaves as it found it"
            )
        for name in ("httpx", "httpx2"):  # one line per request otherwise
            logging.getLogger(name).setLevel(logging.WARNING)
        started = time.monotonic()
        try:
            with transaction.atomic():
                report = self.evaluate(hub_dir, curated_dir)
                raise Rollback
        except Rollback:
            pass
        self.elapsed = time.monotonic() - started
        self.show(
            report,
            show_disagreements=not no_disagreements,
            show_undecided=undecided,
            show_pairs=all_pairs,
        )

    def evaluate(self, hub_dir: Path, curated_dir: Path) -> evaluation.Report:
        try:
            methodology = current_methodology()
        except Methodology.DoesNotExist:
            methodologies_load(directory=Path(settings.BASE_DIR) / "fixtures" / "methodologies")
            methodology = current_methodology()
        with (
            TestHub(hub_dir) as hub,
            client.private_limiter(),
            github_client.private_limiter(),
            arxiv_client.private_limiter(),
            override_settings(
                HUB_ENDPOINT=hub.url,
                HUB_TOKEN="",
                # The loopback hub answers GitHub's API too (DIR/code/github): never the real one.
                GITHUB_API_URL=f"{hub.url}/github-api",
                GITHUB_TOKEN="",
                GITHUB_ETAG_CACHE_SECONDS=0,
                # ... and arXiv's API (DIR/arxiv), at no pace: it is this machine.
                ARXIV_API_URL=f"{hub.url}/arxiv-api",
                ARXIV_ETAG_CACHE_SECONDS=0,
                ARXIV_MIN_INTERVAL_SECONDS=0,
                HUB_LIST_PAGE_SIZE=500,
                HUB_BACKOFF_SECONDS=0,
                HUB_RATE_LIMIT_RESERVE=0,
            ),
        ):
            run = services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
            if run is None or run.status != CrawlRun.Status.SUCCEEDED:
                errors = run.errors if run else "another sweep is running"
                raise CommandError(f"the sweep of {hub_dir} did not complete: {errors}")
            # Download order, most downloaded first: what the enrichment queue does.
            pks = list(HubRepo.objects.order_by("-downloads", "pk").values_list("pk", flat=True))
            services.crawl_enrich(repo_pks=pks)
        repos = dict(HubRepo.objects.exclude(model=None).values_list("repo_id", "model_id"))
        criteria = list(
            methodology.criteria.order_by("group_order", "order").values_list("code", flat=True)
        )
        stored = evaluation.stored_totals(methodology=methodology, model_ids=repos)
        curated = evaluation.curated_totals(curated_dir=curated_dir, methodology=methodology)
        return evaluation.compare(
            expected=evaluation.expectations(curated_dir=curated_dir, methodology=methodology),
            judged=evaluation.judged_levels(methodology=methodology, model_ids=repos),
            repos=sorted(repos),
            unknown=evaluation.unknowns(hub_dir),
            criteria=criteria,
            site_totals={
                repo: (stored.get(repo, 0.0), total)
                for repo, total in curated.items()
                if repo in repos
            },
        )

    def show_disputed(self, report: evaluation.Report) -> None:
        """The pairs left out because the recorded pages contradict the curated level, each
        with its evidence, and the overall figures with them counted: printed always (also
        with --no-disagreements, and with none disputed), so the headline hides no dispute."""
        write, pct = self.stdout.write, evaluation.percent
        write(
            f"left out as disputed, the recorded pages contradicting the curated level: "
            f"{len(report.disputed) or 'none'}"
        )
        for p in report.disputed:
            write(
                f"- {p.repo_id} {p.criterion}: curated {p.expected.level} ({p.expected.file}), "
                f"automatic {p.judged.level} ({p.judged.rule or 'no judgment'})"
            )
            write(f"    curated: {p.dispute.curated}")
            for url in p.dispute.recorded:
                write(f"    recorded: {url}")
            write(f"    {p.dispute.note}")
        d = report.overall_with_disputed
        write(
            f"  with them counted: agreement {pct(d.agreed, d.decided)} of {d.decided} "
            f"decided pairs, coverage {pct(d.decided, d.applicable)}, open-but-closed "
            f"{d.open_but_closed} of {d.auto_open} automatic open "
            f"({pct(d.open_but_closed, d.auto_open)}), spearman "
            f"{evaluation.rho_text(report.spearman_with_disputed)}"
        )

    def show(
        self,
        report: evaluation.Report,
        *,
        show_disagreements: bool,
        show_undecided: bool = False,
        show_pairs: bool = False,
    ) -> None:
        write = self.stdout.write
        pct = evaluation.percent
        write(
            f"{report.models} repositories compared ({report.ranked} with a decided pair) of "
            f"{report.linked} that curated files link (the others' every pair rests on a fact "
            f"the folder marks unknown); {len(report.missing)} in the folder that no curated "
            f"file links; crawled, enriched and compared in {self.elapsed:.1f} s"
        )
        write("")
        write(
            f"{'criterion':24} {'coverage':>16} {'agreement':>16} {'open-but-closed':>16} "
            f"{'excluded':>8}  confusion (expected->automatic)"
        )
        for f in [*report.criteria, report.overall]:
            confusion = " ".join(
                f"{SHORT[e][0]}>{SHORT.get(j, 'na') if j in SHORT else 'na'}:{n}"
                for (e, j), n in sorted(f.confusion.items())
            )
            write(
                f"{f.code:24} {f'{f.decided}/{f.applicable} ' + pct(f.decided, f.applicable):>16} "
                f"{f'{f.agreed}/{f.decided} ' + pct(f.agreed, f.decided):>16} "
                f"{f'{f.open_but_closed}/{f.auto_open}':>16} {f.excluded:>8}  {confusion}"
            )
        write("")
        write("confusion matrix, all criteria (rows: curated; columns: automatic)")
        columns = [*evaluation.LEVELS, Level.NOT_ASSESSED]
        write(f"{'':10}" + "".join(f"{SHORT.get(c, 'not assessed'):>14}" for c in columns))
        for row in evaluation.LEVELS:
            counts = "".join(f"{report.overall.confusion[(row, c)]:>14}" for c in columns)
            write(f"{SHORT[row]:10}{counts}")
        reasons = Counter(
            p.excluded for p in report.pairs if p.excluded and p.excluded != evaluation.DISPUTED
        )
        if reasons:
            write(
                "excluded, resting on facts the folder marks unknown: "
                + "; ".join(f"{why} {n}" for why, n in reasons.most_common())
            )
        o = report.overall
        write(
            f"open-but-closed: {o.open_but_closed} of {o.auto_open} automatic open "
            f"({pct(o.open_but_closed, o.auto_open)})"
        )
        self.show_disputed(report)
        code = report.with_code
        write(
            f"coverage with a linked code repository: {code.decided}/{code.applicable} "
            f"{pct(code.decided, code.applicable)} over {len(report.with_code_repos)} "
            f"repositories ({', '.join(report.with_code_repos)})"
        )
        rho = evaluation.rho_text
        write(
            f"spearman of the lower ends (not assessed counted closed, what the Hub ranking "
            f"orders by) over {len(report.totals)} repositories: {rho(report.spearman)}"
        )
        write(
            f"  secondary: mean over decided criteria only (the figure before 2026-12-06) over "
            f"{report.ranked}: {rho(report.spearman_assessed)}; upper ends (not assessed "
            f"counted open): {rho(report.spearman_upper)}; the site's stored totals "
            f"(automatic Score.total over every applicable criterion against the curated "
            f"file's total, nothing left out) over {len(report.site_totals)} end-model "
            f"repositories: {rho(report.spearman_site)}"
        )
        if show_disagreements:
            write("")
            write(
                "totals per repository over its compared pairs (curated | automatic lower-upper, "
                "decided of compared; site: stored automatic total | curated file total)"
            )
            for t in sorted(report.totals, key=lambda t: (-t.curated, -t.lower, t.repo_id)):
                site = report.site_totals.get(t.repo_id)
                site_text = f"  site {site[0]:.2f} | {site[1]:.2f}" if site else ""
                write(
                    f"  {t.repo_id:48} {t.curated:.2f} | {t.lower:.2f}-{t.upper:.2f} "
                    f"{t.decided}/{t.compared}{site_text}"
                )
        if show_disagreements:
            write("")
            write("disagreements (curated | automatic)")
            for pair in report.pairs:
                if not pair.decided or pair.agrees:
                    continue
                e, j = pair.expected, pair.judged
                write(f"- {pair.repo_id} {pair.criterion}: curated {e.level}, automatic {j.level}")
                write(f"    curated ({e.file}, {e.criterion}): {e.notes[:300]}")
                for link in e.links[:3]:
                    write(f"      {link}")
                write(f"    automatic ({j.rule}): {j.notes[:400]}")
                for url, excerpt in j.evidence[:3]:
                    write(f"      {url} | {excerpt[:160]}")
        if show_undecided:
            write("")
            write("not assessed (curated | the rule's note)")
            for pair in report.pairs:
                if pair.excluded or pair.decided:
                    continue
                j = pair.judged
                write(f"- {pair.repo_id} {pair.criterion}: curated {pair.expected.level}")
                write(f"    automatic ({j.rule or 'no judgment'}): {j.notes[:400]}")
        if show_pairs:
            write("")
            write("every pair (curated | automatic | left out because)")
            for pair in report.pairs:
                write(
                    f"  {pair.repo_id} {pair.criterion}: {pair.expected.level} | "
                    f"{pair.judged.level} ({pair.judged.rule or 'no judgment'})"
                    + (f" | {pair.excluded}" if pair.excluded else "")
                )
        write("")
        write(report.summary())
