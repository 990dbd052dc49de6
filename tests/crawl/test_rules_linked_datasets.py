"""Issue 15, eleventh round: the Hub datasets a model card links as its training data when its
metadata declares none (openness/crawl/datalinks.py), fetched at enrichment and judged as
declared ones by datasets@5, datasheet@4 and license@6.

No card of the gold set links one in the part recorded (docs/rules.md, "Eleventh round"), so
these tests read real card lines quoted with their pages, and the gold set's record of
HuggingFaceH4/ultrachat_200k (MIT, not gated).
"""

import json

import pytest

from openness.assessments.models import Level
from openness.crawl import evaluation
from openness.crawl.datalinks import training_dataset_links
from openness.crawl.huggingface.hub import HuggingFaceHub
from openness.crawl.rules import datasets, datasheet, projectlicense
from openness.crawl.snapshot import FetchedDocument

from .conftest import ENDPOINT, GOLD, RETRIEVED_AT, snapshot_of

# openchat/openchat-3.5-1210's card at commit 17654a6 (its dataset list) and openchat/openchat_3.5's
# at effe26a (the line that leads it):
# https://huggingface.co/openchat/openchat-3.5-1210/commit/17654a656e3df00f4a3e2f1800c51ea659b87f2b
# https://huggingface.co/openchat/openchat_3.5/commit/effe26af50cc947104abc270d8a7dc2b6dfd3da7
OPENCHAT = """
OpenChat 3.5 was trained with C-RLFT on a collection of publicly available high-quality \
instruction data, with a custom processing pipeline. We detail some notable subsets included here:

- [OpenChat ShareGPT](https://huggingface.co/datasets/openchat/openchat_sharegpt4_dataset)
- [Open-Orca with FLAN answers](https://huggingface.co/datasets/imone/OpenOrca_FLAN)
- [GOAT](https://huggingface.co/datasets/tiedong/goat)
"""
# HuggingFaceH4/zephyr-7b-beta's card (recorded in the gold set): "fine-tuned on a filtered,
# preprocessed version of the UltraChat dataset"; the link is written here as the Hub's.
ULTRACHAT = """# A model

## Training data

The model was first fine-tuned on a filtered, preprocessed version of the \
[UltraChat](https://huggingface.co/datasets/HuggingFaceH4/ultrachat_200k) dataset.
"""
# Constructed: benchmarks linked where a card reports scores.
SCORES = """## Evaluation

| Benchmark | Score |
|---|---|
| [GSM8K](https://huggingface.co/datasets/openai/gsm8k) | 52.1 |

| Model | [HumanEval](https://huggingface.co/datasets/openai/openai_humaneval) |
|---|---|
| this | 45.1 |

It was evaluated on [MMLU](https://huggingface.co/datasets/cais/mmlu).
"""


def test_a_list_led_by_a_training_line_is_training_data():
    assert training_dataset_links(OPENCHAT) == [
        "openchat/openchat_sharegpt4_dataset",
        "imone/OpenOrca_FLAN",
        "tiedong/goat",
    ]


def test_a_link_under_a_training_heading_is_training_data():
    assert training_dataset_links(ULTRACHAT) == ["HuggingFaceH4/ultrachat_200k"]


def test_a_benchmark_linked_where_scores_are_reported_is_not_training_data():
    assert training_dataset_links(SCORES) == []
    assert training_dataset_links("| [GSM8K](https://huggingface.co/datasets/openai/gsm8k) |") == []


def test_front_matter_and_comments_are_not_read():
    card = (
        "---\nmodel-index:\n- results:\n  - dataset: https://huggingface.co/datasets/openai/gsm8k\n"
        "---\n<!-- trained on https://huggingface.co/datasets/a/b -->\n"
    )
    assert training_dataset_links(card) == []


def ultrachat_record() -> FetchedDocument:
    data = json.loads((GOLD / "datasets" / "HuggingFaceH4__ultrachat_200k.json").read_text())
    return FetchedDocument(
        url=f"{ENDPOINT}/api/datasets/HuggingFaceH4/ultrachat_200k",
        retrieved_at=RETRIEVED_AT,
        data={k: v for k, v in data.items() if not k.startswith("_")},
    )


