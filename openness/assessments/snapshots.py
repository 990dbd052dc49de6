"""Stored rankings of past days: the levels of every model of the curated track at the end of
each day on which one of them changed (RankingSnapshot), so that an as-of page reads one row
instead of finding the latest of thousands of revisions.

Derived data, like Score: the revisions stay the record, and a snapshot is what they say at the
end of its day. It is kept right by construction: a trigger on the revisions' table (migration
0008) marks, in the same statement as any insert of a curated revision (an import, the
history's replay, a curator's edit, an accepted or reverted correction, a loaded dump), the
first day the new revisions change (RankingSnapshotStale). `snapshots_refresh` rebuilds the
snapshots from that day on, writing only the days whose levels differ; the replay and the
import call it before they commit, and a read finding a mark calls it first, so a page never
reads a stale snapshot. `snapshots_rebuild` (the `ranking_snapshots` command) recomputes every
day from the revisions alone.

A day's snapshot holds levels only: names, model types and withdrawals are read with today's
values when the ranking is built, as the pages always did (docs/history.md), so renaming a model
or a later withdrawal needs no snapshot rewritten.
"""

import copy
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.db import connection, transaction

from openness.assessments.models import (
    RankingSnapshot,
    RankingSnapshotStale,
    Revision,
    Track,
)

Levels = dict[str, dict[str, str]]  # {"<model id>": {"<criterion code>": "<level>"}}


@dataclass
class RefreshReport:
    """What a refresh or rebuild wrote: days inserted, updated, deleted and left alone."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    def add(self, other: "RefreshReport") -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.deleted += other.deleted
        self.unchanged += other.unchanged

    @property
    def written(self) -> int:
        return self.inserted + self.updated + self.deleted


# The as-of read: the snapshot in force (the ranking_snapshot_unique_day index, read backwards
# from the day) and whether the track is marked stale, in one round trip.
_LEVELS_AS_OF = """
SELECT (SELECT levels FROM assessments_rankingsnapshot
        WHERE methodology_id = %(methodology)s AND track = %(track)s AND day <= %(day)s
        ORDER BY day DESC LIMIT 1),
       EXISTS (SELECT 1 FROM assessments_rankingsnapshotstale
               WHERE methodology_id = %(methodology)s AND track = %(track)s)
"""


def levels_as_of(*, methodology_id: int, track: str, day: date) -> dict[int, dict[str, str]]:
    """Every model's levels under a methodology at the end of `day`: the snapshot in force
    then (the latest at or before it), refreshed first if a revision marked it stale."""
    params = {"methodology": methodology_id, "track": track, "day": day}
    with connection.cursor() as cursor:
        cursor.execute(_LEVELS_AS_OF, params)
        levels, stale = cursor.fetchone()
        if stale:
            snapshots_refresh(methodology_id=methodology_id, track=track)
            cursor.execute(_LEVELS_AS_OF, params)
            levels, stale = cursor.fetchone()
    if isinstance(levels, str):  # Django reads jsonb as text and leaves decoding to JSONField
        levels = json.loads(levels)
    return {int(model_id): cells for model_id, cells in (levels or {}).items()}


def snapshots_refresh(
    *, methodology_id: int | None = None, track: str | None = None
) -> RefreshReport:
    """Bring the tracks marked stale (all, or the one named) up to date from the marked day
    on, then clear their marks.

    The mark's row lock serialises refreshes with each other and with writers that mark the
    same track: a writer committing meanwhile marks again, and the next refresh takes it. A
    writer refreshes only its own track, whose mark its insert already holds, so two writers
    never wait for each other's marks.
    """
    report = RefreshReport()
    with transaction.atomic():
        stale = RankingSnapshotStale.objects.select_for_update().order_by("methodology_id", "track")
        if methodology_id is not None:
            stale = stale.filter(methodology_id=methodology_id, track=track)
        for mark in stale:
            report.add(
                _rebuild(methodology_id=mark.methodology_id, track=mark.track, since=mark.since)
            )
            mark.delete()
    return report


def snapshots_rebuild(*, dry_run: bool = False) -> RefreshReport:
    """Recompute every snapshot of the curated track from the revisions alone; with dry_run,
    only count what differs from what is stored (nothing written)."""
    report = RefreshReport()
    with transaction.atomic():
        # The marks taken now are the ones this rebuild answers; a writer marking meanwhile
        # waits for them, or leaves a new mark for the next refresh.
        marks = list(
            RankingSnapshotStale.objects.select_for_update()
            .filter(track=Track.EDITORIAL)
            .values_list("pk", flat=True)
        )
        methodologies = set(
            Revision.objects.filter(assessment__track=Track.EDITORIAL)
            .values_list("assessment__criterion__methodology_id", flat=True)
            .distinct()
        ) | set(
            RankingSnapshot.objects.filter(track=Track.EDITORIAL)
            .values_list("methodology_id", flat=True)
            .distinct()
        )
        for methodology_id in sorted(methodologies):
            report.add(
                _rebuild(
                    methodology_id=methodology_id,
                    track=Track.EDITORIAL,
                    since=None,
                    write=not dry_run,
                )
            )
        if dry_run:
            transaction.set_rollback(True)
        else:
            RankingSnapshotStale.objects.filter(pk__in=marks).delete()
    return report


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _rebuild(
    *, methodology_id: int, track: str, since: date | None, write: bool = True
) -> RefreshReport:
    """The snapshots of one track from `since` on (all of them when None), recomputed by
    applying its revisions in order (created_at, id) to the levels of the day before, which
    is what "the latest revision of each assessment at the end of the day" means."""
    stored = RankingSnapshot.objects.filter(methodology_id=methodology_id, track=track)
    revisions = Revision.objects.filter(
        assessment__criterion__methodology_id=methodology_id, assessment__track=track
    )
    state: Levels = {}
    if since is not None:
        before = stored.filter(day__lt=since).order_by("-day").values_list("levels", flat=True)
        state = copy.deepcopy(before.first() or {})
        stored = stored.filter(day__gte=since)
        revisions = revisions.filter(created_at__gte=_day_start(since))
    rows = revisions.order_by("created_at", "id").values_list(
        "created_at", "assessment__model_id", "assessment__criterion__code", "new_level"
    )
    computed: dict[date, Levels] = {}
    current_day = None
    for at, model_id, code, level in rows.iterator(chunk_size=5000):
        day = at.astimezone(UTC).date()
        if current_day is not None and day != current_day:
            computed[current_day] = copy.deepcopy(state)
        current_day = day
        state.setdefault(str(model_id), {})[code] = level
    if current_day is not None:
        computed[current_day] = state

    report = RefreshReport()
    existing = {day: (pk, levels) for pk, day, levels in stored.values_list("pk", "day", "levels")}
    inserts = []
    for day, levels in computed.items():
        if day not in existing:
            report.inserted += 1
            inserts.append(
                RankingSnapshot(methodology_id=methodology_id, track=track, day=day, levels=levels)
            )
        elif existing[day][1] != levels:
            report.updated += 1
            if write:
                RankingSnapshot.objects.filter(pk=existing[day][0]).update(levels=levels)
        else:
            report.unchanged += 1
    gone = [pk for day, (pk, _levels) in existing.items() if day not in computed]
    report.deleted = len(gone)
    if write:
        RankingSnapshot.objects.bulk_create(inserts, batch_size=50)
        RankingSnapshot.objects.filter(pk__in=gone).delete()
    return report
