"""The months of "what changed in the index" (selectors_index.Month), in plain Python.

The page lists every month since 2024 with its movements and its commits: some 700 commit lines
and a few hundred movements, which cost about 0.4 s through the template engine (an include per
group, a URL tag per line) and a few milliseconds here. The markup is what
templates/web/index_changes.html wrote; every value is escaped.
"""

from html import escape

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from openness.web.rendering import score_text


def _truncated(text: str, length: int = 120) -> str:
    """truncatechars, called only for the few texts that can be too long (it is slow)."""
    return text if len(text) <= length else truncatechars(text, length)


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def _movements_html(title: str, movements, *, model_url: str, as_of: str) -> str:
    if not movements:
        return ""
    items = []
    for m in movements:
        if m.before is not None and m.after is not None:
            figures = f"{score_text(m.before)}% \u2192 {score_text(m.after)}%"
        elif m.after is not None:
            figures = f"{score_text(m.after)}%"
        else:
            figures = f"was {score_text(m.before)}%"
        why = ""
        if m.commits:
            links = "; ".join(
                f'<a href="{escape(c.url)}" rel="noopener" class="upstream-commit">'
                f"{escape(_truncated(c.subject or c.sha))}</a>"
                for c in m.commits[:3]
            )
            more = f" and {len(m.commits) - 3} more" if len(m.commits) > 3 else ""
            why = f'<span class="why">\u2014 {links}{more}</span>'
        items.append(
            f'<li><a href="{model_url}{escape(m.slug)}/{as_of}">{escape(m.name)}</a>\n'
            f"{figures}\n{why}</li>"
        )
    return (
        f'<h3>{escape(title)} <span class="muted small">({len(movements)})</span></h3>\n'
        f'<ul class="index-movements">\n{"\n".join(items)}\n</ul>\n'
    )


def months_html(months) -> SafeString:
    """One <section> per month: who entered, left, rose and fell, and the month's commits."""
    model_url = reverse("web:model", args=["slug"]).removesuffix("slug/")
    ranking_url = reverse("web:ranking")
    out = []
    for month in months:
        key = escape(month.key)
        end = month.end.isoformat()
        as_of = f"?as_of={end}"
        count = len(month.commits)
        parts = [
            f'<section id="month-{key}" aria-labelledby="month-{key}-title" class="index-month">',
            f'<h2 id="month-{key}-title">{escape(date_filter(month.start, "F Y"))} '
            f'<span class="muted small">\u00b7 {count} upstream commit{_plural(count)} \u00b7 '
            f"methodology {escape(month.methodology)} \u00b7 "
            f'<a href="{ranking_url}{as_of}">ranking on {end}</a></span></h2>',
        ]
        if month.quiet:
            parts.append("<p>No model entered, left, rose or fell.</p>")
        for title, movements in (
            ("Entered", month.entered),
            ("Left", month.left),
            ("Rose", month.rose),
            ("Fell", month.fell),
        ):
            parts.append(_movements_html(title, movements, model_url=model_url, as_of=as_of))
        if month.commits:
            lines = []
            for c in month.commits:
                at = localtime(c.recorded_at)
                lines.append(
                    f'<li><time datetime="{at.isoformat()}">{at.date().isoformat()}</time> '
                    f'<a href="{escape(c.url)}" rel="noopener" class="upstream-commit">'
                    f"{escape(c.sha[:7])}</a> {escape(c.subject)} "
                    f'<span class="muted">({escape(c.author)})</span></li>'
                )
            parts.append(
                f"<details><summary>The month's {count} upstream commit{_plural(count)}"
                f'</summary>\n<ol class="compact">{"".join(lines)}</ol>\n</details>'
            )
        parts.append("</section>")
        out.append("\n".join(parts))
    return mark_safe("\n".join(out))  # noqa: S308 (every value above is escaped)
