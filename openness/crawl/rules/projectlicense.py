"""Rule license@3: is the whole project (weights, training code, training data) under open
licenses?

The index's rubric judges the licenses of the weights, the training pipeline code and the data
sources together: open "the project is fully covered by open licenses, including all data
sources and training pipeline code"; partial "only parts of the model and data sources are
released under an open license" (the 2024 rubric's example: "such as model weights"); closed
"not licensed clearly or does not use an open license". The rule reads three parts:

- the weights: the license the model repository declares (`cardData.license` or a `license:`
  tag; several: the least open decides), open when OSI-approved or an open data/content license
  (CC-BY, CC-BY-SA, CC0, ODbL, CDLA, ...);
- the training code: the license GitHub reports for each linked code repository that was read
  (shown open when every one whose license is known is OSI-approved);
- the training data: the license of each declared dataset's Hub record (shown open when every
  declared dataset's record was read and its license is open; gating is the data criterion's
  concern, not this one's).

A part is known when something that decides it was read: the weights' license unless its id
names a family whose members differ (`bsd`, `cc`, `gpl`); a code repository's license
(GitHub reports none it could read: unknown); a declared dataset's record. Then, as the index
rates the parts it can see:

- the weights under an open license and every other known part too: open (the notes say
  which parts were read and which were not: no code repository linked, no dataset declared,
  a license that could not be read);
- some known part under an open license but not all (open weights beside a dataset under a
  non-commercial license or code under no open license; a restricted weights license beside
  openly licensed code or data): partial, naming the parts shown and not shown;
- no part under an open license, the weights' license known and not open (a restricted
  model license, a custom `other`, `unknown`, none declared): closed;
- no part under an open license and the weights' license id a family of licenses: not
  assessed;
- the item carries neither `cardData` nor `tags`: no judgment.

A model that was not enriched (below the enrichment threshold: its code repositories and
datasets were not read) is judged on the weights' license alone, the other parts unknown; its
enrichment reads them and may lower open to partial.

v3 (from license@2): the code repositories' and the declared datasets' licenses are read
beside the weights' license; a known part that is not open makes open weights partial, and an
open part makes a restricted weights license partial.
"""

from dataclasses import dataclass

from openness.catalog.licenses import LicenseCategory, classify_license
from openness.crawl.rules import licensing
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
)
from openness.crawl.rules.codetree import repos
from openness.crawl.rules.datasets import declared_datasets
from openness.crawl.snapshot import HubSnapshot
from openness.lib.urls import is_http_url

RULE = "license@3"
CRITERION = "licenses"


@dataclass(frozen=True)
class Part:
    """What the snapshot shows of one part's license."""

    name: str  # "the weights", "the training code", "the training data"
    shown_open: bool
    known: bool  # something was read that decides whether it is open
    summary: str
    evidence: tuple[EvidenceInput, ...] = ()


def _weights_part(snapshot: HubSnapshot, item: dict) -> Part | None:
    licenses = licensing.declared_licenses(item)
    if licenses is None:
        return None
    info = licensing.decisive(licenses)
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
    known = info.category is not LicenseCategory.AMBIGUOUS
    return Part("the weights", info.category.is_open, known, described, tuple(evidence))


def _code_part(snapshot: HubSnapshot) -> Part:
    found, failed = repos(snapshot)
    known = [r for r in found if r.license_known]
    if snapshot.readme is None and not snapshot.code_repos:
        return Part("the training code", False, False, "not read (the model was not enriched)")
    if not snapshot.code_repos:
        return Part("the training code", False, False, "no code repository is linked")
    if not known:
        unread = ", ".join([r.name for r in found] + failed)
        return Part("the training code", False, False, f"no license could be read ({unread})")
    summary = ", ".join(f"{r.name}: {r.license_text}" for r in known)
    evidence = tuple(
        EvidenceInput(
            url=r.url,
            title=f"GitHub {r.name}",
            excerpt=('"license": ' + quote(r.license))[:300],
            kind=Evidence.Kind.LICENSE,
            retrieved_at=r.retrieved_at,
            revision=r.revision,
            rule=RULE,
        )
        for r in known[:3]
    )
    is_open = all(r.license_category is LicenseCategory.OSI_APPROVED for r in known)
    return Part("the training code", is_open, True, summary, evidence)


