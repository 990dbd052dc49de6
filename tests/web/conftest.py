import pytest

from openness.assessments.models import Track

from . import factories


@pytest.fixture
def methodology(db):
    return factories.methodology_create()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests see every change at once; test_caching turns the page cache on itself."""
    settings.WEB_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def page_types_site(transactional_db):
    """Eight models of one long-named organisation, with curated levels of every kind and
    automatic ones, for the tests that visit every page type (page_types.PAGES)."""
    methodology = factories.methodology_create()
    org = factories.organisation_create(
        "An Organisation With A Rather Long Name For A Phone", slug="long-org"
    )
    levels = ["open", "partial", "closed", "not_assessed"]
    models = []
    for i in range(8):
        model = factories.model_create(
            f"Model-With-A-Long-Unbroken-Name-{i:02d}-Instruct-GGUF", org, slug=f"m{i}"
        )
        factories.assess(
            model,
            methodology,
            {c.code: levels[(i + n) % 4] for n, c in enumerate(methodology.criteria.all())},
        )
        factories.assess(
            model, methodology, "partial", track=Track.AUTOMATIC, provenance="automatic"
        )
        models.append(model)
    factories.recompute(methodology)
    return models
