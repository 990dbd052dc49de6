"""Crawl runs: the catalog sweep, the incremental run, and enrichment of models that matter.

Each listing page is merged and its checkpoint (the hub's `next` URL) saved in one
transaction, so a crawl killed at any moment resumes at the first page it had not committed:
no page is lost and none is counted twice.
"""

import json
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from openness.assessments import services as assessment_services
from openness.assessments.models import Methodology, Track
from openness.catalog.models import AIModel, ModelSlugAlias
from openness.crawl import coderepos, ingest
from openness.crawl.arxiv import records as arxiv_records
from openness.crawl.hubs import Hub, HubError, get_hub
from openness.crawl.models import CrawlError, CrawlRun, HubCounts, HubRepo, HubSnapshotRecord
from openness.crawl.rules.assess import hub_model_assess
from openness.crawl.snapshot import HubSnapshot, snapshot_from_json, snapshot_to_json
from openness.lib.text import clean_text

logger = logging.getLogger(__name__)

MAX_RUN_ERRORS = 200  # run-level error notes kept on the run (item errors are rows)
# What stops a whole run rather than one item: the database is gone, or the task's time is up.
RUN_STOPPERS = (OperationalError, InterfaceError, SoftTimeLimitExceeded)

ProgressCallback = Callable[[CrawlRun], None]


def _error_note(message: str) -> dict:
    return {"at": timezone.now().isoformat(), "message": clean_text(message)[:2000]}


def run_start(*, hub: Hub, kind: str, next_url: str = "") -> CrawlRun:
    """Record the start of a run."""
    now = timezone.now()
    return CrawlRun.objects.create(
        hub=hub.name, kind=kind, started_at=now, heartbeat_at=now, next_url=next_url
    )


def runs_reclaim_stale(*, hub_name: str = "huggingface") -> list[int]:
    """Fail the runs still marked running whose worker stopped beating; their ids.

    A listing run keeps its checkpoint, so the next run of its kind resumes it; an enrichment
    run just ends. Each is a conditional update on the heartbeat it was seen with, so a worker
    that comes back to life and beats again keeps its run.
    """
    stale = timezone.now() - timedelta(seconds=settings.HUB_RUN_STALE_SECONDS)
    reclaimed = []
    for run in CrawlRun.objects.filter(
        hub=hub_name, status=CrawlRun.Status.RUNNING, heartbeat_at__lt=stale
    ):
        note = _error_note(
            f"Reclaimed: no heartbeat since {run.heartbeat_at.isoformat()} (the worker stopped)."
        )
        changed = CrawlRun.objects.filter(
            pk=run.pk, status=CrawlRun.Status.RUNNING, heartbeat_at=run.heartbeat_at
        ).update(
            status=CrawlRun.Status.FAILED,
            finished_at=timezone.now(),
            errors=[*run.errors, note][-MAX_RUN_ERRORS:],
        )
        if changed:
            logger.warning("crawl run %s reclaimed: stale heartbeat", run.pk)
            reclaimed.append(run.pk)
    return reclaimed


def run_claim_resumable(*, hub: Hub, kind: str) -> CrawlRun | None:
    """The newest unfinished listing run of this kind, claimed for this process, if any.

    A run is resumable when it failed with a checkpoint left, or when it is still marked
    running but its heartbeat is stale (its worker was killed). The claim is a conditional
    update on the heartbeat, so two workers never continue the same run.
    """
    run = _resumable(hub=hub, kind=kind).order_by("-started_at").first()
    if run is None:
        return None
    claimed = CrawlRun.objects.filter(
        pk=run.pk, status=run.status, heartbeat_at=run.heartbeat_at
    ).update(status=CrawlRun.Status.RUNNING, heartbeat_at=timezone.now(), finished_at=None)
    if claimed != 1:
        return None
    run.refresh_from_db()
    return run


