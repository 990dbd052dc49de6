import pytest
from django.core.exceptions import FieldDoesNotExist

from openness.assessments.models import Level, Score
from openness.catalog.models import AIModel
from openness.lib.raw_rows import raw_instances

from . import factories


def _fields(instance) -> dict:
    return {k: v for k, v in vars(instance).items() if k != "_state"}


def test_it_makes_the_instances_that_raw_makes(methodology):
    model = factories.model_create("Raw", slug="raw", model_types=["text"])
    factories.assess(model, methodology, Level.PARTIAL)
    factories.recompute(methodology)
    sql = "SELECT s.*, m.slug AS model_slug FROM assessments_score s JOIN catalog_aimodel m ON m.id = s.model_id WHERE m.slug = %s"  # noqa: E501
    expected = list(Score.objects.raw(sql, ["raw"]))
    for _ in range(2):  # the second time from the kept plan
        made = raw_instances(Score, sql, ["raw"])
        assert [_fields(s) for s in made] == [_fields(s) for s in expected]
    (score,) = made
    assert score.model_slug == "raw"  # a column that is not a field is an attribute
    assert isinstance(score.levels, dict) and score.levels  # JSON, through its converter
    assert not score._state.adding and score._state.db == "default"


def test_fields_left_out_are_deferred_and_the_primary_key_is_required(methodology):
    factories.model_create("Deferred", slug="deferred")
    (model,) = raw_instances(
        AIModel, "SELECT id, slug FROM catalog_aimodel WHERE slug = %s", ["deferred"]
    )
    assert model.slug == "deferred"
    assert "name" in model.get_deferred_fields()
    assert model.name == "Deferred"  # loaded when read, as raw() does
    with pytest.raises(FieldDoesNotExist):
        raw_instances(AIModel, "SELECT slug FROM catalog_aimodel", [])
