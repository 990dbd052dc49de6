"""preprint@5: the arXiv papers a model card cites in its text, with no `arxiv:` tag, are judged
as the tagged ones are (issue 15; docs/rules.md, ninth round).

Items, cards and paper records are read from fixtures/hub-gold where the gold set holds them
(recorded from stored public pages, each fact with its URL); the hand-made cases say so.
"""

import pytest

from openness.assessments.models import Evidence, Level
from openness.crawl import coderepos, services
from openness.crawl.huggingface.hub import HuggingFaceHub
from openness.crawl.models import CrawlError, CrawlRun, HubRepo
from openness.crawl.rules import architecture, documentation, paper
from openness.crawl.snapshot import FetchedDocument, snapshot_from_json, snapshot_to_json
from openness.crawl.testhub import TestHub

from .conftest import ENDPOINT, GOLD, RETRIEVED_AT, gold_card, gold_item, gold_paper, snapshot_of

FIETJE = "BramVanroy/fietje-2-chat"


def card(text: str) -> FetchedDocument:
    return FetchedDocument(
        url=f"{ENDPOINT}/acme/widget-7b/resolve/main/README.md",
        retrieved_at=RETRIEVED_AT,
        revision="main",
        text=text,
    )


def record(arxiv_id: str, title: str, **data) -> FetchedDocument:
    """A hand-made Hub paper record (the fields the papers API answers)."""
    return FetchedDocument(
        url=f"{ENDPOINT}/papers/{arxiv_id}",
        retrieved_at=RETRIEVED_AT,
        data={"id": arxiv_id, "title": title, **data},
    )


# Gold-set facts ------------------------------------------------------------------------------


def test_fietje_2_chats_card_cites_its_own_paper_so_the_preprint_is_open():
    """The recorded card asks readers to cite "Fietje: An open, efficient LLM for Dutch"
    (arXiv 2412.15450); the header read records no arxiv: tag. preprint@4 said "No arXiv
    preprint is linked"; the index rates Fietje's preprint open (fietje.yaml)."""
    item = gold_item(FIETJE)
    assert documentation.arxiv_ids(item) == []
    snapshot = snapshot_of(
        item,
        readme=gold_card(FIETJE),
        cited_papers={"2412.15450": gold_paper("2412.15450")},
    )
    judged = documentation.judge_preprint(snapshot)
    assert judged.rule == "preprint@5"
    assert judged.level == Level.OPEN
    assert "is cited in the model card" in judged.notes
    assert "2412.15450: its title" in judged.notes and "names fietje" in judged.notes
    assert "(cited in the card's text, no arxiv: tag)" in judged.notes
    kinds = {e.kind: e for e in judged.evidence}
    # The card's own line that cites it, then the paper and its Hub record.
    assert "arXiv 2412.15450" in kinds[Evidence.Kind.MODEL_CARD].excerpt
    assert kinds[Evidence.Kind.PREPRINT].url == "https://arxiv.org/abs/2412.15450"
    assert kinds[Evidence.Kind.PREPRINT].excerpt == "Fietje: An open, efficient LLM for Dutch"
    assert kinds[Evidence.Kind.PAPER].url == f"{ENDPOINT}/papers/2412.15450"


def test_a_snapshot_enriched_before_preprint5_names_the_cited_paper_it_did_not_read():
    """A stored snapshot of Fietje 2 Chat has its card but no record of the cited paper
    (enrichment before preprint@5 did not fetch it): not assessed, saying which."""
    snapshot = snapshot_of(gold_item(FIETJE), readme=gold_card(FIETJE))
    judged = documentation.judge_preprint(snapshot)
    assert judged.level == Level.NOT_ASSESSED
    assert "no hub record read for 2412.15450" in judged.notes
    assert "Cited in the card's text with no arxiv: tag: 2412.15450." in judged.notes


def test_pixart_sigmas_card_badge_cites_its_paper():
    """PixArt-Sigma's recorded card links the paper (arXiv 2403.04692) from a badge; its header
    shows the arXiv papers only as a count, so no tag is recorded."""
    repo = "PixArt-alpha/PixArt-Sigma-XL-2-1024-MS"
    snapshot = snapshot_of(
        gold_item(repo),
        readme=gold_card(repo),
        cited_papers={"2403.04692": gold_paper("2403.04692")},
    )
    judged = documentation.judge_preprint(snapshot)
    assert judged.level == Level.OPEN
    assert "names pixart" in judged.notes


def test_a_method_paper_the_card_cites_is_not_a_preprint_about_the_model():
    """Llama 3.3's card (Meta's copy, recorded in part) names arXiv 2204.05149 as its
    emissions method: "The Carbon Footprint of Machine Learning Training Will Plateau, Then
    Shrink", Google's paper. Not about Llama: not assessed, and said why. (The gold record's
    tags are unknown; the item here has none, a hand-made stand-in.)"""
    repo = "meta-llama/Llama-3.3-70B-Instruct"
    item = {**gold_item(repo), "tags": []}
    snapshot = snapshot_of(
        item,
        readme=gold_card(repo),
        cited_papers={"2204.05149": gold_paper("2204.05149")},
    )
    judged = documentation.judge_preprint(snapshot)
    assert judged.level == Level.NOT_ASSESSED
    assert "links or cites arXiv papers, but none is shown to be about this model" in (judged.notes)
    assert "not about this model: 2204.05149 (The Carbon Footprint" in judged.notes
    assert [e.kind for e in judged.evidence] == [Evidence.Kind.HUB_METADATA]


