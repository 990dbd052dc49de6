import pytest

from . import factories


@pytest.fixture
def methodology(db):
    return factories.methodology_create()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests see every change at once; test_caching turns the page cache on itself."""
    settings.WEB_PAGE_CACHE_SECONDS = 0
