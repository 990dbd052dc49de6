"""Rule license@4 on hand-written items: the weights' license as the model repository
declares it, beside the training code's and data's licenses; a level only when the parts not
read could not change it."""

from openness.assessments.models import Evidence, Level
from openness.crawl.rules import licensing, projectlicense
from openness.crawl.snapshot import FetchedDocument


def undeclared(item: dict) -> dict:
    """The item with no dataset declared (olmocr declares allenai/olmOCR-mix-0225)."""
    item["cardData"].pop("datasets", None)
    item["tags"] = [t for t in item["tags"] if not t.startswith("dataset:")]
    return item


SILENT_CARD = "# Example model\n\nA model.\n"  # read whole: no training data, no data link


def judge(hub, item, *, card=SILENT_CARD, **documents):
    """license@4 on an enriched snapshot (the README read, no code or data unless given)."""
    readme = FetchedDocument(url="x", retrieved_at=hub.retrieved_at, text=card)
    return projectlicense.judge(hub.snapshot(item, readme=readme, **documents))


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


def test_open_weights_with_the_code_and_data_unknown_are_not_assessed(hub):
    # A card that documents its training: the data is not known, nor is the code.
    judgment = judge(hub, hub.item("olmocr"), card="# M\n\n## Training data\n" + "word " * 30)
    assert judgment.level == Level.NOT_ASSESSED
    assert judgment.criterion == "licenses"
    assert "apache-2.0" in judgment.notes
    assert "leave the level between closed and open" in judgment.notes
    assert "it rests on the training code, the training data, not known" in judgment.notes
    assert judgment.evidence[0].excerpt == '"cardData": {"license": "apache-2.0"}'
    assert judgment.evidence[0].rule == "license@7"


def test_open_weights_beside_a_card_that_shares_no_data_still_wait_on_the_code(hub):
    # Open weights and no data: closed if the code is not open, partial if it is.
    judgment = judge(hub, undeclared(hub.item("olmocr")))
    assert judgment.level == Level.NOT_ASSESSED
    assert "between closed and partial" in judgment.notes
    assert "the training data not open" in judgment.notes


def beside_open_code_and_data(hub, item: dict, code_spdx: str):
    """license@4 on `item` declaring allenai/olmOCR-mix-0225 (odc-by) beside code under
    `code_spdx`."""
    item.setdefault("cardData", {})["datasets"] = ["allenai/olmOCR-mix-0225"]
    return judge(
        hub,
        item,
        datasets={"allenai/olmOCR-mix-0225": hub.dataset("allenai/olmOCR-mix-0225")},
        code_repos={"https://github.com/example-org/train": code_doc(hub, code_spdx)},
    )


def test_weights_code_and_data_all_open_are_open(hub):
    judgment = beside_open_code_and_data(hub, hub.item("olmocr"), "Apache-2.0")
    assert judgment.level == Level.OPEN, judgment.notes
    assert Evidence.Kind.DATASET in {e.kind for e in judgment.evidence}


def test_restricted_weights_beside_open_code_and_open_data_are_partial(hub):
    judgment = beside_open_code_and_data(hub, hub.item("gated_auto_llama"), "MIT")
    assert judgment.level == Level.PARTIAL, judgment.notes
    assert "Partial by the rubric: the weights not open, the training code open" in judgment.notes


def test_restricted_weights_beside_open_code_wait_on_the_data(hub):
    # Two parts open make it partial: the data decides, and the card documents training.
    judgment = judge(
        hub,
        hub.item("gated_auto_llama"),
        card="# M\n\n## Training data\n" + "word " * 30,
        code_repos={"https://github.com/example-org/train": code_doc(hub, "MIT")},
    )
    assert judgment.level == Level.NOT_ASSESSED
    assert "between closed and partial" in judgment.notes


def test_a_dataset_under_a_non_commercial_license_makes_open_weights_partial(hub):
    item = undeclared(hub.item("olmocr"))
    item["cardData"]["datasets"] = ["example-org/nc-data"]
    judgment = judge(
        hub, item, datasets={"example-org/nc-data": hub.dataset("example-org/nc-data")}
    )
    # Open weights, non-commercial data: partial if the code is open, closed if not.
    assert judgment.level == Level.NOT_ASSESSED
    assert "the weights open, the training data not open" in judgment.notes
    assert "between closed and partial" in judgment.notes


def test_a_code_license_that_is_not_osi_approved_is_not_open(hub):
    # Open weights, code under no OSI license, a card that shares no data: one part open.
    judgment = judge(
        hub,
        undeclared(hub.item("olmocr")),
        code_repos={"https://github.com/example-org/train": code_doc(hub, "NOASSERTION")},
    )
    assert judgment.level == Level.CLOSED
    assert "the training code not open" in judgment.notes


def test_a_restricted_model_license_beside_a_card_that_shares_no_data_is_closed(hub):
    judgment = judge(hub, hub.item("gated_auto_llama"))
    assert judgment.level == Level.CLOSED
    assert "Llama 3.1 Community License Agreement" in judgment.notes
    assert "The level is the same whatever the license of the training code." in judgment.notes
    assert Evidence.Kind.MODEL_CARD in {e.kind for e in judgment.evidence}


def test_a_restricted_model_license_with_the_data_unknown_is_not_assessed(hub):
    judgment = judge(hub, hub.item("gated_auto_llama"), card=None)  # card not readable
    assert judgment.level == Level.NOT_ASSESSED


def test_other_with_license_name_is_closed_and_cites_the_license_link(hub):
    judgment = judge(hub, hub.item("gated_manual_other"))
    assert judgment.level == Level.CLOSED
    assert "example-model-license" in judgment.notes
    api, link, card = judgment.evidence
    assert card.kind == Evidence.Kind.MODEL_CARD  # the card that shares no data
    assert '"license_name": "example-model-license"' in api.excerpt
    assert link.url == "https://example.org/model-license"
    assert link.kind == Evidence.Kind.LICENSE


def test_no_license_declared_is_closed(hub):
    judgment = judge(hub, hub.item("no_weights"))
    assert judgment.level == Level.CLOSED
    assert judgment.evidence[0].excerpt == "no license in cardData or tags"


def test_the_license_tag_is_read_when_card_data_was_not_asked_for(hub):
    item = {"id": "a/b", "sha": "1" * 40, "tags": ["license:cc-by-4.0"]}
    judgment = judge(hub, item, code_repos={"https://github.com/x/t": code_doc(hub, "MIT")})
    assert judgment.level == Level.PARTIAL  # weights and code open, a card that shares no data
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
