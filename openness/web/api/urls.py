"""The JSON API under /api/v1/ (included by openness/urls.py with the namespace "api")."""

from django.urls import path, re_path

from openness.web.api import views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
    path("models", views.models, name="models"),
    path("models/<slug:slug>", views.model, name="model"),
    path("models/<slug:slug>/as-of/<str:day>", views.model_as_of, name="model-as-of"),
    path("organisations", views.organisations, name="organisations"),
    path("organisations/<slug:slug>", views.organisation, name="organisation"),
    path("criteria", views.criteria, name="criteria"),
    path("methodologies", views.methodologies, name="methodologies"),
    # Anything else under the API answers a JSON 404, not the site's HTML page.
    re_path(r"^(?P<path>.*)$", views.not_found, name="not-found"),
]
