"""The published OpenAPI document is valid, and the live API keeps to it (schemathesis)."""

import pytest
import schemathesis
from builders import scripted_history
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from openness.web.api.schema import openapi_schema


def test_the_schema_validates_against_the_openapi_3_1_meta_schema():
    OPENAPI_31_VALIDATOR.validate(openapi_schema())


def test_the_schema_is_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"] == "3.1.0"
    assert set(response.json()["paths"]) == {
        "/api/v1/models",
        "/api/v1/models/{slug}",
        "/api/v1/models/{slug}/as-of/{day}",
        "/api/v1/organisations",
        "/api/v1/organisations/{slug}",
        "/api/v1/criteria",
        "/api/v1/methodologies",
    }


@pytest.fixture
def scripted(db, settings):
    settings.API_RATE_LIMIT = 100_000
    cache.clear()
    # Served in-process through the real WSGI handler, inside the test's transaction: like
    # Django's test client, keep the handler from closing the connection after each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield scripted_history()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Schemathesis's WSGI client asks for gzip but does not decompress what it gets (an HTTP
# client would): ask for the uncompressed body.
IDENTITY = {"Accept-Encoding": "identity"}


def test_the_live_api_keeps_to_its_schema(scripted):
    """Bounded: a few generated requests per operation; no 5xx, no response off the schema."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            # An opaque cursor cannot be described by a schema: a generated one is rightly
            # refused (400), so that one check is left out; every other check runs.
            case.call_and_validate(headers=IDENTITY, excluded_checks=[positive_data_acceptance])

        check()


def test_real_detail_pages_keep_to_the_schema(scripted):
    """Generated slugs rarely exist: check the detail operations on known ones too."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    for path, parameters in [
        ("/api/v1/models/{slug}", {"slug": "olmo"}),
        ("/api/v1/organisations/{slug}", {"slug": "ai2"}),
        ("/api/v1/models/{slug}/as-of/{day}", {"slug": "olmo", "day": "2026-03-20"}),
        ("/api/v1/models/{slug}/as-of/{day}", {"slug": "olmo", "day": "2026-03-01"}),
    ]:
        case = schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call_and_validate(headers=IDENTITY)
        assert response.status_code == 200
