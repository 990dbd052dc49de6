"""Rule datasets@6: the declared training datasets, and whether each is open.

Declared datasets: `cardData.datasets` (a string or a list) and the hub's `dataset:` tags.
A dataset is open when its hub record (fetched by enrichment) declares an open license (an
OSI-approved or open data/content license, by `tags` `license:*` or `cardData.license`) and
the dataset is not gated.

- Every declared dataset open, and the model card states that they are the whole training
  data (a sentence such as "trained exclusively on X", "the full training data is released",
  quoted as evidence): open.
- Every declared dataset open without such a statement: partial. Metadata lists the datasets
  a card chose to declare, not all the training data (tiiuae/falcon-7b declares
  falcon-refinedweb, a public 600B-token extract of the 1.5T tokens it was trained on).
- At least one open, or datasets that were fetched but are gated or not openly licensed
  (shared under conditions): partial.
- Datasets declared but not enriched (no dataset record in the snapshot): no judgment, so a
  list-only re-crawl leaves the enriched judgment as it is.
- No dataset declared, but the card links Hub datasets as its training data (under a training
  or data heading, on a line saying the model was trained on them, or in a list such a line
  leads; never in an evaluation section or a scores table: openness/crawl/datalinks.py), and
  enrichment fetched their records: judged as declared ones, the notes saying they were
  linked, never open without a completeness statement.
- Datasets fetched but none could be read (every fetch failed): not assessed.
- No dataset declared, and the model card (read whole, or answering 404: there is none) has
  no section on training or data with content and no link to a dataset (`/datasets/` on the
  hub, or a data host): closed, the rubric's "not open for inspection or shared", with what
  was looked at in the notes (`card_shows_no_data`); not assessed when the model links a paper
  about itself (an `arxiv:` tag or a paper the card cites whose record names the model), which
  may document the data.
- No dataset declared, the card documents training, and the authors state firmly (in the
  card, or in the README of a code repository it links) that the data the card says the model
  was trained on is not released, with no dataset linked from the card: closed, quoting both.
- No dataset declared but the card documents training or links data, and no such statement:
  not assessed (the data may be shared where metadata does not say). The card could not be
  read (gated, unreadable): not assessed. Not enriched (no README in the snapshot): not assessed.
- The item carries neither `cardData` nor `tags`: no judgment.

This judges `datasources_endmodel`. When the model declares no base model, the same datasets
are its whole training data, and lineage@3 and @4 mirror this judgment to `datasources_basemodel`
when the model is its own base (marked as a base model by its name, or trained from scratch
and not post-trained by its card).

A dataset declaring `other` is under a custom license (not an open one); it is not called a
model license.

v2 (from datasets@1): never open without a statement of completeness.
v3 (from datasets@2): closed when nothing declared and the card shows no training data.
v4 (from datasets@3): the card's silence counts only from a card read whole or one the hub
says does not exist (status 404, `EntryNotFound`); datasets@3 took any "404" in a fetch error
(a byte count or a position in the message of a card too large or not UTF-8) for a missing
card (documentation.readme_failure).
v5 (from datasets@4): no dataset declared, and a card that documents training: closed when
the authors say firmly that the training data is not released, in the card or in the README
of a code repository the card (or a linked paper) links, and the card links no dataset or
data host (datastatements.withheld_training_data: a sentence naming no data in the card is
about the model's own; otherwise the sentence must name data the card says the model was
trained on). lmsys/vicuna-13b-v1.5's card: "The training data is around 125K conversations
collected from ShareGPT.com"; lm-sys/FastChat's README: "We will not release the ShareGPT
dataset." A hedge ("we may not release the ShareGPT dataset at the moment"), a statement about
other data, or "internal" data decides nothing, and the note quotes a hedge it saw. Beside a
dataset link the card may share part of the data: not assessed, quoting the statement.
v6 (from datasets@5): the card's silence on data is no evidence while the model links a paper
about itself (documentation.paper_about_model: its Hub record's title or abstract names the
model, as preprint@5 matches): the experts read such papers for the data (AudioLDM.yaml:
"Datasets mentioned in source paper"; SDXL-Lightning.yaml: "Trained on subsets of LAION and
COYO", from arXiv 2402.13929), and neither card has a data section. Not assessed, naming the
paper; license@7's data part follows, through `card_shows_no_data`. A paper that names only
the organisation may describe other models and does not count. The datasheet rule does not
follow: the experts rate a datasheet closed where the data is described only in a paper
("No datasheet provided"), and on the gold set deferring there too left 7 closed datasheet
pairs the experts also call closed undecided.
"""

