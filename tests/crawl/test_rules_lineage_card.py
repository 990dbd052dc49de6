"""Rules lineage@3 and @4: a base model read from the model card, and a model that is its own base,
on the real-data gold set (fixtures/hub-gold: each card's page is named in its HTML comment)
and on card sentences quoted from stored public pages (the URL beside each)."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from openness.assessments import services
from openness.assessments.models import Evidence, Level, Provenance, Revision, Track
from openness.crawl import evaluation
from openness.crawl.models import HubRepo
from openness.crawl.rules import lineage, weights
from openness.crawl.rules.assess import derived_models, hub_model_assess
from openness.crawl.rules.base import Judgment
from openness.crawl.rules.lineage import BaseFacts
from openness.crawl.snapshot import FetchedDocument, HubSnapshot
from tests.crawl.test_rules_assess import make_model

GOLD = Path(settings.BASE_DIR) / "fixtures" / "hub-gold"
AT = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
SHA = "c" * 40


def gold(repo_id: str, *, card: str | None = None) -> HubSnapshot:
    """The gold record of `repo_id` as the crawler would snapshot it, its recorded card read
    (or `card`, a card's text quoted from a stored page)."""
    stem = repo_id.replace("/", "__")
    item = json.loads((GOLD / "models" / f"{stem}.json").read_text())
    item = {k: v for k, v in item.items() if not k.startswith("_") or k == "_id"}
    text = card if card is not None else (GOLD / "readmes" / f"{stem}.md").read_text()
    return HubSnapshot(
        hub="huggingface",
        endpoint="http://127.0.0.1:9",
        repo_id=repo_id,
        sha=SHA,
        retrieved_at=AT,
        item=item,
        readme=FetchedDocument(url="", retrieved_at=AT, revision=SHA, text=text),
    )


def card_only(repo_id: str, sentence: str) -> HubSnapshot:
    """A repository whose metadata declares no base, with one sentence of a real card."""
    return HubSnapshot(
        hub="huggingface",
        endpoint="http://127.0.0.1:9",
        repo_id=repo_id,
        sha=SHA,
        retrieved_at=AT,
        item={"id": repo_id, "tags": ["text-generation"], "cardData": {"license": "mit"}},
        readme=FetchedDocument(url="", retrieved_at=AT, revision=SHA, text=sentence),
    )


def by_code(judgments) -> dict:
    return {j.criterion: j for j in judgments}


# Gap 1: a base named in the card's prose -----------------------------------------------------


def test_a_hub_link_in_a_base_sentence_is_the_base():
    # hf.qhduan.com/mistralai/Mistral-7B-Instruct-v0.1/resolve/refs%2Fpr%2F1/README.md
    sentence = (
        "The Mistral-7B-Instruct-v0.1 Large Language Model (LLM) is a instruct fine-tuned "
        "version of the [Mistral-7B-v0.1](https://huggingface.co/mistralai/Mistral-7B-v0.1) "
        "generative text model using a variety of publicly available conversation datasets."
    )
    found = lineage.card_base(card_only("mistralai/Mistral-7B-Instruct-v0.1", sentence))
    assert found.repo_id == "mistralai/Mistral-7B-v0.1"
    assert found.how == "a Hub link"
    assert "fine-tuned version of" in found.sentence


def test_the_model_card_templates_finetuned_from_line_names_the_base():
    # zephyr-7b-beta's card as a stored copy of its page shows it
    # (h.likeai.space/HuggingFaceH4/zephyr-7b-beta): the template's list, one item a line.
    card = (
        "Model description\n\n"
        "  • Model type: A 7B parameter GPT-like model fine-tuned on a mix of publicly "
        "available, synthetic datasets.\n"
        "  • Language(s) (NLP): Primarily English\n"
        "  • License: MIT\n"
        "  • Finetuned from model: mistralai/Mistral-7B-v0.1\n"
    )
    found = lineage.card_base(card_only("HuggingFaceH4/zephyr-7b-beta", card))
    assert (found.repo_id, found.how) == ("mistralai/Mistral-7B-v0.1", "its repository id")
    assert found.sentence == "• Finetuned from model: mistralai/Mistral-7B-v0.1"


def test_a_repository_id_written_out_is_the_base_and_the_judgment_cites_the_card():
    # zephyr-7b-beta's recorded card: "a fine-tune of mistralai/Mistral-7B-v0.1 trained with
    # Direct Preference Optimization"; its cardData is unknown in the record, its tags known.
    snapshot = gold("HuggingFaceH4/zephyr-7b-beta")
    found = lineage.card_base(snapshot)
    assert (found.repo_id, found.how) == ("mistralai/Mistral-7B-v0.1", "its repository id")
    base = BaseFacts(
        repo_id="mistralai/Mistral-7B-v0.1",
        page_url="http://127.0.0.1:8000/models/mistral-7b-v0-1/",
        hub_url="http://127.0.0.1:9/mistralai/Mistral-7B-v0.1",
        is_derived=False,
        levels={"weights_endmodel": ("open", "automatic")},
    )
    judged = by_code(lineage.judge(snapshot, base=base, weights=None, datasets=None))
    weights_base = judged["weights_basemodel"]
    assert weights_base.level == Level.OPEN
    assert weights_base.rule == lineage.RULE
    assert weights_base.notes.startswith("Derived from mistralai/Mistral-7B-v0.1; ")
    assert "read from the model card" in weights_base.notes
    [card, page] = weights_base.evidence
    assert card.kind == Evidence.Kind.MODEL_CARD
    assert card.url == f"http://127.0.0.1:9/HuggingFaceH4/zephyr-7b-beta/blob/{SHA}/README.md"
    assert "a fine-tune of mistralai/Mistral-7B-v0.1" in card.excerpt
    assert len(card.excerpt) <= 250
    assert page.url == "http://127.0.0.1:8000/models/mistral-7b-v0-1/"


def test_the_evaluation_still_reads_a_card_read_base_from_the_notes():
    # evaluation._base_excluded parses "Derived (...) from <repo>[;,]": a card-read base whose
    # record the folder lacks is left out as a metadata base is (LLM360/Crystal is not there).
    snapshot = gold("LLM360/CrystalChat")
    judged = by_code(lineage.judge(snapshot, base=None, weights=None, datasets=None))
    got = judged["weights_basemodel"]
    assert got.level == Level.NOT_ASSESSED
    assert got.notes.startswith("Derived from LLM360/Crystal, which is not assessed")
    folder = evaluation.unknowns(GOLD)["LLM360/CrystalChat"]
    why = evaluation._base_excluded(
        "weights_basemodel", evaluation.Judged(got.level, got.notes), {}, {}, folder
    )
    assert why == "the declared base's record not in the folder"


@pytest.mark.parametrize(
    ("repo_id", "name", "org"),
    [
        # "derived from EleutherAI's Pythia-12b" (the org-named sentence wins over "based on
        # pythia-12b", which names none)
        ("databricks/dolly-v2-12b", "Pythia-12b", "EleutherAI"),
        ("defog/sqlcoder-7b-2", "CodeLlama-7B", ""),  # "fine-tuned from CodeLlama-7B"
        ("lmsys/fastchat-t5-3b-v1.0", "Flan-t5-xl", ""),  # "trained by fine-tuning Flan-t5-xl"
        ("stabilityai/StableBeluga2", "Llama2 70B", ""),  # "a Llama2 70B model finetuned on"
        ("togethercomputer/GPT-NeoXT-Chat-Base-20B", "GPT-NeoX", "EleutherAI"),
    ],
)
def test_a_base_named_without_its_repository_is_a_name_to_resolve(repo_id, name, org):
    snapshot = gold(repo_id)
    found = lineage.card_base(snapshot)
    assert (found.repo_id, found.name, found.org) == ("", name, org)
    # Not resolved (no catalog here): not assessed, saying which name and which sentence.
    judged = by_code(lineage.judge(snapshot, base=None, weights=None, datasets=None))
    assert {j.level for j in judged.values()} == {Level.NOT_ASSESSED}
    notes = judged["weights_basemodel"].notes
    assert f"The model card names {f'{org}' + chr(39) + 's ' if org else ''}{name}" in notes
    assert "no hub repository of that name is in the catalog" in notes
    assert not notes.startswith("Derived")  # no repository: the evaluation reads none
    [card] = judged["weights_basemodel"].evidence
    assert card.kind == Evidence.Kind.MODEL_CARD and name in card.excerpt


@pytest.mark.parametrize(
    "sentence",
    [
        # zephyr-7b-beta's card (h.likeai.space/HuggingFaceH4/zephyr-7b-beta): a comparison
        "In particular, on several categories of MT-Bench, Zephyr-7B-β has strong performance "
        "compared to larger open models like Llama2-Chat-70B:",
        # the same card: data, not a base
        "The model was initially fine-tuned on a filtered and preprocessed of the UltraChat "
        "dataset, which contains a diverse range of synthetic dialogues generated by ChatGPT.",
        # the same card's benchmark table row
        "Llama2-Chat 70B RLHF 6.86 92.66",
        # Mistral-7B-Instruct-v0.1's card (hf.qhduan.com, refs/pr/1): a prompt instruction
        "In order to leverage instruction fine-tuning, your prompt should be surrounded by "
        "`[INST]` and `[\\INST]` tokens.",
        # a design, not a base model (the architecture words lineage@3 skips)
        "This instruction model is based on GPT-2 architecture choices.",
        # a GitHub link after "based on": no model named
        "The training code is based on https://github.com/lm-sys/FastChat for fine-tuning.",
    ],
)
def test_a_sentence_that_names_no_base_declares_none(sentence):
    assert lineage.card_base(card_only("HuggingFaceH4/zephyr-7b-beta", sentence)) is None


def test_metadata_wins_over_the_card():
    # Minerva-7B-instruct's cardData names sapienzanlp/Minerva-7B-base-v1.0; its card says the
    # family was "pretrained from scratch": the metadata base is the one judged.
    snapshot = gold("sapienzanlp/Minerva-7B-instruct-v1.0")
    judged = by_code(lineage.judge(snapshot, base=None, weights=None, datasets=None))
    assert judged["weights_basemodel"].notes.startswith(
        "Derived from sapienzanlp/Minerva-7B-base-v1.0, which is not assessed"
    )
    assert judged["weights_basemodel"].evidence[0].kind == Evidence.Kind.HUB_METADATA


# Resolution through the catalog, and the link that re-assesses the derived model -----------


@pytest.mark.django_db
def test_a_card_named_base_resolves_through_the_catalog_and_is_linked(methodology):
    # dolly-v2-7b's card: "derived from EleutherAI's Pythia-6.9b"; the gold set holds
    # EleutherAI/pythia-6.9b (the card's capital P: resolved case aside).
    base = make_model("EleutherAI/pythia-6.9b")
    derived = make_model("databricks/dolly-v2-7b")
    snapshot = gold("databricks/dolly-v2-7b")
    hub_model_assess(model=derived, snapshot=snapshot)
    derived.refresh_from_db()
    assert derived.base_model_repo == "EleutherAI/pythia-6.9b"
    assert derived.base_model == base
    assert list(derived_models(base)) == [derived]
    # The EU index rates pythia-6.9b's weights open (fixtures/osai-index/Pythia.yaml, its
    # weights_basemodel: "Model weights available via HuggingFace"): recorded on the curated
    # track, the derived model's base-model weights follow it, citing the card's sentence.
    services.assessment_record(
        model=base,
        criterion=methodology.criteria.get(code="weights_endmodel"),
        level=Level.OPEN,
        notes="Model weights available via HuggingFace.",
        provenance=Provenance.CURATED,
        evidence=[],
        source=Revision.Source.IMPORT,
        reason="Pythia.yaml",
    )
    hub_model_assess(model=derived, snapshot=snapshot)
    row = derived.assessments.get(criterion__code="weights_basemodel", track=Track.AUTOMATIC)
    assert row.level == Level.OPEN
    assert row.notes.startswith("Derived from EleutherAI/pythia-6.9b; ")
    assert "editorial track" in row.notes
    assert "Pythia-6.9b" in row.evidence.get(kind=Evidence.Kind.MODEL_CARD).excerpt


@pytest.mark.django_db
def test_a_name_that_fits_several_repositories_is_not_guessed(methodology):
    # sqlcoder-7b-2's card names "CodeLlama-7B" with no organisation; two repositories of that
    # name (case aside) leave it unresolved, whichever is older.
    make_model("codellama/CodeLlama-7b")
    make_model("someone/codellama-7b")
    model = make_model("defog/sqlcoder-7b-2")
    hub_model_assess(model=model, snapshot=gold("defog/sqlcoder-7b-2"))
    model.refresh_from_db()
    assert model.base_model_repo == "" and model.base_model is None
    row = model.assessments.get(criterion__code="weights_basemodel")
    assert row.level == Level.NOT_ASSESSED
    # lineage@6: neither candidate is assessed, so they cannot agree; both are named
    assert "fits 2 hub repositories in the catalog" in row.notes
    assert "(candidates: codellama/CodeLlama-7b, someone/codellama-7b)" in row.notes


@pytest.mark.django_db
def test_the_organisation_the_sentence_names_picks_one_repository(methodology):
    # dolly-v2-7b: "EleutherAI's Pythia-6.9b"; a copy under another account does not count.
    make_model("someone/pythia-6.9b")
    base = make_model("EleutherAI/pythia-6.9b")
    model = make_model("databricks/dolly-v2-7b")
    hub_model_assess(model=model, snapshot=gold("databricks/dolly-v2-7b"))
    model.refresh_from_db()
    assert model.base_model == base
    assert HubRepo.objects.filter(repo_id__iendswith="/pythia-6.9b").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("derived_id", "base_id"),
    [
        # "derived from EleutherAI's Pythia-12b" (fixtures/hub-gold, seventh pass: the base
        # recorded from its tree page at 5d2236d: apache-2.0, not gated, three weight shards)
        ("databricks/dolly-v2-12b", "EleutherAI/pythia-12b"),
        # "trained by fine-tuning Flan-t5-xl" (its tree page at main: apache-2.0, not gated,
        # safetensors and flax shards)
        ("lmsys/fastchat-t5-3b-v1.0", "google/flan-t5-xl"),
    ],
)
def test_the_recorded_bases_resolve_the_names_the_gold_cards_write(
    methodology, derived_id, base_id
):
    base = make_model(base_id)
    derived = make_model(derived_id)
    hub_model_assess(model=base, snapshot=gold(base_id))
    end = base.assessments.get(criterion__code="weights_endmodel", track=Track.AUTOMATIC)
    assert end.level == Level.OPEN
    hub_model_assess(model=derived, snapshot=gold(derived_id))
    derived.refresh_from_db()
    assert derived.base_model_repo == base_id and derived.base_model == base
    row = derived.assessments.get(criterion__code="weights_basemodel", track=Track.AUTOMATIC)
    assert row.level == Level.OPEN
    assert row.notes.startswith(f"Derived from {base_id}; ")
    assert "The base is read from the model card" in row.notes


