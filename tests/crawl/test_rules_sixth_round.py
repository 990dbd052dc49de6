"""Issue 15, sixth round of the rules (docs/rules.md): each change on real facts of the gold set.

The items, cards and paper records are read from fixtures/hub-gold (recorded from stored public
pages, each fact with its URL in the record's `_sources`), never typed here; only the fetch
errors are written out, in the forms the hub client gives them (huggingface/hub.py).
"""

import pytest

from openness.assessments.models import Level
from openness.crawl.rules import (
    architecture,
    datasets,
    datasheet,
    documentation,
    paper,
    projectlicense,
)

from .conftest import gold_card, gold_item, gold_paper, snapshot_of

# What the client writes when it did not read a card whole (hub.py): a body over
# HUB_README_MAX_BYTES, a body that is not UTF-8. Both hold digits that old rules took for 404.
TOO_LARGE = "2,404,118 bytes is over the limit of 2,000,000"
NOT_UTF8 = "not UTF-8: 'utf-8' codec can't decode byte 0xff in position 1404: invalid start byte"


# A card not read whole is never a missing card ----------------------------------------------


@pytest.mark.parametrize(
    ("error", "failure"),
    [
        ("HTTP 404 EntryNotFound", "missing"),
        ("EntryNotFound", "missing"),
        ("404", "missing"),
        ("HTTP 404 RepoNotFound", "unreadable"),
        ("GatedRepo", "gated"),
        ("HTTP 403", "gated"),
        ("HTTP 401 GatedRepo", "gated"),
        (TOO_LARGE, "unreadable"),
        (NOT_UTF8, "unreadable"),
        ("body over the limit of 2,000,000 bytes", "unreadable"),
        ("not UTF-8: ... in position 4013", "unreadable"),
    ],
)
def test_only_the_hubs_status_says_a_card_is_missing_or_gated(error, failure):
    assert documentation.readme_failure(error) == failure


@pytest.mark.parametrize("error", [TOO_LARGE, NOT_UTF8])
def test_a_card_not_read_whole_shows_no_silence_on_data(error):
    """cvssp/audioldm2: restricted weights (cc-by-nc-sa-4.0), no dataset declared. Its recorded
    card, read as a whole card, documents no training data, so (its paper's record not read) the
    data part is not shared and the level closed; a card that could not be read whole says
    nothing of the data. With the record of its paper read ("AudioLDM 2", about the model),
    license@7 reads nothing from the silence either (datasets@6)."""
    item = gold_item("cvssp/audioldm2")
    papers = {"2308.05734": gold_paper("2308.05734")}
    read = snapshot_of(item, readme=gold_card("cvssp/audioldm2"))
    judged = projectlicense.judge(read)
    assert judged.rule == "license@7"
    assert judged.level == Level.CLOSED
    assert projectlicense.NO_DATASET_SILENT_CARD in judged.notes
    with_paper = snapshot_of(item, readme=gold_card("cvssp/audioldm2"), papers=papers)
    assert projectlicense.judge(with_paper).level == Level.NOT_ASSESSED

    unread = snapshot_of(item, readme=gold_card("cvssp/audioldm2", error=error), papers=papers)
    assert datasets.card_shows_no_data(unread, rule="t@1") is None
    judged = projectlicense.judge(unread)
    assert judged.level == Level.NOT_ASSESSED
    assert projectlicense.NO_DATASET_SILENT_CARD not in judged.notes
    assert datasets.judge(unread).level == Level.NOT_ASSESSED
    assert datasheet.judge(read).level == Level.CLOSED
    assert datasheet.judge(unread) is None or datasheet.judge(unread).level != Level.CLOSED
    assert paper.judge(unread).level == Level.NOT_ASSESSED
    assert documentation.judge_modelcard(unread).level == Level.NOT_ASSESSED
    assert architecture.judge(unread).level == Level.NOT_ASSESSED

    missing = snapshot_of(item, readme=gold_card("cvssp/audioldm2", error="HTTP 404 EntryNotFound"))
    assert projectlicense.judge(missing).level == Level.CLOSED
    assert "does not exist" in projectlicense.judge(missing).notes


# arXiv papers a card links or cites without an arxiv: tag -----------------------------------