import re
from dataclasses import dataclass, replace

from openness.catalog.licenses import classify_license
from openness.crawl.datalinks import training_dataset_links
from openness.crawl.rules.base import (
    Evidence,
    EvidenceInput,
    Judgment,
    Level,
    api_evidence,
    card_data,
    gated,
    is_repo_id,
    quote,
    record_readable,
    strings,
    tag_values,
    tags,
)
from openness.crawl.rules.datastatements import (
    Withheld,
    hedged_statements,
    naming_sentence,
    withheld_training_data,
)
from openness.crawl.rules.documentation import (
    card_cite,
    headings,
    paper_about_model,
    readme_failure,
    sections,
)
from openness.crawl.rules.licensing import decisive
from openness.crawl.snapshot import FetchedDocument, HubSnapshot
from openness.lib.urls import is_http_url

RULE = "datasets@6"
# How every judgment of a model that declares no dataset begins (rules_evaluate reads it: such a
# judgment rests on what the card says, and from datasets@5 on what it states).
NO_DATASET_DECLARED = "No training dataset is declared"
# Sentences in which a model card says that the declared data is all the training data.
COMPLETENESS = re.compile(
    r"\b(?:(?:pre-?)?trained|fine-?tuned)\s+(?:exclusively|only|entirely|solely)\s+on\b"
    r"|\btrained\s+on\s+[^.\n]{1,80}?\bonly\b"
    r"|\b(?:full|complete|entire|all (?:of )?(?:the|our))\s+(?:pre-?)?training\s+"
    r"(?:data|dataset|corpus|corpora)\b.*\b(?:released|available|open|published)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.\n]")
CRITERION = "datasources_endmodel"


@dataclass(frozen=True)
class DatasetStatus:
    """What the hub's record says about one declared dataset."""

    dataset_id: str
    checked: bool  # a record was fetched and read
    is_open: bool
    summary: str  # "license cc-by-4.0, not gated"
    evidence: EvidenceInput | None


def declared_datasets(item: dict) -> list[str] | None:
    """Declared dataset ids, in order; None when the item does not say."""
    card = card_data(item)
    if not card and tags(item) is None:
        return None
    found: list[str] = []
    for value in strings(card.get("datasets")) + tag_values(item, "dataset"):
        if is_repo_id(value) and value not in found:
            found.append(value)
    return found


def dataset_status(
    snapshot: HubSnapshot, dataset_id: str, doc: FetchedDocument | None
) -> DatasetStatus:
    """Read one dataset's fetched record; any shape is accepted."""
    if doc is None:
        return DatasetStatus(dataset_id, False, False, "not checked", None)
    if not record_readable(doc):
        reason = doc.error or "record unreadable"
        return DatasetStatus(dataset_id, False, False, f"not available ({reason})", None)
    data = doc.data
    license_ids = strings(card_data(data).get("license")) or tag_values(data, "license")
    infos = [classify_license(x) for x in license_ids] or [classify_license("")]
    info = decisive(infos)
    gate = gated(data)
    is_open = info.is_open and gate == "no"
    license_text = ", ".join(license_ids) if license_ids else "none declared"
    gate_text = {"no": "not gated", None: "gating unknown"}.get(gate, f"gated ({gate})")
    label = info.category.label
    if info.declared.lower() == "other" and not info.spdx_id:
        label = "a custom license, not an open one"
    summary = f"license {license_text} ({label}), {gate_text}"
    url = doc.url if is_http_url(doc.url) else f"{snapshot.endpoint}/datasets/{dataset_id}"
    evidence = EvidenceInput(
        url=url,
        title=f"Hub record of dataset {dataset_id}",
        excerpt=f'license: {license_text}; "gated": {quote(data.get("gated"))}',
        kind=Evidence.Kind.DATASET,
        retrieved_at=doc.retrieved_at,
        revision=doc.revision,
        rule=RULE,
    )
    return DatasetStatus(dataset_id, True, is_open, summary, evidence)


