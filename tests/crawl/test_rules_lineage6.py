"""Rule lineage@6: a card's "distilled from X" read as its base, a from-scratch statement about a
part of the model (a tokenizer) not read as the model's own pretraining, and a card's name that
fits several hub repositories decided only when every candidate gives the same level. On the
real-data gold set (fixtures/hub-gold: each card's page is named in its HTML comment) and on card
sentences quoted from stored public pages (the URL beside each)."""

import pytest

from openness.assessments.models import Evidence, Level, Track
from openness.crawl import evaluation
from openness.crawl.evaluation import Judged, Unknowns
from openness.crawl.rules import judge_snapshot, lineage
from openness.crawl.rules.assess import hub_model_assess
from openness.crawl.rules.lineage import BaseFacts, CardBase
from tests.crawl.test_rules_assess import make_model
from tests.crawl.test_rules_lineage_card import by_code, card_only, gold

# "distilled from": the teacher a distilled model starts from -----------------------------------


def test_sdxl_lightnings_card_names_the_model_it_was_distilled_from():
    # Its README at 59acc6c (recorded in the gold set's eleventh pass): "Our models are
    # distilled from [stabilityai/stable-diffusion-xl-base-1.0](https://huggingface.co/...)".
    card = lineage.card_base(gold("ByteDance/SDXL-Lightning"))
    assert card is not None and card.distilled
    assert (card.repo_id, card.how) == ("stabilityai/stable-diffusion-xl-base-1.0", "a Hub link")
    assert "distilled from" in card.sentence


@pytest.mark.parametrize(
    "sentence",
    [
        # bigcode/starcoder2-15b-instruct-v0.1's card (gold set): the data is what was distilled
        "StarCoder2-15B-Instruct-v0.1 is trained on thousands of instruction-response pairs, "
        "without any human annotations or distilled data from huge and proprietary LLMs.",
        # meta-llama/Llama-3.3-70B-Instruct's card (gold set): distillation as a permitted use
        "Using outputs to improve other models, including synthetic data generation and "
        "distillation, is allowed by the licence.",
        # https://huggingface.co/JCX-kcuf/Llama-2-7b-hf-gpt-4-80k/blame/main/README.md: the
        # teacher of the data, not the base (the card's next line names the base)
        "This model is finetuned on the distillation data from GPT-4.",
    ],
)
def test_distilled_said_of_data_or_a_use_names_no_base(sentence):
    assert lineage.card_base(card_only("example-org/model-7b", sentence)) is None


def test_the_gold_cards_that_say_distilled_about_something_else_name_no_base_by_it():
    for repo_id in ("bigcode/starcoder2-15b-instruct-v0.1", "meta-llama/Llama-3.3-70B-Instruct"):
        card = lineage.card_base(gold(repo_id))
        assert card is None or not card.distilled


def test_data_distilled_from_a_model_is_not_the_models_base():
    # the phrase itself, with the data named before it
    sentence = "The model was fine-tuned on responses distilled from Llama-2-70b-chat."
    assert lineage.card_base(card_only("example-org/model-7b", sentence)) is None


def test_a_fine_tune_sentence_wins_over_a_distillation_teacher():
    # A student fine-tuned from one model on another's outputs names both; the teacher is read
    # only where the card names no other base.
    text = (
        "This model is distilled from meta-llama/Llama-2-70b-hf.\n"
        "It is fine-tuned from meta-llama/Llama-2-7b-hf on its outputs."
    )
    card = lineage.card_base(card_only("example-org/student-7b", text))
    assert card.repo_id == "meta-llama/Llama-2-7b-hf" and not card.distilled


@pytest.mark.django_db
def test_sdxl_lightning_reads_sdxl_bases_weights(methodology):
    # Both recorded: SDXL base 1.0 not gated (its stored tree pages, eleventh pass), a
    # safetensors checkpoint in its file list.
    base = make_model("stabilityai/stable-diffusion-xl-base-1.0")
    hub_model_assess(model=base, snapshot=gold("stabilityai/stable-diffusion-xl-base-1.0"))
    model = make_model("ByteDance/SDXL-Lightning")
    hub_model_assess(model=model, snapshot=gold("ByteDance/SDXL-Lightning"))
    model.refresh_from_db()
    assert model.base_model == base
    assert model.base_model_repo == "stabilityai/stable-diffusion-xl-base-1.0"
    row = model.assessments.get(criterion__code="weights_basemodel", track=Track.AUTOMATIC)
    assert row.level == Level.OPEN
    assert row.notes.startswith("Derived from stabilityai/stable-diffusion-xl-base-1.0;")
    assert "distilled from it" in row.notes
    assert "distilled from" in row.evidence.get(kind=Evidence.Kind.MODEL_CARD).excerpt


