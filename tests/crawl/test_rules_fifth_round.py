"""Issue 15, fifth round of the rules (docs/rules.md): each change on real facts of the gold set.

The items and paper records are read from fixtures/hub-gold (recorded from stored public pages,
each fact with its URL in the record's `_sources`), never typed here.
"""

import pytest

from openness.assessments.models import Level
from openness.crawl.rules import documentation, paper

from .conftest import gold_item, gold_paper

# preprint@3: the family word with its digits -----------------------------------------------


def test_the_family_word_keeps_the_digits_that_follow_its_letters():
    assert {"starcoder", "starcoder2"} <= documentation.model_words(
        "bigcode/starcoder2-15b-instruct-v0.1"
    )
    assert "mt0" in documentation.model_words("bigscience/mt0-xxl-p3")
    # Letters alone, or letters then a hyphen, as before; a word of two characters names nothing.
    assert documentation.model_words("microsoft/phi-4") == {"phi", "microsoft"}
    assert documentation.model_words("google/t5-small") == {"google"}


@pytest.mark.parametrize(
    ("repo_id", "arxiv_id", "word"),
    [
        # SelfCodeAlign's abstract: "... it led to StarCoder2-Instruct" (the index rates
        # starcoder2-15b-instruct's preprint open on this paper).
        ("bigcode/starcoder2-15b-instruct-v0.1", "2410.24198", "starcoder2"),
        # "Crosslingual Generalization through Multitask Finetuning": "... BLOOMZ and mT0"
        # (the index rates mt0-xxl-p3's preprint open).
        ("bigscience/mt0-xxl-p3", "2211.01786", "mt0"),
    ],
)
def test_an_abstract_naming_the_model_as_one_word_makes_an_open_preprint(
    hub, repo_id, arxiv_id, word
):
    item = gold_item(repo_id)
    assert f"arxiv:{arxiv_id}" in item["tags"]
    snapshot = hub.snapshot(item, papers={arxiv_id: gold_paper(arxiv_id)})
    judgment = documentation.judge_preprint(snapshot)
    assert judgment.rule == "preprint@5"
    assert judgment.level == Level.OPEN, judgment.notes
    assert f"its abstract names {word}" in judgment.notes


def test_paper_follows_the_preprint_match_and_does_not_call_starcoder2_instruct_paperless(hub):
    item = gold_item("bigcode/starcoder2-15b-instruct-v0.1")
    snapshot = hub.snapshot(
        item, papers={"2410.24198": gold_paper("2410.24198")}, readme=hub.readme("full")
    )
    judgment = paper.judge(snapshot)
    assert judgment.rule == "paper@4"
    assert judgment.level == Level.NOT_ASSESSED, judgment.notes