def statuses(snapshot: HubSnapshot) -> list[DatasetStatus] | None:
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    declared = declared_datasets(item)
    if declared is None:
        return None
    docs = snapshot.datasets if isinstance(snapshot.datasets, dict) else {}
    return [dataset_status(snapshot, d, docs.get(d)) for d in declared]


def all_open(snapshot: HubSnapshot) -> bool | None:
    """True when datasets are declared and every one was shown open; None when not known."""
    found = statuses(snapshot)
    if not found:
        return None
    return all(s.is_open for s in found)


def judge(snapshot: HubSnapshot) -> Judgment | None:
    """The end-model training data judgment, or None when the item does not say."""
    found = statuses(snapshot)
    if found is None:
        return None
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    linked = linked_datasets(snapshot) if not found else []
    if linked:
        docs = snapshot.datasets if isinstance(snapshot.datasets, dict) else {}
        found = [dataset_status(snapshot, d, docs.get(d)) for d in linked]
    if not found:
        declared = api_evidence(snapshot, rule=RULE, excerpt="no dataset in cardData or tags")
        card = card_shows_no_data(snapshot, rule=RULE)
        if card is not None:
            return Judgment(
                criterion=CRITERION,
                level=Level.CLOSED,
                notes=f"{NO_DATASET_DECLARED} (cardData, tags), and the model card "
                f"{card.excerpt}: nothing shows the training data open for inspection or "
                "shared.",
                rule=RULE,
                evidence=(declared, card),
            )
        withheld = withheld_training_data(snapshot, rule=RULE)
        if withheld is not None and card_withholds_data(snapshot, withheld):
            return Judgment(
                criterion=CRITERION,
                level=Level.CLOSED,
                notes=f"{NO_DATASET_DECLARED} (cardData, tags); {withheld_text(withheld)}"
                ": nothing shows the training data open for inspection or shared.",
                rule=RULE,
                evidence=(declared, *withheld_evidence(snapshot, withheld)),
            )
        card_read = (
            snapshot.readme is not None
            and not snapshot.readme.error
            and isinstance(snapshot.readme.text, str)
        )
        paper = paper_about_model(snapshot)
        silent = readme_missing(snapshot) or (card_read and not card_documents_data(snapshot))
        if silent and paper is not None:
            # datasets@6: the card's silence decides nothing beside a paper about the model.
            why = (
                "shows no training data, but the model links a paper about itself "
                f"({paper_text(paper)}), which may document it; the paper's text is not read."
            )
        elif card_read:
            why = "documents training or links data, which may be shared elsewhere."
        else:
            why = "was not read."
        notes = (
            f"{NO_DATASET_DECLARED}; metadata cannot show whether the training data is open or "
            f"closed, and the model card {why}"
        )
        evidence = (declared,)
        if withheld is not None:  # beside a link to data: part of it may be shared
            notes += (
                f" {withheld.source.capitalize()} says data is not released "
                f'("{withheld.statement.sentence[:160]}"), but the card links data too.'
            )
            evidence = (declared, withheld.evidence)
        elif card_read and (hedges := hedged_statements(snapshot)):
            notes += f' A hedged sentence decides nothing: "{hedges[0][:160]}".'
        return Judgment(
            criterion=CRITERION,
            level=Level.NOT_ASSESSED,
            notes=notes,
            rule=RULE,
            evidence=evidence,
        )

    if not any(s.dataset_id in snapshot.datasets for s in found):
        return None  # not enriched: this snapshot holds nothing new about the datasets
    word = "linked" if linked else "declared"
    declared_excerpt = "declared datasets: " + ", ".join(s.dataset_id for s in found)
    if "datasets" in card_data(item):
        declared_excerpt = '"cardData": ' + quote({"datasets": card_data(item)["datasets"]})
    if linked:
        declared_excerpt = "no dataset in cardData or tags"
    evidence = [api_evidence(snapshot, rule=RULE, excerpt=declared_excerpt)]
    if linked:
        evidence.append(linked_evidence(snapshot, linked))
    evidence.extend(s.evidence for s in found if s.evidence is not None)
    lines = "; ".join(f"{s.dataset_id}: {s.summary}" for s in found)
    opened = sum(s.is_open for s in found)
    checked = sum(s.checked for s in found)

    statement = completeness_statement(snapshot, [s.dataset_id for s in found])
    if opened == len(found) and statement:
        level = Level.OPEN
        verdict = (
            f"Every {word} dataset is openly licensed and not gated, and the model card "
            "states that they are the whole training data."
        )
        evidence.append(statement)
    elif opened == len(found):
        level = Level.PARTIAL
        verdict = (
            f"Every {word} dataset is openly licensed and not gated, but nothing states that "
            "they are all the training data, so this is at most partial."
        )
    elif opened:
        level = Level.PARTIAL
        verdict = f"{opened} of {len(found)} {word} datasets are openly licensed and not gated."
    elif checked:
        level = Level.PARTIAL
        verdict = (
            f"The {word} datasets are on the hub, but none is shown both openly licensed "
            "and not gated."
        )
    else:
        level = Level.NOT_ASSESSED
        verdict = f"No {word} dataset's record could be read, so their openness is unknown."
    notes = f"{verdict} ({lines}.)"
    if linked:
        notes = (
            f"{NO_DATASET_DECLARED} (cardData, tags); the model card links these Hub datasets "
            f"as its training data, read as declared ones. {notes}"
        )
    if level != Level.OPEN:
        notes += (
            " Only the datasets the model card declares are known; metadata cannot show that "
            "they are all the training data."
        )
    return Judgment(
        criterion=CRITERION, level=level, notes=notes, rule=RULE, evidence=tuple(evidence)
    )


