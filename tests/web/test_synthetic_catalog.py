from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from openness.assessments import services
from openness.assessments.models import Assessment, Score, Track
from openness.catalog.models import AIModel, Organisation

from . import factories


def snapshot() -> dict:
    return {
        s.model_id: (s.total, s.points, s.applicable, s.groups, s.levels, s.rank, s.search)
        for s in Score.objects.filter(track=Track.AUTOMATIC)
    }


def test_its_stored_scores_equal_what_the_scoring_service_computes(methodology):
    real = factories.model_create("Real", slug="real-model")
    factories.assess(real, methodology, "open", track=Track.AUTOMATIC, provenance="automatic")
    services.scores_recompute(methodology=methodology, track=Track.AUTOMATIC)

    call_command("synthetic_catalog", models=300, batch=120, per_organisation=50)

    assert AIModel.objects.filter(slug__startswith="synthetic-").count() == 300
    assert Organisation.objects.filter(slug__startswith="synthetic-").count() == 6
    assert Assessment.objects.filter(reviewer_label="synthetic").count() == 300 * 12
    generated = snapshot()
    assert len(generated) == 301
    services.scores_recompute(methodology=methodology, track=Track.AUTOMATIC)
    assert snapshot() == generated
    assert sorted(s[5] for s in generated.values()) == list(range(1, 302))
    assert Score.objects.get(model=real).total == Decimal("1")
    # the search text is written too (the bulk load runs with triggers off), so a search finds
    # synthetic models by name and organisation
    model = AIModel.objects.filter(slug__startswith="synthetic-").select_related("organisation")[0]
    search = Score.objects.get(model=model).search
    assert search == f"{model.name} {model.organisation.name}"


def test_every_synthetic_row_is_marked_and_removable(methodology):
    real = factories.model_create("Real", slug="real-model")
    call_command("synthetic_catalog", models=50, batch=50, per_organisation=10)
    assert all(m.name.endswith("(synthetic)") for m in AIModel.objects.exclude(pk=real.pk))

    call_command("synthetic_catalog", remove=True)

    assert list(AIModel.objects.all()) == [real]
    assert not Organisation.objects.filter(slug__startswith="synthetic-").exists()
    assert not Score.objects.exists() and not Assessment.objects.exists()


def test_it_refuses_to_generate_twice_or_without_a_methodology(db):
    with pytest.raises(CommandError, match="methodology"):
        call_command("synthetic_catalog", models=10)
    methodology = factories.methodology_create()
    call_command("synthetic_catalog", models=10, batch=4, per_organisation=5)
    generated = snapshot()
    services.scores_recompute(methodology=methodology, track=Track.AUTOMATIC)
    assert snapshot() == generated  # ranked at insert when the track holds only synthetic rows
    with pytest.raises(CommandError, match="exist already"):
        call_command("synthetic_catalog", models=10)
