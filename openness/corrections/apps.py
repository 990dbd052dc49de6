from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "openness.corrections"
    label = "corrections"
