"""Stored scores carry their coverage and range; migration 0005's backfill agrees with them."""

import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from openness.assessments import services
from openness.assessments.models import Level, Score, Track
from openness.catalog.models import AIModel, Organisation

pytestmark = pytest.mark.django_db


def record(model, methodology, levels: dict, track=Track.AUTOMATIC):
    for code, level in levels.items():
        services.assessment_record(
            model=model,
            criterion=methodology.criteria.get(code=code),
            level=level,
            notes="",
            provenance="automatic" if track == Track.AUTOMATIC else "curated",
            evidence=[],
            source="service",
            reason="test",
            track=track,
            at=timezone.now(),
        )


@pytest.fixture
def models(methodology):
    org = Organisation.objects.create(slug="lab", name="Lab")
    made = {}
    for slug in ("olmo", "mistral", "bare"):
        made[slug] = AIModel.objects.create(
            slug=slug, name=slug.title(), organisation=org, model_types=["text"]
        )
    record(
        made["olmo"],
        methodology,
        {
            "weights_endmodel": "open",
            "licenses": "partial",
            "preprint": "partial",
            "datasources_endmodel": Level.NOT_ASSESSED,
        },
    )
    record(
        made["mistral"],
        methodology,
        {c.code: "closed" for c in methodology.criteria.all()} | {"weights_endmodel": "open"},
    )
    record(made["bare"], methodology, {"paper": Level.NOT_ASSESSED})
    record(
        made["olmo"],
        methodology,
        {c.code: "open" for c in methodology.criteria.all()},
        track=Track.EDITORIAL,
    )
    for track in (Track.AUTOMATIC, Track.EDITORIAL):
        services.scores_recompute(methodology=methodology, track=track)
    return made


def test_scores_store_assessed_counts_and_both_ends_of_the_range(models):
    olmo = Score.objects.get(model=models["olmo"], track=Track.AUTOMATIC)
    assert (olmo.assessed, olmo.applicable) == (3, 12)
    assert olmo.total == Decimal("0.166667")  # (1 + 0.5 + 0.5) / 12: the index's formula
    assert olmo.total_upper == Decimal("0.916667")  # and the 9 unknown counted as open
    mistral = Score.objects.get(model=models["mistral"], track=Track.AUTOMATIC)
    assert (mistral.assessed, mistral.total, mistral.total_upper) == (
        12,
        Decimal("0.083333"),
        Decimal("0.083333"),
    )
    bare = Score.objects.get(model=models["bare"], track=Track.AUTOMATIC)
    assert (bare.assessed, bare.total, bare.total_upper) == (0, 0, 1)


def test_the_hub_track_is_ranked_by_the_lower_total(models):
    ranks = dict(Score.objects.filter(track=Track.AUTOMATIC).values_list("model__slug", "rank"))
    # olmo's lower total (16.7%) beats mistral's 8.3%, although mistral is fully assessed
    # and bare's range (0-100%) is the widest: unknowns never buy rank.
    assert ranks == {"olmo": 1, "mistral": 2, "bare": 3}


def test_the_curated_total_is_the_index_figure_with_full_coverage(models):
    curated = Score.objects.get(model=models["olmo"], track=Track.EDITORIAL)
    assert curated.total == curated.total_upper == 1
    assert curated.assessed == curated.applicable == 12


def test_a_recompute_follows_a_judgment_that_arrives(models, methodology):
    record(models["olmo"], methodology, {"datasources_endmodel": "closed"})
    services.scores_recompute(
        methodology=methodology, track=Track.AUTOMATIC, model_ids=[models["olmo"].pk]
    )
    olmo = Score.objects.get(model=models["olmo"], track=Track.AUTOMATIC)
    assert olmo.assessed == 4
    assert olmo.total_upper == Decimal("0.833333")


def test_the_migration_backfill_computes_what_scores_recompute_stores(models):
    migration = importlib.import_module("openness.assessments.migrations.0005_score_coverage")
    expected = list(Score.objects.order_by("id").values_list("id", "assessed", "total_upper"))
    Score.objects.update(assessed=0, total_upper=0)
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)
    assert list(Score.objects.order_by("id").values_list("id", "assessed", "total_upper")) == (
        expected
    )
