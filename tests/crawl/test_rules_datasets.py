"""Rule datasets@3: declared training datasets and whether each is open."""

import json
from pathlib import Path

from django.conf import settings

from openness.assessments.models import Evidence, Level
from openness.crawl.rules import datasets, datasheet
from openness.crawl.snapshot import FetchedDocument


def test_every_declared_dataset_open_without_a_statement_of_completeness_is_partial(hub):
    item = hub.item("olmocr")
    snapshot = hub.snapshot(
        item, datasets={"allenai/olmOCR-mix-0225": hub.dataset("allenai/olmOCR-mix-0225")}
    )
    judgment = datasets.judge(snapshot)
    assert judgment.level == Level.PARTIAL
    assert "nothing states that they are all the training data" in judgment.notes
    assert judgment.criterion == "datasources_endmodel"
    api, dataset = judgment.evidence
    assert api.excerpt == '"cardData": {"datasets": ["allenai/olmOCR-mix-0225"]}'
    assert dataset.url == f"{hub.endpoint}/datasets/allenai/olmOCR-mix-0225"
    assert dataset.kind == Evidence.Kind.DATASET
    assert dataset.revision == "9999000000000000000000000000000000000001"
    assert "license: odc-by" in dataset.excerpt


def test_some_open_datasets_are_partial(hub):
    ids = ["example-org/open-data", "example-org/nc-data", "example-org/gated-data"]
    snapshot = hub.snapshot(hub.item("openrail_nc_data"), datasets={d: hub.dataset(d) for d in ids})
    judgment = datasets.judge(snapshot)
    assert judgment.level == Level.PARTIAL
    assert "1 of 3" in judgment.notes
    assert "example-org/gated-data: license cc0-1.0" in judgment.notes
    assert "gated (manual)" in judgment.notes
    assert len(judgment.evidence) == 4


def test_datasets_on_the_hub_but_none_open_are_partial(hub):
    item = {"id": "a/b", "sha": "1" * 40, "tags": ["dataset:example-org/nc-data"]}
    snapshot = hub.snapshot(
        item, datasets={"example-org/nc-data": hub.dataset("example-org/nc-data")}
    )
    judgment = datasets.judge(snapshot)
    assert judgment.level == Level.PARTIAL
    assert "none is shown both openly licensed and not gated" in judgment.notes


def test_datasets_whose_records_failed_are_not_assessed(hub):
    item = {"id": "a/b", "sha": "1" * 40, "tags": ["dataset:example-org/open-data"]}
    doc = hub.dataset("example-org/open-data", error="RepoNotFound")
    judgment = datasets.judge(hub.snapshot(item, datasets={"example-org/open-data": doc}))
    assert judgment.level == Level.NOT_ASSESSED
    assert "RepoNotFound" in judgment.notes


def test_declared_datasets_without_enrichment_are_not_judged(hub):
    assert datasets.judge(hub.snapshot(hub.item("olmocr"))) is None


def test_no_declared_dataset_is_not_assessed_never_closed(hub):
    judgment = datasets.judge(hub.snapshot(hub.item("gated_manual_other")))
    assert judgment.level == Level.NOT_ASSESSED
    assert judgment.evidence[0].excerpt == "no dataset in cardData or tags"


def test_an_item_without_card_data_or_tags_is_not_judged(hub):
    assert datasets.judge(hub.snapshot(hub.item("list_only"))) is None


def test_declared_datasets_merge_card_data_and_tags_without_duplicates(hub):
    assert datasets.declared_datasets(hub.item("openrail_nc_data")) == [
        "example-org/open-data",
        "example-org/nc-data",
        "example-org/gated-data",
    ]


def test_a_dataset_string_in_card_data_is_one_dataset(hub):
    item = {"cardData": {"datasets": "example-org/open-data"}}
    assert datasets.declared_datasets(item) == ["example-org/open-data"]


# datasets@3 and datasheet@2 on the gold set's recorded cards (fixtures/hub-gold: each card's
# source URL is in its HTML comment and in the model record's `_sources`).
GOLD = Path(settings.BASE_DIR) / "fixtures" / "hub-gold"


def gold_snapshot(hub, repo_id: str, readme: FetchedDocument | None = None):
    name = repo_id.replace("/", "__")
    item = json.loads((GOLD / "models" / f"{name}.json").read_text())
    item = {k: v for k, v in item.items() if not k.startswith("_")}
    if readme is None:
        text = (GOLD / "readmes" / f"{name}.md").read_text()
        readme = FetchedDocument(
            url="x", retrieved_at=hub.retrieved_at, revision="b" * 40, text=text
        )
    return hub.snapshot(item, readme=readme)


def test_nothing_declared_and_a_card_silent_on_data_is_closed_and_says_what_was_read(hub):
    # adept/persimmon-8b-chat: no dataset in its tags; its whole README at 7423a33 is one line
    # pointing to Adept's blog post. The index rates its training data and datasheet closed.
    snapshot = gold_snapshot(hub, "adept/persimmon-8b-chat")
    judgment = datasets.judge(snapshot)
    assert judgment.rule == "datasets@6"
    assert judgment.level == Level.CLOSED
    assert "has no section on training or data with content and links no dataset" in (
        judgment.notes
    )
    assert [e.kind for e in judgment.evidence] == [
        Evidence.Kind.HUB_METADATA,
        Evidence.Kind.MODEL_CARD,
    ]
    sheet = datasheet.judge(snapshot)
    assert sheet.rule == "datasheet@4" and sheet.level == Level.CLOSED


def test_nothing_declared_but_a_card_on_training_is_not_assessed(hub):
    # lmsys/vicuna-13b-v1.5: no dataset: tag, and its card has a "Training Details" section
    # (70K ShareGPT conversations): the data may be shared where metadata does not say.
    snapshot = gold_snapshot(hub, "lmsys/vicuna-13b-v1.5")
    assert datasets.judge(snapshot).level == Level.NOT_ASSESSED
    assert datasheet.judge(snapshot).level == Level.NOT_ASSESSED


def test_a_card_that_could_not_be_read_is_not_taken_for_silence(hub):
    gated = FetchedDocument(url="x", retrieved_at=hub.retrieved_at, error="GatedRepo")
    snapshot = gold_snapshot(hub, "adept/persimmon-8b-chat", readme=gated)
    assert datasets.judge(snapshot).level == Level.NOT_ASSESSED
    assert datasheet.judge(snapshot).level == Level.NOT_ASSESSED
    missing = FetchedDocument(url="x", retrieved_at=hub.retrieved_at, error="EntryNotFound")
    absent = datasets.judge(gold_snapshot(hub, "adept/persimmon-8b-chat", readme=missing))
    assert absent.level == Level.CLOSED and "README.md answers 404" in absent.notes
