"""Request assessment: a visitor asks for a Hub model's automatic assessment.

The model's Hub repositories join the operator requests that enrichment serves first
(crawl.services.model_request_assessment); the next enrichment batch (every minute) fetches the
model card, dataset records and papers and runs the rules. Rate-limited per address like
correction submissions (lib.ratelimit), protected by Django's CSRF check, and idempotent: a
request that is already waiting keeps its place and nothing changes.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from openness.catalog.models import AIModel
from openness.crawl import selectors as crawl_selectors
from openness.crawl import services as crawl_services
from openness.lib import data_version, ratelimit

OUTCOMES = {"queued", "already_queued", "no_repository"}


def _rate_limited(request):
    return ratelimit.refused_page(
        request,
        scope="assessment-requests",
        limit=settings.ASSESSMENT_REQUEST_RATE_LIMIT,
        period=settings.ASSESSMENT_REQUEST_RATE_PERIOD_SECONDS,
        template="web/request_assessment_limited.html",
    )


def _period_words(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "hour" if hours == 1 else f"{hours} hours"
    minutes = -(-seconds // 60)
    return "minute" if minutes == 1 else f"{minutes} minutes"


@require_http_methods(["GET", "HEAD", "POST"])
def model_request_assessment(request, slug):
    model = AIModel.objects.select_related("organisation").filter(slug=slug).first()
    if model is None:
        raise Http404("No model has this address.")
    outcome = ""
    if request.method == "POST":
        limited = _rate_limited(request)
        if limited:
            return limited
        outcome = crawl_services.model_request_assessment(model_id=model.pk)
        if outcome == "queued":
            data_version.bump()  # the model page now says the request is waiting
    hub = crawl_selectors.model_hub_status(model.pk, is_curated=model.is_curated)
    status = 404 if hub is None else 200
    return render(
        request,
        "web/request_assessment.html",
        {
            "model": model,
            "hub": hub,
            "outcome": outcome,
            "criterion": request.GET.get("criterion", "")[:50],
            "threshold": settings.HUB_ENRICH_MIN_DOWNLOADS,
            "request_limit": settings.ASSESSMENT_REQUEST_RATE_LIMIT,
            "request_period": _period_words(settings.ASSESSMENT_REQUEST_RATE_PERIOD_SECONDS),
        },
        status=status,
    )
