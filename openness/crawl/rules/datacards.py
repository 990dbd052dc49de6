"""Rule datacards@1: what the declared datasets' cards (their README.md on the hub) say refines
the training-data judgment; and readers of dataset cards.

Readers (pure, any text accepted, never raising):
- `front_matter(text)`: the card's YAML header (license, `extra_gated_*`, ...);
- `datasheet_groups(text)`: which of the seven question groups of "Datasheets for Datasets"
  (Gebru et al. 2021, doi:10.1145/3458723) the card's headings answer: motivation,
  composition, collection process, preprocessing/cleaning/labelling, uses, distribution,
  maintenance (the Hub's dataset card template names them "Curation Rationale", "Dataset
  Structure", "Source Data", "Annotations", "Considerations for Using the Data", "Licensing
  Information", "Dataset Curators", ...);
- `completeness(text)`: what the card says of how much of the data is public: a statement that
  the published data is only part of what was used ("a 600B-token extract", "a subset",
  "a sample") reads as incomplete; a statement that it is the full or complete training data
  reads as complete; the sentence is kept as the quote.

datacards@1 refines the training-data judgment of the datasets rule with the cards:
- an "open" judgment becomes "partial" when a declared dataset's card says that only part of
  its data is published (open needs all training data shared), quoting the card;
- a dataset whose card header declares `extra_gated_*` fields counts as gated even when its
  record does not say so: never open;
- otherwise the judgment stands, and the cards that state completeness are added to its
  evidence. The refined judgment carries this rule's id.
"""

import re
from dataclasses import replace

import yaml

from openness.crawl.rules.base import Evidence, EvidenceInput, Judgment, Level, text_readable
from openness.crawl.rules.documentation import headings
from openness.crawl.snapshot import FetchedDocument, HubSnapshot
from openness.lib.urls import is_http_url

RULE = "datacards@1"
_FRONT_MATTER = re.compile(r"\A\ufeff?---\s*\n(.*?)\n---\s*(\n|\Z)", re.DOTALL)

GROUPS: dict[str, re.Pattern] = {
    "motivation": re.compile(r"motivation|curation rationale|purpose|why\b", re.IGNORECASE),
    "composition": re.compile(
        r"composition|dataset structure|data (fields|instances|splits)|dataset summary|"
        r"statistics|data ?mix|subsets?|contents?|overview|dataset description",
        re.IGNORECASE,
    ),
    "collection process": re.compile(
        r"collection|source data|data sources?|\bsources\b|gathering|provenance|crawl|"
        r"how .*(made|built|created)|dataset creation",
        re.IGNORECASE,
    ),
    "preprocessing": re.compile(
        r"pre-?processing|cleaning|filter|dedup|annotation|label|processing|curation(?! rat)|"
        r"decontamin|pipeline|quality",
        re.IGNORECASE,
    ),
    "uses": re.compile(
        r"\buses?\b|usage|intended|use cases?|considerations|limitations|bias|social impact|"
        r"out-of-scope|risks?",
        re.IGNORECASE,
    ),
    "distribution": re.compile(
        r"distribution|licen[cs]|access|terms of use|download|how to load", re.IGNORECASE
    ),
    "maintenance": re.compile(
        r"maintenance|maintain|contact|updates?|versions?|changelog|curators|citation",
        re.IGNORECASE,
    ),
}
DATA_GROUPS = ("composition", "collection process", "preprocessing")

_INCOMPLETE = re.compile(
    r"\b(public|partial|small)\s+(extract|excerpt|subset|sample|portion)\b"
    r"|\b(extract|excerpt|subset|portion|fraction|sample)\s+of\s+(the\s+|our\s+|its\s+)?"
    r"(full|complete|entire|original|whole|total|pre-?training|training)\b"
    r"|\b\d[\d.,]*\s*[TBMK]?\s*tokens?\s+(extract|subset|sample|excerpt)\b"
    r"|\bonly\s+(a\s+(part|portion|subset|fraction)|part|some)\s+of\b"
    r"|\bnot\s+(all|the\s+(full|complete|entire))\b[^.]*\b(released|public|available)\b",
    re.IGNORECASE,
)
_COMPLETE = re.compile(
    r"\b(full|complete|entire|whole|all (of )?the)\s+(pre-?)?training\s+(data|dataset|corpus|"
    r"mix|set)\b|\b(is|are|contains) (the )?(full|complete|entire) (data|dataset|corpus)\b",
    re.IGNORECASE,
)


def front_matter(text: str) -> dict:
    """The card's YAML header as a dict; {} when there is none or it does not parse."""
    match = _FRONT_MATTER.match(text or "")
    if not match:
        return {}
    try:
        value = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return value if isinstance(value, dict) else {}