def test_the_card_arxiv_reader_reads_badges_paper_pages_and_citations():
    badge = (
        "[![arXiv](https://img.shields.io/badge/arXiv-2403.04692-b31b1b.svg)]"
        "(https://arxiv.org/abs/2403.04692) [paper](https://arxiv.org/pdf/2310.00426v3) "
        "https://huggingface.co/papers/2401.02954 and `arXiv:2412.15450`, arXiv 2412.15450, "
        "arxiv.org/abs/0000.00000"
    )
    assert documentation.card_arxiv_ids(badge) == [
        "2403.04692",
        "2310.00426",
        "2401.02954",
        "2412.15450",
    ]
    assert documentation.card_arxiv_ids("Trained on 2048 GPUs in 2023.12") == []


@pytest.mark.parametrize(
    ("repo_id", "cited"),
    [
        # A badge linking the paper; the header's arxiv: chips were recorded only as a count.
        ("PixArt-alpha/PixArt-Sigma-XL-2-1024-MS", "2403.04692"),
        # The card asks readers to cite "Fietje: An open, efficient LLM for Dutch".
        ("BramVanroy/fietje-2-chat", "2412.15450"),
    ],
)
def test_a_preprint_the_card_cites_keeps_the_hardware_and_the_paper_open_questions(repo_id, cited):
    item = gold_item(repo_id)
    assert not [t for t in item["tags"] if t.startswith("arxiv:")]
    snapshot = snapshot_of(item, readme=gold_card(repo_id))
    hardware = architecture.judge(snapshot)
    assert hardware.rule == "architecture@3"
    assert hardware.level == Level.NOT_ASSESSED
    assert cited in hardware.notes
    judged = paper.judge(snapshot)
    assert judged.rule == "paper@4"
    assert judged.level == Level.NOT_ASSESSED
    assert cited in judged.notes


def test_a_card_citing_no_paper_is_still_closed_on_paper_and_hardware():
    """genmo/mochi-1-preview: its recorded card and header link no arXiv paper."""
    item = gold_item("genmo/mochi-1-preview")
    snapshot = snapshot_of(item, readme=gold_card("genmo/mochi-1-preview"))
    assert documentation.card_arxiv_ids(snapshot.readme.text) == []
    assert paper.judge(snapshot).level == Level.CLOSED
    assert architecture.judge(snapshot).level == Level.CLOSED


def test_a_tagged_paper_about_the_model_is_not_cited_twice():
    """openai/gpt-oss-120b's card cites arXiv 2508.10925, which its arxiv: tag links too: the
    paper is matched from its record and the citation adds nothing."""
    item = gold_item("openai/gpt-oss-120b")
    snapshot = snapshot_of(
        item,
        readme=gold_card("openai/gpt-oss-120b"),
        papers={"2508.10925": gold_paper("2508.10925")},
    )
    judged = paper.judge(snapshot)
    assert judged.level == Level.NOT_ASSESSED
    assert "no arxiv: tag" not in judged.notes


# preprint@4: an organisation that names its models after itself ------------------------------


def test_a_title_naming_the_family_that_is_also_the_owner_makes_an_open_preprint():
    """openchat/openchat-3.6-8b-20240522 links arXiv 2309.11235, "OpenChat: Advancing
    Open-source Language Models with Mixed-Quality Data": the repository's name starts with its
    owner's, so "OpenChat" in the title names the model family, not only the organisation
    (preprint@3 said partial; the index rates this preprint open, OpenChat.yaml)."""
    item = gold_item("openchat/openchat-3.6-8b-20240522")
    assert "arxiv:2309.11235" in item["tags"]
    snapshot = snapshot_of(item, papers={"2309.11235": gold_paper("2309.11235")})
    judged = documentation.judge_preprint(snapshot)
    assert judged.rule == "preprint@5"
    assert judged.level == Level.OPEN, judged.notes
    assert "names openchat" in judged.notes
    assert "organisation" not in judged.notes.split("(", 1)[1].split(")", 1)[0]


def test_an_owner_that_is_not_the_family_still_makes_only_a_partial_preprint():
    """LLM360/CrystalChat links arXiv 2312.06550, "LLM360: Towards Fully Transparent Open-Source
    LLMs": the owner is not the name's first word, so the title names the organisation only."""
    item = gold_item("LLM360/CrystalChat")
    snapshot = snapshot_of(item, papers={"2312.06550": gold_paper("2312.06550")})
    judged = documentation.judge_preprint(snapshot)
    assert judged.level == Level.PARTIAL, judged.notes
    assert "names the organisation llm360" in judged.notes
    assert documentation.paper_match("openchat/openchat-3.6-8b-20240522", {"title": "LLM360"}) == (
        "",
        False,
    )
