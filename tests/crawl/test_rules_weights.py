"""Rule weights@2 on hand-written hub items."""

import pytest

from openness.assessments.models import Level
from openness.crawl.rules import weights


def test_safetensors_weights_not_gated_are_open(hub):
    judgment = weights.judge(hub.snapshot(hub.item("olmocr")))
    assert judgment.level == Level.OPEN
    assert judgment.criterion == "weights_endmodel"
    assert judgment.rule == "weights@2"
    [evidence] = judgment.evidence
    assert evidence.url == (
        f"{hub.endpoint}/api/models/allenai/olmOCR-7B-0225-preview/revision/"
        "0123456789abcdef0123456789abcdef01234567"
    )
    assert evidence.retrieved_at == hub.retrieved_at
    assert evidence.rule == "weights@2"
    assert '"gated": false' in evidence.excerpt
    assert '"safetensors" summary' in evidence.excerpt


def test_gated_auto_weights_are_partial(hub):
    item = hub.item("gated_auto_llama")
    del item["cardData"]["base_model_relation"]  # a quantised copy is bounded by its base
    item["tags"] = [t for t in item["tags"] if not t.startswith("base_model:quantized:")]
    judgment = weights.judge(hub.snapshot(item))
    assert judgment.level == Level.PARTIAL
    assert "model.Q4_K_M.gguf" in judgment.notes
    assert "gated (auto)" in judgment.notes
    assert '"gated": "auto"' in judgment.evidence[0].excerpt


def test_gated_manual_weights_are_partial(hub):
    judgment = weights.judge(hub.snapshot(hub.item("gated_manual_other")))
    assert judgment.level == Level.PARTIAL
    assert "manual approval" in judgment.notes
    assert "pytorch_model.bin" in judgment.evidence[0].excerpt


def test_a_file_list_without_weight_files_is_closed(hub):
    judgment = weights.judge(hub.snapshot(hub.item("no_weights")))
    assert judgment.level == Level.CLOSED
    assert "config.json" in judgment.evidence[0].excerpt


def test_an_item_that_does_not_list_files_is_not_judged(hub):
    assert weights.judge(hub.snapshot(hub.item("list_only"))) is None


def test_weights_whose_gating_the_item_does_not_give_are_not_judged(hub):
    item = hub.item("olmocr")
    del item["gated"]
    assert weights.judge(hub.snapshot(item)) is None


def test_a_weight_format_tag_alone_shows_weights(hub):
    item = {"id": "a/b", "sha": "1" * 40, "gated": False, "tags": ["gguf"]}
    assert weights.judge(hub.snapshot(item)).level == Level.OPEN


def test_tags_without_weight_formats_prove_nothing(hub):
    item = {"id": "a/b", "sha": "1" * 40, "gated": False, "tags": ["transformers"]}
    assert weights.judge(hub.snapshot(item)) is None


@pytest.mark.parametrize(
    "name", ["model.safetensors", "x/pytorch_model.bin", "m.GGUF", "w.pt", "m.onnx"]
)
def test_each_weight_suffix_counts(hub, name):
    item = {"id": "a/b", "sha": "1" * 40, "gated": False, "siblings": [{"rfilename": name}]}
    assert weights.judge(hub.snapshot(item)).level == Level.OPEN


def test_many_weight_files_are_summarised(hub):
    files = [{"rfilename": f"model-{i:05}-of-00009.safetensors"} for i in range(9)]
    item = {"id": "a/b", "sha": "1" * 40, "gated": False, "siblings": files}
    judgment = weights.judge(hub.snapshot(item))
    assert "and 4 more" in judgment.notes


def test_a_disabled_repository_is_closed(hub):
    item = hub.item("olmocr")
    item["disabled"] = True
    judgment = weights.judge(hub.snapshot(item))
    assert judgment.level == Level.CLOSED
    assert judgment.evidence[0].excerpt == '"disabled": true'
