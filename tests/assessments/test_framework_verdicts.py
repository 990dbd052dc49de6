"""Stored verdicts, the per-component licenses, the MOT import and the agreement command."""

from io import StringIO

import pytest
from django.core.management import call_command

from openness.assessments.frameworks.services import (
    component_licenses_import,
    framework_verdicts_recompute,
    licenses_from_notes,
    mot_import,
)
from openness.assessments.models import ComponentLicense, FrameworkVerdict, MotRecord

FIVE = ("OLMo.yaml", "llama-3.1.yaml", "Mistral.yaml", "bloomz.yaml", "deepseek-R1.yaml")


@pytest.fixture
def five(methodology, index_copy):
    folder = index_copy(*FIVE)
    call_command("import_osai", path=folder, verbosity=0, stdout=StringIO())
    component_licenses_import(directory=folder)
    return folder


def test_structured_license_notes_give_a_license_per_artefact():
    notes = "Weights: Apache-2.0 and BigScience RAIL License v1.0. Code: Apache-2.0. Data: MIT."
    assert licenses_from_notes(notes) == {
        "parameters": "Apache-2.0 and BigScience RAIL License v1.0",
        "code": "Apache-2.0",
        "data": "MIT",
    }
    assert licenses_from_notes("Apache 2.0") == {}


def test_it_records_the_curated_files_component_licenses(five):
    bloomz = {c.slot: c.license_name for c in ComponentLicense.objects.filter(model__slug="bloomz")}
    assert bloomz == {
        "parameters": "Apache-2.0 and BigScience RAIL License v1.0",
        "code": "Apache-2.0",
        "data": "Apache-2.0",
    }
    # Idempotent.
    component_licenses_import(directory=five)
    assert ComponentLicense.objects.filter(model__slug="bloomz").count() == 3


