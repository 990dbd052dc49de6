"""The EU OSAI Index import: all 193 files, exact scores, idempotence, conflicts, history."""

from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from openness.assessments import scoring
from openness.assessments.models import (
    Assessment,
    Evidence,
    Level,
    Methodology,
    Provenance,
    Revision,
    Score,
    Track,
)
from openness.assessments.osai_import import (
    ACTOR_LABEL,
    REVIEWER_LABEL,
    TEMPLATE_FILE,
    osai_file_parse,
    osai_import,
)
from openness.assessments.services import (
    EvidenceInput,
    assessment_record,
    assessment_state_as_of,
    model_states_as_of,
)
from openness.catalog.models import AIModel, Organisation

INDEX = Path(settings.BASE_DIR) / "fixtures" / "osai-index"

COMMIT = "376230f18fa16f9d6da6fba8aeb210402c359be7"
T0 = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


def expected_scores(path) -> tuple[Fraction, dict[str, Fraction]]:
    """The index's formula applied straight to one YAML file, with the groups of _parameters.yml."""
    groups = yaml.safe_load((INDEX / "_parameters.yml").read_text())
    data = yaml.safe_load(path.read_text())
    value = {"open": Fraction(1), "partial": Fraction(1, 2)}
    per_group = {
        group["ref"]: [
            value.get((data[p["ref"]] or {}).get("class"), Fraction(0)) for p in group["params"]
        ]
        for group in groups
    }
    everything = [v for values in per_group.values() for v in values]
    total = sum(everything, Fraction(0)) / len(everything)
    return total, {g: sum(v, Fraction(0)) / len(v) for g, v in per_group.items()}


def six_places(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.000001"), rounding=ROUND_HALF_EVEN
    )


def model_files():
    return sorted(p for p in INDEX.glob("*.yaml") if p.name != TEMPLATE_FILE)


def set_class(path, criterion: str, level: str) -> None:
    data = yaml.safe_load(path.read_text())
    data[criterion]["class"] = level
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def test_the_index_has_193_model_files():
    assert len(model_files()) == 193


@pytest.mark.django_db
def test_every_model_scores_what_the_index_formula_gives_its_yaml(methodology):
    report = osai_import(path=INDEX, methodology=methodology)

    assert report.failed == []
    assert report.count("created") == 193
    scores = {
        s.model.osai_file: s
        for s in Score.objects.filter(
            methodology=methodology, track=Track.EDITORIAL
        ).select_related("model")
    }
    assert len(scores) == 193
    for path in model_files():
        total, groups = expected_scores(path)
        stored = scores[path.name]
        assert Fraction(stored.points, 2 * stored.applicable) == total, path.name
        assert stored.applicable == 12
        assert stored.total == six_places(total), path.name
        assert {g: Decimal(v) for g, v in stored.groups.items()} == {
            g: six_places(v) for g, v in groups.items()
        }, path.name

    # Ranks follow the total, ties broken deterministically by scoring.ranking_key.
    ordered = sorted(
        scores.values(),
        key=lambda s: scoring.ranking_key(
            Fraction(s.points, 2 * s.applicable), s.model.name, s.model.slug
        ),
    )
    assert [s.rank for s in ordered] == list(range(1, 194))


@pytest.mark.django_db
def test_all_193_models_come_in_with_all_twelve_criteria_their_notes_and_links(methodology):
    osai_import(path=INDEX, methodology=methodology)

    codes = list(methodology.criteria.values_list("code", flat=True))
    stored = {
        (file, code): (level, notes)
        for file, code, level, notes in Assessment.objects.values_list(
            "model__osai_file", "criterion__code", "level", "notes"
        )
    }
    cited: dict[tuple[str, str], list[str]] = {}
    for file, code, url in Evidence.objects.filter(retracted_at__isnull=True).values_list(
        "assessment__model__osai_file", "assessment__criterion__code", "url"
    ):
        cited.setdefault((file, code), []).append(url)
    expected = {}
    for path in model_files():
        data = yaml.safe_load(path.read_text())
        for code in codes:
            cell = data[code]
            links = cell.get("link")
            links = links if isinstance(links, list) else [links]
            expected[(path.name, code)] = (
                cell["class"] or "not_assessed",
                (cell.get("notes") or "").strip(),
                sorted({link.strip() for link in links if link}),
            )
    assert len(expected) == 193 * 12
    assert {key: (*stored[key], sorted(cited.get(key, []))) for key in stored} == expected


