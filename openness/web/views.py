"""The site's pages: each view parses input, calls one selector and renders."""

import csv

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, push_url

from openness.assessments import vocabulary
from openness.assessments.history import AsOfError
from openness.assessments.models import Track
from openness.lib.text import csv_cell
from openness.opendata.licensing import datapackage_sources
from openness.web import (
    charts,
    compare_choice,
    history_views,
    model_glance,
    rendering,
    selectors,
    selectors_frameworks,
    selectors_history,
    selectors_lens,
    selectors_organisations,
    selectors_search,
)
from openness.web.caching import (
    PAGER_SLOT,
    ROWS_SLOT,
    cached_public_page,
    fill_frame,
    page_frame,
)
from openness.web.errors import RETRY_AFTER_SECONDS
from openness.web.lens import LENSES
from openness.web.ranking import (
    COVERAGE_CHOICES,
    GATED_CHOICES,
    LICENSE_CLASSES,
    SEARCH_MAX_LENGTH,
    TRACK_PARAMS,
    TRACK_SLUGS,
    lens_controls,
)

CSV_ROW_LIMIT = 100_000
# The attribution that the EU OSAI Index's CC-BY 4.0 license asks for, wherever its data goes.
ATTRIBUTION_LINES = [
    "Curated assessments: European Open Source AI Index, https://osai-index.eu/",
    "Dataset: doi:10.5281/zenodo.15386042, licensed CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/)",
    "Paper: Liesenfeld, A. and Dingemanse, M. (2024), 'Rethinking open source generative AI: "
    "open-washing and the EU AI Act', FAccT '24, doi:10.1145/3630106.3659005",
    "Changes: Openness imports the index's levels, notes and links unchanged, normalises license "
    "names to SPDX ids, adds Hugging Face Hub metadata, automatic assessments, history and "
    "reviewed community corrections.",
]


COVERAGE_NOTE = (
    f"Scores and coverage are in percent: {vocabulary.SCORE_UNIT_TEXT}. total counts "
    "criteria not assessed as closed (the EU index's formula; "
    "the Hub catalog ranks by it), total_upper counts them as open; assessed of applicable "
    "criteria were judged; coverage = assessed / applicable."
)

# The query parameters the leaderboard reads (ranking_query_parse, the as-of view): the page
# cache keys on these alone, so that no other parameter makes an entry of its own.
RANKING_PARAMS = (
    *("track", "q", "model_type", "org", "license", "provenance", "gated", "min_coverage"),
    *("released_from", "released_to", "sort", "order", "after", "before", "as_of", "m"),
    *("lens", "verdict"),
)
COMPARE_SLOT = mark_safe("\x00compare\x00")


def _methodology_missing(request):
    return render(request, "web/no_methodology.html", status=503)


@require_safe
def ranking(request):
    if request.GET.get("compare"):
        return _compare_chosen(request)
    return _ranking(request)