# A link to training data: a dataset on the hub, or a data host.
_DATA_LINK = re.compile(
    r"/datasets/|kaggle\.com|zenodo\.org|data\.commoncrawl\.org|figshare\.com", re.IGNORECASE
)


def card_shows_no_data(
    snapshot: HubSnapshot, *, rule: str, paper_defers: bool = True
) -> EvidenceInput | None:
    """Evidence that the model card documents no training data, or None when it does or was
    not read.

    The card must have been read whole (or be absent: a 404 `EntryNotFound`); it shows no
    data when no heading on training or data has content under it (documentation.sections)
    and nothing links a dataset or a data host. The excerpt says what was looked at. From
    datasets@6 and license@7, None too while the model links a paper about itself
    (documentation.paper_about_model): the card then defers to the paper, which may say what
    the data is and where, and its text is not read. The datasheet rule reads the silence
    whatever the papers (`paper_defers=False`): a paper describing its data is no datasheet."""
    readme = snapshot.readme
    if readme is None or (paper_defers and paper_about_model(snapshot) is not None):
        return None
    if readme.error:
        if readme_failure(readme.error) != "missing":
            return None
        excerpt = "does not exist (README.md answers 404)"
    elif not isinstance(readme.text, str):
        return None
    else:
        if card_documents_data(snapshot):
            return None
        excerpt = (
            "has no section on training or data with content and links no dataset "
            f"({len(headings(readme.text))} headings read)"
        )
    return card_cite(snapshot, excerpt, rule=rule)


