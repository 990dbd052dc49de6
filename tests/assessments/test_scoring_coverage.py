"""How much of a total is known: coverage and the range, as pure functions (no database)."""

from fractions import Fraction

from openness.assessments.scoring import CriterionSpec, coverage_percent, score

CRITERIA = [
    CriterionSpec("weights", "availability"),
    CriterionSpec("data", "availability"),
    CriterionSpec("code", "availability"),
    CriterionSpec("paper", "documentation"),
    CriterionSpec("card", "documentation"),
    CriterionSpec("licenses", "access"),
    CriterionSpec("api", "access", model_types=("image",)),
]


def test_not_assessed_criteria_make_a_range_from_closed_to_open():
    result = score({"weights": "open", "data": "not_assessed", "licenses": "partial"}, CRITERIA)
    # A model with no type: every criterion applies, `api` (image only) included.
    assert result.applicable == 7
    assert result.assessed == 2  # weights and licenses; `data` not assessed, the rest missing
    assert result.total == Fraction(3, 14)  # the EU index's figure: unknown counts as closed
    assert result.upper == Fraction(3 + 10, 14)  # the five unknown counted as open
    assert result.coverage == Fraction(2, 7)


def test_the_index_total_does_not_change():
    levels = {"weights": "open", "data": "partial", "code": "closed", "paper": "not_assessed"}
    result = score(levels, CRITERIA, ["text"])
    assert result.total == Fraction(2 + 1, 2 * 6)  # as before: (1 + 1/2 + 0 + 0 + 0 + 0) / 6
    assert result.points == 3 and result.applicable == 6


def test_closed_is_assessed_and_not_assessed_is_not():
    result = score({c.code: "closed" for c in CRITERIA}, CRITERIA, ["text"])
    assert (result.assessed, result.applicable) == (6, 6)
    assert result.total == result.upper == 0
    unknown = score({c.code: "not_assessed" for c in CRITERIA}, CRITERIA, ["text"])
    assert (unknown.assessed, unknown.total, unknown.upper) == (0, 0, 1)


def test_a_complete_assessment_has_one_figure():
    levels = {c.code: "partial" for c in CRITERIA}
    result = score(levels, CRITERIA, ["text"])
    assert result.assessed == result.applicable == 6
    assert result.total == result.upper == Fraction(1, 2)
    assert result.coverage == 1


def test_criteria_that_do_not_apply_are_neither_assessed_nor_counted():
    result = score({"api": "open", "weights": "open"}, CRITERIA, ["text"])
    assert (result.assessed, result.applicable) == (1, 6)
    assert result.upper == Fraction(2 + 10, 12)


def test_no_applicable_criterion_has_no_coverage_and_no_division_error():
    result = score({}, [], ["text"])
    assert (result.assessed, result.applicable, result.coverage, result.upper) == (0, 0, 0, 0)


def test_coverage_percent_rounds_down_to_a_whole_percentage():
    assert coverage_percent(7, 12) == 58  # 58.3
    assert coverage_percent(6, 12) == 50
    assert coverage_percent(12, 12) == 100
    assert coverage_percent(0, 0) == 0
    # The minimum-coverage filter's comparison, exact for whole percentages: 7 of 12 is at
    # least 58% but not 59%.
    assert coverage_percent(7, 12) >= 58 and not coverage_percent(7, 12) >= 59
