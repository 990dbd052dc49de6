"""The Model Openness Tool's model files (fixtures/mot/models/, MIT), read as evidence.

Pure: one file gives the release's name, producer, repositories and, per MOF component, the
license the tool recorded. A component the file lists counts as released; one it does not list
as not released. A typed release-wide license (`license.code`, `.data`, `.document`) covers the
listed components of that type that name no license of their own.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from openness.assessments.frameworks.definitions import MofDefinition
from openness.assessments.frameworks.mof import ComponentEvidence

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # both are safe loaders
_TYPE_KEYS = {"code": "code", "data": "data", "document": "document"}


class MotFileError(ValueError):
    """A model file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class MotRelease:
    file: str
    name: str
    producer: str
    repository: str
    huggingface_repo: str  # "owner/name", "" when the file names none
    distribution_license: str
    components: dict[str, dict]  # {component name: {"license": str, "path": str}}

    def evidence(self, definition: MofDefinition) -> dict[str, ComponentEvidence]:
        """Per MOF component, what the tool recorded."""
        result = {}
        for component in definition.components:
            listed = self.components.get(component.name)
            if listed is None:
                result[component.name] = ComponentEvidence(
                    released=False, basis="not listed by the Model Openness Tool"
                )
                continue
            result[component.name] = ComponentEvidence(
                released=True,
                license=listed["license"],
                license_basis="Model Openness Tool",
                basis="listed by the Model Openness Tool",
            )
        return result


_HF = re.compile(r"^(?:https?://huggingface\.co/)?([\w.-]+/[\w.-]+?)/?$")


def huggingface_repo(value: str) -> str:
    """'owner/name' from a Hub URL or id as the tool writes it ("" when it is neither)."""
    match = _HF.match((value or "").strip())
    return match.group(1) if match else ""


def _name(value) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def mot_file_parse(*, path: Path) -> MotRelease:
    """One model file, checked for the fields Openness reads."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)  # noqa: S506 (a safe loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MotFileError(f"{path.name}: not valid YAML ({exc})") from None
    release = data.get("release") if isinstance(data, dict) else None
    if not isinstance(release, dict) or not _name(release.get("name")):
        raise MotFileError(f"{path.name}: no `release.name`")
    framework = data.get("framework") or {}
    if framework.get("name") != "Model Openness Framework":
        raise MotFileError(f"{path.name}: `framework.name` is not 'Model Openness Framework'")
    licenses = release.get("license") or {}
    if not isinstance(licenses, dict):
        licenses = {}
    typed = {
        kind: _name((licenses.get(key) or {}).get("name"))
        for key, kind in _TYPE_KEYS.items()
        if isinstance(licenses.get(key), dict)
    }
    components: dict[str, dict] = {}
    from openness.assessments.frameworks.definitions import mof_definition

    types = {c.name: c.content_type for c in mof_definition().components}
    for item in release.get("components") or []:
        if not isinstance(item, dict) or not _name(item.get("name")):
            raise MotFileError(f"{path.name}: a component without a name")
        name = _name(item["name"])
        license_name = _name(item.get("license"))
        if not license_name and typed.get(types.get(name, "")):
            license_name = typed[types[name]]
        components[name] = {"license": license_name, "path": _name(item.get("component_path"))}
    distribution = licenses.get("distribution") if isinstance(licenses, dict) else None
    return MotRelease(
        file=path.name,
        name=_name(release["name"]),
        producer=_name(release.get("producer")),
        repository=_name(release.get("repository")),
        huggingface_repo=huggingface_repo(_name(release.get("huggingface"))),
        distribution_license=_name((distribution or {}).get("name")),
        components=components,
    )


def mot_files(directory: Path) -> list[Path]:
    """The model files the tool itself reads (*.yml; `Pile-T5`, without one, it ignores)."""
    return sorted(directory.glob("*.yml"))
