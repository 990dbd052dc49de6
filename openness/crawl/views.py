"""The crawl status page."""

from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from openness.crawl import selectors
from openness.crawl.models import CrawlRun


@require_GET
@vary_on_headers("HX-Request")
def status(request):
    """Recent crawl runs with their counts and errors; htmx refreshes the runs table."""
    kind = request.GET.get("kind", "")
    if kind not in CrawlRun.Kind.values:
        kind = ""
    context = selectors.crawl_status(kind=kind)
    template = "crawl/status.html#runs" if request.htmx else "crawl/status.html"
    return render(request, template, context)
