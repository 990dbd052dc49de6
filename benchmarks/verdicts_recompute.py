"""Time the MOF/OSAID verdicts' recompute on the Hub track, in full and in proportion.

    uv run python benchmarks/verdicts_recompute.py [--changed 1000]

Meant for a database filled by `manage.py synthetic_catalog` (docs/benchmarks.md). Prints, for
the automatic track: a full recompute (every model judged, as every recompute did before
FrameworkVerdict.evidence_key), one where nothing moved, one after `--changed` models' levels
moved, and `scores_recompute` of the whole track with and without its verdicts step. The
levels moved for the measurement are moved back by that last scores_recompute (it rewrites
every score's levels from the assessments).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openness.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changed", type=int, default=1000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from openness.assessments.frameworks.services import framework_verdicts_recompute
    from openness.assessments.models import Score, Track
    from openness.assessments.services import current_methodology, scores_recompute

    methodology = current_methodology()
    track = Track.AUTOMATIC
    models = Score.objects.filter(methodology=methodology, track=track).count()
    print(f"automatic track: {models:,} scored models; load {os.getloadavg()[0]:.2f}")

    def timed(label: str, work) -> None:
        started = time.perf_counter()
        result = work()
        print(f"{label:<58} {time.perf_counter() - started:>8.2f} s  ({result:,} rows)")

    timed(
        "verdicts, full (every model judged)",
        lambda: framework_verdicts_recompute(track=track, full=True),
    )
    timed("verdicts, nothing moved", lambda: framework_verdicts_recompute(track=track))
    with connection.cursor() as cursor:
        # Flip one criterion of the first N models' stored levels, as a re-score would.
        cursor.execute(
            """
            UPDATE assessments_score s SET levels = s.levels || jsonb_build_object('paper',
                CASE WHEN s.levels ->> 'paper' = 'open' THEN 'closed' ELSE 'open' END)
            WHERE s.id IN (SELECT id FROM assessments_score WHERE methodology_id = %s
                           AND track = %s ORDER BY model_id LIMIT %s)
            """,
            [methodology.pk, track, args.changed],
        )
    timed(
        f"verdicts, {args.changed:,} models' levels moved",
        lambda: framework_verdicts_recompute(track=track),
    )
    timed(
        "scores_recompute, whole track, verdicts off",
        lambda: scores_recompute(methodology=methodology, track=track, verdicts=False),
    )
    timed(
        "scores_recompute, whole track, verdicts on",
        lambda: scores_recompute(methodology=methodology, track=track),
    )
    print(f"load {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
