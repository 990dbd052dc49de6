"""Rule license@7: is the whole project (weights, training code, training data) under open
licenses?

The index's rubric (osai-2026-03) judges the licenses of the weights, the training pipeline
code and the data sources together: open "the project is fully covered by open licenses,
including all data sources and training pipeline code"; partial "only parts of the model and
data sources are released under an open license, at least two (partially or fully) of model
weights, training code, and training data"; closed "not licensed clearly or does not use an
open license". The rule reads three parts, each shown open, partly open, not open, or unknown:

- the weights: the license the model repository declares (`cardData.license` or a `license:`
  tag; several: the least open decides): open when OSI-approved or an open data/content license
  (CC-BY, CC-BY-SA, CC0, ODbL, CDLA, ...); not open when restricted, custom, non-commercial or
  none; unknown when the id names a family whose members differ (`bsd`, `cc`, `gpl`);
- the training code: the license GitHub reports for each linked code repository that was read
  (open when every one is OSI-approved, partly when some are); unknown when no repository is
  linked or none could be read;
- the training data: the license of each declared dataset's Hub record (open when every one is
  open, partly when some are); not open when nothing is declared and the model card, read
  whole or absent, documents no training data and links none (the data is not shared: what
  datasets@4 reads as closed), or when nothing is declared, the card links no data and its
  authors say firmly that the data it was trained on is not released (datasets@5's closed);
  unknown when a record could not be read, or nothing is declared but the card documents
  training or links data with no such statement, or the card could not be read.

The level is the rubric's for the parts as shown, and it is decided only when the unknown parts
could not change it (the level with every unknown part open equals the level with every
unknown part not open):

- open: every part shown open;
- partial: two or more parts shown open or partly open, and not all three open;
- closed: at most one part can be open or partly open, whatever the unknown parts hold
  (restricted weights beside a card that shares no data: only the code could be open);
- not assessed, naming what remains possible and the parts it rests on: open weights with the
  code and data unknown (open if both are open, partial if one is, closed if neither), or any
  other case the unknown parts decide;
- the item carries neither `cardData` nor `tags`: no judgment.

A model that was not enriched (below the enrichment threshold: its code repositories, datasets
and card were not read) has the code and data unknown, so only an item whose weights alone
settle it would be decided, and none does: it is not assessed until enrichment reads the rest.

v7 (from license@6): the card's silence on data makes the data part "not open" only while the
model links no paper about itself (datasets@6, `card_shows_no_data`); beside one, which may
document the data, the part is unknown (cvssp/audioldm2: weights CC-BY-NC-SA-4.0, a card silent
on data, arXiv 2308.05734 "AudioLDM 2" tagged; closed under @6, not assessed now).

v6 (from license@5): the data part is "not open" when datasets@5 reads a firm statement that the
training data is not released (in the card, or in the README of a code repository it links:
lm-sys/FastChat's "We will not release the ShareGPT dataset." for lmsys/fastchat-t5-3b-v1.0,
trained on "70K conversations collected from ShareGPT.com"), as it is on the card's silence.
So open weights and openly licensed code beside withheld data are partial; restricted weights
beside them, closed. And when nothing is declared, the Hub datasets the card links as its
training data (datasets.linked_datasets, when enrichment read their records) are the data part,
read as declared ones.

v5 (from license@4): the data part is "not open" on the card's silence only when the card was
read whole or the hub answered that it does not exist (its status 404, `EntryNotFound`).
license@4 took any "404" in a fetch error for a missing card, so a card fetched but not read
whole (over the size limit: "2,404,118 bytes is over the limit"; not UTF-8: "... in position
1404") could be read as silent on data, and with restricted weights the level closed. The
client never hands the rules part of a card (a body over HUB_README_MAX_BYTES or cut short is
an error, not text), so a card with text is a card read whole; a card the gold set recorded in
part is served whole by the loopback hub, and rules_evaluate leaves out every licence pair
whose data part rests on its silence (evaluation.excluded_because).

v4 (from license@3): a part not read is no longer "counted neither way". license@3 called open
weights open when nothing else was known, although the rubric's open needs the code and the
data open too, and called restricted weights closed whatever the unknown parts held; the gold
set's experts rate the same Hub evidence (open weights, nothing else shown) open 10 times,
partial 6 times and closed twice (docs/rules.md, "Fourth round").
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
    record_readable,
    strings,
    tag_values,
)
from openness.crawl.rules.codetree import repos
from openness.crawl.rules.datasets import (
    card_shows_no_data,
    card_withholds_data,
    declared_datasets,
    linked_datasets,
    withheld_evidence,
)
from openness.crawl.rules.datastatements import withheld_training_data
from openness.crawl.snapshot import HubSnapshot
from openness.lib.urls import is_http_url

RULE = "license@7"
CRITERION = "licenses"

# How open a part is shown to be: not open, partly open (some of its repositories or datasets),
# open. An unknown part may be anything from NOT to OPEN.
NOT, PARTLY, OPEN = 0, 1, 2
STATE_WORDS = {NOT: "not open", PARTLY: "partly open", OPEN: "open"}
# Phrases of the notes that rules_evaluate reads (crawl/evaluation.py) to tell what a judgment
# rested on: the weights' part, and the data part when no dataset is declared.
WEIGHTS = "the weights"
WEIGHTS_NOT_OPEN = f"{WEIGHTS} {STATE_WORDS[NOT]}"
NO_DATASET = "no training dataset is declared"
NO_DATASET_SILENT_CARD = f"{NO_DATASET} and the model card"
# The code part when the model card (and the paper records) link no code repository.
NO_CODE_REPOSITORY = "no code repository is linked"


@dataclass(frozen=True)
class Part:
    """What the snapshot shows of one part's license: the least and most open it can be."""

    name: str  # "the weights", "the training code", "the training data"
    least: int
    most: int
    summary: str
    evidence: tuple[EvidenceInput, ...] = ()

    @property
    def known(self) -> bool:
        """Something was read that decides how open it is."""
        return self.least == self.most

    @property
    def shown_open(self) -> bool:
        return self.least == OPEN


