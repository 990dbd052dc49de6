"""Rule license@2: what the declared license establishes for the licenses criterion."""

from openness.assessments.models import Evidence, Level
from openness.crawl.rules import licensing


def test_an_osi_license_is_open(hub):
    judgment = licensing.judge(hub.snapshot(hub.item("olmocr")))
    assert judgment.level == Level.OPEN
    assert judgment.criterion == "licenses"
    assert "apache-2.0" in judgment.notes
    assert "released under an open license" in judgment.notes
    assert judgment.evidence[0].excerpt == '"cardData": {"license": "apache-2.0"}'
    assert judgment.evidence[0].rule == "license@2"


def test_a_restricted_model_license_is_closed(hub):
    judgment = licensing.judge(hub.snapshot(hub.item("gated_auto_llama")))
    assert judgment.level == Level.CLOSED
    assert "Llama 3.1 Community License Agreement" in judgment.notes


def test_other_with_license_name_is_closed_and_cites_the_license_link(hub):
    judgment = licensing.judge(hub.snapshot(hub.item("gated_manual_other")))
    assert judgment.level == Level.CLOSED
    assert "example-model-license" in judgment.notes
    api, link = judgment.evidence
    assert '"license_name": "example-model-license"' in api.excerpt
    assert link.url == "https://example.org/model-license"
    assert link.kind == Evidence.Kind.LICENSE


def test_no_license_declared_is_closed(hub):
    judgment = licensing.judge(hub.snapshot(hub.item("no_weights")))
    assert judgment.level == Level.CLOSED
    assert judgment.evidence[0].excerpt == "no license in cardData or tags"


def test_the_license_tag_is_read_when_card_data_was_not_asked_for(hub):
    item = {"id": "a/b", "sha": "1" * 40, "tags": ["license:cc-by-4.0"]}
    judgment = licensing.judge(hub.snapshot(item))
    assert judgment.level == Level.OPEN
    assert judgment.evidence[0].excerpt == "tags: license:cc-by-4.0"


def test_of_several_licenses_the_least_open_decides(hub):
    judgment = licensing.judge(hub.snapshot(hub.item("multi_license")))
    assert judgment.level == Level.CLOSED
    assert "mit" in judgment.notes and "cc-by-nc-4.0" in judgment.notes


def test_a_license_family_id_is_not_assessed(hub):
    item = {"id": "a/b", "sha": "1" * 40, "cardData": {"license": "bsd"}}
    assert licensing.judge(hub.snapshot(item)).level == Level.NOT_ASSESSED


def test_an_item_without_card_data_or_tags_is_not_judged(hub):
    assert licensing.judge(hub.snapshot(hub.item("list_only"))) is None


def test_license_key_names_custom_licenses(hub):
    assert licensing.license_key(hub.item("gated_manual_other")) == "other:example-model-license"
    assert licensing.license_key(hub.item("multi_license")) == "cc-by-nc-4.0,mit"
    assert licensing.license_key(hub.item("list_only")) == ""
