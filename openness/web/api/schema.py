"""The OpenAPI 3.1 description of the API, maintained by hand beside the views.

tests/web/test_api_schema.py validates it against the OpenAPI meta-schema and runs schemathesis
against the live views, so a response that drifts from this description fails the tests.
"""

from openness.assessments import vocabulary
from openness.lib import site

LEVELS = ["open", "partial", "closed", "not_assessed"]
TRACKS = list(vocabulary.TRACKS_BY_NAME)  # curated, hub: the pages' and the CSV's names
TRACK_TEXT = (
    "curated (the European Open Source AI Index's judgments, curators' edits and accepted "
    "corrections) or hub (automatic judgments from Hugging Face Hub metadata)"
)
PERCENT_TEXT = vocabulary.SCORE_UNIT_TEXT
# Dated changes that a client may notice, newest first; the /api/ page shows them.
CHANGELOG = [
    (
        "2026-12-05",
        [
            "Track names are the pages' and the CSV's: `curated` and `hub`, in the `track` "
            "parameter and in every `track` field. The former names `editorial` and "
            "`automatic` are still accepted as `track` parameter values, with a `Deprecation` "
            "header, a `Link` to this changelog and a `deprecation` note in the body.",
            "Scores (`total`, `total_upper`, `groups`) and `coverage` are percentages from 0 "
            "to 100 with four decimals, the unit the pages show (formerly fractions from 0 to "
            "1 with six decimals: 0.958333 is now 95.8333).",
        ],
    ),
]


def _percent(description: str) -> dict:
    return {
        "type": "number",
        "minimum": 0,
        "maximum": 100,
        "description": f"{description} In percent: {PERCENT_TEXT}.",
    }


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict, *, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


DATETIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}
URL = {"type": "string", "format": "uri"}

