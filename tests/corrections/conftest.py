import pytest

from . import factories


@pytest.fixture
def world(db):
    return factories.make_ranked_world()


@pytest.fixture
def moderator(db):
    return factories.make_moderator("mod")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture(autouse=True)
def _pages_rendered_fresh(settings):
    # These tests read the model page right before and after a change; the web app's short
    # shared page cache would serve the copy from before (and make "nothing changed" trivial).
    settings.WEB_PAGE_CACHE_SECONDS = 0
