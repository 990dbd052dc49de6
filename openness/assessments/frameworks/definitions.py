"""The frameworks' definition files (fixtures/frameworks/*.yaml), parsed and checked.

Pure: no database. A definition is versioned data like a methodology file; verdicts name the
version that produced them. Every error names the file and the field.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

from openness.lib.urls import is_http_url

CONTENT_TYPES = ("code", "data", "document")
# Where the license of a component comes from: one of the license slots evidence.py fills.
LICENSE_SLOTS = ("code", "data", "documentation", "parameters")
FRAMEWORKS_DIR = Path(settings.BASE_DIR) / "fixtures" / "frameworks"


class DefinitionFileError(ValueError):
    """A definition file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class EvidenceMapping:
    """Which criteria say a component (or requirement) was released, and its license slot."""

    criteria: tuple[str, ...]
    license: str
    rule: str = ""


@dataclass(frozen=True)
class MofComponent:
    name: str
    content_type: str
    mof_class: int  # 3, 2 or 1: the class that introduces it
    required: bool
    description: str
    evidence: EvidenceMapping


@dataclass(frozen=True)
class MofDefinition:
    slug: str
    version: str
    name: str
    source_url: str
    license: str
    attribution: str
    description: str
    components: tuple[MofComponent, ...]
    alternatives: dict[str, tuple[str, ...]]

    def required_for(self, level: int) -> list[MofComponent]:
        """The required components of a class (3, 2 or 1), cumulative."""
        return [c for c in self.components if c.required and c.mof_class >= level]

    def component(self, name: str) -> MofComponent | None:
        return next((c for c in self.components if c.name == name), None)


@dataclass(frozen=True)
class OsaidRequirement:
    code: str
    title: str
    text: str
    evidence: EvidenceMapping


@dataclass(frozen=True)
class OsaidDefinition:
    slug: str
    version: str
    name: str
    source_url: str
    license: str
    attribution: str
    description: str
    requirements: tuple[OsaidRequirement, ...]


