"""The as-of error page and the changes (diff) page of a model."""

from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_htmx.http import push_url

from openness.assessments.frameworks.history import verdicts_as_of
from openness.assessments.history import EARLIEST_DAY, AsOfError
from openness.catalog.models import MODEL_TYPES
from openness.web import rendering
from openness.web.caching import PAGER_SLOT, ROWS_SLOT, fill_frame, page_frame
from openness.web.ranking import lens_controls
from openness.web.selectors import methodology_current_context
from openness.web.selectors_history import (
    AS_OF_PAGE_SIZE,
    ModelRenamed,
    compare_as_of_page,
    compare_citation,
    model_as_of_page,
    model_by_slug,
    model_citation,
    model_diff_page,
    ranking_as_of_page,
    ranking_citation,
    renamed_url,
)
from openness.web.selectors_organisations import ownership


def as_of_bad_request(request, error: AsOfError):
    """A clear 400 page for a date the site cannot answer."""
    context = {
        "message": str(error),
        "earliest": EARLIEST_DAY,
        "today": timezone.now().date(),
        "path": request.path,
    }
    return render(request, "web/as_of_invalid.html", context, status=400)


@require_safe
def model_changes(request, slug):
    try:
        model = model_by_slug(slug)
    except ModelRenamed as renamed:
        return HttpResponsePermanentRedirect(
            renamed_url(request, "web:model-changes", renamed.model)
        )
    try:
        page = model_diff_page(model, request.GET.get("from"), request.GET.get("to"))
    except AsOfError as error:
        return as_of_bad_request(request, error)
    return render(request, "web/model_changes.html", {"page": page, "model": model})


def model_as_of(request, model, day):
    """The model page as it read at the end of `day` (called by views.model_detail)."""
    state = model_as_of_page(model, day)
    current_url = reverse("web:model", args=[model.slug])
    context = {
        "model": model,
        "state": state,
        "as_of": day,
        "as_of_methodology": state.methodology,
        "current_url": current_url,
        "changes_url": f"{reverse('web:model-changes', args=[model.slug])}?from={day.isoformat()}",
        "citation": model_citation(model, day),
        "frameworks_as_of": verdicts_as_of(model=model, day=day),
    }
    return render(request, "web/model_as_of.html", context)


def ranking_as_of(request, day):
    """The curated ranking as it stood at the end of `day`, searched and filtered as far as a
    past day can be (called by views.ranking, inside its page cache and its htmx handling).

    Like the live ranking, a page is a frame (web.caching.page_frame: the form, the notices,
    the headings, the citation) kept per process, with the rows and page links spliced in."""
    if request.GET.get("track", "curated") != "curated":
        return as_of_bad_request(
            request, AsOfError("Past rankings are kept for the curated index only (track=curated).")
        )
    page = ranking_as_of_page(day, request.GET)
    query, stamp = page.query, day.isoformat()
    path = reverse("web:ranking")

    def url(**changes) -> str:
        params = {"as_of": stamp, **query.params(**changes)}
        return f"{path}?{urlencode(params, doseq=True)}"

    def at(position: int) -> str:
        return url(after=str(position) if position else "")

    rows_html = rendering.ranking_rows_html(
        page.rows,
        show_downloads=False,
        show_compare=False,
        show_released=False,
        lens=query.framework,
        as_of=day,
    )
    pager_html = rendering.page_links_html(
        first=url(after="") if page.position > AS_OF_PAGE_SIZE else None,
        previous=None if page.previous_position is None else at(page.previous_position),
        following=None if page.next_position is None else at(page.next_position),
    )
    context = methodology_current_context()

    def render_frame() -> str:
        current = {"lens": query.lens, "verdict": query.verdict} if query.framework else {}
        current = {name: value for name, value in current.items() if value}
        values = {
            "page": page,
            "q": query,
            "rows_html": ROWS_SLOT,
            "pager_html": PAGER_SLOT,
            "as_of": day,
            "as_of_methodology": page.methodology,
            "current_url": path + (f"?{urlencode(current)}" if current else ""),
            "clear_url": url(**_CLEARED),
            "organisation_names": ownership(context).curated,
            "level_filters_html": rendering.level_filters_html(page.criteria, query.levels),
            "model_types": MODEL_TYPES,
            "lens": lens_controls(query, lambda code: url(lens=code, verdict="", after="")),
        }
        if request.htmx:
            return render_to_string("web/ranking_as_of.html#results", values, request)
        values["citation"] = ranking_citation(day)
        return render_to_string("web/ranking_as_of.html", values, request)

    frame = page_frame(
        (
            "ranking-as-of",
            context.token,
            stamp,
            page.methodology and page.methodology.pk,
            bool(request.htmx),
            tuple(query.params(after="").items()),
            page.errors,
            page.not_applied,
            page.count,
            page.ranked,
            bool(page.rows),
            page.organisation and (page.organisation.slug, page.organisation.name),
            timezone.localdate(),  # the citation's "accessed" date
        ),
        render_frame,
        request=request,
    )
    response = HttpResponse(fill_frame(frame, rows=rows_html, pager=pager_html))
    if request.htmx:
        push_url(response, at(page.position))
    return response


# The live ranking's filters a past day reads, all cleared ("Clear all" keeps the day).
_CLEARED = {
    **{name: "" for name in ("q", "org", "model_type", "after", "verdict")},
    **{"released_from": None, "released_to": None, "levels": {}, "min_coverage": 0},
}


def compare_as_of(request, day):
    """Models side by side as they stood at the end of `day` (called by views.compare)."""
    slugs = request.GET.getlist("m")
    page = compare_as_of_page(slugs, day)
    params = [("m", state.model.slug) for state in page.states]
    context = {
        "page": page,
        "as_of": day,
        "as_of_methodology": page.methodology,
        "current_url": f"{reverse('web:compare')}?{urlencode(params)}",
        "citation": compare_citation([s.model for s in page.states], day),
    }
    return render(request, "web/compare_as_of.html", context)
