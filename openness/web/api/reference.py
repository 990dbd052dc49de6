"""The API's human-readable reference, read from the same OpenAPI document the API serves.

Nothing here is written twice: the page lists what `schema.openapi_schema()` says, so the
reference, the machine-readable schema and the views (which schemathesis checks against the
schema) cannot drift apart.
"""

from dataclasses import dataclass

from openness.web.api.schema import openapi_schema


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "string or null", "array of Criterion", "one of: open, partial"
    ref: str  # the schema a $ref names, for a link; "" otherwise
    required: bool
    description: str
    where: str = ""  # for parameters: "query" or "path"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Field]
    responses: list[tuple[str, str]]  # (status, description)


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    description: str
    operations: list[Operation]
    schemas: list[tuple[str, list[Field]]]
    changelog: list[tuple[str, list[str]]]  # (YYYY-MM-DD, changes), newest first


def _ref_name(schema: dict) -> str:
    return schema.get("$ref", "").rpartition("/")[2]


def describe(schema: dict) -> tuple[str, str]:
    """A schema in words, and the component it refers to (for a link)."""
    if "$ref" in schema:
        name = _ref_name(schema)
        return name, name
    kinds = schema.get("type", "any")
    kinds = list(kinds) if isinstance(kinds, list) else [kinds]
    ref = ""
    words = []
    for kind in kinds:
        if kind == "array":
            item, ref = describe(schema.get("items", {}))
            words.append(f"array of {item}")
        elif kind == "string" and "format" in schema:
            words.append(f"string ({schema['format']})")
        else:
            words.append(kind)
    text = " or ".join(words)
    if "enum" in schema:
        text += ": one of " + ", ".join(str(v) for v in schema["enum"])
    bounds = [
        f"{label} {schema[key]}"
        for key, label in (("minimum", "min"), ("maximum", "max"), ("maxLength", "max length"))
        if key in schema
    ]
    if "default" in schema:
        bounds.append(f"default {schema['default']}")
    if bounds:
        text += f" ({', '.join(bounds)})"
    return text, ref


def _fields(schema: dict) -> list[Field]:
    required = set(schema.get("required", []))
    out = []
    for name, sub in schema.get("properties", {}).items():
        kind, ref = describe(sub)
        out.append(Field(name, kind, ref, name in required, sub.get("description", "")))
    return out


def api_reference() -> Reference:
    """The reference page's content: every operation, then every schema."""
    document = openapi_schema()
    operations = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            parameters = []
            for parameter in operation.get("parameters", []):
                kind, ref = describe(parameter.get("schema", {}))
                parameters.append(
                    Field(
                        parameter["name"],
                        kind,
                        ref,
                        bool(parameter.get("required")),
                        parameter.get("description", ""),
                        parameter["in"],
                    )
                )
            responses = [
                (status, answer.get("description", ""))
                for status, answer in operation.get("responses", {}).items()
            ]
            operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    anchor=operation.get("operationId", path),
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=parameters,
                    responses=responses,
                )
            )
    schemas = [
        (name, _fields(schema)) for name, schema in document["components"]["schemas"].items()
    ]
    info = document["info"]
    changelog = [(entry["date"], entry["changes"]) for entry in info.get("x-changelog", [])]
    return Reference(
        info["title"], info["version"], info["description"], operations, schemas, changelog
    )
