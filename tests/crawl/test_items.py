import pytest

from openness.crawl.hubs import MalformedItem
from openness.crawl.huggingface.items import item_facts, tag_values
from openness.crawl.ingest import model_slug, organisation_slug


def test_it_reads_the_typed_columns_of_a_list_item():
    facts = item_facts(
        {
            "_id": "67882547eb36144551980fb3",
            "id": "allenai/olmOCR-7B-0225-preview",
            "sha": "0123",
            "gated": "manual",
            "tags": ["license:apache-2.0", "base_model:finetune:Qwen/Qwen2-VL-7B-Instruct"],
            "cardData": {"license": "apache-2.0"},
            "baseModels": {"relation": "finetune", "models": [{"id": "Qwen/Qwen2-VL-7B-Instruct"}]},
            "downloads": 2306,
        }
    )
    assert facts.author == "allenai"  # from the id when the item does not say
    assert facts.gated == "manual"
    assert facts.base_models == ("Qwen/Qwen2-VL-7B-Instruct",)
    assert facts.base_model_relation == "finetune"
    assert facts.license == "apache-2.0"
    assert facts.problems == ()


def test_it_falls_back_to_base_model_tags_and_the_license_tag():
    facts = item_facts(
        {
            "_id": "a",
            "id": "x/y",
            "tags": ["base_model:adapter:meta-llama/Llama-3.1-8B", "license:llama3.1"],
        }
    )
    assert facts.base_models == ("meta-llama/Llama-3.1-8B",)
    assert facts.base_model_relation == "adapter"
    assert facts.license == "llama3.1"


def test_a_license_list_in_the_card_gives_its_first_entry():
    assert (
        item_facts({"_id": "a", "id": "x/y", "cardData": {"license": ["mit", "cc"]}}).license
        == "mit"
    )


@pytest.mark.parametrize("raw", [None, [], "x/y", {"id": 12}, {"id": ""}, {"_id": "a"}])
def test_an_item_without_a_usable_id_is_refused(raw):
    with pytest.raises(MalformedItem):
        item_facts(raw)


def test_wrong_types_leave_fields_empty_and_say_which():
    facts = item_facts(
        {
            "id": "x/y",
            "downloads": "many",
            "likes": True,
            "private": "no",
            "createdAt": "last tuesday",
            "cardData": "license: mit",
            "tags": ["ok", 3],
        }
    )
    assert facts.hub_uid == "id:x/y"  # no _id: the name stands in
    assert facts.downloads is None and facts.likes is None and facts.private is None
    assert facts.created_at is None and facts.tags == ("ok",)
    assert set(facts.problems) == {
        "_id",
        "downloads",
        "likes",
        "private",
        "createdAt",
        "cardData",
        "tags",
    }


def test_tag_values_are_unique_and_in_order():
    tags = ["arxiv:2502.18443", "dataset:a/b", "arxiv:2502.18443", "arxiv:1", 7]
    assert tag_values(tags, "arxiv:") == ["2502.18443", "1"]


def test_slugs_are_stable_and_keep_the_namespace_apart():
    assert model_slug("allenai/Olmo-3.1-32B-Think") == "allenai--olmo-3-1-32b-think"
    assert model_slug("gpt2") == "gpt2"
    assert model_slug("a-b/c") != model_slug("a/b-c")
    assert organisation_slug("meta-llama") == "meta-llama"


def test_nul_characters_are_dropped_from_the_raw_json_only_where_they_are():
    import json

    from openness.crawl.ingest import raw_json

    item = {"id": "x/y", "cardData": {"license": "mi\x00t", "note": "a \\u0000 b"}}
    assert json.loads(raw_json(item))["cardData"] == {"license": "mit", "note": "a \\u0000 b"}
