from django.urls import path

from openness.corrections import feeds, views

app_name = "corrections"

urlpatterns = [
    path("models/<slug:slug>/corrections/new/", views.correction_new, name="new"),
    path("models/<slug:slug>/corrections/", views.model_record, name="record"),
    path("corrections/", views.public_record, name="public"),
    path("corrections/feed/", feeds.DecidedCorrectionsFeed(), name="public-feed"),
    path("corrections/link-hints/", views.link_hints, name="hints"),
    path("corrections/status/<str:token>/", views.correction_status, name="status"),
    path("moderation/corrections/", views.queue, name="queue"),
    path("moderation/corrections/<int:pk>/", views.review, name="review"),
]
