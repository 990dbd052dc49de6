"""The pure scoring functions: the EU OSAI Index's formula, exact, without a database."""

from decimal import Decimal
from fractions import Fraction

import pytest

from openness.assessments.scoring import (
    CriterionSpec,
    as_decimal,
    level_value,
    ranking_key,
    score,
)

CRITERIA = [
    CriterionSpec("weights", "availability"),
    CriterionSpec("data", "availability"),
    CriterionSpec("paper", "documentation"),
    CriterionSpec("licenses", "access"),
]


def test_levels_are_worth_one_a_half_and_nothing():
    assert level_value("open") == 1
    assert level_value("partial") == Fraction(1, 2)
    assert level_value("closed") == 0
    assert level_value("not_assessed") == 0
    assert level_value("") == 0
    assert level_value(None) == 0


def test_an_unknown_level_is_refused_not_scored_as_zero():
    with pytest.raises(ValueError, match="unknown level 'mostly'"):
        level_value("mostly")
    with pytest.raises(ValueError, match="unknown level"):
        score({"weights": "mostly"}, CRITERIA)


def test_the_total_is_the_plain_mean_and_groups_are_means_within_each_group():
    result = score(
        {"weights": "open", "data": "partial", "paper": "closed", "licenses": "open"}, CRITERIA
    )

    assert result.total == Fraction(5, 8)
    assert result.points == 5
    assert result.applicable == 4
    assert result.groups == {
        "availability": Fraction(3, 4),
        "documentation": Fraction(0),
        "access": Fraction(1),
    }


def test_a_missing_or_empty_criterion_counts_as_not_assessed():
    result = score({"weights": "open", "data": None}, CRITERIA)
    assert result.total == Fraction(1, 4)


def test_only_criteria_that_apply_to_the_models_type_count():
    criteria = [*CRITERIA, CriterionSpec("lyrics", "documentation", ("audio",))]

    text = score({"lyrics": "open"}, criteria, ["text"])
    audio = score({"lyrics": "open"}, criteria, ["audio"])

    assert text.applicable == 4 and text.total == 0
    assert audio.applicable == 5 and audio.total == Fraction(1, 5)


def test_no_applicable_criterion_gives_zero_not_a_division_error():
    result = score({}, [CriterionSpec("lyrics", "documentation", ("audio",))], ["text"])
    assert (result.total, result.applicable, result.groups) == (0, 0, {})


def test_stored_scores_have_six_places_rounded_half_to_even():
    assert as_decimal(Fraction(11, 12)) == Decimal("0.916667")
    assert as_decimal(Fraction(1, 3)) == Decimal("0.333333")
    assert as_decimal(Fraction(1, 2_000_000)) == Decimal("0.000000")
    assert as_decimal(Fraction(3, 2_000_000)) == Decimal("0.000002")


def test_ranking_is_by_total_then_name_then_slug():
    rows = [
        (Fraction(1, 2), "Zeta", "zeta"),
        (Fraction(3, 4), "beta", "beta-2"),
        (Fraction(3, 4), "Beta", "beta-1"),
        (Fraction(3, 4), "Alpha", "alpha"),
        (Decimal("1.000000"), "Omega", "omega"),
    ]
    ordered = sorted(rows, key=lambda r: ranking_key(*r))
    assert [slug for _, _, slug in ordered] == ["omega", "alpha", "beta-1", "beta-2", "zeta"]
