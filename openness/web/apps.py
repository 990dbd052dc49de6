from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "openness.web"
    label = "web"
