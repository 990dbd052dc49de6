"""The crawl status page."""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from openness.crawl import rendering, selectors
from openness.crawl.models import CrawlRun


@require_safe
@vary_on_headers("HX-Request")
def status(request):
    """Recent crawl runs with their counts and errors; htmx refreshes the runs table.

    Public, the same for everyone, and polled every 15 s by every open tab: each process keeps
    its rendering for CRAWL_STATUS_CACHE_SECONDS in its own memory (the "frames" cache), keyed
    by the only two things that change it, so junk query strings make no entries.
    """
    kind = request.GET.get("kind", "")
    if kind not in CrawlRun.Kind.values:
        kind = ""
    seconds = settings.CRAWL_STATUS_CACHE_SECONDS
    key = f"crawl:status:{kind}:{bool(request.htmx)}"
    if seconds and (kept := caches["frames"].get(key)) is not None:
        content, content_type = kept
        return HttpResponse(content, content_type=content_type)
    context = selectors.crawl_status(kind=kind)
    # The rows in Python (crawl.rendering): through the template engine they were most of
    # an uncached render.
    context["runs_html"] = rendering.runs_rows_html(context["runs"])
    if not request.htmx:
        context["errors_html"] = rendering.errors_rows_html(context["errors"])
    template = "crawl/status.html#runs" if request.htmx else "crawl/status.html"
    response = render(request, template, context)
    if seconds:
        caches["frames"].set(key, (response.content, response["Content-Type"]), seconds)
    return response
