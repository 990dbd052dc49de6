"""The replay of the index's git history, on small repositories built here from real files."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from openness.assessments.models import (
    Assessment,
    Provenance,
    Revision,
    Score,
    Track,
    UpstreamCommit,
)
from openness.assessments.osai_history import formats
from openness.assessments.osai_history.git_source import commit_url
from openness.assessments.osai_history.replay import osai_history_replay
from openness.assessments.osai_import import osai_import
from openness.assessments.services import assessment_record
from openness.catalog.models import AIModel
from tests.history_repo import IndexRepo

MESSAGE_WITH_CONTROLS = "Licence is bespoke\x01: <restricted> & \u00fcbersicht"


@pytest.fixture
def repo(tmp_path):
    """Five commits of April 2026: two models added, a level changed, a rename, a malformed
    cell next to a sound change, a deletion."""
    index = IndexRepo(tmp_path / "index")
    index.copy("OLMo.yaml")
    index.copy("bloomz.yaml")
    index.copy("a_submission_template.yaml")
    shas = [index.commit("Add OLMo and BLOOMZ", "2026-04-01T10:00:00+02:00")]
    index.set_cell("OLMo.yaml", "licenses", **{"class": "partial"})
    shas.append(index.commit(MESSAGE_WITH_CONTROLS, "2026-04-02T09:30:00+00:00"))
    index.git("mv", "bloomz.yaml", "BLOOMZ family.yaml")
    shas.append(index.commit("Rename bloomz", "2026-04-03T09:00:00+00:00"))
    index.set_cell("OLMo.yaml", "trainingcode", **{"class": "parial"})
    index.set_cell("OLMo.yaml", "paper", notes="Peer-reviewed at ACL 2024")
    shas.append(index.commit("Typo and a paper", "2026-04-04T09:00:00+00:00"))
    (index.root / "BLOOMZ family.yaml").unlink()
    shas.append(index.commit("", "2026-04-05T09:00:00+00:00"))
    index.shas = shas
    return index


def levels(model: AIModel) -> dict[str, str]:
    return dict(
        Assessment.objects.filter(
            model=model, track=Track.EDITORIAL, criterion__methodology__is_current=True
        ).values_list("criterion__code", "level")
    )


def test_the_project_and_nested_formats_read_as_today_s():
    project = {
        "project": {"name": "X", "llmbase": "B", "rlbase": "E", "license": "MIT"},
        "org": {"name": "O"},
        "opencode": {"class": "open"},
        "llmdata": {"class": "partial"},
        "rlweights": {"class": "closed"},
        "architecture": {"class": "open"},
        "license": {"class": "open"},
    }
    assert formats.file_format(project) == "project"
    assert formats.current_format(project) == {
        "system": {
            "name": "X",
            "basemodelname": "B",
            "endmodelname": "E",
            "endmodellicense": "MIT",
        },
        "org": {"name": "O"},
        "trainingcode": {"class": "open"},
        "datasources_basemodel": {"class": "partial"},
        "weights_endmodel": {"class": "closed"},
        "hardware_architecture": {"class": "open"},
        "licenses": {"class": "open"},
    }
    nested = {"system": {}, "weights": {"basemodel": {"class": "open"}, "endmodel": None}}
    assert formats.file_format(nested) == "nested"
    assert formats.current_format(nested) == {
        "system": {},
        "weights_basemodel": {"class": "open"},
        "weights_endmodel": None,
    }
    assert formats.is_model_file("OLMo.yaml")
    assert not formats.is_model_file("a_submission_template.yaml")
    assert not formats.is_model_file("GANSynth/GANSynth.yaml")
    assert not formats.is_model_file("_parameters.yml")


@pytest.mark.django_db
def test_each_changed_cell_becomes_a_revision_dated_at_its_commit(methodology, repo, tmp_path):
    report = osai_history_replay(source=repo.bundle(tmp_path / "index.bundle"))

    assert report.commits_total == report.commits_replayed == 5
    olmo = AIModel.objects.get(slug="olmo")
    licenses = Revision.objects.filter(
        assessment__model=olmo, assessment__criterion__code="licenses"
    ).order_by("created_at")
    first, second = licenses
    assert first.created_at == datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    assert first.reason == "Add OLMo and BLOOMZ"
    assert (second.old_level, second.new_level) == ("open", "partial")
    assert second.created_at == datetime(2026, 4, 2, 9, 30, tzinfo=UTC)
    assert second.reason == MESSAGE_WITH_CONTROLS
    assert second.actor_label == "EU Open Source AI Index"
    assert second.source == Revision.Source.IMPORT
    assert second.context["upstream_url"] == commit_url(repo.shas[1])
    assert second.context["upstream_commit"] == repo.shas[1]
    # Only the changed cell: the other eleven kept their single revision.
    assert Revision.objects.filter(assessment__model=olmo).count() == 12 + 1 + 1
    assert levels(olmo)["licenses"] == "partial"
    assert UpstreamCommit.objects.get(sha=repo.shas[1]).cells_changed == 1


@pytest.mark.django_db
def test_a_malformed_cell_is_reported_and_skipped_alone(methodology, repo):
    report = osai_history_replay(source=repo.root)

    olmo = AIModel.objects.get(slug="olmo")
    assert levels(olmo)["trainingcode"] == "open"  # "parial" is not guessed
    assert Assessment.objects.get(model=olmo, criterion__code="paper").notes == (
        "Peer-reviewed at ACL 2024"
    )
    assert any("trainingcode.class: unknown level 'parial'" in i for i in report.issues)
    commit = UpstreamCommit.objects.get(sha=repo.shas[3])
    assert commit.issues and "parial" in commit.issues[0]


@pytest.mark.django_db
def test_renames_are_followed_and_a_deleted_file_withdraws_its_model(methodology, repo):
    report = osai_history_replay(source=repo.root)

    assert report.renames == 1 and report.models_withdrawn == 1
    bloomz = AIModel.objects.get(osai_file="BLOOMZ family.yaml")
    # One model throughout, named after its last file; kept, withdrawn since the deletion.
    assert bloomz.slug == "bloomz-family"
    assert AIModel.objects.filter(is_curated=True).count() == 2
    assert bloomz.withdrawn_at == datetime(2026, 4, 5, 9, 0, tzinfo=UTC)
    assert Revision.objects.filter(assessment__model=bloomz).count() == 12
    assert not Score.objects.filter(model=bloomz).exists()
    assert Score.objects.filter(model__slug="olmo").exists()
    assert UpstreamCommit.objects.get(sha=repo.shas[4]).message == ""


@pytest.mark.django_db
def test_a_second_run_changes_nothing_and_a_newer_one_adds_only_new_commits(
    methodology, repo, tmp_path
):
    osai_history_replay(source=repo.bundle(tmp_path / "first.bundle"))
    revisions = Revision.objects.count()

    again = osai_history_replay(source=repo.bundle(tmp_path / "same.bundle"))
    assert (again.commits_known, again.commits_replayed) == (5, 0)
    assert Revision.objects.count() == revisions

    repo.set_cell("OLMo.yaml", "datasheet", **{"class": "closed"})
    newest = repo.commit("Datasheet withdrawn", "2026-04-10T09:00:00+00:00")
    newer = osai_history_replay(source=repo.root)
    assert (newer.commits_known, newer.commits_replayed) == (5, 1)
    assert Revision.objects.count() == revisions + 1
    latest = Revision.objects.latest("created_at", "id")
    assert latest.context["upstream_commit"] == newest
    assert latest.new_level == "closed"


@pytest.mark.django_db
def test_a_local_edit_is_kept_flagged_and_reported_when_upstream_changes_the_cell(
    methodology, repo
):
    osai_history_replay(source=repo.root)
    olmo = AIModel.objects.get(slug="olmo")
    criterion = methodology.criteria.get(code="licenses")
    assessment_record(
        model=olmo,
        criterion=criterion,
        level="closed",
        notes="Checked by a curator",
        provenance=Provenance.CURATED,
        evidence=[],
        source=Revision.Source.ADMIN,
        reason="The license forbids commercial use",
        actor_label="curator",
        at=datetime(2026, 4, 6, tzinfo=UTC),
    )
    repo.set_cell("OLMo.yaml", "licenses", **{"class": "open"})
    repo.commit("Licence is Apache 2.0 again", "2026-04-07T09:00:00+00:00")

    report = osai_history_replay(source=repo.root)

    assert [(c.criterion, c.local_level, c.upstream_level) for c in report.conflicts] == [
        ("licenses", "closed", "open")
    ]
    assessment = Assessment.objects.get(model=olmo, criterion=criterion)
    assert assessment.level == "closed" and assessment.needs_review
    assert (
        "Licence"
        not in Revision.objects.filter(assessment=assessment).latest("created_at", "id").reason
    )


@pytest.mark.django_db
def test_history_learnt_after_the_import_goes_behind_it_without_changing_today(
    methodology, repo, tmp_path
):
    """The curated data imported first (as on a running site), its history replayed later."""
    repo.set_cell("OLMo.yaml", "trainingcode", **{"class": "open"})
    last = repo.commit("Fix the typo", "2026-04-06T09:00:00+00:00")
    folder = tmp_path / "snapshot"
    folder.mkdir()
    (folder / "OLMo.yaml").write_bytes((repo.root / "OLMo.yaml").read_bytes())
    (folder / "PROVENANCE.md").write_text(f"Copied at commit {last} (2026-04-06).\n")
    osai_import(path=folder, methodology=methodology, at=datetime(2026, 5, 1, tzinfo=UTC))
    olmo = AIModel.objects.get(slug="olmo")
    today = levels(olmo)

    report = osai_history_replay(source=repo.root)

    assert report.cells_backfilled > 0 and report.conflicts == []
    assert levels(olmo) == today
    licenses = list(
        Revision.objects.filter(assessment__model=olmo, assessment__criterion__code="licenses")
        .order_by("created_at")
        .values_list("created_at", "new_level")
    )
    assert [level for _at, level in licenses] == ["open", "partial", "partial"]
    assert licenses[0][0] == datetime(2026, 4, 1, 8, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_the_command_reports_and_import_osai_skips_a_missing_bundle(methodology, repo, settings):
    out = StringIO()
    call_command("import_osai_history", source=repo.root, stdout=out)
    assert "5 upstream commits: 5 replayed now" in out.getvalue()
    assert "1 malformed cells or files in past commits were skipped" in out.getvalue()


@pytest.mark.django_db
def test_import_osai_history_skips_cleanly_without_the_bundle_or_git(
    methodology, index_copy, tmp_path, monkeypatch
):
    from openness.assessments.management.commands import import_osai

    folder = index_copy("OLMo.yaml")
    monkeypatch.setattr(import_osai, "DEFAULT_BUNDLE", tmp_path / "absent.bundle")
    out = StringIO()
    call_command("import_osai", path=folder, history=True, stdout=out)
    assert "No history bundle at" in out.getvalue()
    assert "1 models created" in out.getvalue()
    assert not UpstreamCommit.objects.exists()

    bundle = tmp_path / "present.bundle"
    bundle.write_bytes(b"")
    monkeypatch.setattr(import_osai, "DEFAULT_BUNDLE", bundle)
    monkeypatch.setattr(import_osai, "git_available", lambda: False)
    out = StringIO()
    call_command("import_osai", path=folder, history=True, stdout=out)
    assert "git is not installed" in out.getvalue()


@pytest.mark.django_db
def test_a_branch_takes_effect_at_its_merge_credited_to_the_commit_that_made_it(
    methodology, tmp_path
):
    repo = IndexRepo(tmp_path / "index")
    repo.copy("OLMo.yaml")
    repo.copy("bloomz.yaml")
    repo.commit("Add OLMo and BLOOMZ", "2026-04-01T10:00:00+00:00")
    repo.git("checkout", "--quiet", "-b", "preview")
    repo.set_cell("OLMo.yaml", "paper", **{"class": "closed"})
    branch_commit = repo.commit("Paper withdrawn by the venue", "2026-04-02T10:00:00+00:00")
    repo.git("checkout", "--quiet", "main")
    repo.set_cell("bloomz.yaml", "licenses", **{"class": "partial"})
    repo.commit("Licence is bespoke", "2026-04-03T10:00:00+00:00")
    date = "2026-04-05T10:00:00+00:00"
    repo.git("merge", "--quiet", "--no-ff", "-m", "Merge branch 'preview'", "preview", date=date)
    merge = repo.git("rev-parse", "HEAD").strip()

    report = osai_history_replay(source=repo.root)

    assert report.commits_replayed == 4
    paper = Revision.objects.filter(
        assessment__model__slug="olmo", assessment__criterion__code="paper"
    ).latest("created_at", "id")
    # What the index published: the branch's change on the day of the merge, with its reason.
    assert paper.created_at == datetime(2026, 4, 5, 10, 0, tzinfo=UTC)
    assert paper.new_level == "closed"
    assert paper.reason == "Paper withdrawn by the venue"
    assert paper.context["upstream_commit"] == branch_commit
    assert paper.context["merged_in"] == merge
    assert UpstreamCommit.objects.get(sha=branch_commit).recorded_at == paper.created_at
    assert levels(AIModel.objects.get(slug="bloomz"))["licenses"] == "partial"
