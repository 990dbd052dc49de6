"""The parts of pages that repeat per row or per criterion, in plain Python.

Fifty rows of some twenty cells cost about 35 ms through the template engine and under 2 ms
here, which is the difference between meeting the page's latency target and missing it; the
twenty sortable headings, each with its own link, cost about 3 ms as template tags and a
tenth of that here, and the filter form's selects (five options for each of a dozen criteria,
twenty sort keys) about 0.5 ms as template loops. The model page's dozen criterion sections,
each with its judgments and evidence, cost over 1 ms as template nodes and a tenth of that
here. The markup is the same as a template would write; every value is escaped.
"""

import datetime
from functools import lru_cache
from html import escape

from django.template.defaultfilters import linebreaksbr, truncatechars, urlencode
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import is_aware, localtime

from openness.assessments import scoring
from openness.assessments.models import Level, Revision, Track
from openness.lib import site
from openness.lib.urls import is_http_url
from openness.web.lens import LENSES, verdict_label
from openness.web.ranking import SEARCH_SORTS, SORT_LABELS

ABBREVIATIONS = {
    Level.OPEN.value: "O",
    Level.PARTIAL.value: "P",
    Level.CLOSED.value: "C",
    Level.NOT_ASSESSED.value: "\u2013",
}
LABELS = {level.value: level.label for level in Level}
DASH = "\u2013"
# Column headings for the twelve criteria of the EU OSAI Index; other criteria use their title.
SHORT_TITLES = {
    "datasources_basemodel": "Base data",
    "datasources_endmodel": "End data",
    "weights_basemodel": "Base weights",
    "weights_endmodel": "End weights",
    "trainingcode": "Train code",
    "code": "Code docs",
    "hardware_architecture": "Hardware",
    "preprint": "Preprint",
    "paper": "Paper",
    "modelcard": "Model card",
    "datasheet": "Datasheet",
    "licenses": "Licenses",
}
SHORT_GROUPS = {"availability": "Avail.", "documentation": "Docs", "access": "Access"}
LEVEL_FILTER_OPTIONS = (
    ("", "Any level"),
    (Level.OPEN.value, "Open"),
    (Level.PARTIAL.value, "Partially open"),
    (Level.CLOSED.value, "Closed"),
    (Level.NOT_ASSESSED.value, "Not assessed"),
)


@lru_cache(maxsize=4096)
def score_text(value) -> str:
    """A stored score (0 to 1) as a percentage with one decimal: 0.583333 -> 58.3."""
    if value is None or value == "":
        return DASH
    return scoring.percent_text(value)


def range_text(total, upper) -> str:
    """A score's range as percentages joined by an en dash (29.2 to 62.5); one figure when
    the two meet."""
    low, high = score_text(total), score_text(upper)
    return low if low == high or upper is None else f"{low}{DASH}{high}"


def code_spans_html(text: str) -> SafeString:
    """Plain text (a rule's description) with its `backticked` parts as <code>, escaped."""
    parts = str(text).split("`")
    out = [
        f"<code>{escape(part)}</code>" if index % 2 else escape(part)
        for index, part in enumerate(parts)
    ]
    if len(parts) % 2 == 0:  # an unpaired backtick: keep it as text
        out[-1] = "`" + escape(parts[-1])
    return mark_safe("".join(out))  # noqa: S308 (every part is escaped)


def level_label(level: str) -> str:
    """A level in words; anything that is not a level reads as not assessed."""
    return LABELS.get(level, LABELS[Level.NOT_ASSESSED.value])


@lru_cache(maxsize=1024)
def mark_html(level: str, title: str = "") -> str:
    """A level as a letter, coloured, with the word for screen readers and in the tooltip."""
    level = level if level in LABELS else Level.NOT_ASSESSED.value
    words = LABELS[level]
    tooltip = escape(f"{title}: {words}" if title else words)
    return (
        f'<span class="mark level-{level}" title="{tooltip}"><span aria-hidden="true">'
        f'{ABBREVIATIONS[level]}</span><span class="visually-hidden">{words}</span></span>'
    )


