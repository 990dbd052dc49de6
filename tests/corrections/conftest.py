import pytest

from tests.corrections import factories


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