def _compare_chosen(request):
    """The ranking's "Compare the ticked models" button: the comparison of the ticks, kept in
    the ranking's address (htmx follows with a full page load, not a swap)."""
    params = [("m", slug) for slug in dict.fromkeys(request.GET.getlist("m")) if slug.strip()]
    if request.GET.get("track") == "hub":
        params.insert(0, ("track", "hub"))
    url = f"{reverse('web:compare')}?{urlencode(params)}" if params else reverse("web:compare")
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@vary_on_headers("HX-Request")
@cached_public_page(params=RANKING_PARAMS, prefixes=("level_",))
def _ranking(request):
    if "as_of" in request.GET:
        try:
            day = selectors_history.as_of_from_request(request)
        except AsOfError as error:
            return history_views.as_of_bad_request(request, error)
        if day is not None:
            return history_views.ranking_as_of(request, day)
    try:
        page = selectors.ranking_page(request.GET)
    except selectors.MethodologyMissing:
        return _methodology_missing(request)
    query = page.query
    show_downloads = query.track == Track.AUTOMATIC
    rows_html = rendering.ranking_rows_html(
        page.rows,
        show_downloads=show_downloads,
        show_coverage=show_downloads,
        lens=query.framework,
        chosen=query.compare,
    )
    compare_html = compare_choice.chosen_panel_html(
        query, page.chosen, {row.model.slug for row in page.rows}
    )
    pager_html = rendering.pager_links_html(
        query,
        previous_cursor=page.previous_cursor,
        next_cursor=page.next_cursor,
    )

    def render_frame() -> str:
        distribution_html = ""
        if query.track == Track.EDITORIAL and not request.htmx:
            distribution_html = page.context.derive(
                "histogram:editorial", lambda: _curated_histogram_html(page.context)
            )
        context = {
            "page": page,
            "q": query,
            "header_html": rendering.ranking_header_html(
                query, page.context, show_downloads=show_downloads, show_coverage=show_downloads
            ),
            "rows_html": ROWS_SLOT,
            "pager_html": PAGER_SLOT,
            "compare_html": COMPARE_SLOT,
            "organisation_suggestions": selectors_organisations.organisation_suggestions(
                page.context, hub=query.track == Track.AUTOMATIC
            ),
            "level_filters_html": rendering.level_filters_html(page.context.criteria, query.levels),
            "sort_options_html": rendering.sort_options_html(query, page.context),
            "distribution_html": distribution_html,
            "license_classes": LICENSE_CLASSES,
            "gated_choices": GATED_CHOICES,
            "coverage_choices": COVERAGE_CHOICES,
            "tracks": Track,
            "lens": lens_choices(query),
        }
        if request.htmx:
            return render_to_string("web/ranking.html#results", context, request)
        context["citation"] = selectors_history.ranking_citation()
        return render_to_string("web/ranking.html", context, request)

    organisation = page.organisation
    frame = page_frame(
        (
            "ranking",
            page.context.token,
            bool(request.htmx),
            tuple(query.params(after="", before="").items()),
            query.errors,
            page.count,
            bool(page.rows),
            organisation and (organisation.slug, organisation.name),
            bool(page.chosen),
            timezone.localdate(),  # the citation's "accessed" date
        ),
        render_frame,
        request=request,
    )
    filled = fill_frame(frame, rows=rows_html, pager=pager_html)
    response = HttpResponse(filled.replace(COMPARE_SLOT, compare_html, 1))
    if request.htmx:
        # Push the canonical address (no empty form fields), so that the address bar stays
        # short.
        push_url(response, query.url(reverse("web:ranking")))
    return response


def lens_choices(query) -> dict:
    """The definition lens's controls (templates/web/_ranking_lens.html): each lens with the
    address of this view under it, and the chosen lens's verdicts for its filter."""
    path = reverse("web:ranking")
    return lens_controls(
        query, lambda code: query.url(path, lens=code, verdict="", after="", before="")
    )


def _curated_histogram_html(context) -> str:
    """The curated index's distribution chart: the same for every view of the data version."""
    bins = selectors.score_distribution(context.methodology, Track.EDITORIAL)
    return render_to_string(
        "web/_histogram.html",
        {
            "chart": charts.histogram(bins),
            "chart_id": "dist-curated",
            "title": "Distribution of total scores in the curated index",
        },
    )


class _Echo:
    """A file-like object whose write returns the line, for streaming csv."""

    def write(self, value):
        return value


@require_safe
def ranking_csv(request):
    try:
        page, rows = selectors.ranking_rows_for_csv(request.GET, limit=CSV_ROW_LIMIT)
    except selectors.MethodologyMissing:
        return _methodology_missing(request)
    criteria = page.context.criteria
    groups = page.context.groups
    writer = csv.writer(_Echo())
    track = vocabulary.track_name(page.query.track)

    def lines():  # every data row's cells through csv_cell: no cell is read as a formula
        # The header row first, so that any spreadsheet reads the file; the attribution,
        # license and the fields' meaning are in the data package the Link header names.
        yield writer.writerow([name for name, _, _ in csv_fields(groups, criteria)])
        for row in rows:
            model = row.model
            yield writer.writerow(
                map(
                    csv_cell,
                    [
                        row.score.rank,
                        model.name,
                        model.slug,
                        model.organisation.name,
                        vocabulary.percent(row.score.total),
                        vocabulary.percent(row.score.total_upper),
                        row.score.assessed,
                        row.score.applicable,
                        vocabulary.coverage_percent(row.score.assessed, row.score.applicable),
                    ]
                    + [vocabulary.percent(v) if v is not None else "" for _, v in row.groups]
                    + [mark.level for mark in row.marks]
                    + [
                        model.release_date.isoformat() if model.release_date else "",
                        model.license_spdx,
                        model.license_name,
                        "" if model.downloads is None else model.downloads,
                        row.mof or "",
                        row.osaid or "",
                        request.build_absolute_uri(model.get_absolute_url()),
                        track,
                    ],
                )
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"openness-{track}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Link"] = f'<{_datapackage_url(request)}>; rel="describedby"; type="application/json"'
    return response


