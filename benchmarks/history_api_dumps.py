"""Time the as-of rebuilds, the JSON API and the open data dump on the 193 curated models.

Imports the EU OSAI Index into a scratch database (Django's test database, created and
destroyed here), appends ROUNDS rounds of level changes spread over past days, then times:
a model page as of a past day, the ranking as of a past day (cold and cached), API pages,
and a dump written and loaded back into an empty database.

    uv run python benchmarks/history_api_dumps.py
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openness.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from openness.assessments import history  # noqa: E402
from openness.assessments.methodology_files import methodologies_load  # noqa: E402
from openness.assessments.models import Assessment, Revision  # noqa: E402
from openness.assessments.osai_import import osai_import  # noqa: E402
from openness.assessments.services import (  # noqa: E402
    EvidenceInput,
    assessment_record,
    current_methodology,
    scores_recompute,
)
from openness.opendata.dumps import dump_create, dump_load  # noqa: E402

ROUNDS = 10
CHANGES_PER_ROUND = 200
LEVELS = ["open", "partial", "closed"]


def timed(function, repeat: int = 5) -> tuple[float, object]:
    """Median milliseconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def scripted_changes() -> int:
    """ROUNDS rounds of random level changes, one round per week back from yesterday."""
    rng = random.Random(6)
    assessments = list(Assessment.objects.select_related("model", "criterion"))
    now = datetime.now(UTC)
    count = 0
    for round_number in range(ROUNDS):
        at = now - timedelta(days=7 * (ROUNDS - round_number))
        for assessment in rng.sample(assessments, CHANGES_PER_ROUND):
            level = rng.choice([lvl for lvl in LEVELS if lvl != assessment.level])
            assessment_record(
                model=assessment.model,
                criterion=assessment.criterion,
                level=level,
                notes=f"benchmark round {round_number}",
                provenance=assessment.provenance,
                evidence=[EvidenceInput(url="https://example.org/bench", title="bench")],
                source=Revision.Source.SERVICE,
                reason="benchmark",
                at=at,
            )
            assessment.level = level
            count += 1
    scores_recompute(methodology=current_methodology())
    return count


def main() -> None:
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings.API_RATE_LIMIT = 1_000_000
    try:
        methodologies_load(directory=BASE_DIR / "fixtures" / "methodologies")
        osai_import(path=BASE_DIR / "fixtures" / "osai-index")
        changes = scripted_changes()
        revisions = Revision.objects.count()
        print(f"data: 193 models, {revisions} revisions ({changes} scripted changes)")

        day = (datetime.now(UTC) - timedelta(days=7 * ROUNDS // 2)).date()
        methodology = history.methodology_in_force(day=day)
        model = Assessment.objects.first().model

        def ranking_cold():
            cache.clear()
            return history.ranking_as_of(methodology=methodology, day=day)

        ms, rows = timed(ranking_cold)
        print(f"ranking as of {day}, cold cache: {ms:.1f} ms median ({len(rows)} models)")
        history.ranking_as_of(methodology=methodology, day=day)
        ms, _ = timed(lambda: history.ranking_as_of(methodology=methodology, day=day), 20)
        print(f"ranking as of {day}, cached: {ms:.2f} ms median")
        ms, _ = timed(lambda: history.model_as_of(model=model, day=day), 20)
        print(f"model as of {day} (ranking cached): {ms:.1f} ms median")

        client = Client(HTTP_HOST="127.0.0.1")
        for label, url in [
            ("GET /api/v1/models (50)", "/api/v1/models"),
            ("GET /api/v1/models?limit=200", "/api/v1/models?limit=200"),
            (f"GET /api/v1/models/{model.slug}", f"/api/v1/models/{model.slug}"),
            (f"GET /models/{model.slug}/?as_of={day}", f"/models/{model.slug}/?as_of={day}"),
            (f"GET /?as_of={day} (cached ranking)", f"/?as_of={day}"),
            (f"GET /models/{model.slug}/card.png (cached)", f"/models/{model.slug}/card.png"),
        ]:
            ms, response = timed(lambda url=url: client.get(url), 10)
            assert response.status_code == 200, (url, response.status_code)
            print(f"{label}: {ms:.1f} ms median")

        with tempfile.TemporaryDirectory() as directory:
            started = time.perf_counter()
            dump = dump_create(root=Path(directory))
            dump_seconds = time.perf_counter() - started
            print(f"dump: {dump.size / 1e6:.2f} MB in {dump_seconds:.2f} s")
            with connection.cursor() as cursor:
                cursor.execute(
                    "TRUNCATE assessments_score, assessments_revision, assessments_evidence,"
                    " assessments_assessment, assessments_criterion, assessments_methodology,"
                    " catalog_modelslugalias, catalog_aimodel, catalog_organisation CASCADE"
                )
            started = time.perf_counter()
            counts = dump_load(path=dump.path)
            print(
                f"load into an empty database: {sum(counts.values())} rows "
                f"in {time.perf_counter() - started:.2f} s"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