def test_the_pile_cited_by_a_model_of_another_organisation_does_not_count():
    """The Pile (2101.00027, the gold set's record) cited in a hand-made card of another
    organisation's model: a dataset paper, not about the model (defect 3 of issue 15)."""
    item = {"id": "acme/widget-7b", "tags": ["license:mit"]}
    snapshot = snapshot_of(
        item,
        readme=card("Pretrained on The Pile (arXiv:2101.00027)."),
        cited_papers={"2101.00027": gold_paper("2101.00027")},
    )
    judged = documentation.judge_preprint(snapshot)
    assert judged.level == Level.NOT_ASSESSED
    assert "2101.00027 (The Pile" in judged.notes


def test_a_cited_paper_of_the_models_organisation_that_does_not_name_it_is_partial():
    """LLM360's paper (2312.06550, gold record) cited by CrystalChat's card text would name
    the organisation, not the model: partial, as for a tagged paper."""
    item = {"id": "LLM360/CrystalChat", "tags": ["license:apache-2.0"]}
    snapshot = snapshot_of(
        item,
        readme=card("See our paper: https://arxiv.org/abs/2312.06550"),
        cited_papers={"2312.06550": gold_paper("2312.06550")},
    )
    judged = documentation.judge_preprint(snapshot)
    assert judged.level == Level.PARTIAL
    assert "A preprint from the model's organisation is cited in the model card" in judged.notes


# Hand-made cases -----------------------------------------------------------------------------


def test_a_placeholder_cited_in_the_text_is_not_a_paper():
    """The card template's "arXiv:0000.00000" (defect 3 of issue 15) in the text, as in a tag,
    names no paper: nothing is fetched, nothing matched."""
    assert documentation.card_arxiv_ids("Cite arXiv:0000.00000 and arxiv.org/abs/2413.00001") == []
    item = {"id": "acme/widget-7b", "tags": ["arxiv:0000.00000"]}
    snapshot = snapshot_of(item, readme=card("@misc{x, eprint={0000.00000}, arXiv:0000.00000}"))
    judged = documentation.judge_preprint(snapshot)
    assert judged.level == Level.NOT_ASSESSED
    assert judged.notes == (
        "No arXiv preprint is linked from the model card, nor cited in its text. "
        "(0000.00000 is a placeholder, not a paper.)"
    )


def test_a_benchmark_cited_in_the_text_is_not_about_the_model():
    """MMLU's paper cited where a card reports its scores: not assessed, named as not about
    this model, never partial or open."""
    item = {"id": "acme/widget-7b", "tags": ["license:mit"]}
    snapshot = snapshot_of(
        item,
        readme=card("| MMLU (arXiv:2009.03300) | 61.2 |"),
        cited_papers={
            "2009.03300": record(
                "2009.03300",
                "Measuring Massive Multitask Language Understanding",
                githubRepo="https://github.com/hendrycks/test",
            )
        },
    )
    judged = documentation.judge_preprint(snapshot)
    assert judged.level == Level.NOT_ASSESSED
    assert "2009.03300 (Measuring Massive Multitask Language Understanding)" in judged.notes


def test_a_tagged_benchmark_and_a_cited_paper_about_the_model():
    item = {"id": "acme/widget-7b", "tags": ["arxiv:2009.03300"]}
    snapshot = snapshot_of(
        item,
        readme=card("Scores on MMLU.\n\nPlease cite arXiv:2501.00001 (Widget tech report)."),
        papers={"2009.03300": record("2009.03300", "Measuring Massive Multitask Language")},
        cited_papers={"2501.00001": record("2501.00001", "Widget: a 7B model")},
    )
    judged = documentation.judge_preprint(snapshot)
    assert judged.level == Level.OPEN
    assert "A preprint about the model is cited in the model card (2501.00001:" in judged.notes
    assert "Other papers linked: not about this model: 2009.03300" in judged.notes


def test_a_paper_both_tagged_and_cited_is_read_once_from_the_tags():
    item = {"id": "acme/widget-7b", "tags": ["arxiv:2501.00001"]}
    snapshot = snapshot_of(
        item,
        readme=card("Paper: https://arxiv.org/abs/2501.00001"),
        papers={"2501.00001": record("2501.00001", "Widget: a 7B model")},
    )
    judged = documentation.judge_preprint(snapshot)
    assert judged.level == Level.OPEN
    assert "is linked from the model card" in judged.notes
    assert "cited in the card's text" not in judged.notes


