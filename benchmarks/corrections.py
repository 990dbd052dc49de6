"""Benchmark: submitting and accepting community corrections against a ranked index.

Run: DATABASE_URL=... REDIS_URL=... uv run python benchmarks/corrections.py [models] [rounds]

Builds a throwaway test database (test_<name>, dropped at the end) with `models` scored
models under the 12-criterion EU methodology, then times, over `rounds` rounds each:
a submission through the real form view, an acceptance (new revision, the model re-scored
and the whole track re-ranked), the public record selector and the moderation queue page.
Prints medians and 90th percentiles in milliseconds.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openness.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _summary(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"{label:<48} median {statistics.median(ordered):8.1f} ms   p90 {p90:8.1f} ms"


def build(models: int):
    """N models with 12 editorial assessments each and stored scores (bulk, for speed)."""
    from openness.assessments.models import Assessment, Criterion, Level
    from openness.assessments.services import scores_recompute
    from openness.catalog.models import AIModel, Organisation
    from tests.corrections.factories import make_methodology, make_moderator

    methodology = make_methodology()
    criteria = list(Criterion.objects.filter(methodology=methodology))
    org = Organisation.objects.create(slug="bench-org", name="Bench Lab")
    AIModel.objects.bulk_create(
        AIModel(slug=f"m{i:06d}", name=f"Model {i:06d}", organisation=org, model_types=["text"])
        for i in range(models)
    )
    levels = [Level.OPEN, Level.PARTIAL, Level.CLOSED]
    now = timezone.now()
    rows = [
        Assessment(
            model=model,
            criterion=criterion,
            level=levels[(model.pk + criterion.pk) % 3],
            provenance="curated",
            updated_at=now,
        )
        for model in AIModel.objects.all()
        for criterion in criteria
    ]
    Assessment.objects.bulk_create(rows, batch_size=5000)
    scores_recompute(methodology=methodology)
    return make_moderator("bench-mod"), criteria


def main() -> None:
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        from openness.catalog.models import AIModel
        from openness.corrections import selectors, services
        from openness.corrections.models import Correction

        moderator, criteria = build(models)
        client = Client()
        submit, accept, record, queue = [], [], [], []
        slugs = list(AIModel.objects.order_by("?").values_list("slug", flat=True)[:rounds])
        with override_settings(CORRECTIONS_RATE_LIMIT=10**6):
            for i, slug in enumerate(slugs):
                data = {
                    "criterion": criteria[i % len(criteria)].code,
                    "proposed_level": "open",
                    "evidence_urls": f"https://doi.org/10.5555/bench.{i}",
                    "explanation": "Benchmark correction with a DOI as evidence.",
                    "conflict": "none",
                }
                url = f"/models/{slug}/corrections/new/"
                submit.append(_timed(lambda url=url, data=data: client.post(url, data)))
        for correction in Correction.objects.select_related("model"):
            accept.append(
                _timed(
                    lambda c=correction: services.correction_accept(
                        correction_id=c.pk,
                        seen_version=c.version,
                        moderator=moderator,
                        notes="ok",
                        keep_evidence=True,
                    )
                )
            )
            record.append(_timed(lambda c=correction: selectors.model_record(c.model)))
        mod_client = Client()
        mod_client.force_login(moderator)
        for _ in range(rounds):
            queue.append(_timed(lambda: mod_client.get("/moderation/corrections/?status=")))
        print(f"corrections benchmark: {models} ranked models, {rounds} rounds")
        print(_summary("submit (POST the form, stored pending)", submit))
        print(_summary("accept (revision, re-score, re-rank the track)", accept))
        print(_summary("public record selector (model_record)", record))
        print(_summary(f"moderation queue page ({rounds} corrections)", queue))
    finally:
        cache.clear()
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
