from django.urls import path

from openness.crawl import views

app_name = "crawl"

urlpatterns = [
    path("", views.status, name="status"),
]
