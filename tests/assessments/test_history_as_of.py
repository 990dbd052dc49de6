"""The as-of rebuild against a scripted sequence of revisions (see tests/builders.py)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from builders import methodology_build, record, scripted_history
from django.core.cache import cache

from openness.assessments import history
from openness.assessments.models import Level, Track


@pytest.fixture
def scripted(db):
    cache.clear()
    return scripted_history()


def test_a_model_before_its_first_revision_did_not_exist(scripted):
    state = history.model_as_of(model=scripted["olmo"], day=date(2026, 3, 13))
    assert state.existed is False
    assert state.rank is None
    assert state.total is None


def test_each_day_gives_back_the_levels_scores_and_ranks_of_that_day(scripted):
    olmo, pythia = scripted["olmo"], scripted["pythia"]
    expected = {
        date(2026, 3, 14): (Decimal("0.875000"), 1, Decimal("0.083333"), 2),
        date(2026, 3, 19): (Decimal("0.875000"), 1, Decimal("0.083333"), 2),
        date(2026, 3, 20): (Decimal("0.958333"), 1, Decimal("0.500000"), 2),
        date(2026, 4, 2): (Decimal("0.875000"), 2, Decimal("1.000000"), 1),
    }
    for day, (olmo_total, olmo_rank, pythia_total, pythia_rank) in expected.items():
        o = history.model_as_of(model=olmo, day=day)
        p = history.model_as_of(model=pythia, day=day)
        assert (o.total, o.rank, p.total, p.rank) == (
            olmo_total,
            olmo_rank,
            pythia_total,
            pythia_rank,
        ), day
        assert o.ranked == 2


def test_the_rebuilt_levels_and_evidence_are_those_of_the_day(scripted):
    before = history.model_as_of(model=scripted["olmo"], day=date(2026, 3, 19))
    after = history.model_as_of(model=scripted["olmo"], day=date(2026, 3, 20))
    assert before.levels["licenses"] == "closed"
    assert after.levels["licenses"] == "open"
    licenses = next(r for r in after.criteria if r.criterion.code == "licenses")
    assert licenses.notes == "Apache-2.0 now covers weights and code."
    assert {e["url"] for e in licenses.evidence} == {
        "https://allenai.org/licenses",
        "https://www.apache.org/licenses/LICENSE-2.0",
    }
    assert after.groups["access"] == Decimal("1.000000")


def test_today_matches_the_stored_scores(scripted):
    from openness.assessments.models import Score

    for model in (scripted["olmo"], scripted["pythia"]):
        stored = Score.objects.get(model=model)
        rebuilt = history.model_as_of(model=model, day=date.today())
        assert (rebuilt.total, rebuilt.rank) == (stored.total, stored.rank)


def test_a_diff_lists_only_what_changed_with_the_revisions_between(scripted):
    diff = history.model_diff(
        model=scripted["olmo"], day_from=date(2026, 3, 14), day_to=date(2026, 4, 2)
    )
    changed = {c.criterion.code: (c.before.level, c.after.level) for c in diff.changes}
    assert changed == {"licenses": ("closed", "open"), "weights_basemodel": ("open", "closed")}
    licenses = next(c for c in diff.changes if c.criterion.code == "licenses")
    assert [e["url"] for e in licenses.evidence_added] == [
        "https://www.apache.org/licenses/LICENSE-2.0"
    ]
    assert [r.reason for r in diff.revisions] == ["license changed", "weights withdrawn"]
    assert diff.methodology_changed is False


def test_a_diff_refuses_dates_in_the_wrong_order(scripted):
    with pytest.raises(history.AsOfError):
        history.model_diff(
            model=scripted["olmo"], day_from=date(2026, 4, 2), day_to=date(2026, 3, 14)
        )


def test_the_methodology_in_force_follows_effective_dates(db):
    old = methodology_build(
        version="2025-01",
        effective_from=date(2025, 1, 1),
        effective_until=date(2026, 3, 12),
        is_current=False,
    )
    new = methodology_build()
    assert history.methodology_in_force(day=date(2024, 12, 31)) is None
    assert history.methodology_in_force(day=date(2026, 3, 12)) == old
    assert history.methodology_in_force(day=date(2026, 3, 13)) == new
    assert history.methodology_in_force(day=date(2030, 1, 1)) == new


@pytest.mark.parametrize(
    "value", ["", "yesterday", "2026-13-01", "2026-02-30", "20260301", "2026-3-1", "9999-01-01"]
)
def test_bad_dates_are_refused_with_a_reason(value):
    with pytest.raises(history.AsOfError) as error:
        history.as_of_parse(value, today=date(2026, 11, 26))
    assert str(error.value)


def test_a_good_date_parses():
    assert history.as_of_parse(" 2026-03-20 ", today=date(2026, 11, 26)) == date(2026, 3, 20)


def test_a_rebuilt_model_page_takes_a_fixed_number_of_queries(
    scripted, django_assert_max_num_queries
):
    cache.clear()
    with django_assert_max_num_queries(7):
        state = history.model_as_of(model=scripted["olmo"], day=date(2026, 3, 20))
        assert len(state.criteria) == 12


def test_the_process_holds_at_most_rankings_held_past_rankings_dropping_the_least_recent(
    scripted, django_assert_num_queries
):
    methodology = scripted["methodology"]
    history._ranking_held.cache_clear()
    days = [date(2026, 3, 14) + timedelta(days=n) for n in range(history.RANKINGS_HELD + 1)]
    for day in days:
        history.ranking_as_of(methodology=methodology, day=day)
    held = history._ranking_held.cache
    assert len(held) == history.RANKINGS_HELD
    version = history._history_version()
    assert (methodology.pk, Track.EDITORIAL, days[0], version) not in held
    assert (methodology.pk, Track.EDITORIAL, days[1], version) in held
    cache.clear()  # a ranking the process no longer holds must be rebuilt from here on
    with django_assert_num_queries(1):  # the history version: the rows are the process's
        history.ranking_as_of(methodology=methodology, day=days[-1])
    with django_assert_num_queries(4):  # version, the day's snapshot, criteria, models
        history.ranking_as_of(methodology=methodology, day=days[0])
    assert len(held) == history.RANKINGS_HELD


def test_a_revision_for_a_day_already_read_shows_on_the_next_read(scripted):
    methodology, olmo = scripted["methodology"], scripted["olmo"]
    day = date(2026, 3, 20)
    before = history.ranking_as_of(methodology=methodology, day=day)
    assert history.ranking_as_of(methodology=methodology, day=day) is before
    assert next(r for r in before if r.model_id == olmo.pk).levels["licenses"] == "open"
    record(
        olmo,
        methodology,
        "licenses",
        Level.CLOSED,
        at=datetime(2026, 3, 20, 18, tzinfo=UTC),
        reason="history learnt late",
    )
    after = history.ranking_as_of(methodology=methodology, day=day)
    assert next(r for r in after if r.model_id == olmo.pk).levels["licenses"] == "closed"