@lru_cache(maxsize=1024)
def named_mark_html(level: str, title: str) -> str:
    """A level as a letter, coloured, whose words for screen readers name the criterion too
    ("Paper: Open"): a ranking card on a phone has no column heading to say it."""
    level = level if level in LABELS else Level.NOT_ASSESSED.value
    words = escape(f"{title}: {LABELS[level]}")
    return (
        f'<span class="mark level-{level}" title="{words}"><span aria-hidden="true">'
        f'{ABBREVIATIONS[level]}</span><span class="visually-hidden">{words}</span></span>'
    )


# A level in words, coloured: five fixed strings, made once.
_LEVEL_BADGES = {
    level.value: mark_safe(  # noqa: S308 (the label is escaped)
        f'<span class="level level-{level.value}">{escape(level.label)}</span>'
    )
    for level in Level
}


def level_badge_html(level) -> SafeString:
    """A level in words, coloured; anything that is not a level reads as not assessed."""
    return _LEVEL_BADGES.get(level) or _LEVEL_BADGES[Level.NOT_ASSESSED.value]


def verdict_cell_html(lens: str, verdict: str | None) -> str:
    """A row's verdict under a framework's lens, in words, marked with its code for styling."""
    code = escape(verdict or "unjudged")
    return f'<td class="verdict verdict-{lens}-{code}">{escape(verdict_label(lens, verdict))}</td>'


def ranking_rows_html(
    rows,
    *,
    show_downloads: bool,
    show_coverage: bool = False,
    show_compare: bool = True,
    show_organisation: bool = True,
    show_released: bool = True,
    lens: str = "",
    chosen: tuple[str, ...] = (),
    as_of: datetime.date | None = None,
) -> SafeString:
    """The <tr> elements of the leaderboard for a page of selectors.Row.

    With `show_coverage` (the Hub track) the total is the range from the lower bound (not
    assessed counted as closed) to the upper (counted as open), and a cell says how many of
    the applicable criteria are assessed.

    On a phone static/css/ranking.css lays each row out as a card: the classes place each
    cell, the `phone-label` words (hidden on wider screens, where the column headings say
    them) name the rank and each group, and the criteria's marks form one line per group,
    each mark naming its criterion for screen readers.

    With `lens` (a framework: mof, osaid) a cell after the organisation's gives the row's
    verdict under it. With `as_of` (a past day's ranking) each model links to its page as of
    that day."""
    model_url = reverse("web:model", args=["slug"]).removesuffix("slug/")
    model_query = f"?as_of={as_of.isoformat()}" if as_of else ""
    org_url = reverse("web:organisation", args=["slug"]).removesuffix("slug/")
    ranking_url = reverse("web:ranking")
    out = []
    for row in rows:
        model = row.model
        slug = escape(model.slug)
        name = escape(model.name)
        group_index = {code: index for index, (code, _) in enumerate(row.groups, start=1)}
        group_titles = {m.criterion.group_code: m.criterion.group_title for m in row.marks}
        # A tick belongs to the filter form, so that the choice travels in the address with
        # the search, the filters and the page (web.compare_choice); with htmx a tick updates
        # the results and the address at once.
        checked = " checked" if model.slug in chosen else ""
        cells = ["<tr>"]
        if show_compare:
            cells.append(
                f'<td class="col-compare"><input type="checkbox" name="m" value="{slug}" '
                f'form="filters" id="cmp-{slug}"{checked} hx-get="{ranking_url}" '
                f'hx-include="#filters" hx-trigger="change"><label for="cmp-{slug}" '
                f'class="visually-hidden">Compare {name}</label></td>'
            )
        cells.append(
            f'<td class="num rank"><span class="phone-label">Rank </span>{row.score.rank}</td>'
            f'<th scope="row" class="col-name"><a href="{model_url}{slug}/{model_query}">'
            f"{name}</a></th>"
        )
        if show_organisation:
            cells.append(
                f'<td class="col-org"><a class="org" href="{org_url}'
                f'{escape(model.organisation.slug)}/">{escape(model.organisation.name)}</a></td>'
            )
        if lens:
            cells.append(verdict_cell_html(lens, getattr(row, lens)))
        score = row.score
        if show_coverage:
            cells.append(
                f'<td class="num total">{range_text(score.total, score.total_upper)}</td>'
                f'<td class="num coverage">{score.assessed}<span class="muted"> of '
                f"{score.applicable}</span></td>"
            )
        else:
            cells.append(f'<td class="num total">{score_text(score.total)}</td>')
        cells.extend(
            f'<td class="num group group-{group_index[code]}"><span class="phone-label">'
            f"{escape(group_titles.get(code, code))} </span>{score_text(value)}</td>"
            for code, value in row.groups
        )
        cells.extend(
            f'<td class="crit in-group-{group_index.get(mark.criterion.group_code, 0)}">'
            f"{named_mark_html(mark.level, mark.criterion.title)}</td>"
            for mark in row.marks
        )
        if show_released:
            if model.release_date is None:
                released = DASH
            elif model.release_date_precision == "month":
                released = model.release_date.strftime("%Y-%m")
            else:
                released = model.release_date.isoformat()
            cells.append(f'<td class="date">{released}</td>')
        if show_downloads:
            downloads = DASH if model.downloads is None else f"{model.downloads:,}"
            cells.append(f'<td class="num downloads">{downloads}</td>')
        cells.append("</tr>")
        out.append("".join(cells))
    return mark_safe("\n".join(out))  # noqa: S308 (every value above is escaped)


