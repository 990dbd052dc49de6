"""Badges, share images and the share page of a model (embed snippets, citation, feeds)."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from openness.assessments.history import AsOfError
from openness.lib import site
from openness.web import badges
from openness.web.history_views import as_of_bad_request
from openness.web.selectors_history import (
    ModelRenamed,
    as_of_from_request,
    current_score,
    model_by_slug,
    model_citation,
    renamed_url,
)

BADGE_MAX_AGE = 3600
IMAGE_MAX_AGE = 86400


def _etag(*parts) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]


@require_safe
def model_badge(request, slug):
    try:
        model = model_by_slug(slug)
    except ModelRenamed as renamed:
        return HttpResponsePermanentRedirect(renamed_url(request, "web:model-badge", renamed.model))
    score = current_score(model)
    facts = badges.badge_facts(model, score)
    etag = _etag("badge", model.pk, model.name, score and score.computed_at, score and score.rank)

    @condition(etag_func=lambda request: etag)
    def respond(request):
        response = HttpResponse(badges.badge_svg(facts), content_type="image/svg+xml")
        # Embedded on other sites: let them load it, keep it fresh for an hour.
        response["Access-Control-Allow-Origin"] = "*"
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        patch_cache_control(response, public=True, max_age=BADGE_MAX_AGE)
        return response

    return respond(request)


@require_safe
def model_share_image(request, slug):
    try:
        model = model_by_slug(slug)
    except ModelRenamed as renamed:
        return HttpResponsePermanentRedirect(renamed_url(request, "web:model-image", renamed.model))
    score = current_score(model)
    etag = _etag(
        "png",
        site.site_url(request),
        model.pk,
        model.name,
        model.organisation.name,
        score and score.computed_at,
    )

    @condition(etag_func=lambda request: etag)
    def respond(request):
        # Drawing takes tens of milliseconds: keep each version in the shared cache.
        key = f"share-png:{etag}"
        png = cache.get(key)
        if png is None:
            facts = badges.badge_facts(model, score)
            levels = _levels(score)
            png = badges.share_png(
                facts=facts,
                organisation=model.organisation.name,
                levels=levels,
                site=site.site_url() + reverse("web:model", args=[model.slug]),
            )
            cache.set(key, png, timeout=7 * 86400)
        response = HttpResponse(png, content_type="image/png")
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        patch_cache_control(response, public=True, max_age=IMAGE_MAX_AGE)
        return response

    return respond(request)


def _levels(score) -> list[tuple[str, str]]:
    if score is None:
        return []
    order = list(score.methodology.criteria.values_list("code", flat=True))
    return [(code, score.levels.get(code, "not_assessed")) for code in order]


@require_safe
def model_share(request, slug):
    try:
        model = model_by_slug(slug)
    except ModelRenamed as renamed:
        return HttpResponsePermanentRedirect(renamed_url(request, "web:model-share", renamed.model))
    try:
        as_of = as_of_from_request(request)
    except AsOfError as error:
        return as_of_bad_request(request, error)
    score = current_score(model)
    facts = badges.badge_facts(model, score)
    page_url = site.site_url() + reverse("web:model", args=[model.slug])
    badge_url = site.site_url() + reverse("web:model-badge", args=[model.slug])
    context = {
        "model": model,
        "facts": facts,
        "badge_url": badge_url,
        "image_url": site.site_url() + reverse("web:model-image", args=[model.slug]),
        "page_url": page_url,
        "markdown": f"[![{facts.title}]({badge_url})]({page_url})",
        "html": (f'<a href="{page_url}"><img src="{badge_url}" alt="{_attr(facts.title)}"></a>'),
        "citation": model_citation(model, as_of),
        "as_of": as_of,
        "bands": badges.BANDS,
    }
    return render(request, "web/model_share.html", context)


def _attr(value: str) -> str:
    from django.utils.html import escape

    return escape(value)
