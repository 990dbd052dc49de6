"""Rule license@3 on hand-written items: the weights' license as the model repository
declares it, beside the training code's and data's licenses."""

from openness.assessments.models import Evidence, Level
from openness.crawl.rules import licensing, projectlicense
from openness.crawl.snapshot import FetchedDocument


def judge(hub, item, **documents):
    """license@3 on an enriched snapshot (the README read, no code or data unless given)."""
    return projectlicense.judge(hub.snapshot(item, readme=hub.readme(None), **documents))


def code_doc(hub, spdx_id: str) -> FetchedDocument:
    """A code repository as the GitHub client hands it to the rules."""
    return FetchedDocument(
        url="https://github.com/example-org/train",
        retrieved_at=hub.retrieved_at,
        revision="c" * 40,
        data={
            "full_name": "example-org/train",
            "html_url": "https://github.com/example-org/train",
            "license": {"spdx_id": spdx_id},
            "tree": {"paths": [["train.py", "blob"]], "truncated": False},
        },
    )


def test_open_weights_with_nothing_else_known_are_open(hub):
    judgment = judge(hub, hub.item("olmocr"))
    assert judgment.level == Level.OPEN
    assert judgment.criterion == "licenses"
    assert "apache-2.0" in judgment.notes
    assert "Under open licenses: the weights (" in judgment.notes
    assert "Not known, so not counted either way: the training code" in judgment.notes
    assert judgment.evidence[0].excerpt == '"cardData": {"license": "apache-2.0"}'
    assert judgment.evidence[0].rule == "license@3"


def test_weights_code_and_data_all_open_are_open(hub):
    item = hub.item("olmocr")
    item["cardData"]["datasets"] = ["allenai/olmOCR-mix-0225"]
    judgment = judge(
        hub,
        item,
        datasets={"allenai/olmOCR-mix-0225": hub.dataset("allenai/olmOCR-mix-0225")},
        code_repos={"https://github.com/example-org/train": code_doc(hub, "Apache-2.0")},
    )
    assert judgment.level == Level.OPEN, judgment.notes
    assert Evidence.Kind.DATASET in {e.kind for e in judgment.evidence}


def test_restricted_weights_beside_open_code_are_partial(hub):
    judgment = judge(
        hub,
        hub.item("gated_auto_llama"),
        code_repos={"https://github.com/example-org/train": code_doc(hub, "MIT")},
    )
    assert judgment.level == Level.PARTIAL
    assert "Under open licenses: the training code; not: the weights" in judgment.notes


def test_a_dataset_under_a_non_commercial_license_makes_open_weights_partial(hub):
    item = hub.item("olmocr")
    item["cardData"]["datasets"] = ["example-org/nc-data"]
    judgment = judge(
        hub, item, datasets={"example-org/nc-data": hub.dataset("example-org/nc-data")}
    )
    assert judgment.level == Level.PARTIAL
    assert "not: the training data" in judgment.notes


def test_a_code_license_that_is_not_osi_approved_is_not_open(hub):
    judgment = judge(
        hub,
        hub.item("olmocr"),
        code_repos={"https://github.com/example-org/train": code_doc(hub, "NOASSERTION")},
    )
    assert judgment.level == Level.PARTIAL


def test_a_restricted_model_license_is_closed(hub):
    judgment = judge(hub, hub.item("gated_auto_llama"))
    assert judgment.level == Level.CLOSED
    assert "Llama 3.1 Community License Agreement" in judgment.notes


def test_other_with_license_name_is_closed_and_cites_the_license_link(hub):
    judgment = judge(hub, hub.item("gated_manual_other"))
    assert judgment.level == Level.CLOSED
    assert "example-model-license" in judgment.notes
    api, link = judgment.evidence
    assert '"license_name": "example-model-license"' in api.excerpt
    assert link.url == "https://example.org/model-license"
    assert link.kind == Evidence.Kind.LICENSE


def test_no_license_declared_is_closed(hub):
    judgment = judge(hub, hub.item("no_weights"))
    assert judgment.level == Level.CLOSED
    assert judgment.evidence[0].excerpt == "no license in cardData or tags"


def test_the_license_tag_is_read_when_card_data_was_not_asked_for(hub):
    item = {"id": "a/b", "sha": "1" * 40, "tags": ["license:cc-by-4.0"]}
    judgment = judge(hub, item)
    assert judgment.level == Level.OPEN
    assert judgment.evidence[0].excerpt == "tags: license:cc-by-4.0"


def test_of_several_licenses_the_least_open_decides(hub):
    judgment = judge(hub, hub.item("multi_license"))
    assert judgment.level == Level.CLOSED
    assert "mit" in judgment.notes and "cc-by-nc-4.0" in judgment.notes


def test_a_license_family_id_is_not_assessed(hub):
    item = {"id": "a/b", "sha": "1" * 40, "cardData": {"license": "bsd"}}
    assert judge(hub, item).level == Level.NOT_ASSESSED


def test_an_item_without_card_data_or_tags_is_not_judged(hub):
    assert judge(hub, hub.item("list_only")) is None


def test_license_key_names_custom_licenses(hub):
    assert licensing.license_key(hub.item("gated_manual_other")) == "other:example-model-license"
    assert licensing.license_key(hub.item("multi_license")) == "cc-by-nc-4.0,mit"
    assert licensing.license_key(hub.item("list_only")) == ""