# Gap 2: a model that is its own base ----------------------------------------------------------


def test_a_model_whose_card_says_trained_from_scratch_is_its_own_base():
    # Yi-34B's recorded card: "trained from scratch by 01.AI"; no base declared, not gated.
    snapshot = gold("01-ai/Yi-34B")
    end = weights.judge(snapshot)
    assert end.level == Level.OPEN
    mirrored, _data = lineage.judge(snapshot, base=None, weights=end, datasets=None)
    assert (mirrored.criterion, mirrored.level) == ("weights_basemodel", Level.OPEN)
    assert "trained from scratch by 01.AI" in mirrored.notes
    assert "own base" in mirrored.notes
    assert mirrored.evidence[0].kind == Evidence.Kind.MODEL_CARD
    assert "trained from scratch" in mirrored.evidence[0].excerpt


def test_a_post_trained_model_pretrained_by_its_authors_is_not_its_own_base():
    # SmolLM3-3B's card: "pretrained on 11.2T tokens ..., then mid-trained ..., supervised
    # fine-tuning and alignment"; the index's base is the separate SmolLM3-3B-Base.
    snapshot = gold("HuggingFaceTB/SmolLM3-3B")
    end = weights.judge(snapshot)
    found, _data = lineage.judge(snapshot, base=None, weights=end, datasets=None)
    assert found.level == Level.NOT_ASSESSED
    assert "pretrained on 11.2T tokens" in found.notes
    assert "then post-trained" in found.notes