def ranking_header_html(
    query, context, *, show_downloads: bool, show_coverage: bool = False
) -> SafeString:  # under a framework's lens (query.framework), a column for its verdict
    """The leaderboard's heading cells: each sorts by its column, or reverses the sort."""
    path = reverse("web:ranking")

    def sortable(sort: str, inner: str, css: str = "", title: str = "") -> str:
        if query.sort != sort:
            aria = "none"
        else:
            aria = "ascending" if query.order == "asc" else "descending"
        url = escape(query.sort_url(path, sort))
        css_attr = f' class="{css}"' if css else ""
        title_attr = f' title="{escape(title)}"' if title else ""
        return (
            f'<th scope="col"{css_attr} aria-sort="{aria}"><a href="{url}" hx-get="{url}"'
            f"{title_attr}>{inner}</a></th>"
        )

    def short(text: str, full: str) -> str:
        return (
            f'<span aria-hidden="true">{escape(text)}</span>'
            f'<span class="visually-hidden">{escape(full)}</span>'
        )

    cells = [
        '<th scope="col" class="col-compare"><span class="visually-hidden">Compare</span></th>',
        sortable("total", "Rank", "num rank"),
        sortable("name", "Model", "col-name"),
        '<th scope="col" class="col-org">Organisation</th>',
    ]
    if query.framework:
        cells.append(
            sortable(
                "total",
                escape(LENSES[query.framework]),
                "verdict",
                f"Ranked by the {LENSES[query.framework]}, then by the EU index's rank",
            )
        )
    if show_coverage:
        cells.append(
            sortable(
                "total",
                'Total <span class="hint">(range)</span>',
                "num",
                "Ranked by the lower end: criteria not assessed count as closed; the upper end "
                "counts them as open",
            )
        )
        cells.append(
            sortable("coverage", "Assessed", "num", "Criteria assessed, of those that apply")
        )
    else:
        cells.append(sortable("total", "Total", "num"))
    cells.extend(
        sortable(
            f"group:{group.code}",
            short(SHORT_GROUPS.get(group.code, group.title), group.title),
            "num",
            f"{group.title} score",
        )
        for group in context.groups
    )
    cells.extend(
        sortable(
            f"criterion:{criterion.code}",
            short(SHORT_TITLES.get(criterion.code, criterion.title), criterion.title),
            "crit",
            criterion.title,
        )
        for criterion in context.criteria
    )
    cells.append(sortable("released", "Released"))
    if show_downloads:
        cells.append(sortable("downloads", "Downloads", "num"))
    return mark_safe("\n".join(cells))  # noqa: S308 (every value above is escaped)


def pager_links_html(
    query, *, previous_cursor: str, next_cursor: str, path: str = "", fragment: str = ""
) -> SafeString:
    """The leaderboard's page links (first, previous, next), or another page's that pages a
    ranking query (`path`, a `fragment` to land on, plain links). They say "page", not a
    number of rows: a cursor knows that rows lie beyond it, not how many."""
    htmx = not path
    path = path or reverse("web:ranking")
    fragment = f"#{fragment}" if fragment else ""

    def address(**position) -> str:
        return query.url(path, **position) + fragment

    return page_links_html(
        first=address(after="", before="") if previous_cursor else None,
        previous=address(after="", before=previous_cursor) if previous_cursor else None,
        following=address(after=next_cursor, before="") if next_cursor else None,
        htmx=htmx,
    )


