"""Every rule reads malformed hub items without raising."""

import pytest

from openness.crawl.rules import judge_snapshot
from openness.crawl.rules.lineage import lineage
from openness.crawl.snapshot import FetchedDocument

NAMES = [
    "olmocr",
    "base_open",
    "gated_auto_llama",
    "gated_manual_other",
    "no_weights",
    "list_only",
    "malformed_list_card",
    "malformed_string_card",
    "openrail_nc_data",
    "multi_license",
]


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_reads_every_fixture_item(hub, name):
    judge_snapshot(hub.snapshot(hub.item(name)))


def test_a_card_data_list_reads_as_no_card_data(hub):
    judgments = judge_snapshot(hub.snapshot(hub.item("malformed_list_card")))
    # tags is a string, cardData a list, siblings an object: nothing can be read. The item does
    # carry a `baseModels` list, naming no valid id: lineage@4 says the base-model criteria are
    # not assessed and why (lineage@3 said nothing, no end-model judgment being made).
    assert {(j.criterion, j.level) for j in judgments} == {
        ("weights_basemodel", "not_assessed"),
        ("datasources_basemodel", "not_assessed"),
    }
    assert all("declares no base model" in j.notes for j in judgments)


def test_a_card_data_string_and_odd_tags_read_as_absent(hub):
    judgments = {
        j.criterion: j for j in judge_snapshot(hub.snapshot(hub.item("malformed_string_card")))
    }
    licenses = judgments["licenses"]  # "license:" declares nothing: the weights are not open
    assert "the weights not open" in licenses.notes
    assert licenses.level == "not_assessed"  # license@4: the code and data not read
    assert judgments["preprint"].level == "not_assessed"  # "arxiv:not-an-id" is no arXiv id
    assert "weights_endmodel" not in judgments  # gated null: gating unknown


def test_a_malformed_base_models_field_yields_no_base(hub):
    assert lineage(hub.item("malformed_string_card")).base_ids == ()
    assert lineage(hub.item("malformed_list_card")).base_ids == ()


@pytest.mark.parametrize("item", [None, [], "text", 42, {"cardData": {"license": {"a": 1}}}])
def test_an_item_of_the_wrong_type_is_read_as_empty(hub, item):
    judge_snapshot(hub.snapshot(item))


def test_malformed_enrichment_documents_do_not_raise(hub):
    item = hub.item("openrail_nc_data")
    odd = FetchedDocument(url="not a url", retrieved_at=hub.retrieved_at, data=["x"])
    tagged = FetchedDocument(
        url="javascript:alert(1)",
        retrieved_at=hub.retrieved_at,
        data={"tags": "license:mit", "gated": "whenever", "githubRepo": "ftp://x"},
    )
    snapshot = hub.snapshot(
        item,
        readme=FetchedDocument(url="", retrieved_at=hub.retrieved_at, text=None),
        datasets={"example-org/open-data": odd, "example-org/nc-data": tagged},
        papers={"2502.18443": tagged},
    )
    for judgment in judge_snapshot(snapshot):
        for evidence in judgment.evidence:
            assert evidence.url.startswith(("http://", "https://"))


@pytest.mark.parametrize("name", NAMES)
def test_the_rules_judge_each_criterion_at_most_once_and_cite_their_rule(hub, name):
    item = hub.item(name)
    judgments = judge_snapshot(hub.snapshot(item, readme=hub.readme("full", sha="a" * 40)))
    codes = [j.criterion for j in judgments]
    assert len(codes) == len(set(codes))
    for judgment in judgments:
        assert judgment.evidence, judgment
        for evidence in judgment.evidence:
            assert evidence.rule == judgment.rule
            assert evidence.retrieved_at is not None
