"""datasets@6 and license@7: a card silent on data decides nothing while the model links a paper
about itself, on the gold set's real records (fixtures/hub-gold); datasheet@4 still reads the
silence (a paper describing its data is no datasheet).

cvssp/audioldm2 (tags arXiv 2308.05734, "AudioLDM 2: ...") and ByteDance/SDXL-Lightning (tags
arXiv 2402.13929, "SDXL-Lightning: Progressive Adversarial Diffusion Distillation") have cards,
recorded whole, with no section on training or data and no data link. The EU index rates their
data from the papers (AudioLDM.yaml: "Datasets mentioned in source paper"; SDXL-Lightning.yaml:
"Trained on subsets of LAION and COYO", linking the preprint), which the rules do not read."""

import pytest

from openness.assessments.models import Level
from openness.crawl.rules import datasets, datasheet, documentation, projectlicense

from .conftest import gold_card, gold_item, gold_paper, snapshot_of

CASES = [("cvssp/audioldm2", "2308.05734"), ("ByteDance/SDXL-Lightning", "2402.13929")]


@pytest.mark.parametrize(("repo_id", "arxiv_id"), CASES)
def test_a_silent_card_beside_a_paper_about_the_model_leaves_the_data_not_assessed(
    repo_id, arxiv_id
):
    item = gold_item(repo_id)
    snapshot = snapshot_of(item, readme=gold_card(repo_id), papers={arxiv_id: gold_paper(arxiv_id)})
    assert documentation.paper_about_model(snapshot)[0] == arxiv_id
    assert datasets.card_shows_no_data(snapshot, rule="t@1") is None
    data = datasets.judge(snapshot)
    assert (data.rule, data.level) == (datasets.RULE, Level.NOT_ASSESSED)
    assert f"arXiv {arxiv_id}" in data.notes and "paper's text is not read" in data.notes
    sheet = datasheet.judge(snapshot)
    assert (sheet.rule, sheet.level) == (datasheet.RULE, Level.CLOSED)
    licence = projectlicense.judge(snapshot)
    assert projectlicense.NO_DATASET_SILENT_CARD not in licence.notes


@pytest.mark.parametrize(("repo_id", "arxiv_id"), CASES)
def test_the_same_card_without_its_papers_record_is_silent_and_closed(repo_id, arxiv_id):
    # The paper's record not read (not enriched): nothing shows a paper about the model, so the
    # card's silence decides, as under datasets@5.
    snapshot = snapshot_of(gold_item(repo_id), readme=gold_card(repo_id))
    assert documentation.paper_about_model(snapshot) is None
    assert datasets.judge(snapshot).level == Level.CLOSED
    assert datasheet.judge(snapshot).level == Level.CLOSED


def test_a_paper_not_about_the_model_leaves_the_silence_deciding():
    # audioldm2's card and item, tagging instead the Pile's paper (a dataset paper, 2101.00027,
    # as cards tag the data or benchmarks they used): its record does not name the model.
    item = gold_item("cvssp/audioldm2")
    item = {**item, "tags": [t for t in item["tags"] if not t.startswith("arxiv:")]}
    item["tags"].append("arxiv:2101.00027")
    card = gold_card("cvssp/audioldm2")
    card = type(card)(**{**card.__dict__, "text": card.text.replace("2308.05734", "2101.00027")})
    snapshot = snapshot_of(item, readme=card, papers={"2101.00027": gold_paper("2101.00027")})
    assert documentation.paper_about_model(snapshot) is None
    assert datasets.judge(snapshot).level == Level.CLOSED


def test_a_paper_naming_only_the_organisation_does_not_count():
    # LLM360's paper (2312.06550, "LLM360: Towards Fully Transparent Open-Source LLMs") names
    # the organisation, not LLM360/CrystalChat: it may describe other models (preprint@5 rates
    # it partial), so it does not stand in for the card's documentation of the data.
    item = gold_item("LLM360/CrystalChat")
    snapshot = snapshot_of(item, papers={"2312.06550": gold_paper("2312.06550")})
    assert documentation.paper_about_model(snapshot) is None
