"""The as-of error page and the changes (diff) page of a model."""

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from openness.assessments.history import EARLIEST_DAY, AsOfError
from openness.web.selectors_history import (
    ModelRenamed,
    model_by_slug,
    model_diff_page,
    renamed_url,
)


def as_of_bad_request(request, error: AsOfError):
    """A clear 400 page for a date the site cannot answer."""
    from django.utils import timezone

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
