"""Rule datasheet@4: whether the declared training datasets have datasheets.

A datasheet here is a dataset card (the dataset's README.md on the hub, fetched by
enrichment) whose headings answer the question groups of "Datasheets for Datasets" (Gebru et
al. 2021): motivation, composition, collection process, preprocessing, uses, distribution,
maintenance (datacards.datasheet_groups).

Rubric: open "datasheet(s) ... provide comprehensive insight on data collection and curation
... following the standards defined in Datasheets for Datasets"; partial "partial insight on
data collection and curation"; closed "datasheet(s) are not available".

- open: every declared dataset's card was read, and each answers composition, collection
  process and preprocessing and at least FULL_MIN_GROUPS of the seven groups;
- partial: at least one card answers one of composition, collection process or
  preprocessing, or at least two groups;
- closed: every declared dataset was looked for and none has a card that answers any group
  (no card at all, 404 EntryNotFound, or a card without datasheet sections);
- closed too: no dataset declared and the model card (read whole, or absent) has no section
  on training or data with content and links no dataset (datasets.card_shows_no_data): no
  datasheet can be found from the model;
- not assessed: no dataset declared but the card documents training or links data (the data
  may be documented elsewhere), or the cards that could decide were gated or unreadable;
- no dataset card fetched (not enriched), or the item does not say: no judgment.

v2 (from datasheet@1): closed when nothing is declared and the card shows no training data.
v3 (from datasheet@2): that silence counts only from a card read whole or one the hub says
does not exist, as datasets@4 and @5 read it (a card too large or not UTF-8 is not missing).
v4 (from datasheet@3): no dataset declared, but the model card links Hub datasets as its
training data (openness/crawl/datalinks.py: a training or data section, a line saying the
model was trained on them, a list such a line leads; not an evaluation section or a scores
table) whose records enrichment fetched: their cards are read as declared datasets' cards.
A statement that the training data is not released (datasets@5) decides nothing here: data
that is not released may still be documented (the Vicuna paper describes its data).
"""

from openness.crawl.rules.base import Judgment, Level, api_evidence, text_readable
from openness.crawl.rules.datacards import (
    DATA_GROUPS,
    GROUPS,
    card_evidence,
    datasheet_groups,
)
from openness.crawl.rules.datasets import card_shows_no_data, declared_datasets, linked_datasets
from openness.crawl.snapshot import HubSnapshot

RULE = "datasheet@4"
CRITERION = "datasheet"
FULL_MIN_GROUPS = 5


def _full(groups: dict) -> bool:
    return all(g in groups for g in DATA_GROUPS) and len(groups) >= FULL_MIN_GROUPS


def _some(groups: dict) -> bool:
    return any(g in groups for g in DATA_GROUPS) or len(groups) >= 2


def _missing(error: str) -> bool:
    return "EntryNotFound" in error or (error.startswith("HTTP 404") and "Repo" not in error)


def judge(snapshot: HubSnapshot) -> Judgment | None:
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    declared = declared_datasets(item)
    if declared is None:
        return None
    # Nothing declared: the Hub datasets the card links as its training data, when
    # enrichment read them (datasets.linked_datasets), have their cards read as declared ones.
    declared = declared or linked_datasets(snapshot)
    # The silence decides here whatever the papers (datasets@6 defers to one about the model).
    silent = not declared and card_shows_no_data(snapshot, rule=RULE, paper_defers=False)
    if silent:
        card = silent
        declared_none = api_evidence(snapshot, rule=RULE, excerpt="no dataset in cardData or tags")
        return Judgment(
            CRITERION,
            Level.CLOSED,
            f"No training dataset is declared (cardData, tags), and the model card {card.excerpt}: "
            "no datasheet is available from the model.",
            RULE,
            (declared_none, card),
        )
    if not declared:
        return Judgment(
            CRITERION,
            Level.NOT_ASSESSED,
            "No training dataset is declared, so there is no dataset card to read; a "
            "datasheet may exist elsewhere.",
            RULE,
            (api_evidence(snapshot, rule=RULE, excerpt="no dataset in cardData or tags"),),
        )
    cards = snapshot.dataset_cards or {}
    if not any(d in cards for d in declared):
        return None  # not enriched
    found: dict[str, dict] = {}
    missing: list[str] = []
    unreadable: list[str] = []
    for dataset_id in declared:
        doc = cards.get(dataset_id)
        if text_readable(doc):
            found[dataset_id] = datasheet_groups(doc.text)
        elif doc is not None and _missing(doc.error):
            missing.append(dataset_id)
        else:
            unreadable.append(dataset_id)
    evidence = []
    for dataset_id, groups in found.items():
        shown = "; ".join(f'{g}: "{h}"' for g, h in groups.items()) or "no datasheet section"
        evidence.append(
            card_evidence(snapshot, dataset_id, cards[dataset_id], rule=RULE, excerpt=shown)
        )
    for dataset_id in missing:
        evidence.append(
            card_evidence(
                snapshot, dataset_id, cards[dataset_id], rule=RULE, excerpt="README.md: not found"
            )
        )
    for dataset_id in unreadable:
        if cards.get(dataset_id) is not None:
            excerpt = f"README.md: {cards[dataset_id].error or 'not readable'}"
            evidence.append(
                card_evidence(snapshot, dataset_id, cards[dataset_id], rule=RULE, excerpt=excerpt)
            )
    if not evidence:  # a declared dataset whose card was not fetched at all
        evidence.append(api_evidence(snapshot, rule=RULE, excerpt="dataset cards not read"))
    lines = "; ".join(
        [
            f"{d}: {len(g)} of {len(GROUPS)} groups ({', '.join(g) or 'none'})"
            for d, g in found.items()
        ]
        + [f"{d}: no dataset card" for d in missing]
        + [
            f"{d}: card not readable ({(cards.get(d).error if cards.get(d) else 'not fetched')})"
            for d in unreadable
        ]
    )
    full = [d for d, g in found.items() if _full(g)]
    some = [d for d, g in found.items() if _some(g)]
    if len(full) == len(declared):
        level = Level.OPEN
        verdict = (
            "Every declared dataset has a card answering the datasheet's questions on "
            "composition, collection and preprocessing."
        )
    elif some:
        level = Level.PARTIAL
        verdict = (
            f"{len(some)} of {len(declared)} declared datasets have cards that answer some of "
            "the datasheet's questions."
        )
    elif not unreadable:
        level = Level.CLOSED
        verdict = "No declared dataset has a card that answers the datasheet's questions."
    else:
        level = Level.NOT_ASSESSED
        verdict = "The dataset cards that could decide were not readable."
    notes = (
        f"{verdict} ({lines}.) Headings show which questions a card addresses, not how fully "
        "it answers them."
    )
    return Judgment(CRITERION, level, notes, RULE, tuple(evidence[:8]))