def _load(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DefinitionFileError(f"{path.name}: not valid YAML ({exc})") from None
    except OSError as exc:
        raise DefinitionFileError(f"{path.name}: cannot be read ({exc.strerror})") from None
    if not isinstance(data, dict):
        raise DefinitionFileError(f"{path.name}: expected a mapping at the top level")
    return data


def _text(data: dict, key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key)
    if value is None or not str(value).strip():
        if required:
            raise DefinitionFileError(f"{where}: `{key}` is missing or empty")
        return ""
    return " ".join(str(value).split())


def _header(data: dict, name: str, slug: str) -> dict:
    if data.get("slug") != slug:
        raise DefinitionFileError(f"{name}: `slug` must be {slug!r}, not {data.get('slug')!r}")
    source_url = _text(data, "source_url", name)
    if not is_http_url(source_url):
        raise DefinitionFileError(f"{name}: `source_url` {source_url!r} is not an http(s) URL")
    return {
        "slug": slug,
        "version": _text(data, "version", name),
        "name": _text(data, "name", name),
        "source_url": source_url,
        "license": _text(data, "license", name),
        "attribution": _text(data, "attribution", name),
        "description": _text(data, "description", name),
    }


def _evidence(item: dict, where: str, known_criteria: frozenset[str] | None) -> EvidenceMapping:
    evidence = item.get("evidence")
    if not isinstance(evidence, dict):
        raise DefinitionFileError(f"{where}: `evidence` must map `criteria` and `license`")
    criteria = evidence.get("criteria")
    if not isinstance(criteria, list) or not all(isinstance(c, str) for c in criteria):
        raise DefinitionFileError(f"{where}: `evidence.criteria` must be a list of codes")
    if known_criteria is not None:
        unknown = sorted(set(criteria) - known_criteria)
        if unknown:
            raise DefinitionFileError(f"{where}: unknown criteria {', '.join(unknown)}")
    slot = evidence.get("license")
    if slot not in LICENSE_SLOTS:
        raise DefinitionFileError(
            f"{where}: `evidence.license` is {slot!r}, not one of {', '.join(LICENSE_SLOTS)}"
        )
    return EvidenceMapping(
        criteria=tuple(criteria), license=slot, rule=_text(evidence, "rule", where, required=False)
    )


def _entries(data: dict, key: str, name: str):
    """The file's non-empty list under `key`, each entry a mapping, with where it stands."""
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise DefinitionFileError(f"{name}: `{key}` must be a non-empty list")
    for index, item in enumerate(items):
        where = f"{name}: {key}[{index}]"
        if not isinstance(item, dict):
            raise DefinitionFileError(f"{where}: expected a mapping")
        yield where, item


def mof_definition_parse(
    *, path: Path, known_criteria: frozenset[str] | None = None
) -> MofDefinition:
    """The MOF file, checked: components with a content type, class and evidence mapping."""
    name = path.name
    data = _load(path)
    header = _header(data, name, "mof")
    components = []
    for where, item in _entries(data, "components", name):
        component_name = _text(item, "name", where)
        where = f"{name}: component {component_name!r}"
        if any(c.name == component_name for c in components):
            raise DefinitionFileError(f"{where}: listed twice")
        content_type = item.get("content_type")
        if content_type not in CONTENT_TYPES:
            raise DefinitionFileError(
                f"{where}: `content_type` is {content_type!r}, not one of {CONTENT_TYPES}"
            )
        mof_class = item.get("class")
        if mof_class not in (1, 2, 3):
            raise DefinitionFileError(f"{where}: `class` is {mof_class!r}, not 1, 2 or 3")
        if not isinstance(item.get("required"), bool):
            raise DefinitionFileError(f"{where}: `required` must be true or false")
        components.append(
            MofComponent(
                name=component_name,
                content_type=content_type,
                mof_class=mof_class,
                required=item["required"],
                description=_text(item, "description", where),
                evidence=_evidence(item, where, known_criteria),
            )
        )
    names = {c.name for c in components}
    alternatives = data.get("alternatives") or {}
    if not isinstance(alternatives, dict):
        raise DefinitionFileError(f"{name}: `alternatives` must map a component to a list")
    checked: dict[str, tuple[str, ...]] = {}
    for key, others in alternatives.items():
        if key not in names or not isinstance(others, list) or not set(others) <= names:
            raise DefinitionFileError(f"{name}: alternatives of {key!r} name unknown components")
        checked[key] = tuple(others)
    for level in (3, 2, 1):
        if not any(c.mof_class == level and c.required for c in components):
            raise DefinitionFileError(f"{name}: class {level} has no required component")
    return MofDefinition(**header, components=tuple(components), alternatives=checked)


def osaid_definition_parse(
    *, path: Path, known_criteria: frozenset[str] | None = None
) -> OsaidDefinition:
    """The OSAID file, checked: requirements with an evidence mapping each."""
    name = path.name
    data = _load(path)
    header = _header(data, name, "osaid")
    requirements = []
    for where, item in _entries(data, "requirements", name):
        code = _text(item, "code", where)
        if any(r.code == code for r in requirements):
            raise DefinitionFileError(f"{where}: requirement {code!r} listed twice")
        requirements.append(
            OsaidRequirement(
                code=code,
                title=_text(item, "title", where),
                text=_text(item, "text", where),
                evidence=_evidence(item, where, known_criteria),
            )
        )
    expected = {"parameters", "code", "data_information"}
    if {r.code for r in requirements} != expected:
        raise DefinitionFileError(f"{name}: requirements must be exactly {sorted(expected)}")
    return OsaidDefinition(**header, requirements=tuple(requirements))


def _current_criteria() -> frozenset[str]:
    """The criteria codes of the EU index's current methodology file (the mapping's targets)."""
    path = Path(settings.BASE_DIR) / "fixtures" / "methodologies" / "osai-2026-03.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return frozenset(c["code"] for g in data["groups"] for c in g["criteria"])


@cache
def mof_definition() -> MofDefinition:
    """The MOF definition in force (fixtures/frameworks/mof-1.0.yaml), read once per process."""
    return mof_definition_parse(
        path=FRAMEWORKS_DIR / "mof-1.0.yaml", known_criteria=_current_criteria()
    )


@cache
def osaid_definition() -> OsaidDefinition:
    """The OSAID definition in force (fixtures/frameworks/osaid-1.0.yaml), read once."""
    return osaid_definition_parse(
        path=FRAMEWORKS_DIR / "osaid-1.0.yaml", known_criteria=_current_criteria()
    )
