"""`{% correction_record model %}`: the public record of a model's corrections, for any page."""

from django import template

from openness.corrections import selectors

register = template.Library()


@register.inclusion_tag("corrections/_model_record.html")
def correction_record(model):
    """The model's decided corrections (two queries) rendered with _model_record.html."""
    return {"model": model, "record": selectors.model_record(model)}
