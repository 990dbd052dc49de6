"""Methodology definitions kept as YAML files (fixtures/methodologies/), loaded into the database.

A file holds one version of one methodology: its metadata, then its groups in order, each with
its criteria in order (code, title, question, model types, rubric for open / partial / closed).
Loading is idempotent: texts are updated in place, nothing is ever deleted.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from django.db import transaction

from openness.assessments.models import Criterion, Methodology
from openness.lib import data_version
from openness.lib.urls import is_http_url

RUBRIC_LEVELS = ("open", "partial", "closed")


class MethodologyFileError(ValueError):
    """A methodology file that cannot be loaded; the message names the file and the field."""


@dataclass
class MethodologyLoadResult:
    """What loading one file did."""

    methodology: Methodology
    created: bool
    criteria_created: list[str] = field(default_factory=list)
    criteria_updated: list[str] = field(default_factory=list)
    # Criteria in the database that the file no longer lists: kept, never deleted.
    criteria_not_in_file: list[str] = field(default_factory=list)
    methodology_updated: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.methodology_updated
            or self.criteria_created
            or self.criteria_updated
        )


def _text(data: dict, key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise MethodologyFileError(f"{where}: `{key}` is missing or empty")
        return ""
    return str(value).strip()


def _date(data: dict, key: str, where: str, *, required: bool) -> date | None:
    value = data.get(key)
    if value is None:
        if required:
            raise MethodologyFileError(f"{where}: `{key}` is missing")
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise MethodologyFileError(
            f"{where}: `{key}` is {value!r}, not a date (YYYY-MM-DD)"
        ) from None


def methodology_file_parse(*, path: Path) -> dict:
    """The file's content, checked and in the shape of the models' fields."""
    name = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MethodologyFileError(f"{name}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise MethodologyFileError(f"{name}: expected a mapping at the top level")
    source_url = _text(data, "source_url", name, required=False)
    if source_url and not is_http_url(source_url):
        raise MethodologyFileError(f"{name}: `source_url` {source_url!r} is not an http(s) URL")
    methodology = {
        "slug": _text(data, "slug", name),
        "version": _text(data, "version", name),
        "name": _text(data, "name", name),
        "description": _text(data, "description", name, required=False),
        "effective_from": _date(data, "effective_from", name, required=True),
        "effective_until": _date(data, "effective_until", name, required=False),
        "is_current": bool(data.get("is_current", False)),
        "source_url": source_url,
        "attribution": _text(data, "attribution", name, required=False),
        "license": _text(data, "license", name, required=False),
    }
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise MethodologyFileError(f"{name}: `groups` must be a non-empty list")
    criteria = []
    seen: set[str] = set()
    for group_order, group in enumerate(groups, 1):
        where = f"{name}: groups[{group_order - 1}]"
        if not isinstance(group, dict):
            raise MethodologyFileError(f"{where}: expected a mapping")
        group_code = _text(group, "code", where)
        group_title = _text(group, "title", where)
        items = group.get("criteria")
        if not isinstance(items, list) or not items:
            raise MethodologyFileError(f"{where} ({group_code}): `criteria` must be a list")
        for item in items:
            code = item.get("code") if isinstance(item, dict) else None
            cwhere = f"{name}: criterion {code or '?'}"
            if not isinstance(item, dict):
                raise MethodologyFileError(f"{cwhere}: expected a mapping")
            code = _text(item, "code", cwhere)
            if code in seen:
                raise MethodologyFileError(f"{cwhere}: listed twice")
            seen.add(code)
            rubric = item.get("rubric")
            if not isinstance(rubric, dict):
                raise MethodologyFileError(f"{cwhere}: `rubric` must map open/partial/closed")
            model_types = item.get("model_types")
            if not isinstance(model_types, list) or not all(
                isinstance(t, str) and t.strip() for t in model_types
            ):
                raise MethodologyFileError(f"{cwhere}: `model_types` must be a list of names")
            criteria.append(
                {
                    "code": code,
                    "group_code": group_code,
                    "group_title": group_title,
                    "group_order": group_order,
                    "order": len(criteria) + 1,
                    "title": _text(item, "title", cwhere),
                    "question": _text(item, "question", cwhere),
                    "rubric_open": _text(rubric, "open", f"{cwhere} rubric"),
                    "rubric_partial": _text(rubric, "partial", f"{cwhere} rubric"),
                    "rubric_closed": _text(rubric, "closed", f"{cwhere} rubric"),
                    "model_types": [t.strip() for t in model_types],
                }
            )
    return {"methodology": methodology, "criteria": criteria}


def _assign_changed(instance, values: dict) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(instance, key) != value:
            setattr(instance, key, value)
            changed = True
    return changed


@transaction.atomic
def methodology_load(*, path: Path) -> MethodologyLoadResult:
    """Create or update one methodology version and its criteria from a definition file."""
    parsed = methodology_file_parse(path=path)
    values = parsed["methodology"]
    slug, version = values.pop("slug"), values.pop("version")
    methodology = Methodology.objects.select_for_update().filter(slug=slug, version=version).first()
    if values["is_current"]:
        # At most one current version per methodology (a database constraint holds this too).
        other_current = Methodology.objects.filter(slug=slug, is_current=True)
        if methodology is not None:
            other_current = other_current.exclude(pk=methodology.pk)
        other_current.update(is_current=False)
    created = methodology is None
    if created:
        methodology = Methodology.objects.create(slug=slug, version=version, **values)
        updated = False
    else:
        updated = _assign_changed(methodology, values)
        if updated:
            methodology.save()
    result = MethodologyLoadResult(
        methodology=methodology, created=created, methodology_updated=updated
    )

    existing = {c.code: c for c in methodology.criteria.all()}
    for item in parsed["criteria"]:
        criterion = existing.pop(item["code"], None)
        if criterion is None:
            Criterion.objects.create(methodology=methodology, **item)
            result.criteria_created.append(item["code"])
        elif _assign_changed(criterion, item):
            criterion.save()
            result.criteria_updated.append(item["code"])
    result.criteria_not_in_file = sorted(existing)
    if result.changed:
        # The site keeps the current methodology and its criteria with the data version.
        transaction.on_commit(data_version.bump)
    return result


def methodologies_load(*, directory: Path) -> list[MethodologyLoadResult]:
    """Load every *.yaml definition in a folder, versions that are not current first."""
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise MethodologyFileError(f"{directory}: no methodology files (*.yaml)")
    parsed = [(path, methodology_file_parse(path=path)) for path in paths]
    # Loading the current version last means its is_current flag is the one that stays.
    parsed.sort(key=lambda item: (item[1]["methodology"]["is_current"], item[0].name))
    return [methodology_load(path=path) for path, _ in parsed]
