"""The as-of error page and the changes (diff) page of a model."""

from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from openness.assessments.frameworks.history import verdicts_as_of
from openness.assessments.history import EARLIEST_DAY, AsOfError
from openness.web import rendering
from openness.web.lens import EU, LENSES
from openness.web.ranking import lens_parse
from openness.web.selectors_history import (
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
    """The curated ranking as it stood at the end of `day` (called by views.ranking)."""
    if request.GET.get("track", "curated") != "curated":
        return as_of_bad_request(
            request, AsOfError("Past rankings are kept for the curated index only (track=curated).")
        )
    errors: list[str] = []
    lens, verdict = lens_parse(request.GET, errors)
    page = ranking_as_of_page(day, lens=lens, verdict=verdict)
    path, stamp = reverse("web:ranking"), day.isoformat()
    current = {"lens": lens, "verdict": verdict} if lens != EU else {}
    current = {name: value for name, value in current.items() if value}
    context = {
        "page": page,
        "rows_html": rendering.ranking_as_of_rows_html(
            page.rows,
            models=page.models,
            criteria=page.criteria,
            day=day,
            verdicts=page.verdicts,
            lens=page.lens,
        ),
        "as_of": day,
        "as_of_methodology": page.methodology,
        "current_url": path + (f"?{urlencode(current, doseq=False)}" if current else ""),
        "citation": ranking_citation(day),
        "lens_errors": errors,
        "lens_label": LENSES[lens],
        "lens_links": [
            (code, label, f"{path}?{urlencode({'as_of': stamp, 'lens': code})}")
            for code, label in LENSES.items()
        ],
    }
    return render(request, "web/ranking_as_of.html", context)


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