def run_continue(*, run_id: int) -> CrawlRun | None:
    """Claim a running listing run handed over by the task before; None if someone else has it."""
    run = CrawlRun.objects.filter(pk=run_id, status=CrawlRun.Status.RUNNING).first()
    if run is None or not run.next_url:
        return None
    claimed = CrawlRun.objects.filter(pk=run.pk, heartbeat_at=run.heartbeat_at).update(
        heartbeat_at=timezone.now()
    )
    if claimed != 1:
        return None
    run.refresh_from_db()
    return run


def resumable_kinds(*, hub_name: str = "huggingface") -> list[str]:
    """Listing kinds with a killed or failed run waiting at a checkpoint."""
    hub = get_hub(hub_name)
    kinds = (CrawlRun.Kind.SWEEP, CrawlRun.Kind.INCREMENTAL)
    return [kind for kind in kinds if _resumable(hub=hub, kind=kind).exists()]


def _resumable(*, hub: Hub, kind: str):
    stale = timezone.now() - timedelta(seconds=settings.HUB_RUN_STALE_SECONDS)
    last_success = (
        CrawlRun.objects.filter(hub=hub.name, kind=kind, status=CrawlRun.Status.SUCCEEDED)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    candidates = CrawlRun.objects.filter(hub=hub.name, kind=kind).exclude(next_url="")
    candidates = candidates.filter(
        Q(status=CrawlRun.Status.FAILED) | Q(status=CrawlRun.Status.RUNNING, heartbeat_at__lt=stale)
    )
    if last_success is not None:
        candidates = candidates.filter(started_at__gt=last_success)
    return candidates


def listing_running(*, hub: Hub, kind: str) -> bool:
    """True while another worker is actively crawling a listing of this kind."""
    fresh = timezone.now() - timedelta(seconds=settings.HUB_RUN_STALE_SECONDS)
    return CrawlRun.objects.filter(
        hub=hub.name, kind=kind, status=CrawlRun.Status.RUNNING, heartbeat_at__gte=fresh
    ).exists()


def watermark_current(*, hub: Hub) -> datetime | None:
    """The newest lastModified that a completed listing run saw."""
    return (
        CrawlRun.objects.filter(
            hub=hub.name,
            kind__in=[CrawlRun.Kind.SWEEP, CrawlRun.Kind.INCREMENTAL],
            status=CrawlRun.Status.SUCCEEDED,
            watermark__isnull=False,
        )
        .order_by("-watermark")
        .values_list("watermark", flat=True)
        .first()
    )


def crawl_listing(
    *,
    kind: str,
    hub_name: str = "huggingface",
    run_id: int | None = None,
    max_pages: int | None = None,
    progress: ProgressCallback | None = None,
) -> CrawlRun | None:
    """Crawl the listing (a sweep or an incremental run), resuming an unfinished one.

    `run_id` continues that run (a task handing over to the next one). Returns the run, still
    RUNNING when `max_pages` stopped it early (call again with its id to go on), or None when
    another worker is crawling this listing right now.
    """
    hub = get_hub(hub_name)
    runs_reclaim_stale(hub_name=hub.name)
    stop_below = None
    if kind == CrawlRun.Kind.INCREMENTAL:
        watermark = watermark_current(hub=hub)
        if watermark is None:
            run = run_start(hub=hub, kind=kind)
            _run_fail(run, "No completed sweep yet: run a full sweep first.")
            return run
        stop_below = watermark - timedelta(seconds=settings.HUB_INCREMENTAL_OVERLAP_SECONDS)
    run = run_continue(run_id=run_id) if run_id else run_claim_resumable(hub=hub, kind=kind)
    if run_id and run is None:
        return None  # finished, or another worker holds it
    if run is None:
        if listing_running(hub=hub, kind=kind):
            return None
        first = hub.sweep_url() if kind == CrawlRun.Kind.SWEEP else hub.incremental_url()
        run = run_start(hub=hub, kind=kind, next_url=first)
    pages = 0
    while run.next_url and (max_pages is None or pages < max_pages):
        try:
            page = hub.fetch_page(run.next_url)
        except HubError as exc:  # the retries ran out: the hub may be back later
            _run_fail(run, str(exc))
            return run
        except RUN_STOPPERS:
            raise
        except Exception as exc:  # a refusal (404, 400, a body that is not a list)
            # Asking again for the same page gets the same answer: the checkpoint goes, so the
            # next run starts afresh instead of failing on it for ever.
            _run_fail(run, f"Listing refused: {_described(exc)}", drop_checkpoint=True)
            return run
        try:
            done = _listing_page_commit(run=run, hub=hub, page=page, stop_below=stop_below)
        except RUN_STOPPERS:
            raise
        except Exception as exc:  # the page rolled back; its checkpoint is intact
            logger.exception("crawl run %s: page %s could not be stored", run.pk, page.url)
            run.refresh_from_db()
            _run_fail(run, f"storing {page.url}: {_described(exc)}")
            return run
        pages += 1
        if progress is not None:
            progress(run)
        if done:
            break
    if not run.next_url:
        run.status = CrawlRun.Status.SUCCEEDED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        hub_counts_refresh(hub_name=hub.name)
        if progress is not None:
            progress(run)
    return run


def hub_counts_refresh(*, hub_name: str = "huggingface") -> HubCounts:
    """Count the hub's repositories once, for /crawl/ to read (HubCounts)."""
    started = time.monotonic()
    counts = HubRepo.objects.filter(hub=hub_name).aggregate(
        repos=Count("id"),
        enriched=Count("id", filter=~Q(enriched_sha="")),
    )
    # Curated models are a few hundred: from them to their repositories by the foreign key.
    counts["linked_curated"] = HubRepo.objects.filter(
        hub=hub_name, model_id__in=AIModel.objects.filter(is_curated=True).values("pk")
    ).count()
    row, _ = HubCounts.objects.update_or_create(
        hub=hub_name,
        defaults={
            **counts,
            "counted_at": timezone.now(),
            "count_seconds": time.monotonic() - started,
        },
    )
    return row


@transaction.atomic
def _listing_page_commit(*, run: CrawlRun, hub: Hub, page, stop_below) -> bool:
    """Merge one page and save the checkpoint with it; True when the listing is done."""
    now = timezone.now()
    result = ingest.upsert_page(hub=hub, items=page.items, now=now)
    if result.renamed_ids:
        repos_follow_renames(repo_ids=result.renamed_ids)
    if result.errors:
        run.error_count += len(result.errors)
        CrawlError.objects.bulk_create(
            CrawlError(
                run=run,
                repo_id=clean_text(repo_id, multiline=False)[:300],
                stage="list",
                url=page.url,
                message=clean_text(message)[:5000],
                created_at=now,
            )
            for repo_id, message in result.errors
        )
    done = not page.next_url
    if stop_below is not None and result.oldest_modified is not None:
        done = done or result.oldest_modified < stop_below
    if not page.items:
        done = True
    run.pages += 1
    run.items_seen += result.seen
    run.items_created += result.created
    run.items_updated += result.updated
    run.items_unchanged += result.unchanged
    run.items_failed += result.failed
    run.next_url = "" if done else page.next_url
    run.heartbeat_at = now
    if result.newest_modified is not None and (
        run.watermark is None or result.newest_modified > run.watermark
    ):
        run.watermark = result.newest_modified
    run.save()
    return done


def _described(exc: BaseException) -> str:
    """The exception's class and message, led by the HTTP status when it was an answer."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    prefix = f"HTTP {status} " if isinstance(status, int) else ""
    return f"{prefix}{type(exc).__name__}: {exc}"


def _run_fail(run: CrawlRun, message: str, *, drop_checkpoint: bool = False) -> None:
    logger.error("crawl run %s failed: %s", run.pk, message)
    run.status = CrawlRun.Status.FAILED
    run.finished_at = timezone.now()
    run.errors = [*run.errors, _error_note(message)][-MAX_RUN_ERRORS:]
    fields = ["status", "finished_at", "errors"]
    if drop_checkpoint:
        run.next_url = ""
        fields.append("next_url")
    run.save(update_fields=fields)


def repos_follow_renames(*, repo_ids: list[int]) -> None:
    """A renamed repository's catalog model follows it; old slugs keep redirecting."""
    for repo in HubRepo.objects.filter(pk__in=repo_ids, model__isnull=False).select_related(
        "model"
    ):
        model = repo.model
        model.end_model_repo = repo.repo_id
        if model.is_curated:  # curated names and slugs are editorial
            model.save(update_fields=["end_model_repo", "updated_at"])
            continue
        new_slug = ingest.model_slug(repo.repo_id)
        if AIModel.objects.filter(slug=new_slug).exclude(pk=model.pk).exists():
            new_slug = ingest.suffixed_slug(new_slug, repo.repo_id)
        if new_slug != model.slug:
            ModelSlugAlias.objects.get_or_create(slug=model.slug, defaults={"model": model})
            model.slug = new_slug
        model.name = repo.repo_id.rpartition("/")[2][:300]
        model.save(update_fields=["slug", "name", "end_model_repo", "updated_at"])


# Enrichment -------------------------------------------------------------------------------


def enrichment_candidates(*, hub_name: str = "huggingface", limit: int) -> list[int]:
    """Repos to enrich next: operator requests first, then changed curated or popular ones,
    the most downloaded first.

    Three small queries rather than one with an OR across a join, which at Hub scale has no
    index to follow and reads every repository: requests by their partial index, curated
    models (a few hundred) by theirs, popular repositories by walking the downloads index
    down to the threshold.
    """
    changed = ~Q(sha="") & ~Q(sha=F("enriched_sha"))
    requested = list(
        HubRepo.objects.filter(hub=hub_name, enrich_requested_at__isnull=False)
        .order_by("enrich_requested_at")
        .values_list("pk", flat=True)[:limit]
    )
    wanted = max(0, limit - len(requested))
    if not wanted:
        return requested
    ordering = (F("downloads").desc(nulls_last=True), "pk")
    changed_here = HubRepo.objects.filter(Q(hub=hub_name) & changed).exclude(pk__in=requested)
    curated = changed_here.filter(
        model_id__in=AIModel.objects.filter(is_curated=True).values("pk")
    ).values_list("downloads", "pk")[:wanted]
    popular = (
        changed_here.filter(downloads__gte=settings.HUB_ENRICH_MIN_DOWNLOADS)
        .order_by(*ordering)
        .values_list("downloads", "pk")[:wanted]
    )
    both = sorted({*curated, *popular}, key=lambda row: (-(row[0] or -1), row[1]))
    return requested + [pk for _, pk in both[:wanted]]


def repos_request_enrichment(*, repo_ids: list[str], hub_name: str = "huggingface") -> dict:
    """Operator: mark repositories for enrichment; {repo_id: "queued" | "unknown"}."""
    now = timezone.now()
    outcome = {}
    for repo_id in repo_ids:
        found = HubRepo.objects.filter(hub=hub_name, repo_id=repo_id).update(
            enrich_requested_at=now
        )
        outcome[repo_id] = "queued" if found else "unknown"
    return outcome


def model_request_assessment(*, model_id: int) -> str:
    """A visitor asks for a model's automatic assessment: its Hub repositories join the
    operator requests that enrichment_candidates serves first.

    Returns "queued", "already_queued" (a request is waiting: it keeps its place, so repeated
    requests change nothing) or "no_repository" (no Hub repository is linked to the model).
    One UPDATE, which only stamps repositories not already waiting.
    """
    repos = HubRepo.objects.filter(model_id=model_id)
    stamped = repos.filter(enrich_requested_at__isnull=True).update(
        enrich_requested_at=timezone.now()
    )
    if stamped:
        return "queued"
    return "already_queued" if repos.exists() else "no_repository"


def repo_fetch_one(*, repo_id: str, hub_name: str = "huggingface") -> HubRepo:
    """Operator: read one repository by id from the hub and upsert it (not crawled yet)."""
    hub = get_hub(hub_name)
    item, _ = hub.model_info(repo_id)
    with transaction.atomic():
        ingest.upsert_page(hub=hub, items=[item], now=timezone.now())
    return HubRepo.objects.get(hub=hub_name, repo_id=item.get("id", repo_id))


def crawl_enrich(
    *,
    hub_name: str = "huggingface",
    repo_pks: list[int] | None = None,
    limit: int | None = None,
    progress: ProgressCallback | None = None,
) -> CrawlRun:
    """Enrich a batch of repositories (the given ones, else the next candidates)."""
    hub = get_hub(hub_name)
    runs_reclaim_stale(hub_name=hub.name)
    if repo_pks is None:
        repo_pks = enrichment_candidates(
            hub_name=hub_name, limit=limit or settings.HUB_ENRICH_BATCH_SIZE
        )
    run = run_start(hub=hub, kind=CrawlRun.Kind.ENRICH)
    try:
        methodology = assessment_services.current_methodology()
    except Methodology.DoesNotExist:
        _run_fail(run, "No current methodology: import the criteria before enriching.")
        return run
    try:
        _enrich_batch(
            run=run, hub=hub, repo_pks=repo_pks, methodology=methodology, progress=progress
        )
    except BaseException as exc:
        try:
            _run_fail(run, _described(exc))
        except Exception:
            logger.exception("crawl run %s: its failure could not be recorded", run.pk)
        raise
    run.status = CrawlRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    run.save()
    if progress is not None:
        progress(run)
    return run


def _enrich_batch(*, run: CrawlRun, hub: Hub, repo_pks, methodology, progress) -> None:
    enriched: set[int] = set()
    for pk in repo_pks:
        repo = HubRepo.objects.filter(pk=pk).select_related("model").first()
        run.items_seen += 1
        if repo is None:
            run.items_failed += 1
            continue
        try:
            outcome, assessed = repo_enrich(repo=repo, run=run, hub=hub, methodology=methodology)
        except RUN_STOPPERS:
            raise
        except Exception as exc:  # whatever it was, it costs this item only
            logger.exception("enriching %s failed", repo.repo_id)
            _item_error(run, repo, "enrich", hub.endpoint, _described(exc))
            _mark_enriched(repo, repo.sha)  # not first in line again until its sha changes
            outcome, assessed = "failed", set()
        if outcome == "failed":
            run.items_failed += 1
        elif outcome == "unchanged":
            run.items_unchanged += 1
        else:
            run.items_updated += 1
        enriched |= assessed
        run.heartbeat_at = timezone.now()
        run.save()
        if progress is not None:
            progress(run)
    if enriched:
        assessment_services.scores_recompute(
            methodology=methodology, track=Track.AUTOMATIC, model_ids=sorted(enriched)
        )


def _item_error(run: CrawlRun, repo: HubRepo, stage: str, url: str, message: str) -> None:
    run.error_count += 1  # saved with the run after its item
    CrawlError.objects.create(
        run=run,
        repo_id=repo.repo_id,
        stage=stage,
        url=url,
        message=clean_text(message)[:5000],
        created_at=timezone.now(),
    )


def repo_enrich(
    *, repo: HubRepo, run: CrawlRun, hub: Hub, methodology: Methodology
) -> tuple[str, set[int]]:
    """Fetch what the listing lacks, build the snapshot and record automatic assessments.

    Returns "enriched", "unchanged" (already enriched at this sha, not requested) or "failed",
    and the ids of the catalog models assessed (this one and the derived models that
    followed it). The snapshot is stored (`HubSnapshotRecord`) for `rules_rerun`.
    A document that cannot be fetched (a gated README, a missing dataset) is recorded as an
    error of this item and handed to the rules as such; it does not fail the item.
    """
    if repo.sha and repo.sha == repo.enriched_sha and repo.enrich_requested_at is None:
        return "unchanged", set()
    try:
        item, _ = hub.model_info(repo.repo_id)
    except HubError as exc:
        _item_error(run, repo, "info", hub.endpoint, str(exc))
        return "failed", set()
    except Exception as exc:  # a 404/401 from the hub: the repo went away or went private
        _item_error(run, repo, "info", hub.endpoint, f"{type(exc).__name__}: {exc}")
        _mark_enriched(repo, repo.sha)  # permanent at this sha: retried when the sha changes
        return "failed", set()
    sha = item.get("sha") if isinstance(item.get("sha"), str) else repo.sha
    merged = {**repo.raw, **item} if isinstance(repo.raw, dict) else item
    snapshot = hub.snapshot(repo_id=repo.repo_id, sha=sha, item=merged)
    snapshot = coderepos.snapshot_with_code_repos(snapshot=snapshot, model=repo.model)
    snapshot = arxiv_records.snapshot_with_arxiv(snapshot)
    documents = [("readme", snapshot.readme)] if snapshot.readme else []
    documents += [("dataset", d) for d in snapshot.datasets.values()]
    documents += [("paper", d) for d in snapshot.papers.values()]
    # A paper the card cites in its text may have no record on the hub (the hub indexes the
    # papers its tags link): its own stage, so such a 404 is not read as a tagged paper's.
    documents += [("cited_paper", d) for d in snapshot.cited_papers.values()]
    documents += [("dataset_card", d) for d in snapshot.dataset_cards.values()]
    documents += [("config", snapshot.config)] if snapshot.config else []
    documents += [("code", d) for d in snapshot.code_repos.values()]
    documents += [("arxiv", d) for d in snapshot.arxiv.values()]
    for stage, document in documents:
        if document.error:
            _item_error(run, repo, stage, document.url, document.error)
    snapshot_store(repo=repo, snapshot=snapshot)
    if repo.model is None:
        _item_error(run, repo, "assess", snapshot.page_url(), "no catalog model linked")
        _mark_enriched(repo, sha)
        return "failed", set()
    try:
        assessed = assess_snapshot(model=repo.model, snapshot=snapshot, methodology=methodology)
    except Exception as exc:
        logger.exception("assessing %s failed", repo.repo_id)
        _item_error(run, repo, "assess", snapshot.page_url(), f"{type(exc).__name__}: {exc}")
        _mark_enriched(repo, sha)
        return "failed", set()
    _mark_enriched(repo, sha)
    return "enriched", assessed


def _mark_enriched(repo: HubRepo, sha: str) -> None:
    HubRepo.objects.filter(pk=repo.pk).update(
        enriched_sha=sha, enriched_at=timezone.now(), enrich_requested_at=None
    )


def snapshot_store(*, repo: HubRepo, snapshot: HubSnapshot) -> None:
    """Keep the snapshot the rules read, replacing the repository's previous one.

    A snapshot field that is not JSON (nor a FetchedDocument, or a dict of them) cannot be
    stored: the snapshot is skipped with a warning rather than failing the enrichment.
    """
    data = snapshot_to_json(snapshot)
    try:
        json.dumps(data)
    except (TypeError, ValueError) as exc:
        logger.warning("snapshot of %s not stored: %s", repo.repo_id, exc)
        return
    HubSnapshotRecord.objects.update_or_create(
        repo=repo,
        defaults={
            "sha": snapshot.sha[:64],
            "retrieved_at": snapshot.retrieved_at,
            "data": data,
            "recorded_at": timezone.now(),
        },
    )


def stored_snapshot(repo: HubRepo) -> HubSnapshot | None:
    record = HubSnapshotRecord.objects.filter(repo=repo).first()
    return snapshot_from_json(record.data) if record is not None else None


def assess_snapshot(*, model: AIModel, snapshot, methodology: Methodology) -> set[int]:
    """Hand the snapshot to the rules, which record the automatic assessments, then re-assess
    every derived model whose base judgments moved (from its stored snapshot), and theirs in
    turn. Returns the ids of the models assessed.

    Scores are recomputed once per batch (crawl_enrich, rules_rerun), not per model: a
    recompute re-ranks the whole track.
    """
    outcome = hub_model_assess(
        model=model, snapshot=snapshot, methodology=methodology, recompute_score=False
    )
    assessed = {model.pk}
    derived_follow(
        model_ids=outcome.derived_model_ids,
        methodology=methodology,
        assessed=assessed,
        origin=model.pk,
    )
    return assessed


def derived_follow(
    *, model_ids: list[int], methodology: Methodology, assessed: set[int], origin: int
) -> None:
    """Re-assess derived models from their stored snapshots after their base (`origin`)
    moved, and their own derived models when those move in turn.

    Each model is re-assessed at most once per call, so a lineage loop ends; every model
    re-assessed is added to `assessed` (for the caller's score recompute).
    """
    seen = {origin}
    waiting = list(model_ids)
    while waiting:
        pk = waiting.pop(0)
        if pk in seen:
            continue
        seen.add(pk)
        assessed.add(pk)
        for repo in HubRepo.objects.filter(model_id=pk).select_related("model", "snapshot_record"):
            record = getattr(repo, "snapshot_record", None)
            if record is None:
                continue  # never enriched: its enrichment will read the base then
            outcome = hub_model_assess(
                model=repo.model,
                snapshot=snapshot_from_json(record.data),
                methodology=methodology,
                recompute_score=False,
            )
            waiting.extend(i for i in outcome.derived_model_ids if i not in seen)


def rules_rerun(
    *, hub_name: str = "huggingface", repo_ids: list[str] | None = None, progress=None
) -> dict:
    """Run the current rules over every stored snapshot (no crawl) and record what changed.

    Every change goes through the assessment services, so it is an append-only Revision
    naming the rule version; judgments that come out the same write nothing. Models that
    declare no base go first, so derived models read their base's new judgments, and any
    derived model whose base moved is re-assessed after it. A repository enriched before
    snapshots were stored is read from its listing item (`HubRepo.raw`): the rules that need
    the model card, datasets or papers make no judgment from it, so those judgments stand.
    Returns counts.
    """
    methodology = assessment_services.current_methodology()
    repos = HubRepo.objects.filter(hub=hub_name, model__isnull=False).select_related(
        "model", "snapshot_record"
    )
    if repo_ids:
        repos = repos.filter(repo_id__in=repo_ids)
    # Bases first: an empty base_models list sorts before a filled one.
    repos = repos.order_by("base_models", "repo_id")
    counts = {"snapshots": 0, "listing_items": 0, "models_assessed": 0, "changed": 0}
    assessed: set[int] = set()
    hub = None
    for repo in repos.iterator(chunk_size=200):
        record = getattr(repo, "snapshot_record", None)
        if record is not None:
            snapshot = snapshot_from_json(record.data)
            counts["snapshots"] += 1
        elif isinstance(repo.raw, dict) and repo.raw:
            hub = hub or get_hub(hub_name)
            snapshot = HubSnapshot(
                hub=hub.name,
                endpoint=hub.endpoint,
                repo_id=repo.repo_id,
                sha=repo.sha,
                retrieved_at=repo.last_seen_at,
                item=repo.raw,
            )
            counts["listing_items"] += 1
        else:
            continue
        with transaction.atomic():
            outcome = hub_model_assess(
                model=repo.model, snapshot=snapshot, methodology=methodology, recompute_score=False
            )
            counts["changed"] += outcome.changed
            assessed.add(repo.model_id)
            derived_follow(
                model_ids=outcome.derived_model_ids,
                methodology=methodology,
                assessed=assessed,
                origin=repo.model_id,
            )
        if progress is not None:
            progress(counts)
    counts["models_assessed"] = len(assessed)
    if assessed:
        assessment_services.scores_recompute(
            methodology=methodology, track=Track.AUTOMATIC, model_ids=sorted(assessed)
        )
    return counts
