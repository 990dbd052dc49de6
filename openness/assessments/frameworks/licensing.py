"""Which kind of content a license suits, for the MOF, and whether it is OSI-approved, for the
OSAID. Pure: reads the Model Openness Tool's license list (fixtures/mot/config/, MIT) once.

A license is one of:
- open, suited to some content types (code, data, document): every license on the tool's list,
  with the types the tool gives it; any other OSI-approved license suits code; any other open
  data or content license (CC-BY, CC0, ODC, CDLA...) suits data and documents;
- no license: blank, "unlicensed", "Undisclosed", "Component not included" and the like;
- not open: everything else, custom model licenses above all (Llama, Gemma, RAIL,
  non-commercial, "Proprietary", arXiv's non-exclusive distribution license).
"""

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from django.conf import settings

from openness.catalog.licenses import LicenseCategory, classify_license, spdx_id_for

MOF_LICENSES_FILE = Path(settings.BASE_DIR) / "fixtures" / "mot" / "config" / "mof-licenses.json"

# What sources write when a component has no license (the tool's "extra options" and their
# spellings in its model files).
_NO_LICENSE = re.compile(
    r"^\s*(|none|unlicensed|undisclosed|not specified|license not specified|unknown|n/?a"
    r"|component( component)? not includ.*|not (released|disclosed|available)|unspecified"
    r"|not specified.*|unclear)\s*$",
    re.IGNORECASE,
)
# Spellings in the tool's files that spdx_id_for does not know.
_ALIASES = {"bsd-3": "BSD-3-Clause", "apache license 2.0": "Apache-2.0", "apache 2": "Apache-2.0"}


class LicenseStatus(StrEnum):
    OPEN = "open"
    NONE = "none"  # no license
    NOT_OPEN = "not_open"


@dataclass(frozen=True)
class ComponentLicenseInfo:
    """What one declared license is, for the frameworks."""

    declared: str
    status: LicenseStatus
    spdx_id: str
    content_types: frozenset[str]
    osi_approved: bool
    reason: str

    def suits(self, content_type: str) -> bool:
        return self.status is LicenseStatus.OPEN and content_type in self.content_types


@cache
def _mof_license_types() -> dict[str, frozenset[str]]:
    """{SPDX id (lower case): content types} from the tool's license list."""
    data = json.loads(MOF_LICENSES_FILE.read_text(encoding="utf-8"))
    types: dict[str, set[str]] = {}
    for entry in data["licenses"]:
        kinds = entry.get("ContentType") or []
        kinds = [kinds] if isinstance(kinds, str) else kinds
        types.setdefault(entry["licenseId"].lower(), set()).update(kinds)
    return {key: frozenset(value) for key, value in types.items()}


def _spdx(declared: str) -> str:
    text = declared.strip()
    alias = _ALIASES.get(text.lower())
    if alias:
        return alias
    named = spdx_id_for(text)
    if named:
        return named
    info = classify_license(text)
    return info.spdx_id


_LIST_SEPARATOR = re.compile(r"\s*(?:,|;|\band\b)\s*", re.IGNORECASE)


@cache
def license_info(declared: str | None) -> ComponentLicenseInfo:
    """Classify a license as a source declares it ("Apache 2.0", "Llama 3.1 Community ...").

    A list ("Apache-2.0, MIT"; "Apache-2.0 and BigScience RAIL License v1.0") is open only
    when every license in it is, and then suits what all of them suit.
    """
    text = " ".join((declared or "").split())
    if _NO_LICENSE.match(text):
        return ComponentLicenseInfo(text, LicenseStatus.NONE, "", frozenset(), False, "no license")
    spdx_id = _spdx(text)
    parts = [p for p in _LIST_SEPARATOR.split(text) if p]
    if not spdx_id and len(parts) > 1:
        infos = [license_info(part) for part in parts]
        closed = [i for i in infos if i.status is not LicenseStatus.OPEN]
        if closed:
            return ComponentLicenseInfo(
                text,
                LicenseStatus.NOT_OPEN,
                "",
                frozenset(),
                False,
                f"{text}: not every license in it is open ({closed[0].reason})",
            )
        kinds = frozenset.intersection(*(i.content_types for i in infos)) or frozenset(
            set().union(*(i.content_types for i in infos))
        )
        return ComponentLicenseInfo(
            text,
            LicenseStatus.OPEN,
            "",
            kinds,
            all(i.osi_approved for i in infos),
            f"{text}: every license in it is open",
        )
    info = classify_license(spdx_id) if spdx_id else classify_license("other", license_name=text)
    osi = info.category is LicenseCategory.OSI_APPROVED
    tool_types = _mof_license_types().get(spdx_id.lower()) if spdx_id else None
    if tool_types:
        kinds = " and ".join(sorted(tool_types))
        return ComponentLicenseInfo(
            text,
            LicenseStatus.OPEN,
            spdx_id,
            tool_types,
            osi,
            f"{spdx_id}: an open license for {kinds} (Model Openness Tool's list)",
        )
    if osi:
        return ComponentLicenseInfo(
            text,
            LicenseStatus.OPEN,
            spdx_id,
            frozenset({"code"}),
            True,
            f"{spdx_id}: an OSI-approved license, suited to code",
        )
    if info.category is LicenseCategory.OPEN_CONTENT:
        return ComponentLicenseInfo(
            text,
            LicenseStatus.OPEN,
            spdx_id,
            frozenset({"data", "document"}),
            False,
            f"{spdx_id}: an open data and content license, suited to data and documents",
        )
    label = spdx_id or text
    return ComponentLicenseInfo(
        text,
        LicenseStatus.NOT_OPEN,
        spdx_id,
        frozenset(),
        False,
        f"{label}: not an open license ({info.category.label.lower()})",
    )
