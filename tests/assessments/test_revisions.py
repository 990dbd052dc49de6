"""Every change to an assessment appends a revision; nothing is deleted; scores are stored."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from openness.assessments import services
from openness.assessments.models import (
    Assessment,
    Criterion,
    Level,
    Methodology,
    Provenance,
    Revision,
    Score,
    Track,
)
from openness.assessments.services import EvidenceInput
from openness.catalog.models import AIModel, Organisation

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def methodology():
    methodology = Methodology.objects.create(
        slug="test", version="1", name="Test", effective_from=T0.date(), is_current=True
    )
    for order, (code, group) in enumerate(
        [("weights", "availability"), ("code", "availability"), ("paper", "documentation")]
    ):
        Criterion.objects.create(
            methodology=methodology,
            code=code,
            group_code=group,
            group_title=group.title(),
            order=order,
            title=code.title(),
            question=f"Is the {code} open?",
            rubric_open="Open.",
            rubric_partial="Partly.",
            rubric_closed="Closed.",
            model_types=["text"],
        )
    return methodology


@pytest.fixture
def org():
    return Organisation.objects.create(slug="lab", name="Lab")


def make_model(org, name, slug=None, types=("text",)):
    return AIModel.objects.create(
        slug=slug or name.lower(), name=name, organisation=org, model_types=list(types)
    )


def record(model, criterion, level, *, at, evidence=(), notes="", source="admin", reason="test"):
    return services.assessment_record(
        model=model,
        criterion=criterion,
        level=level,
        notes=notes,
        provenance=Provenance.CURATED,
        evidence=list(evidence),
        source=source,
        reason=reason,
        actor_label="tester",
        at=at,
    )


def test_the_first_judgment_creates_the_assessment_and_its_first_revision(methodology, org):
    model = make_model(org, "Alpha")
    weights = methodology.criteria.get(code="weights")
    evidence = [EvidenceInput(url="https://example.org/w", title="Weights", kind="repository")]

    revision = record(model, weights, Level.OPEN, at=T0, evidence=evidence, notes="All there.")

    assessment = Assessment.objects.get(model=model, criterion=weights)
    assert assessment.level == Level.OPEN
    assert revision.old_level == ""
    assert revision.new_level == Level.OPEN
    assert revision.new_evidence[0]["url"] == "https://example.org/w"
    assert assessment.evidence.get().added_at == T0


def test_recording_the_same_judgment_again_leaves_no_revision(methodology, org):
    model = make_model(org, "Alpha")
    weights = methodology.criteria.get(code="weights")
    evidence = [EvidenceInput(url="https://example.org/w", title="Weights")]
    record(model, weights, Level.OPEN, at=T0, evidence=evidence)

    again = record(model, weights, Level.OPEN, at=T0 + timedelta(days=1), evidence=evidence)

    assert again is None
    assert Revision.objects.count() == 1


def test_removed_evidence_is_retracted_not_deleted(methodology, org):
    model = make_model(org, "Alpha")
    weights = methodology.criteria.get(code="weights")
    first = EvidenceInput(url="https://example.org/a", title="A")
    second = EvidenceInput(url="https://example.org/b", title="B")
    record(model, weights, Level.OPEN, at=T0, evidence=[first, second])

    revision = record(model, weights, Level.PARTIAL, at=T0 + timedelta(days=1), evidence=[second])

    assessment = Assessment.objects.get(model=model, criterion=weights)
    assert assessment.evidence.count() == 2
    retracted = assessment.evidence.get(url="https://example.org/a")
    assert retracted.retracted_at == T0 + timedelta(days=1)
    assert [e["url"] for e in revision.old_evidence] == [
        "https://example.org/a",
        "https://example.org/b",
    ]
    assert [e["url"] for e in revision.new_evidence] == ["https://example.org/b"]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/x", "/relative"]
)
def test_non_http_evidence_is_refused_and_nothing_is_written(methodology, org, url):
    model = make_model(org, "Alpha")
    weights = methodology.criteria.get(code="weights")

    with pytest.raises(ValueError, match="http"):
        record(model, weights, Level.OPEN, at=T0, evidence=[EvidenceInput(url=url)])

    assert not Assessment.objects.exists()
    assert not Revision.objects.exists()


def test_an_unknown_level_is_refused(methodology, org):
    model = make_model(org, "Alpha")
    with pytest.raises(ValueError, match="unknown level"):
        record(model, methodology.criteria.get(code="weights"), "mostly", at=T0)


def test_the_database_refuses_to_change_or_delete_a_revision(methodology, org):
    model = make_model(org, "Alpha")
    revision = record(model, methodology.criteria.get(code="weights"), Level.OPEN, at=T0)

    for statement in (
        "UPDATE assessments_revision SET new_level = 'closed' WHERE id = %s",
        "DELETE FROM assessments_revision WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [revision.pk])
    with pytest.raises(ValueError, match="append-only"):
        revision.delete()
    with pytest.raises(ValueError, match="append-only"):
        revision.save()


def test_an_assessment_is_rebuilt_as_it_stood_at_any_moment(methodology, org):
    model = make_model(org, "Alpha")
    weights = methodology.criteria.get(code="weights")
    record(model, weights, Level.CLOSED, at=T0, notes="Nothing released.")
    record(model, weights, Level.PARTIAL, at=T0 + timedelta(days=10), notes="Gated release.")
    record(model, weights, Level.OPEN, at=T0 + timedelta(days=20), notes="Ungated.")
    assessment = Assessment.objects.get(model=model, criterion=weights)

    def level_on(day):
        state = services.assessment_state_as_of(assessment, T0 + timedelta(days=day))
        return state and state["level"]

    assert level_on(-1) is None
    assert level_on(0) == Level.CLOSED
    assert level_on(9) == Level.CLOSED
    assert level_on(10) == Level.PARTIAL
    assert level_on(25) == Level.OPEN
    states = services.model_states_as_of(model=model, when=T0 + timedelta(days=15))
    assert states == {
        weights.pk: {
            "level": Level.PARTIAL,
            "notes": "Gated release.",
            "provenance": Provenance.CURATED,
            "evidence": [],
            "at": T0 + timedelta(days=10),
        }
    }


def test_scores_are_stored_with_the_index_formula_and_ranked_deterministically(methodology, org):
    criteria = {c.code: c for c in methodology.criteria.all()}
    levels = {
        "Bravo": {"weights": "open", "code": "partial", "paper": "closed"},  # 1.5 / 3
        "alpha": {"weights": "open", "code": "closed", "paper": "partial"},  # 1.5 / 3 (tie)
        "Charlie": {"weights": "open", "code": "open", "paper": "open"},  # 3 / 3
        "Delta": {"weights": "not_assessed"},  # 0, two criteria missing
    }
    for name, by_code in levels.items():
        model = make_model(org, name)
        for code, level in by_code.items():
            record(model, criteria[code], level, at=T0)

    written = services.scores_recompute(methodology=methodology)

    assert written == 4
    ranked = list(
        Score.objects.filter(methodology=methodology, track=Track.EDITORIAL)
        .order_by("rank")
        .values_list("model__name", "total", "rank", "groups")
    )
    assert [(name, total, rank) for name, total, rank, _ in ranked] == [
        ("Charlie", Decimal("1.000000"), 1),
        ("alpha", Decimal("0.500000"), 2),
        ("Bravo", Decimal("0.500000"), 3),
        ("Delta", Decimal("0.000000"), 4),
    ]
    assert ranked[2][3] == {"availability": "0.750000", "documentation": "0.000000"}


def test_a_criterion_that_does_not_apply_to_the_model_type_is_left_out(methodology, org):
    Criterion.objects.filter(methodology=methodology, code="paper").update(model_types=["audio"])
    model = make_model(org, "Alpha", types=("text",))
    criteria = {c.code: c for c in methodology.criteria.all()}
    record(model, criteria["weights"], Level.OPEN, at=T0)
    record(model, criteria["code"], Level.PARTIAL, at=T0)
    record(model, criteria["paper"], Level.CLOSED, at=T0)

    services.scores_recompute(methodology=methodology)

    score = Score.objects.get(model=model)
    assert (score.total, score.points, score.applicable) == (Decimal("0.750000"), 3, 2)


def test_one_assessment_per_model_criterion_and_track(methodology, org):
    model = make_model(org, "Alpha")
    weights = methodology.criteria.get(code="weights")
    record(model, weights, Level.OPEN, at=T0)
    services.assessment_record(
        model=model,
        criterion=weights,
        track=Track.AUTOMATIC,
        level=Level.PARTIAL,
        notes="Gated on the hub.",
        provenance=Provenance.AUTOMATIC,
        evidence=[],
        source="crawler",
        reason="rule weights@1",
        at=T0,
    )

    assert Assessment.objects.filter(model=model, criterion=weights).count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            model=model,
            criterion=weights,
            track=Track.AUTOMATIC,
            provenance=Provenance.AUTOMATIC,
            updated_at=T0,
        )
