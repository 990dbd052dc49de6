"""Rule datasets@2: declared training datasets and whether each is open."""

from openness.assessments.models import Evidence, Level
from openness.crawl.rules import datasets


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