def datasheet_groups(text: str) -> dict[str, str]:
    """{datasheet question group: the first heading that answers it}, in Gebru's order."""
    found: dict[str, str] = {}
    for heading in headings(text or ""):
        plain = re.sub(r"[*_`\[\]()#]", "", heading).strip()
        for group, pattern in GROUPS.items():
            if group not in found and pattern.search(plain):
                found[group] = heading[:100]
    return {g: found[g] for g in GROUPS if g in found}


def _sentences(text: str):
    body = _FRONT_MATTER.sub("", text or "", count=1)
    body = re.sub(r"```.*?```", " ", body, flags=re.DOTALL)
    for block in re.split(r"\n\s*\n", body):
        flat = " ".join(block.split())
        for sentence in re.split(r"(?<=[.!?])\s+", flat):
            if 20 <= len(sentence) <= 600:
                yield sentence


def completeness(text: str) -> tuple[bool | None, str]:
    """(True: says the full data is published; False: only part of it; None: says neither,
    the sentence that says so)."""
    for sentence in _sentences(text):
        if _INCOMPLETE.search(sentence):
            return False, sentence[:240]
    for sentence in _sentences(text):
        if _COMPLETE.search(sentence):
            return True, sentence[:240]
    return None, ""


def card_gated(text: str) -> bool:
    """True when the card's header asks for access conditions (`extra_gated_*`)."""
    return any(str(key).startswith("extra_gated") for key in front_matter(text))


def card_url(snapshot: HubSnapshot, dataset_id: str, doc: FetchedDocument) -> str:
    """The card as a reader opens it on the hub, at the commit it was read."""
    revision = doc.revision or "main"
    url = f"{snapshot.endpoint}/datasets/{dataset_id}/blob/{revision}/README.md"
    return url if is_http_url(url) else doc.url


def card_evidence(
    snapshot: HubSnapshot, dataset_id: str, doc: FetchedDocument, *, rule: str, excerpt: str
) -> EvidenceInput:
    return EvidenceInput(
        url=card_url(snapshot, dataset_id, doc),
        title=f"Dataset card (README.md) of {dataset_id}",
        excerpt=excerpt[:300],
        kind=Evidence.Kind.DATASET,
        retrieved_at=doc.retrieved_at,
        revision=doc.revision,
        rule=rule,
    )


def refine_datasources(judgment: Judgment | None, snapshot: HubSnapshot) -> Judgment | None:
    """The training-data judgment with what the declared datasets' cards say (see above)."""
    if judgment is None or judgment.level == Level.NOT_ASSESSED:
        return judgment
    cards = {d: doc for d, doc in (snapshot.dataset_cards or {}).items() if text_readable(doc)}
    if not cards:
        return judgment
    partial_quotes, gated_ids, complete_quotes = [], [], []
    for dataset_id, doc in sorted(cards.items()):
        said, sentence = completeness(doc.text)
        if said is False:
            partial_quotes.append((dataset_id, doc, sentence))
        elif said is True:
            complete_quotes.append((dataset_id, doc, sentence))
        if card_gated(doc.text):
            gated_ids.append((dataset_id, doc))
    evidence = list(judgment.evidence)
    notes = judgment.notes
    level = judgment.level
    for dataset_id, doc, sentence in partial_quotes:
        evidence.append(card_evidence(snapshot, dataset_id, doc, rule=RULE, excerpt=sentence))
    for dataset_id, doc in gated_ids:
        evidence.append(
            card_evidence(snapshot, dataset_id, doc, rule=RULE, excerpt="extra_gated_* in header")
        )
    for dataset_id, doc, sentence in complete_quotes:
        evidence.append(card_evidence(snapshot, dataset_id, doc, rule=RULE, excerpt=sentence))
    if not (partial_quotes or gated_ids or complete_quotes):
        return judgment
    if partial_quotes:
        notes += (
            " The card of "
            + ", ".join(d for d, _, _ in partial_quotes)
            + (" says only part of the data is published")
        )
        notes += f': "{partial_quotes[0][2][:160]}".'
    if gated_ids:
        notes += (
            " The card of "
            + ", ".join(d for d, _ in gated_ids)
            + " asks for access conditions (extra_gated fields): gated."
        )
    if complete_quotes and not partial_quotes:
        notes += (
            " The card of " + complete_quotes[0][0] + f' states: "{complete_quotes[0][2][:160]}".'
        )
    if level == Level.OPEN and (partial_quotes or gated_ids):
        level = Level.PARTIAL
    return replace(judgment, level=level, notes=notes, rule=RULE, evidence=tuple(evidence))
