"""The Frictionless data package (datapackage.json) that describes a dump: license, sources to
credit, and every table's fields with their type and meaning.

The descriptor is written inside each dump's zip, beside the CSVs it describes (which makes the
zip a zipped Frictionless data package: `frictionless validate openness-YYYY-MM-DD.zip`), and
beside the zip in the archive (openness-YYYY-MM-DD.datapackage.json), where the /data/ page
links to it; its paths are the files inside the zip.
"""

from datetime import datetime

from django.db import models

from openness.assessments import vocabulary
from openness.opendata.licensing import OSAI_LICENSE, attribution_text, datapackage_sources

LEVELS = "open, partial, closed or not_assessed"
TRACKS = "curated (the curated index) or hub (automatic judgments from Hub metadata)"
PERCENT = f"in percent: {vocabulary.SCORE_UNIT_TEXT}"

# What each published column means, table by table. A column missing here fails
# tests/opendata/test_datapackage.py: a new field must say what it holds.
MEANINGS: dict[str, dict[str, str]] = {
    "organisations": {
        "id": "the organisation's id (models.organisation_id)",
        "slug": "its address on the site: /organisations/<slug>/",
        "name": "its name",
        "link": "its website",
        "notes": "notes from the curated index",
        "hub_author": "its user or organisation name on the Hugging Face Hub",
        "created_at": "when Openness first recorded it",
    },
    "models": {
        "id": "the model's id",
        "slug": "its address on the site: /models/<slug>/",
        "name": "its name",
        "organisation_id": "who released it (organisations.id)",
        "model_types": "what it makes, as a JSON array: text, code, image, video or audio",
        "description": "a short description",
        "link": "its home page",
        "release_date": "when it was released, if known",
        "release_date_precision": "month when the source gives only the month, day otherwise",
        "performance_class": "the curated index's performance class, if any",
        "end_model_name": "the released (end) model's name, as the curated index gives it",
        "base_model_name": "the base model's name, as the curated index gives it",
        "end_model_repo": "the end model's Hugging Face Hub repository (owner/name)",
        "base_model_repo": "the base model's Hub repository, as declared",
        "base_model_id": "the base model in this catalog (models.id), if known",
        "license_name": "its license as declared",
        "license_spdx": "the license as an SPDX id, where it is one",
        "is_curated": "true when the curated index (European Open Source AI Index) lists it",
        "osai_file": "the curated index's file for it",
        "withdrawn_at": "when it left the curated index or the Hub, if it did",
        "hub_created_at": "when its Hub repository was created",
        "downloads": "downloads on the Hub (last 30 days, as the Hub reports)",
        "likes": "likes on the Hub",
        "gated": "Hub access: no, auto (automatic approval), manual, or empty when unknown",
        "created_at": "when Openness first recorded it",
        "updated_at": "when Openness last changed it",
    },
    "model_slug_aliases": {
        "id": "the alias's id",
        "slug": "a former address of the model, which redirects to its current one",
        "model_id": "the model (models.id)",
        "created_at": "when the model moved from it",
    },
    "methodologies": {
        "id": "the methodology's id",
        "slug": "its name (osai: the European Open Source AI Index's)",
        "version": "its version",
        "name": "its title",
        "description": "what it is",
        "effective_from": "the first day it applies",
        "effective_until": "the last day it applies, if it was replaced",
        "is_current": "true for the methodology the site ranks by",
        "source_url": "where it is published",
        "attribution": "whom to credit for it",
        "license": "its license",
    },
    "criteria": {
        "id": "the criterion's id",
        "methodology_id": "its methodology (methodologies.id)",
        "code": "its code (the curated index's ref)",
        "group_code": "its group: availability, documentation or access",
        "group_title": "the group's title",
        "group_order": "the group's place on the pages",
        "order": "the criterion's place within its group",
        "title": "its title",
        "question": "what it asks",
        "rubric_open": "what counts as open",
        "rubric_partial": "what counts as partially open",
        "rubric_closed": "what counts as closed",
        "model_types": "the model types it applies to, as a JSON array (empty: all)",
    },
    "assessments": {
        "id": "the assessment's id",
        "model_id": "the model (models.id)",
        "criterion_id": "the criterion (criteria.id)",
        "track": f"which judgment: {TRACKS}",
        "level": f"the judgment: {LEVELS}",
        "notes": "why, in words",
        "provenance": "who judged: curated, automatic (rules over Hub metadata) or community",
        "reviewed_at": "when a person last reviewed it",
        "reviewed_by_username": "who reviewed it (a curator's user name)",
        "reviewer_label": "who reviewed it, as the source names them",
        "upstream_digest": "the curated index's cell it was imported from, as a hash",
        "needs_review": "true when the evidence behind it changed and a curator should look",
        "review_reason": "why it needs review",
        "updated_at": "when it last changed",
    },
    "evidence": {
        "id": "the evidence's id",
        "assessment_id": "the judgment it supports (assessments.id)",
        "url": "the source",
        "title": "the source's title",
        "excerpt": "the words quoted from it",
        "kind": "model_card, license, paper, preprint, repository, dataset, hub_metadata, "
        "website, documentation or other",
        "retrieved_at": "when it was read",
        "revision": "the source's version: a commit, a version or a DOI",
        "rule": "the automatic rule and version that read it (weights@1), if any",
        "added_at": "when it was attached",
        "retracted_at": "when it stopped supporting the current judgment, if it did",
    },
    "revisions": {
        "id": "the revision's id (append-only: never changed or removed)",
        "assessment_id": "the judgment it changed (assessments.id)",
        "created_at": "when",
        "actor_username": "who (a user name), if a person",
        "actor_label": "who, as the source names them",
        "source": "how: import, admin, crawler, correction, revert or service",
        "reason": "why",
        "old_level": f"the level before ({LEVELS}; empty for the first)",
        "new_level": f"the level after ({LEVELS})",
        "old_notes": "the notes before",
        "new_notes": "the notes after",
        "old_provenance": "the provenance before",
        "new_provenance": "the provenance after",
        "old_evidence": "the evidence before, as a JSON array",
        "new_evidence": "the evidence after, as a JSON array",
        "context": "more about the change as a JSON object (for an import, the upstream commit)",
    },
    "scores": {
        "id": "the score's id",
        "model_id": "the model (models.id)",
        "methodology_id": "the methodology it was scored under (methodologies.id)",
        "track": f"which judgments: {TRACKS}",
        "total": f"the total, not assessed counted as closed (the EU index's formula), {PERCENT}",
        "points": "half-points earned (open = 2, partial = 1): total = points / (2 x applicable)",
        "applicable": "how many criteria apply to the model's types",
        "assessed": "how many applicable criteria were judged open, partial or closed",
        "total_upper": f"the total if every criterion not assessed were open, {PERCENT}",
        "groups": f"each group's score by its code, as a JSON object, {PERCENT}",
        "levels": f"each criterion's level by its code, as a JSON object ({LEVELS})",
        "rank": "the model's place in its track under this methodology",
        "computed_at": "when it was computed",
    },
    "component_licenses": {
        "id": "the record's id",
        "model_id": "the model (models.id)",
        "slot": "which artefact the license covers: parameters (weights), code, data or "
        "documentation",
        "license_name": "the license as the source writes it",
        "source": "where it was read: osai-index (the curated index's licenses notes)",
        "source_file": "the source's file it was read from",
        "quote": "the words it was read from",
        "recorded_at": "when Openness recorded it",
    },
    "framework_verdicts": {
        "id": "the verdict's id",
        "model_id": "the model (models.id)",
        "framework": "which definition: mof (Model Openness Framework) or osaid (Open Source "
        "AI Definition)",
        "version": "the definition's version",
        "track": f"which judgments it was derived from: {TRACKS}",
        "verdict": "mof: the class III, II, I or none; osaid: conforms, cannot_tell or "
        "does_not_conform",
        "order": "the verdict's rank, higher is more open (mof: I = 3 to none = 0; osaid: "
        "conforms = 2, cannot_tell = 1, does_not_conform = 0)",
        "summary": "what decides it, in words",
        "detail": "the components or requirements behind it, as a JSON object",
        "computed_at": "when it was derived",
        "evidence_key": "a fingerprint of the evidence it was derived from (levels, licenses, "
        "definition versions)",
    },
}
# Frictionless types of the columns whose Django field does not say it.
JSON_TYPES = {
    ("revisions", "old_evidence"): "array",
    ("revisions", "new_evidence"): "array",
    ("revisions", "context"): "object",
    ("scores", "groups"): "object",
    ("scores", "levels"): "object",
    ("framework_verdicts", "detail"): "object",
}
NUMBER_COLUMNS = {("scores", "total"), ("scores", "total_upper")}