SCHEMAS = {
    "Error": _obj(
        {
            "error": _obj(
                {
                    "status": {"type": "integer"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                }
            )
        }
    ),
    "License": _obj(
        {
            "data_license": _obj(
                {"id": {"type": "string"}, "name": {"type": "string"}, "url": URL}
            ),
            "attribution": _obj(
                {
                    "source": {"type": "string"},
                    "source_url": URL,
                    "dataset_doi": {"type": "string"},
                    "dataset_url": URL,
                    "paper": {"type": "string"},
                    "paper_url": URL,
                    "changes": {"type": "string"},
                }
            ),
            "text": {"type": "string"},
        }
    ),
    "Score": _obj(
        {
            "methodology": {"type": "string", "description": "slug@version"},
            "track": {"type": "string", "enum": TRACKS, "description": TRACK_TEXT},
            "total": _percent(
                "The EU index's total: the mean over the applicable criteria, not assessed "
                "counted as closed. On the hub track, the lower end of the range."
            ),
            "total_upper": _percent(
                "The total if every applicable criterion not assessed were open: the "
                "range's upper end (equal to total when coverage is 100)."
            ),
            "points": {"type": "number", "minimum": 0},
            "applicable": {"type": "integer", "minimum": 0},
            "assessed": {
                "type": "integer",
                "minimum": 0,
                "description": "Applicable criteria judged open, partial or closed.",
            },
            "coverage": _percent("assessed / applicable (0 when none applies)."),
            "rank": {"type": "integer", "minimum": 0},
            "groups": {
                "type": "object",
                "additionalProperties": _percent("A group's score."),
                "description": "Each group's score by its code, in percent.",
            },
            "computed_at": DATETIME,
        }
    ),
    "FrameworkVerdict": _obj(
        {
            "framework": {"type": "string", "enum": ["mof", "osaid"]},
            "version": {"type": "string"},
            "track": {"type": "string", "enum": TRACKS},
            "verdict": {
                "type": "string",
                "enum": ["III", "II", "I", "none", "conforms", "does_not_conform", "cannot_tell"],
                "description": "MOF: class III, II, I or none; OSAID: conforms, does_not_conform "
                "or cannot_tell. Derived from the evidence (see /methodology/#frameworks).",
            },
            "summary": {"type": "string", "description": "What decides the verdict, in words"},
            "computed_at": DATETIME,
        }
    ),
    "ModelSummary": _obj(
        {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "url": URL,
            "html_url": _nullable("string", format="uri"),
            "organisation": _obj(
                {"slug": {"type": "string"}, "name": {"type": "string"}, "url": URL}
            ),
            "model_types": {"type": "array", "items": {"type": "string"}},
            "release_date": _nullable("string", format="date"),
            "release_date_precision": {"type": "string"},
            "license": _obj({"name": {"type": "string"}, "spdx": _nullable("string")}),
            "is_curated": {"type": "boolean"},
            "end_model_repo": {"type": "string"},
            "score": {
                "oneOf": [_ref("Score"), {"type": "null"}],
                "description": "Under the current methodology: in a list, the listed track's "
                "score; for one model, its headline score, the curated track's or, when the "
                "curated index does not hold the model, the hub track's (its track says which; "
                "every track's is in `scores`).",
            },
            "updated_at": DATETIME,
            "verdicts": _obj(
                {
                    "mof": _nullable("string", enum=["III", "II", "I", "none", None]),
                    "osaid": _nullable(
                        "string", enum=["conforms", "cannot_tell", "does_not_conform", None]
                    ),
                }
            ),
        },
        required=[
            *("slug", "name", "url", "html_url", "organisation", "model_types"),
            *("release_date", "release_date_precision", "license", "is_curated"),
            *("end_model_repo", "score", "updated_at"),
        ],
    ),
    "Evidence": _obj(
        {
            "url": URL,
            "title": {"type": "string"},
            "excerpt": {"type": "string"},
            "kind": {"type": "string"},
            "retrieved_at": _nullable("string", format="date-time"),
            "revision": {"type": "string"},
            "rule": {"type": "string"},
            "added_at": DATETIME,
        }
    ),
    "Assessment": _obj(
        {
            "track": {"type": "string", "enum": TRACKS},
            "level": {"type": "string", "enum": LEVELS},
            "notes": {"type": "string"},
            "provenance": {"type": "string"},
            "reviewed_at": _nullable("string", format="date-time"),
            "reviewer": {"type": "string"},
            "needs_review": {"type": "boolean"},
            "updated_at": DATETIME,
            "evidence": {"type": "array", "items": _ref("Evidence")},
        }
    ),
    "Revision": _obj(
        {
            "id": {"type": "integer"},
            "at": DATETIME,
            "criterion": {"type": "string"},
            "methodology": {"type": "string"},
            "track": {"type": "string", "enum": TRACKS},
            "source": {"type": "string"},
            "actor": {"type": "string"},
            "reason": {"type": "string"},
            "old_level": {"oneOf": [{"type": "string", "enum": LEVELS}, {"type": "null"}]},
            "new_level": {"type": "string", "enum": LEVELS},
            "old_notes": {"type": "string"},
            "new_notes": {"type": "string"},
            "evidence_before": {"type": "array", "items": {"type": "object"}},
            "evidence_after": {"type": "array", "items": {"type": "object"}},
            # The EU index's commit behind a replayed revision (docs/history.md), else null.
            "upstream_commit": {"oneOf": [{"type": "string", "format": "uri"}, {"type": "null"}]},
        }
    ),
    "ModelDetail": {
        "allOf": [
            _ref("ModelSummary"),
            _obj(
                {
                    "description": {"type": "string"},
                    "link": _nullable("string", format="uri"),
                    "base_model": _nullable("string"),
                    "base_model_repo": {"type": "string"},
                    "former_slugs": {"type": "array", "items": {"type": "string"}},
                    "scores": {"type": "array", "items": _ref("Score")},
                    "methodology": {"type": "string"},
                    "criteria": {
                        "type": "array",
                        "items": _obj(
                            {
                                "code": {"type": "string"},
                                "title": {"type": "string"},
                                "group": {"type": "string"},
                                "question": {"type": "string"},
                                "assessments": {
                                    "type": "object",
                                    "additionalProperties": _ref("Assessment"),
                                    "description": "The criterion's judgments by track name: "
                                    "curated, hub.",
                                },
                            }
                        ),
                    },
                    "history": {"type": "array", "items": _ref("Revision")},
                    "frameworks": {"type": "array", "items": _ref("FrameworkVerdict")},
                }
            ),
        ]
    },
    "ModelAsOf": _obj(
        {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "url": URL,
            "html_url": URL,
            "as_of": DATE,
            "assessed": {"type": "boolean"},
            "methodology": _nullable("string"),
            "total": {**_percent("The total on that day."), "type": ["number", "null"]},
            "groups": {"type": "object", "additionalProperties": _percent("A group's score.")},
            "rank": {"type": ["integer", "null"], "minimum": 1},
            "ranked": {"type": "integer", "minimum": 0},
            "criteria": {
                "type": "array",
                "items": _obj(
                    {
                        "code": {"type": "string"},
                        "title": {"type": "string"},
                        "group": {"type": "string"},
                        "level": {"type": "string", "enum": LEVELS},
                        "notes": {"type": "string"},
                        "provenance": _nullable("string"),
                        "since": _nullable("string", format="date-time"),
                        "evidence": {"type": "array", "items": {"type": "object"}},
                    }
                ),
            },
        }
    ),
    "Organisation": _obj(
        {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "link": _nullable("string", format="uri"),
            "url": URL,
            "html_url": _nullable("string", format="uri"),
            "model_count": {"type": "integer", "minimum": 0},
        }
    ),
    "Criterion": _obj(
        {
            "code": {"type": "string"},
            "title": {"type": "string"},
            "group": {"type": "string"},
            "group_title": {"type": "string"},
            "question": {"type": "string"},
            "rubric": _obj(
                {
                    "open": {"type": "string"},
                    "partial": {"type": "string"},
                    "closed": {"type": "string"},
                }
            ),
            "model_types": {"type": "array", "items": {"type": "string"}},
            "html_url": _nullable("string", format="uri"),
        }
    ),
    "Methodology": _obj(
        {
            "id": {"type": "string"},
            "slug": {"type": "string"},
            "version": {"type": "string"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "effective_from": DATE,
            "effective_until": _nullable("string", format="date"),
            "is_current": {"type": "boolean"},
            "source_url": _nullable("string", format="uri"),
            "license": {"type": "string"},
            "attribution": {"type": "string"},
            "criteria": {"type": "array", "items": _ref("Criterion")},
        }
    ),
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref("Error")}},
    }


