from django.urls import path

from openness.web import views

app_name = "web"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("models/<slug:slug>/", views.model_detail, name="model"),
    path("methodology/", views.methodology, name="methodology"),
]
