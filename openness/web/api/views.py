"""The read-only JSON API: thin views over api.selectors, wrapped by http.api_view."""

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from openness.opendata.licensing import license_block
from openness.web.api import selectors
from openness.web.api.http import ApiError, api_view
from openness.web.api.pagination import limit_parse
from openness.web.api.schema import openapi_schema


def _licensed(result):
    payload, last_modified = result
    payload["license"] = license_block()
    return payload, last_modified


@api_view
def index(request):
    return {
        "name": "Openness API",
        "version": "v1",
        "openapi": selectors.absolute(reverse("api:openapi")),
        "endpoints": {
            "models": selectors.absolute(reverse("api:models")),
            "organisations": selectors.absolute(reverse("api:organisations")),
            "criteria": selectors.absolute(reverse("api:criteria")),
            "methodologies": selectors.absolute(reverse("api:methodologies")),
        },
        "license": license_block(),
    }, None


@api_view
def models(request):
    limit = limit_parse(request.GET.get("limit"))
    return _licensed(selectors.models_page(request.GET, limit=limit))


@api_view
def model(request, slug):
    try:
        found = selectors.model_get(slug)
    except selectors.ModelMoved as moved:
        return HttpResponsePermanentRedirect(reverse("api:model", args=[moved.slug]))
    return _licensed(selectors.model_detail(found))


@api_view
def model_as_of(request, slug, day):
    try:
        found = selectors.model_get(slug)
    except selectors.ModelMoved as moved:
        return HttpResponsePermanentRedirect(reverse("api:model-as-of", args=[moved.slug, day]))
    return _licensed(selectors.model_as_of_data(found, day))


@api_view
def organisations(request):
    limit = limit_parse(request.GET.get("limit"))
    return _licensed(selectors.organisations_page(request.GET, limit=limit))


@api_view
def organisation(request, slug):
    return _licensed(selectors.organisation_detail(slug))


@api_view
def criteria(request):
    return _licensed(selectors.criteria_list(request.GET))


@api_view
def methodologies(request):
    return _licensed(selectors.methodologies_list())


@api_view
def openapi(request):
    return openapi_schema(), None


@api_view
def not_found(request, path=""):
    raise ApiError(404, "not_found", f"No API endpoint at /api/v1/{path}.")