RATE_HEADERS = {
    "RateLimit-Limit": {"schema": {"type": "string"}},
    "RateLimit-Remaining": {"schema": {"type": "string"}},
    "RateLimit-Reset": {"schema": {"type": "string"}},
}

COMMON_ERRORS = {
    "304": {"description": "Not modified: the client's copy (ETag or Last-Modified) is current."},
    "400": _error("A parameter is malformed."),
    "429": {
        **_error("Too many requests from this address; wait Retry-After seconds."),
        "headers": {"Retry-After": {"schema": {"type": "string"}, "required": True}},
    },
}


def _ok(schema: dict, description: str) -> dict:
    return {
        "description": description,
        "headers": {
            "ETag": {"schema": {"type": "string"}},
            "Last-Modified": {"schema": {"type": "string"}},
            **RATE_HEADERS,
        },
        "content": {"application/json": {"schema": schema}},
    }


def _page(item: str, extra: dict | None = None, *, required: list[str] | None = None) -> dict:
    properties = {
        "data": {"type": "array", "items": _ref(item)},
        "next_cursor": _nullable("string"),
        "license": _ref("License"),
        **(extra or {}),
    }
    return _obj(properties, required=required)


def _one(item: str) -> dict:
    return _obj({"data": _ref(item), "license": _ref("License")})


