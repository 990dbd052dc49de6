"""Every pair of concurrent decisions on one assessment, many times: the present always equals
the latest revision, and the as-of history agrees with it.

DECISION_RACE_PAIRS sets how many pairs run in all (spread over the pair kinds); CI runs a few
dozen, and `DECISION_RACE_PAIRS=1000 uv run pytest tests/corrections/test_decision_races.py -s`
runs the thousand recorded in docs/benchmarks.md and prints the tally.
"""

import itertools
import os
import threading
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from openness.assessments.models import Assessment, Criterion, Level, Track
from openness.assessments.services import model_states_as_of
from openness.corrections import services
from openness.corrections.models import Correction

from .factories import make_moderator, make_ranked_world

PAIR_KINDS = [
    "accept/accept same",
    "accept/accept two",
    "accept/reject same",
    "accept/revert",
    "revert/revert same",
    "revert/revert two",
]
PAIRS = int(os.environ.get("DECISION_RACE_PAIRS", "48"))
LEVELS = [Level.OPEN, Level.PARTIAL, Level.CLOSED]
_serial = itertools.count()


def _submit(world, criterion: Criterion) -> Correction:
    n = next(_serial)
    return services.correction_submit(
        model=world["beta"],
        criterion=criterion,
        proposed_level=LEVELS[n % 3],
        evidence_urls=[f"https://example.org/race/{n}"],
        explanation=f"Race {n}.",
        submitter_name=f"Submitter {n}",
        submitter_email="",
        affiliation="",
        has_conflict=False,
        conflict_details="",
        show_name=True,
        ip_hash=f"ip{n}",
    )


def _accept(correction_id: int, moderator, *, version: int, keep: bool = True):
    return services.correction_accept(
        correction_id=correction_id,
        seen_version=version,
        moderator=moderator,
        notes=f"Accepted {correction_id} by {moderator.username}.",
        keep_evidence=keep,
    )


def _revert(correction_id: int, moderator, *, version: int):
    return services.correction_revert(
        correction_id=correction_id, seen_version=version, moderator=moderator, reason="Undo."
    )


def _reject(correction_id: int, moderator, *, version: int):
    return services.correction_reject(
        correction_id=correction_id, seen_version=version, moderator=moderator, reason="No."
    )


def _race(*calls) -> list[str]:
    """Run the calls at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    outcomes = [""] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "done"
        except services.CorrectionConflict:
            outcomes[index] = "conflict"
        except Exception as exc:  # a crash is an outcome the test reports
            outcomes[index] = f"error {type(exc).__name__}: {exc}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _pair(kind: str, world, criterion, mods) -> list[str]:
    a, b = mods
    if kind == "accept/accept same":
        c = _submit(world, criterion)
        return _race(lambda: _accept(c.pk, a, version=1), lambda: _accept(c.pk, b, version=1))
    if kind == "accept/accept two":
        c, d = _submit(world, criterion), _submit(world, criterion)
        return _race(
            lambda: _accept(c.pk, a, version=1), lambda: _accept(d.pk, b, version=1, keep=False)
        )
    if kind == "accept/reject same":
        c = _submit(world, criterion)
        return _race(lambda: _accept(c.pk, a, version=1), lambda: _reject(c.pk, b, version=1))
    if kind == "accept/revert":
        c, d = _submit(world, criterion), _submit(world, criterion)
        _accept(c.pk, a, version=1)
        return _race(lambda: _accept(d.pk, a, version=1), lambda: _revert(c.pk, b, version=2))
    if kind == "revert/revert same":
        c = _submit(world, criterion)
        _accept(c.pk, a, version=1)
        return _race(lambda: _revert(c.pk, a, version=2), lambda: _revert(c.pk, b, version=2))
    if kind == "revert/revert two":
        c, d = _submit(world, criterion), _submit(world, criterion)
        _accept(c.pk, a, version=1)
        _accept(d.pk, a, version=1)
        return _race(lambda: _revert(c.pk, a, version=2), lambda: _revert(d.pk, b, version=2))
    raise ValueError(kind)


def _evidence_key(snapshots) -> list[tuple]:
    return sorted(
        (e["url"], e["title"], e["excerpt"], e["kind"], e["revision"], e["rule"]) for e in snapshots
    )


def _disagreement(world, criterion) -> str:
    """'' when the present, the latest revision and the as-of history agree; else what differs."""
    assessment = Assessment.objects.get(
        model=world["beta"], criterion=criterion, track=Track.EDITORIAL
    )
    latest = assessment.revisions.order_by("-created_at", "-id").first().state()
    present = {
        "level": assessment.level,
        "notes": assessment.notes,
        "provenance": assessment.provenance,
        "evidence": [e.as_snapshot() for e in assessment.evidence.filter(retracted_at=None)],
    }
    as_of = model_states_as_of(model=world["beta"], when=timezone.now())[criterion.pk]
    for name, state in (("latest revision", latest), ("as-of history", as_of)):
        for key in ("level", "notes", "provenance"):
            if state[key] != present[key]:
                return f"{name} {key} {state[key]!r} != present {present[key]!r}"
        if _evidence_key(state["evidence"]) != _evidence_key(present["evidence"]):
            return f"{name} evidence differs from the present"
    return ""


@pytest.mark.django_db(transaction=True)
def test_every_pair_of_concurrent_decisions_keeps_the_present_equal_to_the_latest_revision():
    world = make_ranked_world()
    mods = [make_moderator("mod-a"), make_moderator("mod-b")]
    criterion = Criterion.objects.get(methodology=world["methodology"], code="datasheet")
    tally: Counter = Counter()
    broken: list[str] = []
    for i in range(PAIRS):
        kind = PAIR_KINDS[i % len(PAIR_KINDS)]
        outcomes = _pair(kind, world, criterion, mods)
        tally[(kind, tuple(sorted(outcomes)))] += 1
        if problem := _disagreement(world, criterion):
            broken.append(f"pair {i} ({kind}, {outcomes}): {problem}")
        errors = [o for o in outcomes if o.startswith("error")]
        if errors:
            broken.append(f"pair {i} ({kind}): {errors}")
    print(f"\n{PAIRS} concurrent decision pairs, {len(broken)} where the present was wrong:")
    for (kind, outcomes), count in sorted(tally.items()):
        print(f"  {kind:20} {'+'.join(outcomes):18} {count}")
    assert broken == []
    # Each kind ran, and each race had its expected winners.
    kinds = {kind for kind, _ in tally}
    assert kinds == set(PAIR_KINDS[: min(PAIRS, len(PAIR_KINDS))])
    for (kind, outcomes), _ in tally.items():
        if kind.endswith("same"):
            assert outcomes == ("conflict", "done"), kind
