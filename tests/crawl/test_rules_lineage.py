"""Rule lineage@4: the base model and the base-model criteria."""

from openness.assessments.models import Level
from openness.crawl.rules import datasets, lineage, weights
from openness.crawl.rules.lineage import BaseFacts


def test_lineage_reads_the_base_models_object(hub):
    found = lineage.lineage(hub.item("olmocr"))
    assert found.base_ids == ("Qwen/Qwen2-VL-7B-Instruct",)
    assert found.relation == "finetune"
    assert found.is_derived


def test_lineage_reads_card_data_lists_and_relation_tags(hub):
    found = lineage.lineage(hub.item("gated_auto_llama"))
    assert found.base_ids == ("meta-llama/Llama-3.1-8B-Instruct",)
    assert found.relation == "quantized"


def test_lineage_reads_a_base_models_list(hub):
    item = {"baseModels": [{"id": "org/base"}, "org/other"]}
    assert lineage.lineage(item).base_ids == ("org/base", "org/other")


def test_an_item_with_no_base_is_known_not_derived(hub):
    found = lineage.lineage(hub.item("base_open"))
    assert found.known and not found.is_derived


def test_an_item_with_no_lineage_fields_is_unknown(hub):
    assert not lineage.lineage(hub.item("list_only")).known


def test_a_base_model_declaring_no_base_mirrors_its_end_model_judgments(hub):
    item = hub.item("base_open")
    item["id"] = "example-org/open-model-base"  # the name marks a pretrained base model
    snapshot = hub.snapshot(item)
    end_weights = weights.judge(snapshot)
    judgments = lineage.judge(snapshot, base=None, weights=end_weights, datasets=None)
    mirrored, data = judgments
    assert mirrored.criterion == "weights_basemodel"
    assert mirrored.level == end_weights.level == Level.OPEN
    assert mirrored.rule == lineage.RULE
    assert all(e.rule == lineage.RULE for e in mirrored.evidence)
    assert "declares no base model" in mirrored.notes
    # lineage@4: no end-model data judgment to mirror is said, not left without a judgment
    assert (data.criterion, data.level) == ("datasources_basemodel", Level.NOT_ASSESSED)
    assert "no end-model training data judgment was made" in data.notes


def test_a_fine_tune_whose_base_is_unknown_is_not_assessed(hub):
    snapshot = hub.snapshot(hub.item("olmocr"))
    judgments = lineage.judge(snapshot, base=None, weights=None, datasets=None)
    assert {j.criterion for j in judgments} == {"weights_basemodel", "datasources_basemodel"}
    assert all(j.level == Level.NOT_ASSESSED for j in judgments)
    assert "Qwen/Qwen2-VL-7B-Instruct" in judgments[0].evidence[0].excerpt


def test_a_fine_tune_links_to_its_bases_assessment(hub):
    snapshot = hub.snapshot(hub.item("olmocr"))
    base = BaseFacts(
        repo_id="Qwen/Qwen2-VL-7B-Instruct",
        page_url="http://127.0.0.1:8000/models/qwen2-vl/",
        hub_url=f"{hub.endpoint}/Qwen/Qwen2-VL-7B-Instruct",
        is_derived=False,
        levels={
            "weights_endmodel": ("open", "editorial"),
            "datasources_endmodel": ("closed", "automatic"),
        },
    )
    by_code = {
        j.criterion: j for j in lineage.judge(snapshot, base=base, weights=None, datasets=None)
    }
    assert by_code["weights_basemodel"].level == Level.OPEN
    assert "editorial track" in by_code["weights_basemodel"].notes
    assert by_code["datasources_basemodel"].level == Level.CLOSED
    urls = [e.url for e in by_code["weights_basemodel"].evidence]
    assert "http://127.0.0.1:8000/models/qwen2-vl/" in urls


def test_a_derived_base_needs_both_of_its_data_judgments(hub):
    snapshot = hub.snapshot(hub.item("olmocr"))
    base = BaseFacts(
        repo_id="Qwen/Qwen2-VL-7B-Instruct",
        page_url="http://127.0.0.1:8000/models/qwen2-vl/",
        hub_url=f"{hub.endpoint}/Qwen/Qwen2-VL-7B-Instruct",
        is_derived=True,
        levels={"datasources_endmodel": ("open", "automatic")},
    )
    by_code = {
        j.criterion: j for j in lineage.judge(snapshot, base=base, weights=None, datasets=None)
    }
    assert by_code["datasources_basemodel"].level == Level.NOT_ASSESSED
    assert by_code["weights_basemodel"].level == Level.NOT_ASSESSED


def test_data_mirrors_only_when_the_end_model_data_was_judged(hub):
    item = hub.item("base_open")
    item["id"] = "example-org/open-model-base"
    item["cardData"]["datasets"] = ["example-org/open-data"]
    snapshot = hub.snapshot(
        item, datasets={"example-org/open-data": hub.dataset("example-org/open-data")}
    )
    judgments = lineage.judge(snapshot, base=None, weights=None, datasets=datasets.judge(snapshot))
    # datasets@2: open data without a statement of completeness is partial, mirrored as such;
    # lineage@4: the weights, which weights@2 did not judge here, are not assessed, saying why
    assert [(j.criterion, j.level) for j in judgments] == [
        ("weights_basemodel", "not_assessed"),
        ("datasources_basemodel", "partial"),
    ]
    assert "no end-model weights judgment was made" in judgments[0].notes