def _datapackage_url(request) -> str:
    query = request.META.get("QUERY_STRING", "")
    url = reverse("web:ranking_datapackage")
    return f"{url}?{query}" if query else url


def csv_fields(groups, criteria) -> list[tuple[str, str, str]]:
    """The ranking CSV's columns: (name, Frictionless type, meaning), in order."""
    score = "number", "in percent (0 to 100, four decimals)"
    return [
        ("rank", "integer", "the model's place in its whole track, whatever the filters"),
        ("name", "string", "the model's name"),
        ("slug", "string", "the model's address on this site: /models/<slug>/"),
        ("organisation", "string", "who released it"),
        ("total", score[0], f"the total score, {score[1]}: {COVERAGE_NOTE}"),
        (
            "total_upper",
            score[0],
            f"the total if every criterion not assessed were open, {score[1]}",
        ),
        ("assessed", "integer", "how many applicable criteria were judged"),
        ("applicable", "integer", "how many criteria apply to the model's type"),
        ("coverage", score[0], f"assessed / applicable, {score[1]}"),
        *((g.code, score[0], f"the {g.title} group score, {score[1]}") for g in groups),
        *(
            (c.code, "string", f"{c.title}: open, partial, closed or not_assessed")
            for c in criteria
        ),
        ("release_date", "date", "when the model was released, if known"),
        ("license_spdx", "string", "the model's license as an SPDX id, where it is one"),
        ("license", "string", "the license as declared"),
        ("downloads", "integer", "downloads on the Hugging Face Hub, if known"),
        (
            "mof_class",
            "string",
            "the Model Openness Framework class derived from the same evidence in the row's "
            "track: III, II, I or none (empty when not judged)",
        ),
        (
            "osaid_verdict",
            "string",
            "the Open Source AI Definition verdict derived from the same evidence: conforms, "
            "cannot_tell or does_not_conform (empty when not judged)",
        ),
        ("url", "string", "the model's page on this site"),
        ("track", "string", "which judgments: curated (the curated index) or hub (automatic)"),
    ]


@require_safe
def ranking_datapackage(request):
    """A Frictionless data package describing /ranking.csv for the same query: the license,
    the sources to credit, and what each field means."""
    try:
        page = selectors.ranking_page(request.GET)
    except selectors.MethodologyMissing:
        return _methodology_missing(request)
    track = Track(page.query.track)
    query = request.META.get("QUERY_STRING", "")
    csv_url = reverse("web:ranking_csv") + (f"?{query}" if query else "")
    package = {
        "profile": "tabular-data-package",
        "name": "openness-ranking",
        "title": f"Openness ranking: {track.label}",
        "description": " ".join(
            [
                f"AI models ranked by openness ({track.label}), methodology "
                f"{page.context.methodology}, at most {CSV_ROW_LIMIT:,} rows.",
                *ATTRIBUTION_LINES,
            ]
        ),
        "homepage": request.build_absolute_uri(reverse("web:methodology")),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "sources": datapackage_sources(),
        "resources": [
            {
                "name": "ranking",
                "path": request.build_absolute_uri(csv_url),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": name, "type": kind, "description": meaning}
                        for name, kind, meaning in csv_fields(
                            page.context.groups, page.context.criteria
                        )
                    ]
                },
            }
        ],
    }
    return JsonResponse(package, json_dumps_params={"indent": 2, "ensure_ascii": False})


def _moved(request, name: str, slug: str):
    """A permanent redirect to the page at `slug`, keeping the query (as_of, track, ...)."""
    url = reverse(name, args=[slug])
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{url}?{query}" if query else url, permanent=True)