@pytest.mark.django_db
def test_a_second_import_changes_nothing(methodology):
    osai_import(path=INDEX, methodology=methodology)
    revisions = Revision.objects.count()
    evidence = Evidence.objects.count()
    scores_at = set(Score.objects.values_list("id", "computed_at"))

    report = osai_import(path=INDEX, methodology=methodology)

    assert report.count("unchanged") == 193
    assert report.assessments_changed == 0
    assert report.conflicts == []
    assert Revision.objects.count() == revisions
    assert Evidence.objects.count() == evidence
    assert set(Score.objects.values_list("id", "computed_at")) == scores_at


@pytest.mark.django_db
def test_olmo_has_all_twelve_criteria_with_their_evidence_links(methodology, index_copy):
    osai_import(path=index_copy("OLMo.yaml"), methodology=methodology)

    olmo = AIModel.objects.get(slug="olmo")
    data = yaml.safe_load((INDEX / "OLMo.yaml").read_text())
    assessments = {a.criterion.code: a for a in olmo.assessments.select_related("criterion")}
    assert sorted(assessments) == sorted(methodology.criteria.values_list("code", flat=True))
    for code, assessment in assessments.items():
        links = data[code]["link"]
        links = links if isinstance(links, list) else [links]
        cited = list(
            assessment.evidence.filter(retracted_at__isnull=True).values_list("url", flat=True)
        )
        assert cited == list(dict.fromkeys(links)), code
        assert assessment.level == data[code]["class"]
        assert assessment.notes == data[code]["notes"]
    datasheet = assessments["datasheet"].evidence.first()
    assert datasheet.kind == Evidence.Kind.DATASET
    assert datasheet.title == "Hugging Face dataset allenai/dolma3_mix-5.5T-1125"
    assert assessments["preprint"].evidence.get().kind == Evidence.Kind.PREPRINT
    assert {e.kind for e in assessments["trainingcode"].evidence.all()} == {"repository"}
    assert assessments["weights_endmodel"].evidence.get().kind == Evidence.Kind.MODEL_CARD


@pytest.mark.django_db
def test_it_records_the_models_metadata(methodology, index_copy):
    osai_import(
        path=index_copy("OLMo.yaml", "MobileLLM.yaml", "GANSynth.yaml", "bloomz.yaml"),
        methodology=methodology,
    )

    olmo = AIModel.objects.get(osai_file="OLMo.yaml")
    assert olmo.slug == "olmo"
    assert olmo.name == "OLMo"
    assert olmo.is_curated
    assert olmo.organisation == Organisation.objects.get(slug="ai2", name="Ai2")
    assert olmo.organisation.link == "https://allenai.org"
    assert olmo.model_types == ["text"]
    assert olmo.release_date == date(2025, 12, 1)
    assert olmo.release_date_precision == "month"
    assert olmo.performance_class == "full"
    assert olmo.end_model_name == "Olmo-3.1-32B-Think"
    assert olmo.base_model_name == "Olmo-3-1125-32B"
    assert olmo.end_model_repo == "allenai/Olmo-3.1-32B-Think"
    assert olmo.base_model_repo == "allenai/Olmo-3-1125-32B"
    assert olmo.link == "https://huggingface.co/allenai/Olmo-3.1-32B-Think"
    assert olmo.description == "Open LLM trained from scratch by Allen AI."
    assert (olmo.license_name, olmo.license_spdx) == ("Apache-2.0", "Apache-2.0")

    assert AIModel.objects.get(osai_file="MobileLLM.yaml").model_types == ["text", "code"]
    # GANSynth spells the key `endmodel license`; it is read as endmodellicense.
    gansynth = AIModel.objects.get(osai_file="GANSynth.yaml")
    assert (gansynth.license_name, gansynth.license_spdx) == ("Apache 2.0", "Apache-2.0")
    bloomz = AIModel.objects.get(osai_file="bloomz.yaml")
    assert bloomz.license_name == "Apache-2.0 and BigScience RAIL License v1.0"
    assert bloomz.license_spdx == ""


