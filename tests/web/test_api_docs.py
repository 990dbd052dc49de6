"""The API's reference page, generated from the OpenAPI document."""

from openness.web.api.reference import api_reference, describe
from openness.web.api.schema import openapi_schema


def test_every_endpoint_parameter_and_object_of_the_schema_is_on_the_page(client, db):
    response = client.get("/api/")
    html = response.content.decode()
    assert response.status_code == 200
    document = openapi_schema()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            assert f"<code>{method.upper()} {path}</code>" in html
            assert f'id="{operation["operationId"]}"' in html
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in html
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert 'href="/api/v1/openapi.json"' in html


def test_the_page_answers_head_and_is_linked_from_the_header(client, db):
    assert client.head("/api/").status_code == 200
    assert 'href="/api/"' in client.get("/methodology/").content.decode()


def test_schemas_are_described_in_words():
    assert describe({"type": ["string", "null"]}) == ("string or null", "")
    assert describe({"type": "array", "items": {"$ref": "#/components/schemas/Criterion"}}) == (
        "array of Criterion",
        "Criterion",
    )
    kind, _ = describe({"type": "integer", "minimum": 1, "maximum": 200, "default": 50})
    assert kind == "integer (min 1, max 200, default 50)"
    assert describe({"type": "string", "enum": ["open", "closed"]})[0] == (
        "string: one of open, closed"
    )


def test_the_reference_lists_operations_in_the_schemas_order():
    reference = api_reference()
    paths = [op.path for op in reference.operations]
    assert paths == list(openapi_schema()["paths"])
