"""Rule paper@2: no peer-reviewed paper about the model is linked (closed), or whether one is
cannot be read from the Hub (not assessed); on real-data facts from the gold set
(fixtures/hub-gold, each fact with its source URL in the record's `_sources`)."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from openness.assessments.models import Evidence, Level
from openness.crawl.rules import paper
from openness.crawl.snapshot import FetchedDocument, HubSnapshot

GOLD = Path(settings.BASE_DIR) / "fixtures" / "hub-gold"
AT = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.skipif(not (GOLD / "models").is_dir(), reason="no gold set")


def gold(folder: str, name: str) -> dict:
    return json.loads((GOLD / folder / f"{name.replace('/', '__')}.json").read_text())


def snapshot(repo_id: str, *, readme: FetchedDocument, papers=()) -> HubSnapshot:
    item = {k: v for k, v in gold("models", repo_id).items() if not k.startswith("_")}
    docs = {
        p: FetchedDocument(
            url=f"https://huggingface.co/api/papers/{p}",
            retrieved_at=AT,
            data={k: v for k, v in gold("papers", p).items() if k[0] != "_"},
        )
        for p in papers
    }
    return HubSnapshot(
        "huggingface",
        "https://huggingface.co",
        repo_id,
        item.get("sha", ""),
        AT,
        item,
        readme=readme,
        papers=docs,
    )


def card(repo_id: str) -> FetchedDocument:
    text = (GOLD / "readmes" / f"{repo_id.replace('/', '__')}.md").read_text()
    return FetchedDocument(url="x", retrieved_at=AT, revision="a" * 40, text=text)


def test_a_whole_card_that_links_no_paper_is_closed_and_says_what_was_read():
    # adept/persimmon-8b-chat: the whole card was recorded (no `_readme_partial`) and its tags
    # hold no arxiv: id. The index rates its paper closed.
    judgment = paper.judge(
        snapshot("adept/persimmon-8b-chat", readme=card("adept/persimmon-8b-chat"))
    )
    assert judgment.rule == "paper@3"
    assert judgment.level == Level.CLOSED
    assert "links no arXiv paper" in judgment.notes and "publication venue" in judgment.notes
    assert Evidence.Kind.MODEL_CARD in {e.kind for e in judgment.evidence}


def test_a_paper_that_is_not_about_the_model_does_not_count():
    # EleutherAI/pythia-6.9b links The Pile (arxiv:2101.00027) and its datasheet
    # (2201.07311), datasets it was trained on, beside its own paper (2304.01373): only the
    # last is about the model.
    from openness.crawl.rules.documentation import paper_match

    repo = "EleutherAI/pythia-6.9b"
    assert paper_match(repo, gold("papers", "2101.00027")) == ("", False)
    assert paper_match(repo, gold("papers", "2201.07311")) == ("", False)
    assert paper_match(repo, gold("papers", "2304.01373"))[1] is True


def test_mt0s_paper_naming_it_in_its_abstract_is_about_it():
    # bigscience/mt0-xxl: arxiv:2211.01786, "Crosslingual Generalization through Multitask
    # Finetuning", whose title names neither mt0 nor bigscience but whose abstract says it
    # produces "BLOOMZ and mT0". paper@1 read only the letters of the family word ("mt", too
    # short) and called the paper closed; paper@2 (following preprint@3) reads "mt0", so a
    # paper about the model is linked and whether it was peer reviewed is not known.
    missing = FetchedDocument(url="x", retrieved_at=AT, error="EntryNotFound")
    judgment = paper.judge(snapshot("bigscience/mt0-xxl", readme=missing, papers=["2211.01786"]))
    assert judgment.level == Level.NOT_ASSESSED
    assert "2211.01786" in judgment.notes and "peer reviewed" in judgment.notes


def test_a_preprint_about_the_model_is_not_taken_for_a_peer_reviewed_paper():
    # mistralai/Mistral-7B-v0.1: arxiv:2310.06825, "Mistral 7B".
    judgment = paper.judge(
        snapshot(
            "mistralai/Mistral-7B-v0.1",
            readme=card("mistralai/Mistral-7B-v0.1"),
            papers=["2310.06825"],
        )
    )
    assert judgment.level == Level.NOT_ASSESSED
    assert "2310.06825" in judgment.notes and "peer reviewed" in judgment.notes


def test_a_gated_card_is_not_read_as_linking_nothing():
    gated = FetchedDocument(url="x", retrieved_at=AT, error="GatedRepo")
    judgment = paper.judge(snapshot("adept/persimmon-8b-chat", readme=gated))
    assert judgment.level == Level.NOT_ASSESSED


def test_venue_links_are_found_in_a_card():
    text = "See https://aclanthology.org/2023.acl-long.891/ and https://doi.org/10.1000/x."
    assert paper.venue_links(text) == [
        "https://aclanthology.org/2023.acl-long.891/",
        "https://doi.org/10.1000/x",
    ]