def _data_part(snapshot: HubSnapshot, item: dict) -> Part:
    declared = declared_datasets(item) or []
    if declared and snapshot.readme is None and not snapshot.datasets:
        return Part("the training data", False, False, "not read (the model was not enriched)")
    if not declared:
        return Part("the training data", False, False, "no training dataset is declared")
    docs = snapshot.datasets if isinstance(snapshot.datasets, dict) else {}
    read, unread, evidence = [], [], []
    for dataset_id in declared:
        doc = docs.get(dataset_id)
        if doc is None or doc.error or not isinstance(doc.data, dict):
            unread.append(dataset_id)
            continue
        ids = strings(card_data(doc.data).get("license")) or tag_values(doc.data, "license")
        info = licensing.decisive([classify_license(x) for x in ids] or [classify_license("")])
        read.append((dataset_id, ", ".join(ids) or "none declared", info.category))
        page = f"{snapshot.endpoint}/datasets/{dataset_id}"
        evidence.append(
            EvidenceInput(
                url=doc.url if is_http_url(doc.url) else page,
                title=f"Hub record of dataset {dataset_id}",
                excerpt=f"license: {', '.join(ids) or 'none declared'}",
                kind=Evidence.Kind.DATASET,
                retrieved_at=doc.retrieved_at,
                revision=doc.revision,
                rule=RULE,
            )
        )
    summary = "; ".join(f"{d}: {text}" for d, text, _ in read)
    if unread:
        summary += ("; " if summary else "") + "record not read: " + ", ".join(unread)
    not_open = [d for d, _, category in read if not category.is_open]
    if not_open:
        return Part("the training data", False, True, summary, tuple(evidence[:3]))
    return Part("the training data", bool(read), bool(read), summary, tuple(evidence[:3]))


def parts(snapshot: HubSnapshot) -> list[Part] | None:
    """The weights', training code's and training data's parts; None when the item does not
    say what the weights' license is."""
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    weights = _weights_part(snapshot, item)
    if weights is None:
        return None
    return [weights, _code_part(snapshot), _data_part(snapshot, item)]


def _names(found: list[Part]) -> str:
    return ", ".join(p.name for p in found)


def judge(snapshot: HubSnapshot) -> Judgment | None:
    """The licenses judgment, or None when the item does not say."""
    found = parts(snapshot)
    if found is None:
        return None
    weights = found[0]
    known = [p for p in found if p.known]
    shown = [p for p in known if p.shown_open]
    missing = [p for p in known if not p.shown_open]
    unread = [p for p in found if not p.known]
    described = "; ".join(f"{p.name}: {p.summary}" for p in found)
    evidence = tuple(e for p in found for e in p.evidence)
    if weights.shown_open and not missing:
        level = Level.OPEN
        notes = f"Under open licenses: {_names(shown)} ({described})."
        if unread:
            notes += f" Not known, so not counted either way: {_names(unread)}."
    elif shown:
        level = Level.PARTIAL
        notes = (
            f"Under open licenses: {_names(shown)}; not: {_names(missing)} ({described}). Open "
            "needs every part that can be read under an open license."
        )
    elif not weights.known:
        level = Level.NOT_ASSESSED
        notes = (
            f"The weights' license id names a family of licenses, some open and some not, and "
            f"no other part is shown under an open license ({described})."
        )
    else:
        level = Level.CLOSED
        notes = f"No part is shown under an open license ({described})."
    return Judgment(criterion=CRITERION, level=level, notes=notes, rule=RULE, evidence=evidence)
