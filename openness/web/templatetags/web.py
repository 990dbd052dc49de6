"""Template helpers for the site's pages."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from openness.lib.urls import is_http_url
from openness.web import rendering

register = template.Library()


@register.simple_tag
def mark(level: str, title: str = "") -> str:
    """A compact level mark: a letter, its colour, and the level in words for everyone else."""
    return mark_safe(rendering.mark_html(level, title))  # noqa: S308 (escaped there)


@register.simple_tag
def level_badge(level: str) -> str:
    """A level in words, coloured."""
    return rendering.level_badge_html(level)


@register.filter
def code_spans(text: str) -> str:
    """Plain text with its `backticked` parts as <code>, everything escaped."""
    return rendering.code_spans_html(text)


@register.filter
def score(value) -> str:
    """A stored score (0 to 1) as a percentage with one decimal: 0.583333 -> 58.3."""
    return rendering.score_text(value)


@register.filter
def inline_code(text: str) -> str:
    """Text whose `backticked` words are code, as the methodology files write them; every
    part escaped (an unpaired backtick stays a backtick)."""
    parts = (text or "").split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: the last one pairs with nothing
        parts[-2:] = [parts[-2] + "`" + parts[-1]]
    return format_html_join(
        "",
        "{}",
        ((format_html("<code>{}</code>", p) if i % 2 else p,) for i, p in enumerate(parts)),
    )


@register.filter
def rubric(criterion, level: str) -> str:
    """A criterion's rubric for a level, worded for any kind of model."""
    return criterion.rubric_for(level)


@register.filter
def level_label(level: str) -> str:
    return rendering.level_label(level)


@register.filter
def external(url: str) -> bool:
    """True for an http(s) link to another site (shown with rel="nofollow noopener")."""
    return is_http_url(url or "") and not url.startswith(settings.SITE_URL + "/")


@register.filter
def ours(url: str) -> bool:
    """True for an http(s) link into this site."""
    return is_http_url(url or "") and url.startswith(settings.SITE_URL + "/")


@register.simple_tag
def ranking_csv_url(query) -> str:
    return query.url(reverse("web:ranking_csv"), after="", before="", compare=())


@register.simple_tag
def ranking_datapackage_url(query) -> str:
    return query.url(reverse("web:ranking_datapackage"), after="", before="", compare=())


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def short_title(criterion) -> str:
    return rendering.SHORT_TITLES.get(criterion.code, criterion.title)


@register.simple_tag
def hidden_inputs(query, *exclude: str) -> str:
    """The query's parameters as hidden inputs, except those named (for forms that set them)."""
    params = query.params(after="", before="")
    return format_html_join_pairs({k: v for k, v in params.items() if k not in exclude})


def format_html_join_pairs(params: dict[str, str | tuple[str, ...]]) -> str:
    from django.utils.html import format_html_join

    pairs = [
        (name, value)
        for name, values in params.items()
        for value in (values if isinstance(values, tuple) else (values,))
    ]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)


@register.filter
def thousands(value) -> str:
    """An integer with thousands separators: 1234567 -> 1,234,567."""
    if value in (None, ""):
        return "\u2013"
    return f"{int(value):,}"