@pytest.mark.django_db
def test_every_imported_assessment_credits_the_index(methodology, index_copy):
    osai_import(path=index_copy("OLMo.yaml"), methodology=methodology, at=T0)

    assessment = Assessment.objects.get(model__slug="olmo", criterion__code="paper")
    assert assessment.provenance == Provenance.CURATED
    assert assessment.track == Track.EDITORIAL
    assert assessment.reviewer_label == REVIEWER_LABEL
    # Reviewed when upstream last reviewed it (the commit's date), not when we imported it.
    assert assessment.reviewed_at == datetime(2026, 6, 12, tzinfo=UTC)
    revision = assessment.revisions.get()
    assert revision.source == Revision.Source.IMPORT
    assert revision.actor_label == ACTOR_LABEL
    assert "OLMo.yaml" in revision.reason
    assert COMMIT in revision.reason
    assert revision.context == {"osai_file": "OLMo.yaml", "upstream_commit": COMMIT}
    assert (revision.old_level, revision.new_level) == ("", Level.PARTIAL)


@pytest.mark.django_db
def test_an_unedited_assessment_takes_an_upstream_change_as_a_new_revision(methodology, index_copy):
    folder = index_copy("OLMo.yaml", "bloomz.yaml")
    osai_import(path=folder, methodology=methodology, at=T0)
    set_class(folder / "OLMo.yaml", "paper", "open")

    report = osai_import(path=folder, methodology=methodology, at=T0 + timedelta(days=1))

    assert report.assessments_changed == 1
    assert report.conflicts == []
    assert {f.file: f.status for f in report.files} == {
        "bloomz.yaml": "unchanged",
        "OLMo.yaml": "updated",
    }
    paper = Assessment.objects.get(model__slug="olmo", criterion__code="paper")
    assert paper.level == Level.OPEN
    latest = paper.revisions.order_by("-created_at").first()
    assert (latest.old_level, latest.new_level, latest.source) == ("partial", "open", "import")
    score = Score.objects.get(model__slug="olmo", methodology=methodology)
    assert score.total == six_places(Fraction(12, 12))


@pytest.mark.django_db
def test_a_curators_edit_survives_a_changed_upstream_file_and_the_conflict_is_reported(
    methodology, index_copy
):
    folder = index_copy("OLMo.yaml")
    osai_import(path=folder, methodology=methodology, at=T0)
    paper = Assessment.objects.get(model__slug="olmo", criterion__code="paper")
    assessment_record(
        model=paper.model,
        criterion=paper.criterion,
        level=Level.CLOSED,
        notes="The COLM paper covers only part of the system.",
        provenance=Provenance.CURATED,
        evidence=[EvidenceInput(url="https://openreview.net/forum?id=2ezugTT9kU")],
        source=Revision.Source.ADMIN,
        reason="Curator review",
        actor_label="curator",
        at=T0 + timedelta(hours=1),
    )
    set_class(folder / "OLMo.yaml", "paper", "open")
    set_class(folder / "OLMo.yaml", "datasheet", "partial")

    report = osai_import(path=folder, methodology=methodology, at=T0 + timedelta(days=1))

    assert [(c.file, c.criterion, c.local_level, c.upstream_level) for c in report.conflicts] == [
        ("OLMo.yaml", "paper", "closed", "open")
    ]
    assert report.assessments_changed == 1  # the unedited datasheet took the change
    paper.refresh_from_db()
    assert paper.level == Level.CLOSED
    assert paper.needs_review
    assert "OLMo.yaml" in paper.review_reason
    assert paper.revisions.latest("created_at").source == Revision.Source.ADMIN
    datasheet = Assessment.objects.get(model__slug="olmo", criterion__code="datasheet")
    assert datasheet.level == Level.PARTIAL

    # Re-running reports the conflict again and still writes nothing.
    revisions = Revision.objects.count()
    again = osai_import(path=folder, methodology=methodology, at=T0 + timedelta(days=2))
    assert len(again.conflicts) == 1
    assert again.assessments_changed == 0
    assert Revision.objects.count() == revisions

    out, err = StringIO(), StringIO()
    call_command("import_osai", path=folder, stdout=out, stderr=err)
    assert "conflict paper: local closed, upstream open" in out.getvalue()


