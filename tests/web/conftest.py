import pytest

from . import factories


@pytest.fixture
def methodology(db):
    return factories.methodology_create()
