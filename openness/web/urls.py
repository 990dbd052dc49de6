from django.urls import path

from openness.web import (
    data_views,
    feeds,
    history_views,
    index_views,
    lens_views,
    request_views,
    share_views,
    views,
)
from openness.web.caching import cached_public_page

app_name = "web"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("ranking.csv", views.ranking_csv, name="ranking_csv"),
    path("ranking.datapackage.json", views.ranking_datapackage, name="ranking_datapackage"),
    path("models/<slug:slug>/", views.model_detail, name="model"),
    path(
        "models/<slug:slug>/request-assessment/",
        request_views.model_request_assessment,
        name="model-request-assessment",
    ),
    path("compare/", views.compare, name="compare"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("criteria/<slug:code>/", views.criterion, name="criterion"),
    path("methodology/", views.methodology, name="methodology"),
    path("definitions/", lens_views.definitions, name="definitions"),
    path("health/", views.health, name="health"),
    path("health/ready/", views.health_ready, name="health-ready"),
    # Permalinks, history, sharing and open data (issue 6).
    path("models/<slug:slug>/changes/", history_views.model_changes, name="model-changes"),
    path("models/<slug:slug>/share/", share_views.model_share, name="model-share"),
    path("models/<slug:slug>/badge.svg", share_views.model_badge, name="model-badge"),
    path("models/<slug:slug>/card.png", share_views.model_share_image, name="model-image"),
    path("models/<slug:slug>/feed/", feeds.ModelChangesFeed(), name="model-feed"),
    path(
        "organisations/<slug:slug>/feed/",
        feeds.OrganisationChangesFeed(),
        name="organisation-feed",
    ),
    path("feeds/changes/", feeds.ChangesFeed(), name="changes-feed"),
    # The index's own history, replayed from its upstream commits (issue 19).
    path("index/changes/", index_views.index_changes, name="index-changes"),
    # Through the page cache like the page it summarises: the same months, nothing per visitor.
    path(
        "index/changes/feed/",
        cached_public_page(index_views.IndexChangesFeed()),
        name="index-changes-feed",
    ),
    path("data/", data_views.data_downloads, name="data"),
    path("api/", data_views.api_docs, name="api-docs"),
    path("data/dumps/<str:name>", data_views.data_dump_file, name="data-dump"),
]
