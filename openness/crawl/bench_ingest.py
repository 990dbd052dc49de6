"""Benchmark: ingest synthetic hub listing pages into PostgreSQL, then re-score them.

    uv run python -m openness.crawl.bench_ingest --items 1000000

Pages are built from the recorded-style fixtures in fixtures/hub/models (each item a copy of
one fixture's listing projection with a new id, `_id`, sha, dates and counts), serialised to
JSON bytes as the Hub sends them, then parsed and merged exactly as a crawl does
(ingest.prepare_page on the worker side, ingest.merge_rows on the database side, one
transaction per page). Figures printed: items/s on the database side (time inside merge_rows
and the commit), items/s overall, and the process's peak RSS at several counts.

Then every benchmark model gets seeded automatic-track levels (four criteria, derived in SQL
from the typed columns: benchmark data only, bypassing assessment_record on purpose, because
a million revisions would measure the audit trail, not the scoring) and
assessments.services.scores_recompute re-scores the automatic track, timed.

What "database side" measures: the wall-clock time inside merge_rows and its commit, so it
includes the worker's own work there (assembling the COPY data from the rows prepare_page
encoded, reading the lookups' results) and every round trip, not only the server's. Two
load-independent figures are printed next to it: the CPU seconds of the PostgreSQL backend
serving the benchmark (from /proc, when the server runs on this machine) and the worker's
CPU inside merge_rows. Background server work (WAL writer, checkpointer) is in neither.

All benchmark rows (hub "bench") are deleted at the end unless --keep, and the emptied tables
vacuumed. Run it on your own database (DATABASE_URL), never a production one.

History on the 2-core development machine, PostgreSQL 15, `--items 1000000`:
- d2a7b36 (staging table and INSERT ... ON CONFLICT for every item), load 4-5: 6,732 items/s
  on the database side; scores_recompute 136.7 s.
- c717050 (COPY rows encoded per column, one sequence lookup per page, two catalog indexes
  fewer), load about 1.2: 8,540 items/s; backend CPU 87.4 us/item.
- 2026-11-27 (new repositories COPYed straight into their tables, index-driven lookups,
  statistics that follow the sweep, collation C on identifiers, partial indexes), quiet
  machine (load about 1, this process and its backend): with shared_buffers = 4GB, 21,144
  items/s (22,348 at 250,000; backend CPU 42.5 us/item, worker inside merge_rows 5.3
  us/item); with PostgreSQL's default 128 MB, 18,303 items/s (22,144 at 250,000: past that
  the indexes no longer fit and the backend writes evicted pages itself). Worker RSS 87.2
  MB from 10,000 to 1,000,000 items. Four later runs with 4GB: 18,038-19,503 items/s, while
  the machine ran slower (the worker side, which never touches the database, took 44.9-51.5
  s instead of 42.0 s): the target sits inside this virtual machine's run-to-run spread.
- 2026-11-27 later (the trigram index on catalog_aimodel.name moved to the score rows), on
  a machine running about three times slower (worker side 132-138 s), back to back with the
  code before: 7,651 and 7,879 items/s against 6,806 (1.12-1.16x; backend CPU 108.6-113.2
  against 127.9 us/item); scores_recompute 461.5 s against 397.8 s (the index's new home).
- 2026-11-27 morning (raw item stored as json, not jsonb; no index on every catalog model's
  end_model_repo), machine at about its usual speed (worker side 47-48 s), shared_buffers
  = 4GB, fresh database: 20,720 and 20,583 items/s (backend CPU 42.1-42.6 us/item), against
  18,364 (48.0 us/item) for the code before run right after; scores_recompute 184.3 s.
"""

import argparse
import json
import os
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH_HUB = "bench"
CHECKPOINTS = (10_000, 100_000, 250_000, 500_000, 750_000, 1_000_000, 2_000_000)


def _rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size of this process in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open("/proc/self/statm") as statm:
        current = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
    return current, peak