def card_documents_data(snapshot: HubSnapshot) -> bool:
    """Whether the card read has a training or data section with content, or links data."""
    text = snapshot.readme.text if snapshot.readme is not None else None
    return isinstance(text, str) and ("training" in sections(text) or bool(_DATA_LINK.search(text)))


def readme_missing(snapshot: HubSnapshot) -> bool:
    """Whether the hub says the model has no card (404 `EntryNotFound`)."""
    readme = snapshot.readme
    return readme is not None and bool(readme.error) and readme_failure(readme.error) == "missing"


def paper_text(paper: tuple[str, str]) -> str:
    arxiv_id, title = paper
    return f'arXiv {arxiv_id}, "{title[:120]}"' if title else f"arXiv {arxiv_id}"


def linked_datasets(snapshot: HubSnapshot) -> list[str]:
    """When nothing is declared: the Hub datasets the card links as its training data
    (datalinks.training_dataset_links) whose records enrichment fetched; [] otherwise (a
    snapshot stored before enrichment read them holds none: the card then counts as linking
    data, as before)."""
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    readme = snapshot.readme
    if declared_datasets(item) or readme is None or not isinstance(readme.text, str):
        return []
    docs = snapshot.datasets if isinstance(snapshot.datasets, dict) else {}
    return [d for d in training_dataset_links(readme.text) if d in docs]


def linked_evidence(snapshot: HubSnapshot, linked: list[str], *, rule: str = RULE) -> EvidenceInput:
    return card_cite(snapshot, "links as training data: " + ", ".join(linked), rule=rule)


def card_withholds_data(snapshot: HubSnapshot, withheld: Withheld | None) -> bool:
    """True when a firm statement withholds the training data and the card links no dataset
    or data host (a linked one could be part of the training data, and shared)."""
    readme = snapshot.readme
    if withheld is None or readme is None or not isinstance(readme.text, str):
        return False
    return not _DATA_LINK.search(readme.text)


def withheld_text(withheld: Withheld) -> str:
    """How a note says where the statement was read and what it withholds."""
    sentence = withheld.statement.sentence[:200]
    if withheld.name:
        return (
            f"the model card names {withheld.name} as the data it was trained on, and "
            f'{withheld.source} says: "{sentence}"'
        )
    return f'the model card, which documents training, says the data is not released: "{sentence}"'


def withheld_evidence(
    snapshot: HubSnapshot, withheld: Withheld, *, rule: str = RULE
) -> tuple[EvidenceInput, ...]:
    """The statement, and the card's sentence naming the data when the statement is elsewhere."""
    found = [replace(withheld.evidence, rule=rule)]
    readme = snapshot.readme
    sentence = ""
    if withheld.name and readme is not None and isinstance(readme.text, str):
        sentence = naming_sentence(readme.text, withheld.name)
    if sentence:
        found.insert(
            0,
            card_cite(snapshot, sentence, rule=rule),
        )
    return tuple(found)


_GENERIC = frozenset({"dataset", "datasets", "corpus", "training", "train", "mixture", "public"})


def completeness_statement(snapshot: HubSnapshot, dataset_ids: list[str]) -> EvidenceInput | None:
    """A model card sentence saying the declared datasets are the whole training data.

    The sentence must name one of the datasets (its id or its name after the owner), so a
    general remark about training does not count.
    """
    readme = snapshot.readme
    if readme is None or readme.error or not isinstance(readme.text, str):
        return None
    names = set()
    for dataset_id in dataset_ids:
        name = dataset_id.rpartition("/")[2].lower()
        names |= {dataset_id.lower(), name}
        # "falcon-refinedweb" is called "RefinedWeb" in prose: its distinctive words count too.
        names |= {w for w in re.split(r"[-_.]", name) if len(w) >= 6 and w not in _GENERIC}
    for piece in _SENTENCE_END.split(readme.text):
        lowered = piece.lower()
        if not any(name and name in lowered for name in names) or not COMPLETENESS.search(piece):
            continue
        sentence = " ".join(piece.split())
        if sentence:
            return card_cite(snapshot, sentence[:300], rule=RULE)
    return None