@pytest.mark.parametrize(
    "repo_id",
    [
        "apple/OpenELM-3B-Instruct",  # instruct release of apple/OpenELM-3B
        "adept/persimmon-8b-chat",  # chat release of persimmon-8b-base; one-line card
    ],
)
def test_an_instruct_release_of_a_separate_base_is_not_its_own_base(repo_id):
    snapshot = gold(repo_id)
    # Whatever the end-model weights are rated (their gating is unknown in two of the records),
    # the rule does not copy the level to the base.
    for level in (Level.OPEN, Level.PARTIAL):
        end = Judgment("weights_endmodel", level, "end-model weights", weights.RULE)
        found, _data = lineage.judge(snapshot, base=None, weights=end, datasets=None)
        assert (found.criterion, found.level) == ("weights_basemodel", Level.NOT_ASSESSED)


def test_a_from_scratch_statement_does_not_make_an_instruct_release_its_own_base():
    # salamandra-7b-instruct's card: "pre-trained from scratch on 12.875 trillion tokens"; the
    # record knows neither its tags nor its cardData, so the rule itself gives no judgment.
    snapshot = gold("BSC-LT/salamandra-7b-instruct")
    assert "pre-trained from scratch" in lineage.own_base_statement(snapshot)[0]
    assert lineage.is_post_trained_name(snapshot.repo_id)
    assert lineage.judge(snapshot, base=None, weights=None, datasets=None) == []


