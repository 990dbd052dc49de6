from django.urls import path

from openness.web import views

app_name = "web"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("ranking.csv", views.ranking_csv, name="ranking_csv"),
    path("models/<slug:slug>/", views.model_detail, name="model"),
    path("compare/", views.compare, name="compare"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("criteria/<slug:code>/", views.criterion, name="criterion"),
    path("methodology/", views.methodology, name="methodology"),
    path("health/", views.health, name="health"),
]
