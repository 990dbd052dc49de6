"""Rule license@2: what the declared license establishes for the `licenses` criterion.

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
    Evidence,
    EvidenceInput,
    Judgment,
    Level,
    api_evidence,
    card_data,
    quote,
    strings,
    tag_values,
    tags,
)
from openness.crawl.snapshot import HubSnapshot
from openness.lib.urls import is_http_url

RULE = "license@2"
CRITERION = "licenses"

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


def judge(snapshot: HubSnapshot) -> Judgment | None:
    """The licenses judgment, or None when the item does not say."""
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    licenses = declared_licenses(item)
    if licenses is None:
        return None
    info = decisive(licenses)
    card = card_data(item)

    if info.category is LicenseCategory.NONE:
        excerpt = "no license in cardData or tags"
    elif strings(card.get("license")):
        shown = {k: card[k] for k in ("license", "license_name", "license_link") if k in card}
        excerpt = '"cardData": ' + quote(shown)
    else:
        excerpt = "tags: " + ", ".join(f"license:{v}" for v in tag_values(item, "license"))
    evidence = [api_evidence(snapshot, rule=RULE, excerpt=excerpt)]
    if info.link and is_http_url(info.link):
        evidence.append(
            EvidenceInput(
                url=info.link,
                title=f"License of {snapshot.repo_id}: {info.name or info.declared}",
                excerpt=f"license_link: {info.link}",
                kind=Evidence.Kind.LICENSE,
                retrieved_at=snapshot.retrieved_at,
                revision=snapshot.sha,
                rule=RULE,
            )
        )

    described = ", ".join(
        f"{i.declared or 'none'} ({i.name or i.category.label}: {i.reason})" for i in licenses
    )
    if info.category.is_open:
        notes = (
            f"Declared license: {described}. The model is released under an open license. "
            "Hub metadata shows the model repository's license only; the training code's and "
            "data's licenses are judged under their own criteria."
        )
        level = Level.OPEN
    elif info.category is LicenseCategory.AMBIGUOUS:
        notes = (
            f"Declared license: {described}. The id names a family of licenses, some open and "
            "some not; which one applies cannot be decided from metadata."
        )
        level = Level.NOT_ASSESSED
    else:
        notes = f"Declared license: {described}. This is not an open license."
        level = Level.CLOSED
    return Judgment(
        criterion=CRITERION, level=level, notes=notes, rule=RULE, evidence=tuple(evidence)
    )