def _unknown(name: str, summary: str, evidence=()) -> Part:
    return Part(name, NOT, OPEN, summary, tuple(evidence))


def _of(values: list[bool]) -> int:
    """OPEN when every one is open, PARTLY when some are, NOT when none is."""
    return OPEN if all(values) else PARTLY if any(values) else NOT


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
    if info.category is LicenseCategory.AMBIGUOUS:
        return _unknown(WEIGHTS, described, evidence)
    state = OPEN if info.category.is_open else NOT
    return Part(WEIGHTS, state, state, described, tuple(evidence))


def _code_part(snapshot: HubSnapshot) -> Part:
    name = "the training code"
    found, failed = repos(snapshot)
    known = [r for r in found if r.license_known]
    if snapshot.readme is None and not snapshot.code_repos:
        return _unknown(name, "not read (the model was not enriched)")
    if not snapshot.code_repos:
        return _unknown(name, NO_CODE_REPOSITORY)
    if not known:
        unread = ", ".join([r.name for r in found] + failed)
        return _unknown(name, f"no license could be read ({unread})")
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
    shown = [r.license_category is LicenseCategory.OSI_APPROVED for r in known]
    unread = len(found) - len(known) + len(failed)
    if unread:  # a repository whose license is not known could be either
        summary += f"; {unread} more whose license could not be read"
        return Part(name, PARTLY if any(shown) else NOT, _of([*shown, True]), summary, evidence)
    state = _of(shown)
    return Part(name, state, state, summary, evidence)


