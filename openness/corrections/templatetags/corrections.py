"""`{% correction_record model %}`: the public record of a model's corrections, for any page."""

from django import template

from openness.corrections import selectors

register = template.Library()


@register.inclusion_tag("corrections/_model_record.html")
def correction_record(model):
    """The model's decided corrections (two queries) rendered with _model_record.html; none
    when the model was read with `has_correction_record` (selectors.HAS_RECORD_SQL) false."""
    if getattr(model, "has_correction_record", True) is False:
        return {"model": model, "record": []}
    return {"model": model, "record": selectors.model_record(model)}
