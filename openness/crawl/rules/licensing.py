"""What a model repository's declared license establishes: license@2 (no longer applied:
license@3 in projectlicense.py reads the weights' license through `declared_licenses` and
`decisive`, and the code's and data's licenses beside it).

license@2 judged the `licenses` criterion from the model repository's license alone.

Hub metadata declares one license, for the model repository. The EU index rates `licenses` by
the license the model is released under: of its 99 models under an OSI-approved license it
rates 60 open, 31 partial and 8 closed (fixtures/osai-index, counted by
docs/rules.md's command), so the declared license decides:

- OSI-approved, or an open data/content license (CC-BY, CC-BY-SA, CC0, ODbL, CDLA, ...): open.
  (The datasets rule judges the data's licenses; these notes do not depend on enrichment, so
  list-only and enriched crawls agree.)
- Restricted model license (Llama, Gemma, any RAIL variant, non-commercial, research-only,
  a custom `other`), another non-open license, `unknown`, or no license declared: closed (the
  rubric: "not licensed clearly or does not use an open license").
- A Hub id naming a license family whose members differ (`bsd`, `cc`, `gpl`): not assessed.
- Several licenses declared: the least open one decides.
- The item carries neither `cardData` nor `tags`: no judgment (the item does not say).

v2 (from license@1): an OSI-approved or open content license is open, not at most partial;
`grok2-community` and other "community" licenses are restricted model licenses (the catalog's
license table), not unknown.
"""

from openness.catalog.licenses import LicenseCategory, LicenseInfo, classify_license
from openness.crawl.rules.base import (
    card_data,
    strings,
    tag_values,
    tags,
)

# Least open first: with several licenses declared, the first category found here decides.
_ORDER = [
    LicenseCategory.NONE,
    LicenseCategory.UNKNOWN,
    LicenseCategory.RESTRICTED,
    LicenseCategory.OTHER,
    LicenseCategory.AMBIGUOUS,
    LicenseCategory.OPEN_CONTENT,
    LicenseCategory.OSI_APPROVED,
]


def declared_licenses(item: dict) -> list[LicenseInfo] | None:
    """Every license the item declares, classified; None when the item does not say."""
    card = card_data(item)
    if not card and tags(item) is None:
        return None
    ids = strings(card.get("license")) or tag_values(item, "license")
    if not ids:
        return [classify_license("")]
    return [
        classify_license(
            license_id,
            license_name=card.get("license_name", ""),
            license_link=card.get("license_link", ""),
        )
        for license_id in ids
    ]


def decisive(licenses: list[LicenseInfo]) -> LicenseInfo:
    """The least open of several declared licenses."""
    return min(licenses, key=lambda info: _ORDER.index(info.category))


def license_key(item: dict) -> str:
    """The declared license as one comparable string ("apache-2.0", "other:qwen", "")."""
    licenses = declared_licenses(item)
    if not licenses:
        return ""
    parts = []
    for info in licenses:
        part = info.declared.lower()
        if part == "other" and info.name:
            part = f"other:{info.name}"
        parts.append(part)
    return ",".join(sorted(parts))