def test_it_stores_a_class_and_a_verdict_for_every_scored_model(
    five, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        written = framework_verdicts_recompute(full=True)
    assert written == 10
    verdicts = {
        (v.model.slug, v.framework): v for v in FrameworkVerdict.objects.select_related("model")
    }
    assert verdicts["olmo", "osaid"].verdict == "conforms"
    assert verdicts["olmo", "mof"].verdict == "none"
    assert verdicts["olmo", "mof"].detail["blockers"] == ["Technical report"]
    assert verdicts["bloomz", "osaid"].verdict == "does_not_conform"
    assert "RAIL" in verdicts["bloomz", "osaid"].summary
    assert verdicts["llama-31", "osaid"].verdict == "does_not_conform"
    assert verdicts["deepseek-r1", "osaid"].verdict == "does_not_conform"
    assert verdicts["mistral", "mof"].verdict == "none"
    # Recomputing rewrites the same rows.
    framework_verdicts_recompute(full=True)
    assert FrameworkVerdict.objects.count() == 10


def test_a_recompute_judges_only_the_models_whose_evidence_moved(five):
    from openness.assessments.models import Criterion, Provenance, Revision, Score
    from openness.assessments.services import assessment_record, scores_recompute
    from openness.catalog.models import AIModel

    framework_verdicts_recompute(full=True)
    assert framework_verdicts_recompute() == 0  # nothing moved
    # A recorded component license moved: that model's two verdicts, no other.
    ComponentLicense.objects.filter(model__slug="bloomz", slot="code").update(license_name="MIT")
    assert framework_verdicts_recompute() == 2
    assert framework_verdicts_recompute() == 0
    # A level moved (an admin edit, then the re-score it triggers): OLMo's verdicts follow.
    before = dict(FrameworkVerdict.objects.values_list("model__slug", "computed_at").distinct())
    olmo = AIModel.objects.get(slug="olmo")
    assessment_record(
        model=olmo,
        criterion=Criterion.objects.get(code="trainingcode", methodology__is_current=True),
        level="closed",
        notes="Withdrawn (test).",
        provenance=Provenance.CURATED,
        evidence=[],
        source=Revision.Source.ADMIN,
        reason="test",
    )
    scores_recompute(methodology=Score.objects.first().methodology)
    after = FrameworkVerdict.objects.select_related("model")
    moved = {v.model.slug for v in after if v.computed_at != before[v.model.slug]}
    assert moved == {"olmo"}
    assert after.get(model=olmo, framework="osaid").verdict == "does_not_conform"
    # The declared license of the model moved: judged again too.
    AIModel.objects.filter(slug="mistral").update(license_name="MIT")
    assert framework_verdicts_recompute() == 2


def test_a_recompute_that_writes_many_rows_refreshes_the_statistics(five, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openness.assessments.frameworks import services

    def analysed(**options) -> bool:
        with CaptureQueriesContext(connection) as queries:
            framework_verdicts_recompute(**options)
        return any(q["sql"].startswith("ANALYZE") for q in queries.captured_queries)

    assert not analysed(full=True)  # ten rows: below the threshold
    monkeypatch.setattr(services, "ANALYZE_AFTER_ROWS", 10)
    assert analysed(full=True)
    assert not analysed()  # nothing moved, nothing written


def test_the_mot_import_matches_conservatively_and_reports_the_rest(five):
    result = mot_import()
    assert result.imported == 273 and not result.errors
    matched = {file: (slug, basis) for file, slug, basis in result.matched}
    assert matched["DeepSeek-R1.yml"] == ("deepseek-r1", "name")
    assert matched["OLMo-7B.yml"] == ("olmo", "family")
    assert matched["BLOOM.yml"] == ("bloomz", "base")
    # Someone else's fine-tune is never matched to the tool's base model, nor an unrelated one.
    assert "Falcon-40B.yml" in result.unmatched
    assert MotRecord.objects.count() == 273
    assert MotRecord.objects.get(file="Llama-3.1-8B.yml").model.slug == "llama-31"
    mot_import()
    assert MotRecord.objects.count() == 273


def test_the_agreement_command_lists_the_figure_and_each_disagreement(five):
    mot_import()
    framework_verdicts_recompute()
    out = StringIO()
    call_command("frameworks_agreement", "--all", stdout=out)
    text = out.getvalue()
    assert "Agreement: 5 of 5 models (100.0%)" in text
    assert "agree: OLMo (olmo) derived none, tool none" in text
    # Per component: released or not, and the license's kind, every disagreement with why.
    assert "Per component (present: released or not; license: the kind of it):" in text
    assert "Components released or not: " in text
    assert "License kind, where both say released: " in text
    assert "  Model parameters (Final): present " in text
    lines = text.splitlines()
    disagreements = [i for i, line in enumerate(lines) if line.startswith("DISAGREE (")]
    assert disagreements
    assert all(lines[i + 1].startswith("  why: Openness: ") for i in disagreements)
    # No component is given a license it does not have: the papers stay without one.
    assert "Technical report" in text and "no license" in text


def test_the_import_command_checks_records_imports_and_recomputes(five):
    out = StringIO()
    call_command("import_frameworks", "--skip-hub", "--unmatched", stdout=out)
    text = out.getvalue()
    assert "Definitions: MOF 1.0, OSAID 1.0" in text
    matched = MotRecord.objects.filter(model__isnull=False).count()
    assert f"Model Openness Tool: 273 files, {matched} matched to a curated model" in text
    assert matched >= 5
    assert "unmatched: Falcon-40B.yml" in text
    assert "Verdicts stored (editorial): 5 models" in text
    assert "automatic" not in text


def test_verdicts_are_rebuilt_from_the_revisions_of_a_past_day(five):
    from datetime import timedelta

    from django.utils import timezone

    from openness.assessments.frameworks.history import verdicts_as_of
    from openness.assessments.models import Criterion, Provenance, Revision
    from openness.assessments.services import assessment_record
    from openness.catalog.models import AIModel

    olmo = AIModel.objects.get(slug="olmo")
    today = timezone.now().date()
    assert verdicts_as_of(model=olmo, day=today).osaid.verdict == "conforms"
    assert verdicts_as_of(model=olmo, day=today - timedelta(days=1)).osaid is None
    assessment_record(
        model=olmo,
        criterion=Criterion.objects.get(code="trainingcode", methodology__is_current=True),
        level="closed",
        notes="Withdrawn (test).",
        provenance=Provenance.CURATED,
        evidence=[],
        source=Revision.Source.ADMIN,
        reason="test",
    )
    rebuilt = verdicts_as_of(model=olmo, day=today)
    assert rebuilt.osaid.verdict == "does_not_conform"
    assert [r.code for r in rebuilt.osaid.deciding] == ["code"]