def _backend_cpu_seconds(connection) -> float | None:
    """CPU seconds the PostgreSQL backend serving this connection has used (user + system),
    read from /proc: None when the server is not on this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _templates(fixtures: Path) -> list[dict]:
    from openness.crawl.huggingface.hub import LIST_EXPAND

    keep = {"_id", "id", *LIST_EXPAND}
    items = []
    for path in sorted((fixtures / "models").glob("*.json")):
        info = json.loads(path.read_text())
        items.append({k: v for k, v in info.items() if k in keep})
    return items


def pages(templates: list[dict], total: int, page_size: int):
    """JSON bytes of listing pages, generated one at a time (memory stays flat)."""
    epoch = datetime(2022, 3, 2, tzinfo=UTC)
    for start in range(0, total, page_size):
        page = []
        for k in range(start, min(start + page_size, total)):
            item = dict(templates[k % len(templates)])
            author = f"bench-org-{k % 20011}"
            item["_id"] = f"{k:024x}"
            item["id"] = f"{author}/model-{k}"
            item["author"] = author
            item["sha"] = f"{k * 2654435761 % (1 << 64):040x}"
            moment = epoch + timedelta(seconds=k * 97)
            item["createdAt"] = moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
            item["lastModified"] = (moment + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            item["downloads"] = (k * 7919) % 100_000
            item["likes"] = (k * 31) % 1000
            page.append(item)
        yield json.dumps(page).encode()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="leave the benchmark rows in place")
    parser.add_argument("--skip-scores", action="store_true", help="ingest only")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openness.settings")
    import django

    django.setup()
    from django.conf import settings

    # As a production worker runs: with DEBUG on, Django keeps the last 9,000 queries' SQL.
    settings.DEBUG = False
    from django.db import connection, transaction

    from openness.crawl import ingest
    from openness.crawl.huggingface.hub import HuggingFaceHub

    class BenchHub(HuggingFaceHub):
        name = BENCH_HUB

    hub = BenchHub(endpoint="http://127.0.0.1")
    templates = _templates(Path(settings.BASE_DIR) / "fixtures" / "hub")
    db = connection.settings_dict
    print(
        f"database {db['NAME']} on {db['HOST'] or 'socket'}; {args.items:,} items, "
        f"pages of {args.page_size}, {len(templates)} fixture templates"
    )
    _cleanup(connection)

    parse_seconds = db_seconds = 0.0
    done = created = 0
    checkpoints = [c for c in CHECKPOINTS if c <= args.items]
    if args.items not in checkpoints:
        checkpoints.append(args.items)
    cpu_before = _backend_cpu_seconds(connection)
    merge_cpu = 0.0
    started = time.perf_counter()
    for body in pages(templates, args.items, args.page_size):
        t0 = time.perf_counter()
        items = json.loads(body)
        rows, result = ingest.prepare_page(hub=hub, items=items)
        t1 = time.perf_counter()
        c1 = time.process_time()
        with transaction.atomic():
            ingest.merge_rows(hub_name=hub.name, rows=rows, result=result, now=_now())
        t2 = time.perf_counter()
        merge_cpu += time.process_time() - c1
        parse_seconds += t1 - t0
        db_seconds += t2 - t1
        before = done
        done += result.seen
        created += result.created
        for mark in checkpoints:
            if before < mark <= done:
                current, peak = _rss_mb()
                print(
                    f"  {done:>9,} items: database {done / db_seconds:>8,.0f} items/s, "
                    f"overall {done / (time.perf_counter() - started):>7,.0f} items/s, "
                    f"RSS {current:6.1f} MB (peak {peak:6.1f} MB)",
                    flush=True,
                )
    wall = time.perf_counter() - started
    cpu_after = _backend_cpu_seconds(connection)
    print(
        f"ingest: {done:,} items ({created:,} created) in {wall:.1f}s; "
        f"database side {db_seconds:.1f}s = {done / db_seconds:,.0f} items/s; "
        f"worker side (JSON parse, typed facts) {parse_seconds:.1f}s"
    )
    if cpu_before is not None and cpu_after is not None:
        backend = cpu_after - cpu_before
        print(
            f"CPU: PostgreSQL backend {backend:.1f}s ({backend / done * 1e6:.1f} us/item), "
            f"worker inside merge_rows (COPY encoding, results) {merge_cpu:.1f}s "
            f"({merge_cpu / done * 1e6:.1f} us/item); load average "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )

    second = time.perf_counter()
    db2 = 0.0
    for body in pages(templates, min(args.items, 100_000), args.page_size):
        rows, result = ingest.prepare_page(hub=hub, items=json.loads(body))
        t1 = time.perf_counter()
        with transaction.atomic():
            ingest.merge_rows(hub_name=hub.name, rows=rows, result=result, now=_now())
        db2 += time.perf_counter() - t1
    n2 = min(args.items, 100_000)
    print(
        f"re-ingest of {n2:,} unchanged items: database side {n2 / db2:,.0f} items/s "
        f"({time.perf_counter() - second:.1f}s overall)"
    )

    if not args.skip_scores:
        _rescore(connection)
    if not args.keep:
        _cleanup(connection)
        print("benchmark rows dropped")
    return 0


def _now():
    from django.utils import timezone

    return timezone.now()


# Seeded automatic levels per criterion, from the typed columns (benchmark data only).
_SEED_LEVELS = {
    "weights_endmodel": "CASE WHEN r.gated = 'no' THEN 'open' WHEN r.gated IN ('auto', 'manual') "
    "THEN 'partial' ELSE 'closed' END",
    "licenses": "CASE WHEN r.license IN ('apache-2.0', 'mit') THEN 'open' WHEN r.license <> '' "
    "THEN 'partial' ELSE 'closed' END",
    "preprint": "CASE WHEN EXISTS (SELECT 1 FROM unnest(r.tags) t WHERE t LIKE 'arxiv:%%') "
    "THEN 'open' ELSE 'closed' END",
    "datasources_endmodel": "CASE WHEN EXISTS (SELECT 1 FROM unnest(r.tags) t "
    "WHERE t LIKE 'dataset:%%') THEN 'partial' ELSE 'closed' END",
}


def _rescore(connection) -> None:
    from openness.assessments import services
    from openness.assessments.models import Methodology, Track

    methodology = Methodology.objects.filter(slug="osai", is_current=True).first()
    created_methodology = methodology is None
    if created_methodology:
        methodology = _bench_methodology()
    criteria = dict(methodology.criteria.values_list("code", "id"))
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        for code, level in _SEED_LEVELS.items():
            if code not in criteria:
                continue
            cursor.execute(
                f"""
                INSERT INTO assessments_assessment (model_id, criterion_id, track, level, notes,
                    provenance, reviewer_label, upstream_digest, needs_review, review_reason,
                    updated_at)
                SELECT r.model_id, %s, 'automatic', {level}, '', 'automatic', '', '', false, '',
                    now()
                FROM crawl_hubrepo r WHERE r.hub = %s AND r.model_id IS NOT NULL
                ON CONFLICT DO NOTHING
                """,  # noqa: S608 (the level expressions are the constants above)
                [criteria[code], BENCH_HUB],
            )
    seeded = time.perf_counter() - t0
    print(f"seeded automatic levels for {len(_SEED_LEVELS)} criteria in {seeded:.1f}s")
    t1 = time.perf_counter()
    written = services.scores_recompute(methodology=methodology, track=Track.AUTOMATIC)
    took = time.perf_counter() - t1
    _, peak = _rss_mb()
    print(
        f"scores_recompute (automatic track): {written:,} scores in {took:.1f}s = "
        f"{written / took:,.0f} models/s; peak RSS {peak:.1f} MB"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM assessments_score WHERE model_id IN "
            "(SELECT model_id FROM crawl_hubrepo WHERE hub = %s)",
            [BENCH_HUB],
        )
        cursor.execute(
            "DELETE FROM assessments_assessment WHERE model_id IN "
            "(SELECT model_id FROM crawl_hubrepo WHERE hub = %s)",
            [BENCH_HUB],
        )
    if created_methodology:
        for loaded in Methodology.objects.filter(slug=methodology.slug):
            loaded.criteria.all().delete()
            loaded.delete()


def _bench_methodology():
    """The project's own methodology files, loaded as `import_osai` loads them, when the
    database has no current methodology."""
    from django.conf import settings

    from openness.assessments.methodology_files import methodologies_load

    results = methodologies_load(directory=Path(settings.BASE_DIR) / "fixtures" / "methodologies")
    return next(r.methodology for r in results if r.methodology.is_current)


def _cleanup(connection) -> None:
    """Drop every benchmark row: scores, assessments, catalog models, organisations, repos."""
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_models ON COMMIT DROP AS SELECT model_id AS id "
            "FROM crawl_hubrepo WHERE hub = %s AND model_id IS NOT NULL",
            [BENCH_HUB],
        )
        cursor.execute("DELETE FROM crawl_hubrepo WHERE hub = %s", [BENCH_HUB])
        cursor.execute(
            "DELETE FROM assessments_score WHERE model_id IN (SELECT id FROM bench_models)"
        )
        cursor.execute("DELETE FROM catalog_aimodel WHERE id IN (SELECT id FROM bench_models)")
        cursor.execute(
            "DELETE FROM catalog_organisation o WHERE o.hub_author LIKE 'bench-org-%%' "
            "AND NOT EXISTS (SELECT 1 FROM catalog_aimodel m WHERE m.organisation_id = o.id)"
        )
        cursor.execute("COMMIT")
        # Dead rows of an earlier run would slow the next one (autovacuum may be off).
        for table in (
            "crawl_hubrepo",
            "catalog_aimodel",
            "catalog_organisation",
            "assessments_assessment",
            "assessments_score",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


if __name__ == "__main__":
    sys.exit(main())