CURSOR = {
    "name": "cursor",
    "in": "query",
    "description": "The next_cursor of the previous page (opaque).",
    "schema": {"type": "string"},
}
LIMIT = {
    "name": "limit",
    "in": "query",
    "description": "Rows per page.",
    "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
}


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "description": description, "schema": schema}


def _slug_path(description: str) -> dict:
    return {
        "name": "slug",
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    }


def openapi_schema() -> dict:
    """The OpenAPI document served at /api/v1/openapi.json."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Openness API",
            "version": "1.0.0",
            "description": (
                "Read-only access to Openness: AI models ranked by openness, criterion by "
                "criterion, with cited evidence and full history. Curated data comes from the "
                "European Open Source AI Index under CC BY 4.0; every response carries its "
                "license and attribution. GET only; CORS open; ETag and Last-Modified with 304; "
                "rate limited per address (429 with Retry-After)."
            ),
            "license": {"name": "CC-BY-4.0 (data)", "identifier": "CC-BY-4.0"},
            "x-changelog": [{"date": day, "changes": changes} for day, changes in CHANGELOG],
        },
        "servers": [{"url": site.site_url()}],
        "paths": {
            "/api/v1/models": {
                "get": {
                    "operationId": "listModels",
                    "summary": "Models with their current scores",
                    "parameters": [
                        _query(
                            "organisation",
                            "An organisation's slug, name or Hub account, in any case; a "
                            "curated organisation includes the Hub accounts it owns (the "
                            "accounts its curated models' weights are published under). "
                            "An organisation that does not exist is a 400.",
                            {"type": "string", "maxLength": 300},
                        ),
                        _query(
                            "type",
                            "Model type.",
                            {"type": "string", "enum": ["text", "code", "image", "video", "audio"]},
                        ),
                        _query(
                            "curated",
                            "Only curated (or only uncurated) models.",
                            {"type": "string", "enum": ["true", "false"]},
                        ),
                        _query("license", "SPDX license id.", {"type": "string"}),
                        _query(
                            "q", "Text in the name or slug.", {"type": "string", "maxLength": 200}
                        ),
                        _query(
                            "sort",
                            "Order of the rows.",
                            {"type": "string", "enum": ["rank", "name", "-name", "-updated"]},
                        ),
                        _query(
                            "track",
                            f"Which judgments: {TRACK_TEXT}. The former names editorial and "
                            "automatic still work, answered with a deprecation note.",
                            {"type": "string", "enum": [*TRACKS, "editorial", "automatic"]},
                        ),
                        _query(
                            "lens",
                            "The definition of open: eu (the EU index's score, the default), "
                            "mof (the Model Openness Framework's class) or osaid (the Open "
                            "Source AI Definition's verdict). Under mof or osaid, sort=rank "
                            "orders by the verdict (most open first: MOF class I, II, III, "
                            "none; OSAID conforms, cannot_tell, does_not_conform), then by the "
                            "EU rank, and only models judged in the track are listed.",
                            {"type": "string", "enum": ["eu", "mof", "osaid"]},
                        ),
                        _query(
                            "verdict",
                            "Only models with this verdict under the lens (mof: III, II, I, "
                            "none; osaid: conforms, cannot_tell, does_not_conform).",
                            {
                                "type": "string",
                                "enum": [
                                    *("III", "II", "I", "none"),
                                    *("conforms", "cannot_tell", "does_not_conform"),
                                ],
                            },
                        ),
                        LIMIT,
                        CURSOR,
                    ],
                    "responses": {
                        "200": _ok(
                            _page(
                                "ModelSummary",
                                {
                                    "methodology": {"type": "string"},
                                    "track": {"type": "string", "enum": TRACKS},
                                    "deprecation": {
                                        "type": "string",
                                        "description": "Present when a parameter used a "
                                        "deprecated name: what to use instead.",
                                    },
                                    "lens": {"type": "string", "enum": ["eu", "mof", "osaid"]},
                                },
                                required=["data", "next_cursor", "license", "methodology", "track"],
                            ),
                            "A page of models.",
                        ),
                        **COMMON_ERRORS,
                        "404": _error("No current methodology."),
                    },
                }
            },
            "/api/v1/models/{slug}": {
                "get": {
                    "operationId": "getModel",
                    "summary": "One model: criteria, assessments, evidence and history",
                    "parameters": [_slug_path("The model's slug (an old slug redirects).")],
                    "responses": {
                        "200": _ok(_one("ModelDetail"), "The model."),
                        "301": {"description": "A former slug: the Location is the current one."},
                        **COMMON_ERRORS,
                        "404": _error("No such model."),
                    },
                }
            },
            "/api/v1/models/{slug}/as-of/{day}": {
                "get": {
                    "operationId": "getModelAsOf",
                    "summary": "One model as it stood at the end of a past day (UTC)",
                    "description": (
                        "Rebuilt from the revision history: levels, notes and evidence of that "
                        "day, with the score and rank recomputed under the methodology then in "
                        "force."
                    ),
                    "parameters": [
                        _slug_path("The model's slug (an old slug redirects)."),
                        {
                            "name": "day",
                            "in": "path",
                            "required": True,
                            "description": "YYYY-MM-DD, from 2000-01-01 to today.",
                            "schema": {"type": "string", "format": "date"},
                        },
                    ],
                    "responses": {
                        "200": _ok(_one("ModelAsOf"), "The model on that day."),
                        "301": {"description": "A former slug: the Location is the current one."},
                        **COMMON_ERRORS,
                        "404": _error("No such model."),
                    },
                }
            },
            "/api/v1/organisations": {
                "get": {
                    "operationId": "listOrganisations",
                    "summary": "Organisations, by slug",
                    "parameters": [LIMIT, CURSOR],
                    "responses": {
                        "200": _ok(_page("Organisation"), "A page of organisations."),
                        **COMMON_ERRORS,
                    },
                }
            },
            "/api/v1/organisations/{slug}": {
                "get": {
                    "operationId": "getOrganisation",
                    "summary": "One organisation and its models",
                    "parameters": [_slug_path("The organisation's slug.")],
                    "responses": {
                        "200": _ok(
                            _obj(
                                {
                                    "data": {
                                        "allOf": [
                                            _ref("Organisation"),
                                            _obj(
                                                {
                                                    "notes": {"type": "string"},
                                                    "models": {
                                                        "type": "array",
                                                        "items": _obj(
                                                            {
                                                                "slug": {"type": "string"},
                                                                "name": {"type": "string"},
                                                                "url": URL,
                                                            }
                                                        ),
                                                    },
                                                }
                                            ),
                                        ]
                                    },
                                    "license": _ref("License"),
                                }
                            ),
                            "The organisation.",
                        ),
                        **COMMON_ERRORS,
                        "404": _error("No such organisation."),
                    },
                }
            },
            "/api/v1/criteria": {
                "get": {
                    "operationId": "listCriteria",
                    "summary": "The criteria of a methodology (the current one by default)",
                    "parameters": [
                        _query(
                            "methodology", "slug@version, e.g. osai@2026-03.", {"type": "string"}
                        )
                    ],
                    "responses": {
                        "200": _ok(
                            _obj(
                                {
                                    "methodology": {"type": "string"},
                                    "data": {"type": "array", "items": _ref("Criterion")},
                                    "license": _ref("License"),
                                }
                            ),
                            "The criteria.",
                        ),
                        **COMMON_ERRORS,
                        "404": _error("No such methodology."),
                    },
                }
            },
            "/api/v1/methodologies": {
                "get": {
                    "operationId": "listMethodologies",
                    "summary": "Every methodology version with its criteria",
                    "responses": {
                        "200": _ok(
                            _obj(
                                {
                                    "data": {"type": "array", "items": _ref("Methodology")},
                                    "license": _ref("License"),
                                }
                            ),
                            "The methodologies.",
                        ),
                        **COMMON_ERRORS,
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
