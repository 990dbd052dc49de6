import pytest
from django.core.cache import cache

from . import factories


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages cache aggregates over the Hub catalog; each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def methodology(db):
    return factories.methodology_create()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests see every change at once; test_caching turns the page cache on itself."""
    settings.WEB_PAGE_CACHE_SECONDS = 0