def page_links_html(
    *, first: str | None, previous: str | None, following: str | None, htmx: bool = True
) -> SafeString:
    """Page links to the given addresses (None: no such link), each a link and, unless `htmx`
    is false, an htmx swap."""

    def link(text: str, to: str, rel: str = "") -> str:
        to = escape(to)
        rel = f' rel="{rel}"' if rel else ""
        swap = f' hx-get="{to}"' if htmx else ""
        return f'<li><a{rel} href="{to}"{swap}>{text}</a></li>'

    items = []
    if first:
        items.append(link("First page", first))
    if previous:
        items.append(link("\u2190 Previous page", previous, "prev"))
    if following:
        items.append(link("Next page \u2192", following, "next"))
    return mark_safe("\n".join(items))  # noqa: S308 (every value above is escaped)


def _options(choices, chosen: str) -> str:
    return "".join(
        f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>'
        f"{escape(label)}</option>"
        for value, label in choices
    )


def level_filters_html(criteria, levels: dict[str, str]) -> SafeString:
    """A labelled select of levels for each criterion, with the query's level selected."""
    out = []
    for criterion in criteria:
        code = escape(criterion.code)
        chosen = levels.get(criterion.code) or None  # "Any level" is never marked selected
        out.append(
            f'<div class="field">\n<label for="f-level-{code}">{escape(criterion.title)}</label>\n'
            f'<select id="f-level-{code}" name="level_{code}">'
            f"{_options(LEVEL_FILTER_OPTIONS, chosen)}</select>\n</div>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 (every value above is escaped)


def sort_options_html(query, context) -> SafeString:
    """The options of the sort select: fixed sorts, then group scores, then criteria."""
    groups = [(f"group:{group.code}", group.title) for group in context.groups]
    criteria = [(f"criterion:{c.code}", c.title) for c in context.criteria]
    sorts = [(k, v) for k, v in SORT_LABELS.items() if query.q or k not in SEARCH_SORTS]
    return mark_safe(  # noqa: S308 (_options escapes every value)
        f"{_options(sorts, query.sort)}\n"
        f'<optgroup label="Group score">{_options(groups, query.sort)}</optgroup>\n'
        f'<optgroup label="Criterion">{_options(criteria, query.sort)}</optgroup>'
    )


def _truncated(text: str, length: int) -> str:
    """Django's truncatechars, without its work for text that is short ASCII (most of it)."""
    if len(text) <= length and text.isascii():
        return text  # what truncatechars returns for it (ASCII is its own normal form)
    return truncatechars(text, length)


def _ymd(value) -> str:
    """A date or moment as YYYY-MM-DD, in the site's time zone (as the date filter's 'Y-m-d')."""
    if isinstance(value, datetime.datetime):
        value = localtime(value) if is_aware(value) else value
    return value.strftime("%Y-%m-%d")


def _ymd_hm(value) -> str:
    """A moment as YYYY-MM-DD HH:MM in the site's time zone (the date filter's 'Y-m-d H:i')."""
    if isinstance(value, datetime.datetime) and is_aware(value):
        value = localtime(value)
    return value.strftime("%Y-%m-%d %H:%M")


def _evidence_html(e, *, community: bool) -> str:
    url = escape(e.url)
    if is_http_url(e.url or ""):
        ours = e.url.startswith(site.site_url() + "/")
        label = escape(_truncated(e.title or e.url, 120))
        if ours:
            link = f'<a href="{url}">{label}</a>'
        else:
            rel = "nofollow ugc noopener" if community else "nofollow noopener"
            link = f'<a href="{url}" rel="{rel}">{label}</a>'
    else:
        link = escape(e.title or e.url)
    about = [escape(e.get_kind_display())]
    if e.retrieved_at:
        about.append(f"retrieved {_ymd(e.retrieved_at)}")
    if e.revision:
        about.append(f"revision <code>{escape(_truncated(e.revision, 16))}</code>")
    if e.rule:
        about.append(f"rule {escape(e.rule)}")
    excerpt = (
        f"\n<blockquote>{escape(_truncated(e.excerpt, 600))}</blockquote>" if e.excerpt else ""
    )
    return f'<li>\n{link}\n<span class="muted">· {" · ".join(about)}</span>{excerpt}\n</li>'


def _judgment_html(view, track_label: str, request_url: str = "") -> str:
    """One track's judgment of a criterion (a selectors.CriterionView); a "not assessed" of
    the automatic track says why, and offers to request the assessment (`request_url`)."""
    a = view.assessment
    parts = [
        '<div class="judgment">',
        f'<p class="judgment-level"><span class="track-label">{escape(track_label)}:</span> '
        f"{level_badge_html(view.level)}</p>",
    ]
    rubric = view.rubric
    if rubric:
        parts.append(
            '<p class="rubric"><span class="visually-hidden">What this level means: </span>'
            f"{escape(rubric)}</p>"
        )
    if view.reason:
        why = f"<strong>Why not assessed:</strong> {escape(view.reason)}"
        if request_url and view.requestable:
            code = escape(urlencode(view.criterion.code))
            why += (
                f' <a class="request-assessment" href="{escape(request_url)}?criterion={code}">'
                f'Request assessment<span class="visually-hidden"> of '
                f"{escape(view.criterion.title)}</span></a>"
            )
        parts.append(f'<p class="why">{why}</p>')
    if a is not None and a.notes:
        parts.append(f'<p class="notes">{linebreaksbr(a.notes, autoescape=True)}</p>')
    evidence = view.evidence
    if evidence:
        community = a is not None and a.provenance == "community"
        items = "\n".join(_evidence_html(e, community=community) for e in evidence)
        parts.append(f'<ul class="evidence">\n{items}\n</ul>')
    elif a is not None:
        parts.append('<p class="muted">No evidence link recorded.</p>')
    if a is not None:
        line = escape(a.get_provenance_display())
        if a.reviewed_at:
            line += f" · last reviewed {_ymd(a.reviewed_at)}"
            if a.reviewed_by:
                line += f" by {escape(a.reviewed_by.get_username())}"
            elif a.reviewer_label:
                line += f" by {escape(a.reviewer_label)}"
        if a.needs_review:
            line += f" · <strong>flagged for review</strong>: {escape(a.review_reason)}"
        parts.append(f'<p class="provenance muted small">{line}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def criterion_sections_html(pairs, *, suggest_url: str, request_url: str = "") -> SafeString:
    """The model page's criteria: for each, its question and each track's judgment."""
    out = []
    group = None
    suggest_url = escape(suggest_url)
    for pair in pairs:
        c = pair.criterion
        if c.group_code != group:
            group = c.group_code
            out.append(f'<h3 class="group-title">{escape(c.group_title)}</h3>')
        code, title = escape(c.code), escape(c.title)
        section = [
            f'<article class="criterion" id="c-{code}" aria-labelledby="c-{code}-title">',
            '<header class="criterion-head">',
            f'<h4 id="c-{code}-title"><a href="{escape(pair.url)}">{title}</a></h4>',
            f'<a class="suggest" href="{suggest_url}?criterion={escape(urlencode(c.code))}">'
            f'Suggest a correction<span class="visually-hidden"> to {title}</span></a>',
            "</header>",
            f'<p class="question">{escape(c.question)}</p>',
        ]
        if pair.curated:
            section.append(_judgment_html(pair.curated, "Curated index"))
        if pair.automatic:
            section.append(_judgment_html(pair.automatic, "Hub catalog (automatic)", request_url))
        if not pair.curated and not pair.automatic:
            section.append(f"<p>{level_badge_html(Level.NOT_ASSESSED.value)}</p>")
        section.append("</article>")
        out.append("\n".join(section))
    return mark_safe("\n".join(out))  # noqa: S308 (every value above is escaped)


def glance_groups_html(groups) -> SafeString:
    """The model page's picture: each group (model_glance.GlanceGroup) with its score per track
    and its criteria as tiles, each tile linking to its section and naming its level in every
    track (about 1 ms as nested template loops, a tenth of that here)."""
    out = ['<div class="glance-groups">']
    for group in groups:
        code = escape(group.code)
        several = len(group.scores) > 1
        scores = "".join(
            ' <span class="glance-group-score">'
            + (f"{escape(s.track_words.lower())} " if several else "")
            + f"{score_text(s.value)}%</span>"
            for s in group.scores
        )
        out.append(
            f'<section class="glance-group" aria-labelledby="glance-{code}">\n'
            f'<h3 id="glance-{code}">{escape(group.title)}{scores}</h3>\n<ul class="glance-tiles">'
        )
        for tile in group.tiles:
            both = len(tile.levels) > 1
            levels = "".join(
                '<span class="glance-level">'
                + (f'<span class="glance-track">{escape(lv.track_words)}</span> ' if both else "")
                + f"{level_badge_html(lv.level)}</span>"
                for lv in tile.levels
            )
            out.append(
                f'<li class="glance-tile tile-{escape(tile.first_level)}">\n'
                f'<a href="#c-{escape(tile.code)}" class="glance-name">{escape(tile.title)}</a>\n'
                f"{levels}\n</li>"
            )
        out.append("</ul>\n</section>")
    out.append("</div>")
    return mark_safe("\n".join(out))  # noqa: S308 (every value above is escaped)


def frameworks_rows_html(frameworks, methodology_url: str) -> SafeString:
    """The model page's three definitions, side by side (selectors_frameworks.ModelFrameworks):
    the table's heading and one row per track, then the Model Openness Tool's own record. Its
    lists of components and requirements cost about a millisecond as template loops."""
    url = escape(methodology_url)
    out = [
        '<thead><tr><th scope="col">Evidence</th>'
        f'<th scope="col"><a href="{url}#mof">Model Openness Framework</a></th>'
        f'<th scope="col"><a href="{url}#osaid">Open Source AI Definition</a></th></tr></thead>',
        "<tbody>",
    ]
    for t in frameworks.tracks:
        mof = [
            f'<td><strong class="verdict verdict-mof-{escape(t.mof.name)}">'
            f"{escape(t.mof_label)}</strong>"
        ]
        if t.mof.blockers:
            items = "".join(
                f"<li><strong>{escape(c.name)}</strong> ({escape(c.content_type)}): "
                f"{escape(c.reason)}</li>"
                for c in t.mof.blockers
            )
            mof.append(
                f'<p class="small">Between it and class {escape(t.next_class)}:</p>'
                f'<ul class="small">{items}</ul>'
            )
        warnings = t.mof.warnings
        if warnings:
            items = "".join(f"<li>{escape(c.name)}: {escape(c.reason)}</li>" for c in warnings)
            mof.append(
                f'<p class="small">Counted with a warning:</p><ul class="small">{items}</ul>'
            )
        if t.licenses:
            read = "; ".join(
                f'{escape(slot)}: {escape(record.license)} <span class="muted">'
                f"({escape(record.basis)})</span>"
                for slot, record in t.licenses
            )
            mof.append(f'<p class="small">Licenses read: {read}.</p>')
        mof.append("</td>")
        requirements = "".join(
            f"<li>{OSAID_OUTCOME_WORDS.get(str(r.outcome), OSAID_UNDECIDED)}: "
            f"{escape(r.title)}: {escape(r.reason)}</li>"
            for r in t.osaid.requirements
        )
        label = escape(t.osaid_label[:1].upper() + t.osaid_label[1:])
        out.append(
            f'<tr><th scope="row">{escape(t.label)}</th>\n{"".join(mof)}\n'
            f'<td><strong class="verdict verdict-osaid-{escape(str(t.osaid.verdict))}">{label}'
            f'</strong>\n<ul class="small">{requirements}</ul>\n</td></tr>'
        )
    mot = frameworks.mot_primary
    if mot:
        name = "No class" if mot.mof_class == "none" else f"Class {escape(mot.mof_class)}"
        out.append(
            '<tr><th scope="row">Model Openness Tool\u2019s own record <span class="muted small">'
            f"({escape(mot.name)}, matched by {escape(mot.match_basis)})</span></th>\n"
            f'<td><strong class="verdict verdict-mof-{escape(mot.mof_class)}">{name}</strong>\n'
            f'<p class="small">{escape(mot.summary)}</p></td>\n'
            '<td class="muted small">The tool does not judge the OSAID.</td></tr>'
        )
    out.append("</tbody>")
    return mark_safe("\n".join(out))  # noqa: S308 (every value above is escaped)


OSAID_OUTCOME_WORDS = {"met": "Met", "not_met": "<strong>Not met</strong>"}
OSAID_UNDECIDED = "<strong>Undecided</strong>"


def score_line_html(chart, points, *, chart_id: str, title: str) -> SafeString:
    """A total score over time (charts.LineChart), as an accessible SVG step line with the
    same figures as a table below it."""
    cid, title = escape(chart_id), escape(title)
    svg = [
        f'<svg viewBox="0 0 {chart.width} {chart.height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" class="chart-svg">',
        f'<title id="{cid}-title">{title}</title>',
        f'<desc id="{cid}-desc">Line chart of the total score (0 to 100%) after each change to '
        "the assessments, rebuilt from their revisions. The same figures are in the table "
        "below.</desc>",
    ]
    svg.extend(
        f'<line class="grid" x1="{chart.left}" x2="{chart.right}" y1="{t.position}" '
        f'y2="{t.position}"></line><text class="tick" x="{chart.left - 6}" y="{t.position}" '
        f'text-anchor="end" dominant-baseline="middle">{escape(t.label)}</text>'
        for t in chart.y_ticks
    )
    svg.extend(
        f'<text class="tick" x="{t.position}" y="{chart.baseline + 18}" '
        f'text-anchor="{"start" if i == 0 else "end"}">{escape(t.label)}</text>'
        for i, t in enumerate(chart.x_ticks)
    )
    svg.append(f'<polyline class="line" points="{escape(chart.points)}"></polyline>')
    svg.extend(
        f'<circle class="dot" cx="{x}" cy="{y}" r="4"><title>{escape(label)}</title></circle>'
        for x, y, label in chart.dots
    )
    svg.append("</svg>")
    reasons = bool(points) and bool(getattr(points[0], "methodology", ""))
    head = '<th scope="col">From</th><th scope="col" class="num">Total score (%)</th>'
    if reasons:
        head += '<th scope="col">Methodology</th><th scope="col">Why</th>'
    rows = []
    for p in points:
        row = f'<tr><td>{_ymd_hm(p.at)}</td><td class="num">{score_text(p.total)}</td>'
        if reasons:
            if p.url:
                why = (
                    f'<a href="{escape(p.url)}" rel="noopener" class="upstream-commit">'
                    f"{escape(p.reason or 'upstream commit')}</a>"
                )
            else:
                why = escape(p.reason)
            row += f"<td>{escape(p.methodology)}</td><td>{why}</td>"
        rows.append(row + "</tr>")
    return mark_safe(  # noqa: S308 (every value above is escaped)
        '<figure class="chart">\n'
        + "\n".join(svg)
        + "\n<figcaption>\n<details>\n<summary>The figures as a table</summary>\n"
        + f'<table class="compact">\n<thead><tr>{head}</tr></thead>\n<tbody>{"".join(rows)}'
        + "</tbody>\n</table>\n</details>\n</figcaption>\n</figure>"
    )


def _upstream_link(entry) -> str:
    """A link to the index's commit behind a replayed revision (osai_history), or ""."""
    url = entry.upstream_url
    if not url or not url.startswith("https://github.com/"):
        return ""
    sha = escape(entry.upstream_commit[:7])
    link = f'<a class="upstream-commit" href="{escape(url)}" rel="noopener">'
    return f" {link}upstream commit {sha}</a>"


# As get_track_display() and get_source_display() word them, without a model method per row.
TRACK_CHOICE_LABELS = dict(Track.choices)
SOURCE_LABELS = dict(Revision.Source.choices)


def timeline_html(revisions) -> SafeString:
    """The model page's timeline: its revisions (selectors.TimelineEntry, newest first), each
    with its moment, criterion, track, levels, source, who made it and why."""
    items = []
    for r in revisions:
        at = localtime(r.created_at)
        old = f"{escape(level_label(r.old_level))} \u2192 " if r.old_level else ""
        who = f" by {escape(r.actor_name)}" if r.actor_name else ""
        track = TRACK_CHOICE_LABELS.get(r.track, r.track)
        source = SOURCE_LABELS.get(r.source, r.source)
        items.append(
            "<li>\n"
            f'<time datetime="{at.isoformat()}">{at.strftime("%Y-%m-%d %H:%M")}</time>\n'
            f"<strong>{escape(r.criterion.title)}</strong> "
            f"({escape(track)}):\n"
            f"{old}{escape(level_label(r.new_level))}\n"
            f'<span class="muted">\u00b7 {escape(source)}{who}</span>\n'
            f'<div class="reason">{escape(r.reason)}{_upstream_link(r)}</div>\n'
            "</li>"
        )
    return mark_safe(  # noqa: S308 (every value above is escaped)
        '<ol class="timeline" reversed>\n' + "\n".join(items) + "\n</ol>"
    )
