"""Template helpers for the site's pages."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from openness.assessments import vocabulary
from openness.assessments.models import Track
from openness.lib import site
from openness.lib.urls import is_http_url
from openness.web import rendering
from openness.web.lens import verdict_label

register = template.Library()


@register.simple_tag
def mark(level: str, title: str = "") -> str:
    """A compact level mark: a letter, its colour, and the level in words for everyone else."""
    return mark_safe(rendering.mark_html(level, title))  # noqa: S308 (escaped there)


@register.simple_tag
def organisation_rows(rows, track: str, lens: str = "") -> str:
    """An organisation's models as the ranking's rows (cards on a phone), without the
    columns that page does not show: compare, organisation, release date and downloads;
    under a framework's lens (mof, osaid), with the verdict's cell."""
    automatic = track == Track.AUTOMATIC
    return rendering.ranking_rows_html(
        rows,
        show_downloads=False,
        show_coverage=automatic,
        show_compare=False,
        show_organisation=False,
        show_released=False,
        lens=lens or "",
    )


@register.simple_tag
def organisation_pager(part, slug: str) -> str:
    """The page links of one track of an organisation page (selectors.OrganisationTrack),
    landing on that track's section; plain links (the page has no htmx target)."""
    links = rendering.pager_links_html(
        part.query,
        previous_cursor=part.previous_cursor,
        next_cursor=part.next_cursor,
        path=reverse("web:organisation", args=[slug]),
        fragment=f"t-{part.track}",
    )
    if not links:
        return ""
    label = (
        "Pages of the curated index's models"
        if part.track == Track.EDITORIAL
        else ("Pages of the Hub catalog's models")
    )
    return format_html('<nav class="pager" aria-label="{}"><ul>{}</ul></nav>', label, links)


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
def track_name(track: str) -> str:
    """A stored track code as every surface names it: editorial -> curated, automatic -> hub."""
    return vocabulary.track_name(track)


@register.filter
def track_label(track: str) -> str:
    """A stored track code as the pages title it: "Curated index", "Hub catalog (automatic)"."""
    return vocabulary.TRACK_LABELS[vocabulary.track_name(track)]


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
    return is_http_url(url or "") and not url.startswith(site.site_url() + "/")


@register.filter
def ours(url: str) -> bool:
    """True for an http(s) link into this site."""
    return is_http_url(url or "") and url.startswith(site.site_url() + "/")


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
def verdict_code(verdicts, lens: str) -> str:
    """A verdict's code under a framework's lens, from a leaderboard row (row.mof, row.osaid)
    or a {framework: code} mapping; "unjudged" when there is none."""
    code = verdicts.get(lens) if isinstance(verdicts, dict) else getattr(verdicts, lens, None)
    return code or "unjudged"


@register.filter
def verdict_words(code: str, lens: str) -> str:
    """A verdict's code in words under its lens (web.lens.verdict_label)."""
    return verdict_label(lens, "" if code == "unjudged" else code)


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