# "from scratch" about a part of the model --------------------------------------------------------

# microsoft/SportsBERT's card (https://huggingface.co/microsoft/SportsBERT/blob/main/README.md).
SPORTSBERT_MODEL = (
    "SportsBERT is a BERT model trained from scratch with specific focus on sports articles."
)
SPORTSBERT_TOKENIZER = (
    "A tokenizer was trained from scratch to include more sports related tokens to the vocabulary."
)


def test_a_tokenizer_trained_from_scratch_is_not_the_model():
    snapshot = card_only("microsoft/SportsBERT", SPORTSBERT_TOKENIZER)
    assert lineage.own_base_statement(snapshot) is None
    judged = by_code(judge_snapshot(snapshot))
    assert judged["weights_basemodel"].level == Level.NOT_ASSESSED
    assert "cannot be told" in judged["weights_basemodel"].notes


def test_the_model_trained_from_scratch_is_its_own_base_beside_its_tokenizer():
    snapshot = card_only("microsoft/SportsBERT", f"{SPORTSBERT_MODEL} {SPORTSBERT_TOKENIZER}")
    scratch, post = lineage.own_base_statement(snapshot)
    assert scratch == SPORTSBERT_MODEL and post == ""


@pytest.mark.parametrize(
    "sentence",
    [
        "We trained a new tokenizer from scratch on the corpus.",
        "Its vocabulary was trained from scratch on Dutch text, and the text encoder was kept.",
    ],
)
def test_from_scratch_inside_a_components_clause_is_not_read(sentence):
    assert lineage.own_base_statement(card_only("example-org/model", sentence)) is None


@pytest.mark.parametrize(
    ("repo_id", "starts"),
    [
        # gold cards whose from-scratch or token-count statement is the model's own
        ("01-ai/Yi-34B", "trained from scratch by 01"),
        ("BSC-LT/salamandra-7b-instruct", "Decoder-only transformer pre-trained from scratch"),
    ],
)
def test_the_gold_sets_own_base_statements_are_still_read(repo_id, starts):
    statement = lineage.own_base_statement(gold(repo_id))
    assert statement is not None and starts in statement[0]


# A name that fits several repositories -----------------------------------------------------------


def _facts(repo_id: str, weights: str | None, data: str | None) -> BaseFacts:
    levels = {}
    if weights:
        levels["weights_endmodel"] = (weights, Track.AUTOMATIC)
    if data:
        levels["datasources_endmodel"] = (data, Track.AUTOMATIC)
    return BaseFacts(
        repo_id=repo_id,
        page_url=f"http://testserver/models/{repo_id.replace('/', '-')}/",
        hub_url=f"http://127.0.0.1:9/{repo_id}",
        is_derived=False,
        levels=levels,
    )


CANDIDATES = ("codellama/CodeLlama-7b-hf", "meta-llama/CodeLlama-7b-hf")


def _sqlcoder_card() -> CardBase:
    card = lineage.card_base(gold("defog/sqlcoder-7b-2"))  # "fine-tuned from CodeLlama-7B."
    return card.resolved("", len(CANDIDATES), fits=CANDIDATES)


def test_candidates_that_agree_decide_the_level():
    fits = (_facts(CANDIDATES[0], "partial", "closed"), _facts(CANDIDATES[1], "partial", "closed"))
    judged = by_code(judge_snapshot(gold("defog/sqlcoder-7b-2"), card=_sqlcoder_card(), fits=fits))
    weights = judged["weights_basemodel"]
    assert weights.level == Level.PARTIAL
    assert "whichever it is" in weights.notes
    assert lineage.candidate_ids(weights.notes) == list(CANDIDATES)
    assert judged["datasources_basemodel"].level == Level.CLOSED
    pages = [e.url for e in weights.evidence if e.kind == Evidence.Kind.WEBSITE]
    assert len(pages) == 2