@pytest.mark.django_db
def test_every_change_leaves_a_revision_and_any_past_state_can_be_rebuilt(methodology, index_copy):
    folder = index_copy("OLMo.yaml")
    t1, t2, t3 = T0, T0 + timedelta(days=1), T0 + timedelta(days=2)
    osai_import(path=folder, methodology=methodology, at=t1)
    set_class(folder / "OLMo.yaml", "paper", "open")
    osai_import(path=folder, methodology=methodology, at=t2)
    paper = Assessment.objects.get(model__slug="olmo", criterion__code="paper")
    assessment_record(
        model=paper.model,
        criterion=paper.criterion,
        level=Level.PARTIAL,
        notes="Back to partial: the paper omits the RL stage.",
        provenance=Provenance.CURATED,
        evidence=[],
        source=Revision.Source.ADMIN,
        reason="Curator review",
        actor_label="curator",
        at=t3,
    )

    assert list(paper.revisions.values_list("old_level", "new_level", "source")) == [
        ("", "partial", "import"),
        ("partial", "open", "import"),
        ("open", "partial", "admin"),
    ]
    assert assessment_state_as_of(paper, t1 - timedelta(seconds=1)) is None
    as_of_t1 = assessment_state_as_of(paper, t1 + timedelta(hours=1))
    assert as_of_t1["level"] == "partial"
    assert [e["url"] for e in as_of_t1["evidence"]] == [
        "https://openreview.net/forum?id=2ezugTT9kU#discussion"
    ]
    assert assessment_state_as_of(paper, t2 + timedelta(hours=1))["level"] == "open"
    now = assessment_state_as_of(paper, t3)
    assert (now["level"], now["evidence"]) == ("partial", [])

    states = model_states_as_of(model=paper.model, when=t2 + timedelta(hours=1))
    assert len(states) == 12
    assert states[paper.criterion_id]["level"] == "open"