@require_safe
@cached_public_page(params=("as_of", "lens"))
def model_detail(request, slug):
    if slug != slug.lower():
        # Slugs are lower case: /models/OLMo/ is /models/olmo/ as a person typed it.
        return _moved(request, "web:model", slug.lower())
    try:
        day = selectors_history.as_of_from_request(request)
    except AsOfError as error:
        return history_views.as_of_bad_request(request, error)
    if day is not None:
        try:
            model = selectors_history.model_by_slug(slug)
        except selectors_history.ModelRenamed as renamed:
            url = selectors_history.renamed_url(request, "web:model", renamed.model)
            return redirect(url, permanent=True)
        return history_views.model_as_of(request, model, day)
    try:
        page = selectors.model_page(slug)
    except selectors.ModelMoved as moved:
        return _moved(request, "web:model", moved.slug)
    except selectors.MethodologyMissing:
        return _methodology_missing(request)
    now = timezone.now()
    lines = []
    for track, points in page.history.items():
        chart = charts.score_line(points, now=now)
        if chart is not None:
            html = rendering.score_line_html(
                chart,
                points,
                chart_id=f"history-{vocabulary.track_name(track)}",
                title=f"{page.model.name}: total score over time",
            )
            lines.append((track, html))
    # Shared as the badge shows it: the curated score, else the automatic one.
    scores = {t.track: t.score for t in page.tracks if t.score}
    curated = scores.get(Track.EDITORIAL) or scores.get(Track.AUTOMATIC)
    frameworks = selectors_frameworks.model_frameworks(
        page.model, {t.track: t.score for t in page.tracks}
    )
    lens = selectors_lens.page_lens(
        {"lens": request.GET.get("lens", "")}, reverse("web:model", args=[page.model.slug])
    )
    glance = model_glance.glance_groups(page)
    return render(
        request,
        "web/model.html",
        {
            "page": page,
            "model": page.model,
            "criteria_html": rendering.criterion_sections_html(
                page.pairs,
                suggest_url=reverse("corrections:new", args=[page.model.slug]),
                request_url=(
                    reverse("web:model-request-assessment", args=[page.model.slug])
                    if page.can_request_assessment
                    else ""
                ),
            ),
            "glance": glance,
            "glance_html": rendering.glance_groups_html(glance),
            "timeline_html": rendering.timeline_html(page.revisions),
            "history_charts": lines,
            "tracks": Track,
            "citation": selectors_history.model_citation(page.model, None),
            "frameworks": frameworks,
            "frameworks_rows_html": rendering.frameworks_rows_html(
                frameworks, reverse("web:methodology")
            ),
            "page_lens": lens,
            "lens_lines": selectors_lens.model_lens_lines(lens, frameworks, scores),
            **selectors_history.share_context(page.model, curated, page.context.methodology),
        },
    )


@require_safe
@vary_on_headers("HX-Request")
def compare(request):
    try:
        day = selectors_history.as_of_from_request(request)
    except AsOfError as error:
        return history_views.as_of_bad_request(request, error)
    if day is not None:
        return history_views.compare_as_of(request, day)
    track = TRACK_PARAMS.get(request.GET.get("track", "curated"), Track.EDITORIAL)
    slugs = request.GET.getlist("m")
    try:
        page = selectors.compare_page(slugs, track)
    except selectors.MethodologyMissing:
        return _methodology_missing(request)
    canonical = [m.slug for m in page.models]
    if not page.missing and canonical != [s.strip() for s in slugs if s.strip()]:
        # Names, other cases and hub ids resolve to slugs: show the address a reader can share.
        query = request.GET.copy()
        query.setlist("m", canonical)
        return redirect(f"{reverse('web:compare')}?{query.urlencode()}")
    keep = [("m", slug) for slug in canonical]
    if track != Track.EDITORIAL:
        keep.append(("track", TRACK_SLUGS[track]))
    lens = selectors_lens.page_lens(request.GET, reverse("web:compare"), keep)
    if lens.framework:
        # The columns in the lens's order (a verdict filter does not apply to a comparison).
        page.models = selectors_lens.lens_order(
            page.models,
            selectors_lens.PageLens(lens.lens, "", lens.errors, lens.links),
            page.verdicts,
            lambda m: m.pk,
            lambda m: getattr(page.scores.get(m.pk), "rank", None) or 2**31,
        )
    find = " ".join(request.GET.get("find", "").split())[:SEARCH_MAX_LENGTH]
    matches = []
    if find:
        found = selectors_search.models_matching(
            find, methodology_id=page.context.methodology.pk, track=track
        )
        chosen = [("m", model.slug) for model in page.models]
        base = [("track", "hub")] if track == Track.AUTOMATIC else []
        if lens.framework:
            base.append(("lens", lens.lens))
        full = len(page.models) >= selectors.COMPARE_MAX
        for match in found:
            if match.slug in {slug for _, slug in chosen}:
                add_url = "chosen"
            elif full:
                add_url = ""
            else:
                query = urlencode([*base, *chosen, ("m", match.slug)])
                add_url = f"{reverse('web:compare')}?{query}"
            matches.append((match, add_url))
    context = {
        "page": page,
        "page_lens": lens,
        "lens_rule": f"Models ordered by the {lens.label} (most open first), then rank",
        "page_lens_frameworks": [(code, LENSES[code]) for code in ("mof", "osaid")],
        "track_slug": TRACK_SLUGS[track],
        "tracks": Track,
        "find": find,
        "matches": matches,
        "full": len(page.models) >= selectors.COMPARE_MAX,
        "citation": selectors_history.compare_citation(page.models),
    }
    if request.htmx and request.htmx.target == "find-results":
        return render(request, "web/_compare_finder.html#find-results", context)
    return render(request, "web/compare.html", context)