def test_a_chat_model_with_base_in_its_name_is_not_marked_a_base():
    # lineage@2 mirrored GPT-NeoXT-Chat-Base-20B's end-model data for its "Base" word; it is a
    # chat fine-tune of GPT-NeoX.
    assert not lineage.is_marked_base("togethercomputer/GPT-NeoXT-Chat-Base-20B")
    assert lineage.is_marked_base("togethercomputer/RedPajama-INCITE-7B-Base")


@pytest.mark.django_db
def test_a_list_only_crawl_does_not_undo_a_base_read_from_the_card(methodology):
    # The card-read base (dolly-v2-7b: "derived from EleutherAI's Pythia-6.9b") stands when a
    # later crawl of the listing item alone, with no model card, re-assesses the model.
    make_model("EleutherAI/pythia-6.9b")
    model = make_model("databricks/dolly-v2-7b")
    snapshot = gold("databricks/dolly-v2-7b")
    hub_model_assess(model=model, snapshot=snapshot)
    before = model.assessments.get(criterion__code="weights_basemodel").notes
    listed = HubSnapshot(**{**snapshot.__dict__, "readme": None})
    outcome = hub_model_assess(model=model, snapshot=listed)
    row = model.assessments.get(criterion__code="weights_basemodel")
    assert row.notes == before and row.notes.startswith("Derived from EleutherAI/pythia-6.9b")
    assert outcome.unchanged >= 1


@pytest.mark.django_db
def test_a_name_only_under_another_account_than_the_one_named_is_not_taken(methodology):
    # GPT-NeoXT-Chat-Base-20B's card: "fine-tuned from EleutherAI's GPT-NeoX"; a repository of
    # that name under another account is not EleutherAI's.
    make_model("someone/GPT-NeoX")
    model = make_model("togethercomputer/GPT-NeoXT-Chat-Base-20B")
    hub_model_assess(model=model, snapshot=gold("togethercomputer/GPT-NeoXT-Chat-Base-20B"))
    model.refresh_from_db()
    assert model.base_model is None
    row = model.assessments.get(criterion__code="datasources_basemodel")
    assert row.level == Level.NOT_ASSESSED
    assert "no hub repository of that name under EleutherAI" in row.notes
    assert "1 under other accounts" in row.notes
