"""Time the replay of the index's git history and the pages that read it.

Runs against a scratch database (Django's test database, created and destroyed here):

    uv run python benchmarks/history_replay.py [--backfill]

1. replays fixtures/osai-index-history/main-database.bundle (678 commits) into an empty
   database, as `serve` does on its first start (`import_osai --history`), then re-runs it
   (a no-op) and imports today's files after it (a no-op too);
   with --backfill, imports today's files first and replays the history behind them (a site
   that imported the curated data before its history);
2. times the as-of pages over the full history, cold (empty cache) and warm: the ranking, a
   model page, compare, the changes page, the current model page with its chart, the "what
   changed in the index" page and its feed.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openness.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from openness.assessments.methodology_files import methodologies_load  # noqa: E402
from openness.assessments.models import Revision  # noqa: E402
from openness.assessments.osai_history.replay import osai_history_replay  # noqa: E402
from openness.assessments.osai_import import osai_import  # noqa: E402

BUNDLE = BASE_DIR / "fixtures" / "osai-index-history" / "main-database.bundle"
INDEX = BASE_DIR / "fixtures" / "osai-index"
PAGES = [
    ("ranking as of 2025-01-01", "/?as_of=2025-01-01"),
    ("ranking as of 2026-03-13", "/?as_of=2026-03-13"),
    ("OLMo as of 2025-01-01", "/models/olmo/?as_of=2025-01-01"),
    ("Llama 3.1 as of 2025-06-30", "/models/llama-31/?as_of=2025-06-30"),
    ("compare as of 2025-01-01", "/compare/?m=olmo&m=llama-31&m=bloomz&as_of=2025-01-01"),
    ("OLMo changes 2024-09-01..2026-06-30", "/models/olmo/changes/?from=2024-09-01&to=2026-06-30"),
    ("OLMo today (chart since 2024)", "/models/olmo/"),
    ("what changed in the index", "/index/changes/"),
    ("its Atom feed", "/index/changes/feed/"),
]


def seconds(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def page_times(client: Client, url: str, repeat: int = 7) -> tuple[float, float]:
    """(cold ms, warm median ms): the first request after emptying the cache, then repeats."""
    cache.clear()
    started = time.perf_counter()
    response = client.get(url)
    cold = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        warm.append((time.perf_counter() - started) * 1000)
    return cold, statistics.median(warm)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backfill", action="store_true")
    options = parser.parse_args()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        methodologies_load(directory=BASE_DIR / "fixtures" / "methodologies")
        if options.backfill:
            took, _ = seconds(lambda: osai_import(path=INDEX))
            print(f"import of today's files first: {took:.1f} s")
        took, report = seconds(lambda: osai_history_replay(source=BUNDLE))
        print(f"replay of {report.commits_total} commits: {took:.1f} s")
        print(f"  {report.summary()}")
        print(f"  revisions now: {Revision.objects.count()}")
        took, again = seconds(lambda: osai_history_replay(source=BUNDLE))
        print(f"replay again (nothing new): {took:.1f} s, {again.commits_replayed} replayed")
        took, snapshot = seconds(lambda: osai_import(path=INDEX))
        print(f"import of today's files after it: {took:.1f} s; {snapshot.summary()}")

        client = Client(HTTP_HOST="127.0.0.1")
        print(f"{'page':40} {'cold ms':>9} {'warm ms':>9}")
        for label, url in PAGES:
            cold, warm = page_times(client, url)
            print(f"{label:40} {cold:9.1f} {warm:9.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