@require_safe
@cached_public_page(params=("lens", "verdict", "track", "after", "before"))
def organisation(request, slug):
    if slug != slug.lower():
        return _moved(request, "web:organisation", slug.lower())
    lens = selectors_lens.page_lens(request.GET, reverse("web:organisation", args=[slug]))
    try:
        page = selectors.organisation_page(
            slug,
            lens=lens.lens,
            verdict=lens.verdict,
            # The track whose page `after` or `before` names (the curated one by default).
            track=TRACK_PARAMS.get(request.GET.get("track", ""), Track.EDITORIAL),
            after=request.GET.get("after", "").strip()[:400],
            before=request.GET.get("before", "").strip()[:400],
        )
    except selectors.OrganisationMoved as moved:
        # A Hub account that a curated organisation owns: one page for both tracks.
        return _moved(request, "web:organisation", moved.slug)
    except selectors.MethodologyMissing:
        return _methodology_missing(request)
    return render(
        request,
        "web/organisation.html",
        {
            "page": page,
            "track_slugs": TRACK_SLUGS,
            "tracks": Track,
            "page_lens": lens,
            "lens_rule": f"Each track's models by the {lens.label} (most open first), then rank",
        },
    )


@require_safe
@cached_public_page
def organisations(request):
    try:
        page = selectors.organisations_index()
    except selectors.MethodologyMissing:
        return _methodology_missing(request)
    return render(request, "web/organisations.html", {"page": page})


@require_safe
def criterion(request, code):
    lens = selectors_lens.page_lens(request.GET, reverse("web:criterion", args=[code]))
    try:
        page = selectors.criterion_page(code, lens)
    except selectors.MethodologyMissing:
        return _methodology_missing(request)
    bar = charts.stacked_bar(
        [(level, label, len(scores)) for level, label, scores in page.by_level]
    )
    return render(
        request,
        "web/criterion.html",
        {
            "page": page,
            "bar": bar,
            "page_lens": lens,
            "lens_rule": f"Each level's models by the {lens.label} (most open first), then rank",
        },
    )


@require_safe
def methodology(request):
    try:
        page = selectors.methodology_page()
    except selectors.MethodologyMissing:
        return _methodology_missing(request)
    charts_by_track = [
        (Track(track).label, charts.histogram(bins), bins) for track, bins in page.distributions
    ]
    return render(
        request,
        "web/methodology.html",
        {
            "page": page,
            "charts": charts_by_track,
            "attribution": ATTRIBUTION_LINES,
            "enrich_min_downloads": settings.HUB_ENRICH_MIN_DOWNLOADS,
            "reads_in_words": selectors.READS_IN_WORDS,
            "frameworks": selectors_frameworks.methodology_frameworks(),
        },
    )


@require_safe
def health(request):
    """Liveness: the process answers requests (it reads nothing). The benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def health_ready(request):
    """Readiness: whether this process can serve pages now, as 200 or 503 with the checks.

    The database is required. The cache's Redis, when configured, is reported but not
    required: the site serves without it (uncached), so a balancer that took every process
    out of service while Redis is down would turn a slower site into no site.
    """
    checks = {"database": health_database()}
    redis = health_redis()
    if redis is not None:
        checks["redis"] = redis
    ready = checks["database"] == "ok"
    lines = [f"{name}: {state}" for name, state in checks.items()]
    response = HttpResponse(
        "\n".join(["ready" if ready else "not ready", *lines]) + "\n",
        content_type="text/plain",
        status=200 if ready else 503,
    )
    if not ready:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def health_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return f"unavailable ({type(error).__name__})"
    return "ok"


def health_redis() -> str | None:
    """ "ok" or "unavailable" for the cache's Redis, None when the cache is not Redis."""
    ping = getattr(cache, "ping", None)
    if ping is None:
        return None
    return "ok" if ping() else "unavailable (pages served uncached)"