def linked_snapshot(**documents):
    item = {"id": "example/m", "sha": "1" * 40, "tags": ["license:apache-2.0"], "cardData": {}}
    readme = FetchedDocument(
        url=f"{ENDPOINT}/example/m/resolve/main/README.md",
        retrieved_at=RETRIEVED_AT,
        revision="1" * 40,
        text=ULTRACHAT,
    )
    return snapshot_of(item, readme=readme, **documents)


def test_a_linked_dataset_is_judged_as_a_declared_one_never_open_without_completeness():
    read = linked_snapshot(datasets={"HuggingFaceH4/ultrachat_200k": ultrachat_record()})
    judged = datasets.judge(read)
    assert judged.rule == "datasets@6"
    assert judged.level == Level.PARTIAL
    assert "links these Hub datasets" in judged.notes and "Every linked dataset" in judged.notes
    assert "links as training data: HuggingFaceH4/ultrachat_200k" in [
        e.excerpt for e in judged.evidence
    ]
    data_part = projectlicense.parts(read)[2]
    assert data_part.least == projectlicense.OPEN and "ultrachat_200k" in data_part.summary


def test_not_fetched_the_card_counts_as_linking_data_as_before():
    """A snapshot stored before enrichment read linked datasets: not assessed, as datasets@4."""
    judged = datasets.judge(linked_snapshot())
    assert judged.level == Level.NOT_ASSESSED
    assert "links data" in judged.notes


def test_the_linked_datasets_cards_are_read_for_the_datasheet():
    card = FetchedDocument(
        url=f"{ENDPOINT}/datasets/HuggingFaceH4/ultrachat_200k/resolve/main/README.md",
        retrieved_at=RETRIEVED_AT,
        text="# Dataset Card for UltraChat 200k\n\n## Dataset Description\n\nText.\n",
    )
    read = linked_snapshot(
        datasets={"HuggingFaceH4/ultrachat_200k": ultrachat_record()},
        dataset_cards={"HuggingFaceH4/ultrachat_200k": card},
    )
    judged = datasheet.judge(read)
    assert judged.rule == "datasheet@4"
    assert judged.level == Level.PARTIAL  # "Dataset Description": composition
    assert "HuggingFaceH4/ultrachat_200k" in judged.notes


def test_enrichment_fetches_the_linked_datasets_only_when_none_is_declared(monkeypatch):
    hub = HuggingFaceHub(ENDPOINT)
    fetched = []

    def record(dataset_id):
        fetched.append(dataset_id)
        return FetchedDocument(url="u", retrieved_at=RETRIEVED_AT, data={"id": dataset_id})

    text = FetchedDocument(url="u", retrieved_at=RETRIEVED_AT, text=ULTRACHAT)
    monkeypatch.setattr(hub, "dataset", record)
    monkeypatch.setattr(hub, "readme", lambda *a, **k: text)
    monkeypatch.setattr(hub, "paper", lambda *a: None)
    monkeypatch.setattr(hub, "config", lambda *a: None)
    snap = hub.snapshot(repo_id="example/m", sha="1" * 40, item={"tags": []})
    assert fetched == ["HuggingFaceH4/ultrachat_200k"]
    assert set(snap.datasets) == set(snap.dataset_cards) == {"HuggingFaceH4/ultrachat_200k"}
    fetched.clear()
    hub.snapshot(repo_id="example/m", sha="1" * 40, item={"tags": ["dataset:a/declared"]})
    assert fetched == ["a/declared"]


@pytest.mark.parametrize(("recorded", "unknown"), [(False, True), (True, False)])
def test_the_evaluation_knows_whether_the_folder_holds_a_linked_dataset(
    tmp_path, recorded, unknown
):
    for folder in ("models", "readmes", "datasets"):
        (tmp_path / folder).mkdir()
    item = {"id": "o/m", "tags": [], "cardData": {}, "_unknown": []}
    (tmp_path / "models" / "o__m.json").write_text(json.dumps(item))
    (tmp_path / "readmes" / "o__m.md").write_text(ULTRACHAT)
    if recorded:
        record = {"id": "HuggingFaceH4/ultrachat_200k", "gated": False, "tags": [], "_unknown": []}
        path = tmp_path / "datasets" / "HuggingFaceH4__ultrachat_200k.json"
        path.write_text(json.dumps(record | {"cardData": {"license": "mit"}}))
    assert evaluation.unknowns(tmp_path)["o/m"].datasets_unknown is unknown
