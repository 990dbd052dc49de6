"""Rubrics the EU index wrote for language models, shown in words that fit the model."""

import pytest

from openness.assessments.models import Criterion, rubric_worded_for

TEXT = "All training data sources of base large language model are open for inspection or shared."


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["text"], "base large language model"),
        (["code"], "base large language model"),
        (["text", "image"], "base large language model"),
        (["image"], "base image model"),
        (["video"], "base video model"),
        (["audio"], "base audio model"),
        (["image", "video"], "base model"),
        ([], "base model"),
        (None, "base model"),
    ],
)
def test_the_rubric_names_the_models_kind(types, expected):
    assert expected in rubric_worded_for(TEXT, types)


def test_a_criterion_words_each_levels_rubric_for_the_model():
    criterion = Criterion(
        rubric_open=TEXT, rubric_partial="Some of them.", rubric_closed="None of them."
    )
    assert criterion.rubric_for("open", ["image"]).startswith("All training data sources of base")
    assert "image model" in criterion.rubric_for("open", ["image"])
    assert criterion.rubric_for("partial", ["image"]) == "Some of them."
    assert criterion.rubric_for("not_assessed") == ""