@pytest.mark.parametrize(
    "second",
    [
        ("open", "closed"),  # the weights differ: which is the base decides the level
        (None, None),  # one candidate not assessed (meta-llama's gating unknown in the gold set)
    ],
)
def test_candidates_that_differ_or_are_unknown_leave_it_undecided(second):
    fits = (_facts(CANDIDATES[0], "partial", "closed"), _facts(CANDIDATES[1], *second))
    judged = by_code(judge_snapshot(gold("defog/sqlcoder-7b-2"), card=_sqlcoder_card(), fits=fits))
    weights = judged["weights_basemodel"]
    assert weights.level == Level.NOT_ASSESSED
    assert "codellama/CodeLlama-7b-hf: partial" in weights.notes
    assert "meta-llama/CodeLlama-7b-hf: " in weights.notes


def test_a_candidate_missing_from_the_catalog_leaves_it_undecided():
    fits = (_facts(CANDIDATES[0], "open", "closed"), None)
    judged = by_code(judge_snapshot(gold("defog/sqlcoder-7b-2"), card=_sqlcoder_card(), fits=fits))
    assert judged["weights_basemodel"].level == Level.NOT_ASSESSED
    assert "meta-llama/CodeLlama-7b-hf: not assessed" in judged["weights_basemodel"].notes


@pytest.mark.django_db
def test_sqlcoder_reads_both_codellama_repositories_and_links_neither(methodology):
    # Both in the gold set: codellama's not gated (open weights); meta-llama's gating and card
    # unknown (an empty card stands for the one the folder lacks).
    hub_model_assess(model=make_model(CANDIDATES[0]), snapshot=gold(CANDIDATES[0]))
    hub_model_assess(model=make_model(CANDIDATES[1]), snapshot=gold(CANDIDATES[1], card=""))
    model = make_model("defog/sqlcoder-7b-2")
    hub_model_assess(model=model, snapshot=gold("defog/sqlcoder-7b-2"))
    model.refresh_from_db()
    assert model.base_model is None and model.base_model_repo == ""
    row = model.assessments.get(criterion__code="weights_basemodel", track=Track.AUTOMATIC)
    assert row.level == Level.NOT_ASSESSED
    assert "codellama/CodeLlama-7b-hf: open (automatic track)" in row.notes
    assert "meta-llama/CodeLlama-7b-hf: not assessed" in row.notes


@pytest.mark.django_db
def test_the_candidates_are_read_when_they_agree(methodology):
    # Two copies of one name whose weights read alike: decided.
    for repo_id in ("codellama/CodeLlama-7b-hf", "example-org/CodeLlama-7b"):
        hub_model_assess(
            model=make_model(repo_id),
            snapshot=gold("codellama/CodeLlama-7b-hf").__class__(
                **{**gold("codellama/CodeLlama-7b-hf").__dict__, "repo_id": repo_id}
            ),
        )
    model = make_model("defog/sqlcoder-7b-2")
    hub_model_assess(model=model, snapshot=gold("defog/sqlcoder-7b-2"))
    row = model.assessments.get(criterion__code="weights_basemodel", track=Track.AUTOMATIC)
    assert row.level == Level.OPEN
    assert lineage.candidate_ids(row.notes) == [
        "codellama/CodeLlama-7b-hf",
        "example-org/CodeLlama-7b",
    ]


def test_the_evaluation_leaves_out_a_pair_resting_on_a_candidates_unknown_fact():
    notes = (
        'The model card names CodeLlama-7B as the base model ("..."), and that name fits 2 hub '
        f"repositories in the catalog ({lineage.CANDIDATES}{', '.join(CANDIDATES)}), ..."
    )
    got = Judged(Level.NOT_ASSESSED, notes=notes)
    judged = {
        CANDIDATES[0]: {"weights_endmodel": Judged(Level.OPEN)},
        CANDIDATES[1]: {"weights_endmodel": Judged(Level.NOT_ASSESSED)},
    }
    unknown = {CANDIDATES[0]: Unknowns(), CANDIDATES[1]: Unknowns(fields=frozenset({"gated"}))}
    why = evaluation._base_excluded("weights_basemodel", got, judged, unknown, Unknowns())
    assert why == "a candidate base's judgment: gating unknown"
