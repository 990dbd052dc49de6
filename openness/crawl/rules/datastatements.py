"""What a model card, or a code repository it links, says about releasing the training data.

Readers for datasets@5 and license@6 (pure, any text accepted, never raising). When a model
declares no dataset, metadata cannot say whether its training data is shared; a firm sentence
of its authors can:

- `release_statements(text)`: the sentences that say data is not released, each marked firm
  or hedged. Firm: "we will not release", "we do not / cannot / won't share", "is not publicly
  available", "will not be made public", "proprietary data". What is withheld must be data
  (data, dataset, corpus, conversations, ...): the object of "we will not release ...", named
  before any code, weights or model ("the training data or the code", not "the code for data
  processing"), or the subject of "... is not publicly available"; and not evaluation, test
  or benchmark data. Hedged, never read as closed: "may
  not", "might not", "at the moment", "for now", "yet", "currently", "until", "plan to",
  "soon", "in the future" (lm-sys/FastChat's README of the FastChat-T5 period: "Due to some
  concerns, we may not release the ShareGPT dataset at the moment"; of the Vicuna v1.5
  period: "We will not release the ShareGPT dataset.").
- `training_context(card)`: what the card says the model was trained on: the sentences with a
  training word (trained, fine-tuned, pretrained, "training data") and the text under a
  heading on training or data ("Training dataset": "70K conversations collected from
  ShareGPT.com.").
- `withheld_training_data(snapshot)`: the first firm statement that concerns this model's
  training data. In the card itself, a sentence naming no dataset ("we do not release our
  training data") is about the model's own data; one that names data ("the ShareGPT
  dataset") counts when the card's training context names it too. In the README of a
  linked code repository (which may serve several models, and whose generic sentences may be
  about another), only a sentence naming data that the card's training context names counts:
  FastChat's "We will not release the ShareGPT dataset" for a card trained on "conversations
  collected from ShareGPT.com". A name is a word of the sentence written with a capital
  after its first letter or with a digit (ShareGPT, LMSYS-Chat-1M), or capitalised inside the
  sentence (the Pile), other than common words.

Not read as withheld: "internal" data (LAION-AI/Open-Assistant's README heads a section
"Training only on OA internal data", its own data, which it publishes as oasst1), "not
linked", "not named", a sentence with no data word, and anything in front matter, HTML
comments or code blocks.
"""

import re
from dataclasses import dataclass

from openness.crawl.datalinks import FRONT_MATTER, HEADING, HTML_COMMENT
from openness.crawl.rules.base import Evidence, EvidenceInput, text_readable
from openness.crawl.rules.codetree import repos
from openness.crawl.rules.documentation import card_cite
from openness.crawl.snapshot import HubSnapshot

_FENCED = re.compile(r"```.*?```|~~~.*?~~~", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?][\"\u201d\u2019)\]])\s+|(?<=[.!?])\s+|\n+")