def _field_type(table: str, column: str, field: models.Field | None) -> dict:
    if (table, column) in NUMBER_COLUMNS:
        return {"type": "number"}
    if (table, column) in JSON_TYPES:
        return {"type": JSON_TYPES[(table, column)]}
    if field is None:  # a *_username column
        return {"type": "string"}
    if isinstance(field, (models.AutoField, models.ForeignKey, models.IntegerField)):
        return {"type": "integer"}
    if isinstance(field, models.BooleanField):
        return {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
    if isinstance(field, models.DateTimeField):
        return {"type": "datetime", "format": "any"}  # ISO 8601, microseconds and offset
    if isinstance(field, models.DateField):
        return {"type": "date"}
    if field.get_internal_type() == "ArrayField":
        return {"type": "array"}
    return {"type": "string"}


def _schema(
    table: str, model: type[models.Model], columns: list[str], tables_of: dict[type, str]
) -> dict:
    by_column = {f.attname: f for f in model._meta.concrete_fields}
    meanings = MEANINGS[table]
    fields = [
        {"name": column, **_field_type(table, column, by_column.get(column))}
        | {"description": meanings[column]}
        for column in columns
    ]
    foreign_keys = [
        {
            "fields": column,
            "reference": {"resource": tables_of[field.related_model], "fields": "id"},
        }
        for column in columns
        if (field := by_column.get(column)) is not None
        and isinstance(field, models.ForeignKey)
        and field.related_model in tables_of
    ]
    schema = {"fields": fields, "primaryKey": "id", "missingValues": [""]}
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def dump_datapackage(
    *,
    name: str,
    generated_at: datetime,
    site_url: str,
    tables: list[tuple[str, type[models.Model], list[str]]],
    counts: dict[str, int],
) -> dict:
    """The descriptor of one dump: `tables` is (table, model, published columns) in order."""
    tables_of = {model: table for table, model, _ in tables}
    return {
        "profile": "tabular-data-package",
        "name": name.removesuffix(".zip"),
        "title": f"Openness open data dump of {generated_at.date().isoformat()}",
        "description": (
            "AI models ranked by openness, criterion by criterion, with cited evidence, "
            "provenance and the append-only history of every judgment. Track names are "
            f"those of the site ({TRACKS}); scores are {PERCENT}. data.json in the same zip "
            "holds the same tables as JSON. " + attribution_text()
        ),
        "homepage": f"{site_url}/data/",
        "created": generated_at.isoformat(),
        "version": generated_at.date().isoformat(),
        "licenses": [
            {"name": OSAI_LICENSE["id"], "title": OSAI_LICENSE["name"], "path": OSAI_LICENSE["url"]}
        ],
        "sources": datapackage_sources(),
        "resources": [
            {
                "name": table,
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": (model.__doc__ or "").strip().splitlines()[0]
                + f" ({counts[table]} rows)",
                "schema": _schema(table, model, columns, tables_of),
            }
            for table, model, columns in tables
        ],
    }