def _data_part(snapshot: HubSnapshot, item: dict) -> Part:
    name = "the training data"
    # Nothing declared: the Hub datasets the card links as its training data (when read).
    declared = declared_datasets(item) or linked_datasets(snapshot)
    if snapshot.readme is None and not snapshot.datasets:
        return _unknown(name, "not read (the model was not enriched)")
    if not declared:
        silent = card_shows_no_data(snapshot, rule=RULE)
        if silent is None:
            withheld = withheld_training_data(snapshot, rule=RULE)
            if withheld is None or not card_withholds_data(snapshot, withheld):
                return _unknown(name, NO_DATASET)
            what = f"names {withheld.name} as its training data, which" if withheld.name else ""
            summary = (
                f"{NO_DATASET_SILENT_CARD} {what or 'documents training and'} "
                f"{withheld.source if what else 'it'} says is not released "
                f'("{withheld.statement.sentence[:160]}")'
            )
            return Part(name, NOT, NOT, summary, withheld_evidence(snapshot, withheld, rule=RULE))
        summary = f"{NO_DATASET_SILENT_CARD} {silent.excerpt}"
        return Part(name, NOT, NOT, summary, (silent,))
    docs = snapshot.datasets if isinstance(snapshot.datasets, dict) else {}
    read, unread, evidence = [], [], []
    for dataset_id in declared:
        doc = docs.get(dataset_id)
        if not record_readable(doc):
            unread.append(dataset_id)
            continue
        ids = strings(card_data(doc.data).get("license")) or tag_values(doc.data, "license")
        info = licensing.decisive([classify_license(x) for x in ids] or [classify_license("")])
        read.append((dataset_id, ", ".join(ids) or "none declared", info.category.is_open))
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
    shown = [is_open for _, _, is_open in read]
    if unread:
        summary += ("; " if summary else "") + "record not read: " + ", ".join(unread)
        least = PARTLY if any(shown) else NOT
        return Part(name, least, _of([*shown, True]), summary, tuple(evidence[:3]))
    state = _of(shown)
    return Part(name, state, state, summary, tuple(evidence[:3]))


def parts(snapshot: HubSnapshot) -> list[Part] | None:
    """The weights', training code's and training data's parts; None when the item does not
    say what the weights' license is."""
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    weights = _weights_part(snapshot, item)
    if weights is None:
        return None
    return [weights, _code_part(snapshot), _data_part(snapshot, item)]


def rubric_level(states: list[int]) -> str:
    """The rubric's level for parts shown this open: open when all are, partial when two or
    more are at least partly open, closed otherwise."""
    if all(s == OPEN for s in states):
        return Level.OPEN
    if sum(s >= PARTLY for s in states) >= 2:
        return Level.PARTIAL
    return Level.CLOSED


def _names(found: list[Part]) -> str:
    return ", ".join(p.name for p in found) or "none"


def judge(snapshot: HubSnapshot) -> Judgment | None:
    """The licenses judgment, or None when the item does not say."""
    found = parts(snapshot)
    if found is None:
        return None
    least = rubric_level([p.least for p in found])
    most = rubric_level([p.most for p in found])
    unknown = [p for p in found if not p.known]
    described = "; ".join(f"{p.name}: {p.summary}" for p in found)
    evidence = tuple(e for p in found for e in p.evidence)
    shown = ", ".join(f"{p.name} {STATE_WORDS[p.least]}" for p in found if p.known)
    if least == most:
        level = least
        notes = f"{least.capitalize()} by the rubric: {shown or 'no part known'} ({described})."
        if unknown:
            notes += f" The level is the same whatever the license of {_names(unknown)}."
    else:
        level = Level.NOT_ASSESSED
        notes = (
            f"The parts shown ({shown or 'none'}) leave the level between {least} and {most}: "
            f"it rests on {_names(unknown)}, not known ({described}). The rubric's open needs "
            "the weights, the training code and the training data under open licenses; its "
            "partial, two of them."
        )
    return Judgment(criterion=CRITERION, level=level, notes=notes, rule=RULE, evidence=evidence)