_DATA_WORD = re.compile(
    r"\b(?:data(?:sets?)?|corpus|corpora|conversations|dialogues|instructions|samples|"
    r"examples|texts?|images|recordings|tokens)\b",
    re.IGNORECASE,
)
_VERB = r"(?:release|share|publish|open[- ]?source|distribute|provide|disclose|make\s+\w+\s+public)"
_NOT_RELEASED = re.compile(
    # "we will not release", "we won't share", "we do not publish", "we cannot provide",
    # "we are not releasing", "we are not able to share", "we have decided not to release"
    rf"\bwe\s+(?:will|would|do|did|can|could|shall|may|might)\s*(?:not|n't)\s+(?:\w+\s+)?{_VERB}"
    rf"|\bwe\s+(?:won't|don't|didn't|cannot|can't|wouldn't)\s+(?:\w+\s+)?{_VERB}"
    rf"|\bwe\s+are\s+not\s+(?:able\s+to\s+)?(?:releasing|sharing|publishing|{_VERB})"
    rf"|\bwe\s+(?:have\s+)?decided\s+not\s+to\s+{_VERB}"
    # "is not publicly available", "are not publicly released", "will not be made public",
    # "is not available to the public"
    r"|\b(?:(?:is|are|was|were|remains?)\s+not|(?:will\s+not|won't)\s+be)\s+(?:being\s+)?"
    r"(?:made\s+)?publicly\s+(?:released|available|shared|accessible)"
    r"|\b(?:will\s+not|won't)\s+be\s+(?:released|shared|published|made\s+(?:public|available))"
    r"|\bnot\s+(?:released|available|shared)\s+(?:publicly|to\s+the\s+public)"
    # "proprietary data", "a proprietary dataset", "the data is proprietary"
    r"|\bproprietary\s+(?:training\s+|instruction\s+|in-house\s+)?"
    r"(?:data|datasets?|corpus|corpora|conversations)\b"
    r"|\b(?:data|datasets?|corpus|corpora)\s+(?:is|are|remains?)\s+proprietary\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:may|might|could)\s+not\b|\bat\s+(?:the|this)\s+(?:moment|time|point)\b"
    r"|\bfor\s+now\b|\byet\b|\bcurrently\b|\buntil\b|\bplan(?:s|ning)?\s+to\b|\bsoon\b"
    r"|\b(?:in\s+the\s+)?future\b|\blater\b|\btemporarily\b|\bfor\s+the\s+time\s+being\b",
    re.IGNORECASE,
)
_TRAINING_WORD = re.compile(
    r"\b(?:pre-?)?train(?:ed|ing)?\b|\bfine-?tun(?:ed|ing|e)\b|\bfinetun(?:ed|ing|e)\b",
    re.IGNORECASE,
)
_TRAINING_HEADING = re.compile(r"train|fine-?tun|\bdata(?:sets?)?\b", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*")
# Capitalised words that name no dataset.
_COMMON = frozenset(
    re.split(
        r"\s+",
        "we our the this that these those due however it its they their an in on of for to and "
        "or but as by with from at if all some any no not please note also additionally data "
        "dataset datasets corpus training train fine tuning model models code release public "
        "you your my he she json jsonl html api apis",
    )
)


@dataclass(frozen=True)
class Statement:
    """A sentence that says data is not released."""

    sentence: str
    firm: bool
    names: tuple[str, ...]  # the data it names, as written; () when it names none


def _prose(text: str) -> str:
    text = FRONT_MATTER.sub("", text or "", count=1)
    return _FENCED.sub(" ", HTML_COMMENT.sub(" ", text))


def _sentences(text: str) -> list[str]:
    out = []
    for line in _prose(text).splitlines():
        heading = HEADING.match(line)
        body = heading.group(1) if heading else line
        out.extend(" ".join(s.split()) for s in _SENTENCE_END.split(body) if s.strip())
    return out


def data_names(sentence: str) -> tuple[str, ...]:
    """The words of a sentence that name data (ShareGPT, LMSYS-Chat-1M, Pile), as written."""
    found: list[str] = []
    for index, match in enumerate(_TOKEN.finditer(sentence)):
        word = match.group(0)
        plain = word.lower()
        if plain in _COMMON or len(word) < 3:
            continue
        inner_capital = any(c.isupper() for c in word[1:])
        has_digit = any(c.isdigit() for c in word)
        capitalised = word[0].isupper() and index > 0
        if (inner_capital or has_digit or capitalised) and word not in found:
            found.append(word)
    return tuple(found)


# "a mix of public and proprietary data": part of the data is withheld, not all of it.
_MIXED = re.compile(r"(?<!not )\b(?:public|publicly|open|open-source|openly)\b", re.IGNORECASE)


# What a withheld object can be besides data (the code, the weights), and data that is not
# training data (evaluation or test data, a benchmark).
_OTHER_OBJECT = re.compile(
    r"\b(?:code|weights|checkpoints?|scripts?|models?|pipelines?|tools?|software|"
    r"implementation|demo)\b",
    re.IGNORECASE,
)
_NOT_TRAINING = re.compile(
    r"\b(?:evaluat\w*|test(?:ing)?\s+(?:sets?|data\w*)|benchmarks?|validation)\b", re.IGNORECASE
)
_CLAUSE_END = re.compile(r"[.;:!?()]|\s(?:but|because|due\s+to|as|since|while|and\s+we)\s", re.I)


def _about_data(sentence: str, match: re.Match) -> bool:
    """Whether what the sentence withholds is data, and not evaluation data: the object of
    "we will not release ..." (data named before any code, weights or model: "the training data
    or the code", not "the code for data processing"), or the subject of "... is not publicly
    available" and the like."""
    if match.group(0).lower().startswith("we"):
        rest = sentence[match.end() :]
        end = _CLAUSE_END.search(rest)
        phrase = rest[: end.start()] if end else rest
        data, other = _DATA_WORD.search(phrase), _OTHER_OBJECT.search(phrase)
        if not data or (other and other.start() < data.start()):
            return False
    else:
        before = re.split(r"[,;:()]", sentence[: match.start()])[-1]
        phrase = before + match.group(0)
        if not _DATA_WORD.search(phrase):
            return False
    return not _NOT_TRAINING.search(phrase)


def release_statements(text: str) -> list[Statement]:
    """Every sentence of the text that says data is not released, firm or hedged (a hedge, or
    proprietary data beside public data, is not firm)."""
    found = []
    for sentence in _sentences(text):
        match = _NOT_RELEASED.search(sentence)
        if not match or not _about_data(sentence, match):
            continue
        mixed = "propriet" in match.group(0).lower() and bool(_MIXED.search(sentence))
        firm = not _HEDGE.search(sentence) and not mixed
        plain = sentence.strip("\"'\u201c\u201d")
        found.append(Statement(plain[:300], firm, data_names(sentence)))
    return found


def naming_sentence(card: str, name: str) -> str:
    """The first sentence of the card's training context that names `name` ("" when none)."""
    for sentence in training_sentences(card):
        if re.search(rf"(?<![a-z0-9]){re.escape(name.lower())}(?![a-z0-9])", sentence.lower()):
            return sentence[:300]
    return ""


def training_sentences(card: str) -> list[str]:
    """What the card says the model was trained on: its sentences with a training word, and
    every sentence under a heading on training or data."""
    found: list[str] = []
    under = False
    for line in _prose(card).splitlines():
        heading = HEADING.match(line)
        if heading:
            under = bool(_TRAINING_HEADING.search(heading.group(1)))
            continue
        for sentence in _SENTENCE_END.split(line):
            sentence = " ".join(sentence.split())
            if sentence and (under or _TRAINING_WORD.search(sentence)):
                found.append(sentence)
    return found


def training_context(card: str) -> str:
    """training_sentences() as one lower-case string."""
    return " ".join(training_sentences(card)).lower()


def _named_in(names: tuple[str, ...], context: str) -> str:
    """The first of `names` that the (lower-case) context names as a word, as written."""
    for name in names:
        if re.search(rf"(?<![a-z0-9]){re.escape(name.lower())}(?![a-z0-9])", context):
            return name
    return ""


@dataclass(frozen=True)
class Withheld:
    """A firm statement that this model's training data is not released, where it was read."""

    statement: Statement
    name: str  # the data name the card's training context shares with it; "" for the card's own
    evidence: EvidenceInput
    source: str  # "the model card" or "the README of owner/name"


def withheld_training_data(snapshot: HubSnapshot, *, rule: str) -> Withheld | None:
    """The first firm statement, in the card or a linked code repository's README, that the
    training data the card describes is not released; None when there is none (or the card
    was not read: what the model was trained on is then unknown)."""
    readme = snapshot.readme
    if not text_readable(readme):
        return None
    context = training_context(readme.text)
    for statement in release_statements(readme.text):
        name = _named_in(statement.names, context)
        if statement.firm and (name or not statement.names):
            evidence = card_cite(snapshot, statement.sentence, rule=rule)
            return Withheld(statement, name, evidence, "the model card")
    if not context:
        return None
    found, _failed = repos(snapshot)
    for repo in found:
        for statement in release_statements(repo.readme or ""):
            name = _named_in(statement.names, context)
            if not (statement.firm and name):
                continue
            path = repo.readme_path or "README.md"
            evidence = EvidenceInput(
                url=repo.file_url(path),
                title=f"{path} of {repo.name}",
                excerpt=statement.sentence,
                kind=Evidence.Kind.REPOSITORY,
                retrieved_at=repo.retrieved_at,
                revision=repo.revision,
                rule=rule,
            )
            return Withheld(statement, name, evidence, f"the README of {repo.name}")
    return None


def hedged_statements(snapshot: HubSnapshot) -> list[str]:
    """Hedged sentences (card and linked READMEs) that a note may quote as not deciding."""
    texts = [snapshot.readme.text] if text_readable(snapshot.readme) else []
    texts += [repo.readme or "" for repo in repos(snapshot)[0]]
    return [s.sentence for text in texts for s in release_statements(text) if not s.firm]
