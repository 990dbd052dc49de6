"""Rule datasheet@1 and the dataset-card readers, on hand-made cards and the recorded
falcon-refinedweb card."""

import json

import pytest
from django.conf import settings

from openness.assessments.models import Level
from openness.crawl.rules import datacards, datasheet
from openness.crawl.snapshot import FetchedDocument

from .conftest import RETRIEVED_AT
from .evidence_docs import HUB_FIXTURES, card_doc

FULL_CARD = """---
license: cc-by-4.0
---
# Example data

## Motivation
Why it was made.

## Composition
What it holds.

## Collection Process
Where the text came from.

## Preprocessing
Filtering and deduplication.

## Uses
What it is for.

## Distribution
Licensing.

## Maintenance
Who maintains it.
"""


def item(*datasets, arxiv=()):
    return {
        "id": "example-org/model",
        "sha": "1" * 40,
        "tags": [f"dataset:{d}" for d in datasets] + [f"arxiv:{a}" for a in arxiv],
        "cardData": {"datasets": list(datasets)},
    }


def falcon_record() -> FetchedDocument:
    data = json.loads((HUB_FIXTURES / "datasets" / "tiiuae__falcon-refinedweb.json").read_text())
    return FetchedDocument(
        url="http://127.0.0.1:18300/datasets/tiiuae/falcon-refinedweb/tree/" + data["sha"],
        retrieved_at=RETRIEVED_AT,
        revision=data["sha"],
        data=data,
    )


def test_a_card_answering_every_datasheet_question_is_open(hub):
    snapshot = hub.snapshot(item("a/b"), dataset_cards={"a/b": card_doc(FULL_CARD)})
    judged = datasheet.judge(snapshot)
    assert judged.level == Level.OPEN
    assert judged.rule == "datasheet@4"
    assert judged.evidence[0].url == f"{hub.endpoint}/datasets/a/b/blob/{'d' * 40}/README.md"
    assert judged.evidence[0].revision == "d" * 40


def test_the_recorded_falcon_refinedweb_card_is_a_partial_datasheet(hub):
    card = card_doc(name="tiiuae__falcon-refinedweb")
    snapshot = hub.snapshot(
        item("tiiuae/falcon-refinedweb"),
        dataset_cards={"tiiuae/falcon-refinedweb": card},
    )
    judged = datasheet.judge(snapshot)
    assert judged.level == Level.PARTIAL
    groups = datacards.datasheet_groups(card.text)
    assert {"motivation", "composition", "collection process"} <= set(groups)
    assert "preprocessing" not in groups
    assert 'motivation: "Curation Rationale"' in judged.evidence[0].excerpt


def test_every_open_needs_every_declared_dataset(hub):
    snapshot = hub.snapshot(
        item("a/b", "c/d"),
        dataset_cards={"a/b": card_doc(FULL_CARD), "c/d": card_doc("# Title only\n")},
    )
    assert datasheet.judge(snapshot).level == Level.PARTIAL


def test_no_card_for_any_declared_dataset_is_closed(hub):
    snapshot = hub.snapshot(
        item("a/b"), dataset_cards={"a/b": card_doc(error="HTTP 404 EntryNotFound")}
    )
    judged = datasheet.judge(snapshot)
    assert judged.level == Level.CLOSED
    assert judged.evidence[0].excerpt == "README.md: not found"


def test_gated_or_unreadable_cards_decide_nothing(hub):
    snapshot = hub.snapshot(item("a/b"), dataset_cards={"a/b": card_doc(error="GatedRepo")})
    assert datasheet.judge(snapshot).level == Level.NOT_ASSESSED


def test_no_declared_dataset_is_not_assessed_and_not_enriched_is_no_judgment(hub):
    assert datasheet.judge(hub.snapshot(item())).level == Level.NOT_ASSESSED
    assert datasheet.judge(hub.snapshot(item("a/b"))) is None
    assert datasheet.judge(hub.snapshot({"id": "x/y"})) is None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("This public extract should contain 500-650GT depending on the tokenizer.", False),
        ("We release a 600B tokens extract of RefinedWeb for the community.", False),
        ("Only part of the pretraining corpus is released, the rest is internal.", False),
        ("This repository holds the full training data used for every model in the family.", True),
        ("Here is a sample of the data, one JSON line per document.", None),
        ("Each data instance is one web page with its text and URL.", None),
    ],
)
def test_completeness_statements_are_read_without_false_alarms(text, said):
    assert datacards.completeness(text)[0] is said


def test_a_card_saying_the_data_is_an_extract_keeps_training_data_from_open(hub):
    """falcon-7b: its one declared dataset is openly licensed and not gated, but the card says
    the published data is an extract."""
    falcon = json.loads((HUB_FIXTURES / "models" / "tiiuae__falcon-7b.json").read_text())
    card = card_doc(name="tiiuae__falcon-refinedweb")
    from openness.crawl.rules import datasets, judge_snapshot

    snapshot = hub.snapshot(
        falcon,
        datasets={"tiiuae/falcon-refinedweb": falcon_record()},
        dataset_cards={"tiiuae/falcon-refinedweb": card},
    )
    before = datasets.judge(snapshot)
    after = {j.criterion: j for j in judge_snapshot(snapshot)}["datasources_endmodel"]
    assert after.rule == "datacards@1"
    assert after.level != Level.OPEN
    if before.level == Level.OPEN:
        assert after.level == Level.PARTIAL
    quote = next(e for e in after.evidence if e.rule == "datacards@1")
    assert quote.excerpt.startswith("This public extract should contain")
    assert "/datasets/tiiuae/falcon-refinedweb/blob/" in quote.url


def test_a_card_asking_for_access_conditions_is_never_open(hub):
    gated_card = "---\nlicense: cc-by-4.0\nextra_gated_prompt: Agree first\n---\n# Data\n"
    snapshot = hub.snapshot(item("example-org/open-data"), datasets={
        "example-org/open-data": hub.dataset("example-org/open-data")
    }, dataset_cards={"example-org/open-data": card_doc(gated_card)})  # fmt: skip
    from openness.crawl.rules import datasets

    before = datasets.judge(snapshot)
    after = datacards.refine_datasources(before, snapshot)
    assert after.level != Level.OPEN
    assert "gated" in after.notes


def test_front_matter_never_raises():
    assert datacards.front_matter("---\n: : [\n---\n") == {}
    assert datacards.front_matter("no header") == {}
    assert settings.BASE_DIR  # the recorded fixtures are in the checkout


def test_a_judgment_always_cites_what_it_read(hub):
    snapshot = hub.snapshot(
        item("a/b"), dataset_cards={"a/b": card_doc(error="HTTP 404 RepoNotFound")}
    )
    judged = datasheet.judge(snapshot)
    assert judged.level == Level.NOT_ASSESSED
    assert judged.evidence and judged.evidence[0].excerpt == "README.md: HTTP 404 RepoNotFound"
