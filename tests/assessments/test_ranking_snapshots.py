"""The stored past rankings (assessments/snapshots.py): one snapshot per day that changed, kept
right by the revisions' trigger whatever writes them, and rebuilt identically by the command."""

from datetime import UTC, date, datetime, timedelta

import pytest
from builders import model_build, moment, scripted_history
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone

from openness.assessments import history
from openness.assessments.models import (
    Assessment,
    Level,
    Provenance,
    RankingSnapshot,
    RankingSnapshotStale,
    Revision,
    Track,
)
from openness.assessments.services import (
    EvidenceInput,
    assessment_record,
    model_states_as_of,
    revision_backfill,
)
from openness.assessments.snapshots import levels_as_of, snapshots_rebuild, snapshots_refresh

DAYS = [date(2026, 3, 14), date(2026, 3, 20), date(2026, 4, 2)]


@pytest.fixture
def scripted(db):
    cache.clear()
    found = scripted_history()
    snapshots_refresh()
    return found


def stored(methodology) -> dict[date, tuple[int, dict]]:
    return {
        day: (pk, levels)
        for pk, day, levels in RankingSnapshot.objects.filter(
            methodology=methodology, track=Track.EDITORIAL
        ).values_list("pk", "day", "levels")
    }


def scanned(models, day: date) -> dict[int, dict[str, str]]:
    """The levels of the day read from the revisions directly, model by model."""
    found = {}
    for model in models:
        states = model_states_as_of(model=model, when=history.end_of_day(day))
        codes = dict(
            Assessment.objects.filter(model=model, track=Track.EDITORIAL).values_list(
                "criterion_id", "criterion__code"
            )
        )
        if states:
            found[model.pk] = {codes[pk]: state["level"] for pk, state in states.items()}
    return found


def test_one_snapshot_is_stored_per_day_on_which_a_level_changed(scripted):
    assert sorted(stored(scripted["methodology"])) == DAYS
    assert not RankingSnapshotStale.objects.exists()


def test_the_snapshot_in_force_gives_the_levels_the_revisions_give_on_every_day(scripted):
    models = [scripted["olmo"], scripted["pythia"]]
    day = date(2026, 3, 12)
    while day <= date(2026, 4, 4):
        levels = levels_as_of(
            methodology_id=scripted["methodology"].pk, track=Track.EDITORIAL, day=day
        )
        assert levels == scanned(models, day), day
        day += timedelta(days=1)


def test_a_revision_learnt_late_updates_the_days_it_changes_and_nothing_else(scripted):
    methodology, olmo = scripted["methodology"], scripted["olmo"]
    before = stored(methodology)
    datasheet = Assessment.objects.get(model=olmo, criterion__code="datasheet")
    last = datasheet.revisions.order_by("-created_at", "-id").first()
    revision_backfill(
        assessment_id=datasheet.pk,
        before=last.state(),
        level=Level.OPEN,
        notes="A datasheet was published.",
        provenance=Provenance.CURATED,
        evidence=[],
        source=Revision.Source.IMPORT,
        reason="history learnt late",
        actor_label="EU OSAI Index",
        context={},
        at=moment("2026-03-25"),
    )
    assert RankingSnapshotStale.objects.get().since == date(2026, 3, 25)
    report = snapshots_refresh()
    assert (report.inserted, report.updated, report.deleted) == (1, 1, 0)
    after = stored(methodology)
    # The days before are the same rows, untouched; 2026-03-25 is new; 2026-04-02 carries it.
    assert after[DAYS[0]] == before[DAYS[0]]
    assert after[DAYS[1]] == before[DAYS[1]]
    assert after[date(2026, 3, 25)][1][str(olmo.pk)]["datasheet"] == "open"
    assert after[DAYS[2]][0] == before[DAYS[2]][0]
    assert after[DAYS[2]][1][str(olmo.pk)]["datasheet"] == "open"
    assert before[DAYS[2]][1][str(olmo.pk)]["datasheet"] == "partial"
    ranking = history.ranking_as_of(methodology=methodology, day=date(2026, 3, 25))
    olmo_row = next(row for row in ranking if row.model_id == olmo.pk)
    assert olmo_row.levels["datasheet"] == "open"