BAD_CASES = {
    "unknown level": (
        "paper",
        "class",
        "mostly open",
        "paper.class",
        "unknown level 'mostly open'",
    ),
    "javascript link": (
        "modelcard",
        "link",
        "javascript:alert(1)",
        "modelcard.link",
        "'javascript:alert(1)' is not an http(s) URL",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_a_bad_cell_fails_its_file_with_an_itemised_report_and_nothing_else(
    methodology, index_copy, case
):
    criterion, key, value, field, message = BAD_CASES[case]
    folder = index_copy("OLMo.yaml", "bloomz.yaml")
    data = yaml.safe_load((folder / "OLMo.yaml").read_text())
    data[criterion][key] = value
    (folder / "Bad.yaml").write_text(yaml.safe_dump(data, sort_keys=False))

    report = osai_import(path=folder, methodology=methodology)

    assert [f.file for f in report.failed] == ["Bad.yaml"]
    errors = report.failed[0].errors
    assert [(i.file, i.field) for i in errors] == [("Bad.yaml", field)]
    assert message in errors[0].message
    assert set(AIModel.objects.values_list("osai_file", flat=True)) == {
        "OLMo.yaml",
        "bloomz.yaml",
    }
    assert Score.objects.count() == 2


@pytest.mark.django_db
def test_a_missing_criterion_and_broken_yaml_fail_only_their_files(methodology, index_copy):
    folder = index_copy("OLMo.yaml", "bloomz.yaml")
    data = yaml.safe_load((folder / "OLMo.yaml").read_text())
    del data["datasheet"]
    (folder / "Missing.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    (folder / "Broken.yaml").write_text("system:\n  name: Broken\n  link: [unclosed\n")

    out = StringIO()
    with pytest.raises(CommandError, match=r"2 file\(s\) failed: Broken\.yaml, Missing\.yaml"):
        call_command("import_osai", path=folder, stdout=out)

    printed = out.getvalue()
    assert "Broken.yaml: FAILED, not imported" in printed
    assert "error    (file): broken YAML at line 4" in printed
    assert "Missing.yaml: FAILED, not imported" in printed
    assert "error    datasheet: missing criterion" in printed
    assert "2 models created" in printed
    assert AIModel.objects.count() == 2
    assert Assessment.objects.count() == 24


def test_the_real_datas_misspelt_and_stray_keys_are_warnings_and_read_as_intended():
    codes = (
        "datasources_basemodel",
        "datasources_endmodel",
        "weights_basemodel",
        "weights_endmodel",
        "trainingcode",
        "code",
        "hardware_architecture",
        "preprint",
        "paper",
        "modelcard",
        "datasheet",
        "licenses",
    )
    for name in ("GANSynth.yaml", "MusicLDM.yaml", "Rave.yaml", "StableAudio.yaml"):
        record, issues = osai_file_parse(path=INDEX / name, criteria=codes)
        assert record is not None
        assert record.fields["license_name"]
        assert [(i.severity, i.field) for i in issues] == [("warning", "system.endmodel license")]
    record, issues = osai_file_parse(path=INDEX / "koala.yaml", criteria=codes)
    assert record is not None
    assert [(i.severity, i.field) for i in issues] == [("warning", "system.datasources_endmodel")]
    assert "belongs at the top level" in issues[0].message


@pytest.mark.django_db
def test_an_empty_class_is_not_assessed_and_an_old_criterion_is_reported(methodology, index_copy):
    folder = index_copy()
    data = yaml.safe_load((INDEX / "OLMo.yaml").read_text())
    data["paper"] = {"class": None, "link": None, "notes": None}
    data["package"] = {"class": "open", "link": None, "notes": None}
    (folder / "Sparse.yaml").write_text(yaml.safe_dump(data, sort_keys=False))

    report = osai_import(path=folder, methodology=methodology)

    assert report.failed == []
    warnings = [(i.field, i.message) for i in report.warnings]
    assert warnings == [
        (
            "package",
            "`package` is a criterion of the index's earlier version, not of the current one; "
            "not imported",
        )
    ]
    paper = Assessment.objects.get(model__osai_file="Sparse.yaml", criterion__code="paper")
    assert paper.level == Level.NOT_ASSESSED
    assert not paper.evidence.exists()


@pytest.mark.django_db
def test_a_dry_run_reports_and_saves_nothing(methodology, index_copy):
    report = osai_import(path=index_copy("OLMo.yaml"), methodology=methodology, dry_run=True)

    assert report.count("created") == 1
    assert report.assessments_changed == 12
    assert not AIModel.objects.exists()
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_the_submission_template_is_not_imported(methodology, index_copy):
    report = osai_import(path=index_copy(TEMPLATE_FILE, "OLMo.yaml"), methodology=methodology)

    assert [f.file for f in report.files] == ["OLMo.yaml"]


@pytest.mark.django_db
def test_the_commands_dry_run_saves_nothing_not_even_the_methodologies(index_copy):
    out = StringIO()
    call_command("import_osai", path=index_copy("OLMo.yaml"), dry_run=True, stdout=out)

    assert "1 models created" in out.getvalue()
    assert "Dry run: nothing was saved." in out.getvalue()
    assert not Methodology.objects.exists()
    assert not AIModel.objects.exists()


@pytest.mark.django_db
def test_a_file_gone_from_the_index_is_reported_and_its_model_kept(methodology, index_copy):
    folder = index_copy("OLMo.yaml", "bloomz.yaml")
    osai_import(path=folder, methodology=methodology)
    (folder / "bloomz.yaml").unlink()

    report = osai_import(path=folder, methodology=methodology)

    assert report.missing_files == ["bloomz.yaml"]
    assert AIModel.objects.filter(osai_file="bloomz.yaml").exists()


@pytest.mark.django_db
def test_the_command_at_verbosity_zero_prints_errors_but_not_warnings(index_copy):
    folder = index_copy("GANSynth.yaml")
    (folder / "Broken.yaml").write_text("system: [\n")
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("import_osai", path=folder, verbosity=0, stdout=out)

    assert "Broken.yaml: FAILED, not imported" in out.getvalue()
    assert "endmodel license" not in out.getvalue()
