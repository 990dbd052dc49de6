import pytest
from django.core.cache import cache

from tests.corrections import factories


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Each test starts with no submissions counted against the test client's address.
    cache.clear()
    yield
    cache.clear()


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