def test_a_curator_edit_today_adds_today_alone(scripted):
    methodology, pythia = scripted["methodology"], scripted["pythia"]
    before = stored(methodology)
    assessment_record(
        model=pythia,
        criterion=methodology.criteria.get(code="licenses"),
        level=Level.PARTIAL,
        notes="The weights' license restricts use.",
        provenance=Provenance.CURATED,
        evidence=[EvidenceInput(url="https://example.org/license", title="License")],
        source=Revision.Source.ADMIN,
        reason="curator edit",
        actor_label="curator",
    )
    report = snapshots_refresh()
    today = timezone.now().astimezone(UTC).date()
    assert (report.inserted, report.updated, report.unchanged) == (1, 0, 0)
    after = stored(methodology)
    assert {day: row for day, row in after.items() if day != today} == before
    assert after[today][1][str(pythia.pk)]["licenses"] == "partial"


def test_a_read_finding_the_track_stale_refreshes_it_first(scripted):
    methodology, olmo = scripted["methodology"], scripted["olmo"]
    record_at = datetime(2026, 4, 1, 12, tzinfo=UTC)
    assessment_record(
        model=olmo,
        criterion=methodology.criteria.get(code="licenses"),
        level=Level.CLOSED,
        notes="licenses is closed",
        provenance=Provenance.CURATED,
        evidence=[],
        source=Revision.Source.IMPORT,
        reason="scripted change",
        actor_label="EU OSAI Index",
        at=record_at,
    )
    assert RankingSnapshotStale.objects.exists()
    rows = history.ranking_as_of(methodology=methodology, day=date(2026, 4, 1))
    assert next(r for r in rows if r.model_id == olmo.pk).levels["licenses"] == "closed"
    assert not RankingSnapshotStale.objects.exists()


def test_any_insert_of_curated_revisions_marks_its_earliest_day_and_hub_ones_do_not(scripted):
    methodology, olmo = scripted["methodology"], scripted["olmo"]
    hub = Assessment.objects.create(
        model=olmo,
        criterion=methodology.criteria.get(code="licenses"),
        track=Track.AUTOMATIC,
        level=Level.OPEN,
        provenance=Provenance.AUTOMATIC,
        updated_at=timezone.now(),
    )
    Revision.objects.create(
        assessment=hub,
        created_at=moment("2025-01-01"),
        source=Revision.Source.CRAWLER,
        reason="hub",
        new_level=Level.OPEN,
        new_provenance=Provenance.AUTOMATIC,
    )
    assert not RankingSnapshotStale.objects.exists()
    curated = Assessment.objects.get(model=olmo, criterion__code="licenses", track="editorial")
    Revision.objects.bulk_create(
        [
            Revision(
                assessment=curated,
                created_at=moment(day),
                source=Revision.Source.IMPORT,
                reason="bulk",
                new_level=Level.OPEN,
                new_provenance=Provenance.CURATED,
            )
            for day in ("2026-03-30", "2026-03-16")
        ]
    )
    mark = RankingSnapshotStale.objects.get()
    assert (mark.methodology_id, mark.track, mark.since) == (
        methodology.pk,
        Track.EDITORIAL,
        date(2026, 3, 16),
    )


def test_the_rebuild_reproduces_what_is_stored_and_repairs_a_damaged_day(scripted):
    methodology = scripted["methodology"]
    other = model_build(organisation=scripted["eleuther"], name="GPT-J", slug="gpt-j")
    assessment_record(
        model=other,
        criterion=methodology.criteria.get(code="weights_basemodel"),
        level=Level.OPEN,
        notes="weights open",
        provenance=Provenance.CURATED,
        evidence=[],
        source=Revision.Source.IMPORT,
        reason="scripted change",
        actor_label="EU OSAI Index",
        at=moment("2026-03-18"),
    )
    history.ranking_as_of(methodology=methodology, day=date(2026, 3, 18))  # refreshes
    kept = stored(methodology)
    assert snapshots_rebuild(dry_run=True).written == 0
    call_command("ranking_snapshots", "--check")
    RankingSnapshot.objects.filter(day=DAYS[1]).update(levels={})
    with pytest.raises(CommandError, match="1 stored days differ"):
        call_command("ranking_snapshots", "--check")
    report = snapshots_rebuild()
    assert (report.updated, report.written) == (1, 1)
    assert stored(methodology) == kept
    RankingSnapshot.objects.all().delete()
    assert snapshots_rebuild().inserted == len(kept)
    assert {day: levels for day, (_pk, levels) in stored(methodology).items()} == {
        day: levels for day, (_pk, levels) in kept.items()
    }
