from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "openness.assessments"
    label = "assessments"
