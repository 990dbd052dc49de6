from django.apps import AppConfig


class CrawlConfig(AppConfig):
    name = "openness.crawl"
    label = "crawl"
