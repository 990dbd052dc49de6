"""Rule paper@4: no peer-reviewed paper about the model is linked (closed), a paper about the
model whose arXiv record names a venue (open; a workshop: partial), or whether one is cannot be
read (not assessed); on real-data facts from the gold set (fixtures/hub-gold, each fact with
its source URL in the record's `_sources`, arXiv's records in arxiv/)."""

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


def arxiv_record(arxiv_id: str, **fields) -> FetchedDocument:
    """arXiv's record of a paper as the client builds it from the fake's feed: the gold set's
    recorded fields, a field marked unknown left out (as the fake leaves it out)."""
    record = gold("arxiv", arxiv_id)
    unknown = record.get("_unknown") or []
    data = {"id": arxiv_id, "comment": "", "journal_ref": "", "doi": ""}
    data |= {k: v for k, v in record.items() if k[0] != "_" and k not in unknown}
    data |= fields
    return FetchedDocument(url=f"https://arxiv.org/abs/{arxiv_id}", retrieved_at=AT, data=data)


def snapshot(repo_id: str, *, readme: FetchedDocument, papers=(), arxiv=None) -> HubSnapshot:
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
        arxiv=arxiv or {},
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
    assert judgment.rule == "paper@4"
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


def test_mt0s_arxiv_comment_names_no_venue_so_it_stays_not_assessed():
    # arXiv's comment on 2211.01786, as the library catalogue's copy of arXiv's metadata shows
    # it: "9 main pages (119 with appendix), 16 figures and 11 tables". Page counts name no
    # venue (the paper is in the ACL 2023 proceedings, which the record does not say), and a
    # record's silence is never read as "not peer reviewed".
    missing = FetchedDocument(url="x", retrieved_at=AT, error="EntryNotFound")
    judgment = paper.judge(
        snapshot(
            "bigscience/mt0-xxl",
            readme=missing,
            papers=["2211.01786"],
            arxiv={"2211.01786": arxiv_record("2211.01786")},
        )
    )
    assert judgment.rule == "paper@4"
    assert judgment.level == Level.NOT_ASSESSED
    assert '"9 main pages (119 with appendix), 16 figures and 11 tables"' in judgment.notes
    assert "names no accepted venue" in judgment.notes


def test_a_paper_whose_arxiv_record_is_not_known_stays_not_assessed():
    # whisper-large-v3 links 2212.04356; no stored page shows its arXiv comment or journal
    # reference, so the loopback arXiv serves no entry for it and the client records an error.
    repo = "openai/whisper-large-v3"
    unread = FetchedDocument(
        url="https://arxiv.org/abs/2212.04356",
        retrieved_at=AT,
        error="arXiv answered no entry for it",
    )
    judgment = paper.judge(
        snapshot(repo, readme=card(repo), papers=["2212.04356"], arxiv={"2212.04356": unread})
    )
    assert judgment.level == Level.NOT_ASSESSED
    assert "arXiv's record not read (arXiv answered no entry for it)" in judgment.notes
    # Not enriched with arXiv at all (a snapshot stored before paper@4): the same.
    judgment = paper.judge(snapshot(repo, readme=card(repo), papers=["2212.04356"]))
    assert judgment.level == Level.NOT_ASSESSED
    assert "arXiv's record not fetched" in judgment.notes


@pytest.mark.parametrize(
    "fields, level",
    [
        # The shapes of arXiv comments the experts' notes describe (fixtures/osai-index):
        # "Paper published in ICML.", "Paper accepted at COLM.", "Preprint published as ICLR
        # 2024 poster." -> open; "Paper published as ES-FoMo-II 2024 Poster" (a workshop,
        # OpenELM) -> partial; "Paper under peer review" (Apertus, closed), "Paper submitted
        # for ACL 2025" (XBai, partial) -> no accepted venue.
        ({"comment": "Accepted at ICLR 2024"}, Level.OPEN),
        ({"comment": "NeurIPS 2023"}, Level.OPEN),
        ({"comment": "Published in Transactions on Machine Learning Research"}, Level.OPEN),
        ({"comment": "Camera-ready version, ACL 2023"}, Level.OPEN),
        ({"journal_ref": "Proceedings of the 40th ICML, PMLR 202"}, Level.OPEN),
        ({"comment": "ES-FoMo workshop at ICML 2024"}, Level.PARTIAL),
        ({"comment": "Under review at ICML 2024"}, None),
        ({"comment": "Submitted for ACL 2025"}, None),
        ({"comment": "Preprint. 25 pages"}, None),
        ({"comment": "Technical report"}, None),
        ({"comment": "Computer Science 2023 thesis"}, None),
        ({}, None),
    ],
)
def test_what_an_arxiv_record_says_of_the_venue(fields, level):
    assert paper.venue_of(fields)[0] == level


def test_a_venue_in_the_arxiv_record_makes_the_paper_about_the_model_open():
    # Hand-made throughout (no gold record has a recorded venue that makes a paper open): a
    # made-up model, a made-up arXiv id (no month has had 99,999 submissions) and its records.
    repo, arxiv_id = "example-lab/TinyTune-1B", "2312.99999"
    item = {"id": repo, "sha": "b" * 40, "tags": [f"arxiv:{arxiv_id}"]}
    readme = FetchedDocument(
        url="x",
        retrieved_at=AT,
        revision="a" * 40,
        text=f"# TinyTune-1B\n\nSee the paper: https://arxiv.org/abs/{arxiv_id}\n",
    )
    hub_paper = FetchedDocument(
        url=f"https://huggingface.co/api/papers/{arxiv_id}",
        retrieved_at=AT,
        data={"id": arxiv_id, "title": "TinyTune: a small tuned model", "authors": []},
    )
    record = FetchedDocument(
        url=f"https://arxiv.org/abs/{arxiv_id}v3",
        retrieved_at=AT,
        revision="v3",
        data={"id": arxiv_id, "comment": "Published at NeurIPS 2023", "journal_ref": ""},
    )
    judgment = paper.judge(
        HubSnapshot(
            "huggingface",
            "https://huggingface.co",
            repo,
            item["sha"],
            AT,
            item,
            readme=readme,
            papers={arxiv_id: hub_paper},
            arxiv={arxiv_id: record},
        )
    )
    assert judgment.level == Level.OPEN
    assert 'comment "Published at NeurIPS 2023"' in judgment.notes
    paper_evidence = [e for e in judgment.evidence if e.kind == Evidence.Kind.PAPER]
    assert paper_evidence[0].url == f"https://arxiv.org/abs/{arxiv_id}v3"
    assert paper_evidence[0].revision == "v3"
