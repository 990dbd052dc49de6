from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "openness.catalog"
    label = "catalog"
