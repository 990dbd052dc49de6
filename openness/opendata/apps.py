from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "openness.opendata"
    verbose_name = "Open data dumps"