def test_a_card_not_read_cites_nothing_known():
    item = {"id": "acme/widget-7b", "tags": ["license:mit"]}
    gated = FetchedDocument(url=f"{ENDPOINT}/x", retrieved_at=RETRIEVED_AT, error="GatedRepo")
    judged = documentation.judge_preprint(snapshot_of(item, readme=gated))
    assert judged.notes == "No arXiv preprint is linked from the model card."
    # Not enriched (no card, no record): the tags alone, as preprint@4 read them.
    judged = documentation.judge_preprint(snapshot_of(item))
    assert judged.notes == "No arXiv preprint is linked from the model card."


def test_a_cited_papers_code_link_is_not_taken_for_the_models_code():
    """Cited papers sit apart from the tagged ones: trainingcode@1 and the code repositories
    followed at enrichment read only the papers the tags link, so MMLU's githubRepo cited in
    a scores table is not the model's training code."""
    item = {"id": "acme/widget-7b", "tags": ["license:mit"]}
    snapshot = snapshot_of(
        item,
        readme=card("| MMLU (arXiv:2009.03300) | 61.2 |"),
        cited_papers={
            "2009.03300": record(
                "2009.03300",
                "Measuring Massive Multitask Language Understanding",
                githubRepo="https://github.com/hendrycks/test",
            )
        },
    )
    assert documentation.judge_trainingcode(snapshot).level == Level.NOT_ASSESSED
    assert coderepos.code_repo_links(snapshot) == []
    # paper@4 and architecture@3 read the citation as before.
    assert "the card cites arXiv papers with no arxiv: tag: 2009.03300" in (
        paper.judge(snapshot).notes
    )
    assert architecture.judge(snapshot) is not None


def test_the_cited_papers_are_stored_with_the_snapshot():
    snapshot = snapshot_of(
        {"id": "acme/widget-7b", "tags": []},
        cited_papers={"2501.00001": record("2501.00001", "Widget")},
    )
    restored = snapshot_from_json(snapshot_to_json(snapshot))
    assert restored.cited_papers == snapshot.cited_papers
    # A snapshot stored before the field existed reads back with none.
    old = snapshot_to_json(snapshot)
    old.pop("cited_papers")
    assert snapshot_from_json(old).cited_papers == {}


# The Hub client ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_enrichment_fetches_the_record_of_each_paper_the_card_cites(crawl_settings):
    """Through the client, against the gold set on the loopback hub: Fietje 2 Chat's card
    cites 2412.15450 with no tag, so its Hub record is fetched onto `cited_papers`; a paper the
    tags link is fetched once, onto `papers` (Fietje 2 Chat's tags link none)."""
    with TestHub(GOLD) as running:
        crawl_settings.HUB_ENDPOINT = running.url
        hub = HuggingFaceHub()
        item, _ = hub.model_info(FIETJE)
        snapshot = hub.snapshot(repo_id=FIETJE, sha=item["sha"], item=item)
        requests = list(running.state.requests)
    assert snapshot.papers == {}
    assert list(snapshot.cited_papers) == ["2412.15450"]
    cited = snapshot.cited_papers["2412.15450"]
    assert cited.error == "" and cited.data["title"] == "Fietje: An open, efficient LLM for Dutch"
    assert requests.count("/api/papers/2412.15450") == 1


@pytest.mark.django_db
def test_a_paper_tagged_and_linked_in_the_card_is_fetched_once(crawl_settings, testhub):
    """allenai/olmOCR's card links 2502.18443, which its tags link too (fixtures/hub)."""
    hub = HuggingFaceHub()
    repo = "allenai/olmOCR-7B-0225-preview"
    item, _ = hub.model_info(repo)
    snapshot = hub.snapshot(repo_id=repo, sha=item["sha"], item=item)
    assert "2502.18443" in snapshot.papers
    assert snapshot.cited_papers == {}
    assert testhub.state.requests.count("/api/papers/2502.18443") == 1


@pytest.mark.django_db
def test_a_cited_paper_the_hub_has_no_record_of_is_its_own_item_error(
    crawl_settings, testhub, methodology
):
    """The hub indexes the papers its tags link; one a card only cites may have no record. The
    404 is kept as a `cited_paper` error of the item (not a tagged `paper`'s), and the item
    and its judgments stand."""
    repo_id = "allenai/olmOCR-7B-0225-preview"
    services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
    testhub.state.readmes[repo_id] += b"\n\nWe also thank arXiv:2501.99999.\n"
    repo = HubRepo.objects.get(repo_id=repo_id)
    run = services.crawl_enrich(repo_pks=[repo.pk])
    assert run.status == CrawlRun.Status.SUCCEEDED and run.items_updated == 1
    error = CrawlError.objects.get(run=run, repo_id=repo_id, stage="cited_paper")
    assert error.url.endswith("/papers/2501.99999")
    assert not CrawlError.objects.filter(run=run, stage="paper").exists()
    snapshot = services.stored_snapshot(repo)
    assert list(snapshot.cited_papers) == ["2501.99999"]
    assert snapshot.cited_papers["2501.99999"].error
