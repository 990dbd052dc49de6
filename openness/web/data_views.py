"""The open data download page and the archived dump files."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from openness.opendata.dumps import dump_path, dumps_list
from openness.opendata.licensing import OSAI_ATTRIBUTION, OSAI_LICENSE
from openness.web.api.reference import api_reference


@require_safe
def api_docs(request):
    """The API's reference for people, generated from its OpenAPI document."""
    context = {"reference": api_reference(), "base": request.build_absolute_uri("/api/v1/")}
    return render(request, "web/api_docs.html", context)


@require_safe
def data_downloads(request):
    dumps = dumps_list()
    context = {
        "latest": dumps[0] if dumps else None,
        "archive": dumps[1:],
        "license": OSAI_LICENSE,
        "attribution": OSAI_ATTRIBUTION,
        "scheduled": settings.SCHEDULED_TASKS_RUN,
    }
    return render(request, "web/data_downloads.html", context)


@require_safe
def data_dump_file(request, name):
    path = dump_path(name)
    if path is None:
        raise Http404(f"No dump {name!r}.")
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "public, max-age=3600"
    return response
