"""Issue 15, eleventh round (docs/rules.md, "Eleventh round, training data statements"): what
the authors say of releasing the training data, read by datasets@5 and license@6, on real facts.

The items, cards and code repositories are the gold set's (fixtures/hub-gold, each fact with
its URL in the record); the sentences written out here are quoted from the stored pages named
beside them.
"""

import json
import re

import pytest

from openness.assessments.models import Level
from openness.crawl import evaluation
from openness.crawl.rules import datasets, datasheet, datastatements, projectlicense
from openness.crawl.snapshot import FetchedDocument

from .conftest import ENDPOINT, GOLD, RETRIEVED_AT, gold_card, gold_item, snapshot_of

# lm-sys/FastChat's README, "Fine-tuning" / "Data", in two stored versions.
FIRM = "We will not release the ShareGPT dataset."
# https://github.com/lm-sys/FastChat/blob/39694766dcd20b80429c738a06c4251dbeb93ee0/README.md
HEDGED = "Due to some concerns, we may not release the ShareGPT dataset at the moment."
# https://github.com/lm-sys/FastChat/blob/0120fb57803559e9dc6f9e40c9618a3adf41351a/README.md


def gold_repo(stem: str, *, readme: str | None = None) -> FetchedDocument:
    """A gold code-repository record as the GitHub client hands it to the rules
    (github/repos.fetch_repository's shape), its README the recorded one unless given."""
    record = json.loads((GOLD / "code" / "github" / f"{stem}.json").read_text())
    repo = record["repo"]
    path = record["readme_path"]
    text = readme if readme is not None else (GOLD / path).read_text() if path else None
    data = {
        "full_name": repo["full_name"],
        "html_url": repo["html_url"],
        "default_branch": "",
        "license_known": "repo.license" not in record["_unknown"],
        "license": repo.get("license"),
        "tree": {
            "sha": "",
            "truncated": record["tree"]["truncated"],
            "paths": [[e["path"], e["type"]] for e in record["tree"]["tree"]],
        },
        "readme_path": "README.md" if path else None,
    }
    return FetchedDocument(url=repo["html_url"], retrieved_at=RETRIEVED_AT, text=text, data=data)


def fastchat(readme: str | None = None) -> dict:
    return {"https://github.com/lm-sys/FastChat": gold_repo("lm-sys__FastChat", readme=readme)}


def snap(repo_id: str, **documents):
    return snapshot_of(gold_item(repo_id), readme=gold_card(repo_id), **documents)


# The reader ---------------------------------------------------------------------------------


def test_a_firm_statement_is_read_and_a_hedge_is_not_firm():
    firm, hedged = datastatements.release_statements(f"{FIRM}\n{HEDGED}")
    assert firm.firm and firm.names == ("ShareGPT",)
    assert not hedged.firm and hedged.names == ("ShareGPT",)


@pytest.mark.parametrize(
    "text",
    [
        # LAION-AI/Open-Assistant's README heads a section with its own data, which it publishes
        # (code/github/LAION-AI__Open-Assistant.README.md): "internal" says nothing of release.
        "## Training only on OA internal data:",
        # EleutherAI/pythia's README (code/github/EleutherAI__pythia.README.md): released.
        "All models, data, and code used in the paper are publicly released, enabling full "
        "reproducibility of results",
        # zephyr-7b-beta's card compares itself to "proprietary models": no data word.
        "it is weaker than proprietary models on coding and mathematics.",
    ],
)
def test_what_is_not_a_statement_that_data_is_withheld(text):
    assert datastatements.release_statements(text) == []


def test_proprietary_data_beside_public_data_is_not_firm():
    (mixed,) = datastatements.release_statements(
        "The model was trained on a mix of publicly available and proprietary data."
    )
    assert not mixed.firm


def test_the_only_firm_statement_in_the_gold_set_is_fastchats():
    """Every recorded card and code README read: the paraphrases' notes ("the corpus itself is
    not released or linked", "The data are not named, linked or released") are not statements."""
    found = []
    for folder in ("readmes", "code/github", "dataset-readmes"):
        for path in sorted((GOLD / folder).glob("*.md")):
            found += [
                (path.name, s.sentence)
                for s in datastatements.release_statements(path.read_text())
                if s.firm
            ]
    assert found == [("lm-sys__FastChat.README.md", FIRM)]


def test_the_cards_training_context_names_sharegpt():
    for repo_id in ("lmsys/fastchat-t5-3b-v1.0", "lmsys/vicuna-13b-v1.5"):
        context = datastatements.training_context(gold_card(repo_id).text)
        assert re.search(r"\bsharegpt\b", context), repo_id


# datasets@5 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("repo_id", ["lmsys/fastchat-t5-3b-v1.0", "lmsys/vicuna-13b-v1.5"])
def test_a_firm_statement_in_the_linked_readme_closes_the_training_data(repo_id):
    """The card names ShareGPT conversations as its training data and links lm-sys/FastChat,
    whose README says the ShareGPT dataset will not be released: closed, quoting both."""
    judged = datasets.judge(snap(repo_id, code_repos=fastchat()))
    assert judged.rule == "datasets@6"
    assert judged.level == Level.CLOSED
    assert judged.notes.startswith(datasets.NO_DATASET_DECLARED)
    assert FIRM in judged.notes and "names ShareGPT" in judged.notes
    excerpts = [e.excerpt for e in judged.evidence]
    assert FIRM in excerpts
    assert any("ShareGPT" in e and "conversations" in e for e in excerpts[1:-1])
    assert judged.evidence[-1].url.startswith("https://github.com/lm-sys/FastChat")


def test_a_hedge_decides_nothing_and_is_quoted():
    """The FastChat-T5 period's README: "we may not release the ShareGPT dataset at the moment"."""
    hedged = gold_repo("lm-sys__FastChat").text.replace(FIRM, HEDGED)
    judged = datasets.judge(snap("lmsys/fastchat-t5-3b-v1.0", code_repos=fastchat(hedged)))
    assert judged.level == Level.NOT_ASSESSED
    assert f'A hedged sentence decides nothing: "{HEDGED}' in judged.notes


def test_without_the_readme_nothing_is_decided():
    """The record before this round had no README (readme_path null): as datasets@4."""
    judged = datasets.judge(snap("lmsys/fastchat-t5-3b-v1.0", code_repos=fastchat(readme="")))
    assert judged.level == Level.NOT_ASSESSED
    assert "may be shared elsewhere" in judged.notes


def test_a_statement_about_other_data_decides_nothing():
    """internlm/AlchemistCoder-DS-6.7B's card trains on multi-source code data, not ShareGPT:
    FastChat's sentence, were the card to link FastChat, is not about its data."""
    judged = datasets.judge(snap("internlm/AlchemistCoder-DS-6.7B", code_repos=fastchat()))
    assert judged.level == Level.NOT_ASSESSED
    assert FIRM not in judged.notes


def test_a_generic_readme_sentence_is_not_taken_for_this_models_data():
    """A code repository may serve several models: only a sentence naming the card's data
    counts there ("We will not release our training data" names none)."""
    readme = gold_repo("lm-sys__FastChat").text.replace(FIRM, "We will not release our data.")
    judged = datasets.judge(snap("lmsys/fastchat-t5-3b-v1.0", code_repos=fastchat(readme)))
    assert judged.level == Level.NOT_ASSESSED


def test_the_card_linking_data_keeps_it_undecided():
    """Beside a dataset link (a constructed line on fastchat-t5's real card), part of the data
    may be shared: not assessed, the statement quoted."""
    card = gold_card("lmsys/fastchat-t5-3b-v1.0")
    linked = FetchedDocument(
        url=card.url,
        retrieved_at=card.retrieved_at,
        revision=card.revision,
        text=card.text + "\nSee https://huggingface.co/datasets/example/conversations.\n",
    )
    item = gold_item("lmsys/fastchat-t5-3b-v1.0")
    judged = datasets.judge(snapshot_of(item, readme=linked, code_repos=fastchat()))
    assert judged.level == Level.NOT_ASSESSED
    assert "the card links data too" in judged.notes and FIRM in judged.notes


def test_a_silent_card_is_still_closed_on_its_silence():
    """adept/persimmon-8b-chat's card, read whole, documents no training data: datasets@4's
    reading stands."""
    judged = datasets.judge(snap("adept/persimmon-8b-chat"))
    assert judged.level == Level.CLOSED
    assert "has no section on training or data" in judged.notes


def test_the_datasheet_is_not_decided_by_a_release_statement():
    """Data that is not released may still be documented (Vicuna's paper describes it in an
    appendix): datasheet@4 stays not assessed."""
    judged = datasheet.judge(snap("lmsys/fastchat-t5-3b-v1.0", code_repos=fastchat()))
    assert judged.rule == "datasheet@4"
    assert judged.level == Level.NOT_ASSESSED


# license@6 ----------------------------------------------------------------------------------


def test_withheld_data_is_the_licences_data_part_not_open():
    """fastchat-t5: Apache-2.0 weights, FastChat's Apache-2.0 code, withheld data: partial by the
    rubric (two parts open). vicuna-13b-v1.5: Llama 2 weights, the same code and data: closed."""
    t5 = projectlicense.judge(snap("lmsys/fastchat-t5-3b-v1.0", code_repos=fastchat()))
    assert t5.rule == "license@7"
    assert t5.level == Level.PARTIAL
    assert "the training data not open" in t5.notes
    assert projectlicense.NO_DATASET_SILENT_CARD in t5.notes
    vicuna = projectlicense.judge(snap("lmsys/vicuna-13b-v1.5", code_repos=fastchat()))
    assert vicuna.level == Level.CLOSED
    hedged = gold_repo("lm-sys__FastChat").text.replace(FIRM, HEDGED)
    undecided = projectlicense.judge(snap("lmsys/fastchat-t5-3b-v1.0", code_repos=fastchat(hedged)))
    assert undecided.level == Level.NOT_ASSESSED


def test_the_evidence_urls_are_the_hubs_and_githubs():
    judged = datasets.judge(snap("lmsys/fastchat-t5-3b-v1.0", code_repos=fastchat()))
    assert {e.url.split("/")[2] for e in judged.evidence} == {
        ENDPOINT.split("/")[2],
        "github.com",
    }


# rules_evaluate -----------------------------------------------------------------------------


def test_a_statement_closed_on_a_card_recorded_in_part_is_left_out():
    """The closed needs the card to link no data: a card recorded in part could link some."""
    judged = datasets.judge(snap("lmsys/vicuna-13b-v1.5", code_repos=fastchat()))
    found = evaluation.Judged(judged.level, judged.notes, judged.rule)
    part = evaluation.Unknowns(readme_partial=True)
    assert evaluation.excluded_because("datasources_endmodel", found, part) == (
        "model card recorded in part"
    )
    assert evaluation.excluded_because("datasources_endmodel", found, evaluation.Unknowns()) == ""


def test_an_undecided_data_pair_without_a_declared_dataset_waits_on_the_whole_card():
    """A firm statement in the part not recorded would decide it (as preprint@5's citations)."""
    judged = datasets.judge(snap("internlm/AlchemistCoder-DS-6.7B"))
    found = evaluation.Judged(judged.level, judged.notes, judged.rule)
    part = evaluation.Unknowns(readme_partial=True)
    assert evaluation.excluded_because("datasources_endmodel", found, part) == (
        "model card recorded in part"
    )
    assert evaluation.excluded_because("datasources_endmodel", found, evaluation.Unknowns()) == ""


@pytest.mark.parametrize(
    ("text", "withheld"),
    [
        # Constructed sentences, one per reading of what is withheld.
        ("We will not release the training data or the code.", True),
        ("Our training data is not publicly available.", True),
        ("We will not release the code for data processing.", False),
        ("We do not release the model weights trained on this data.", False),
        ("We will not release the evaluation data.", False),
        ("The test set is not publicly available.", False),
    ],
)
def test_what_is_withheld_must_be_training_data(text, withheld):
    assert bool(datastatements.release_statements(text)) is withheld


def test_an_undecided_licence_waiting_on_the_data_waits_on_the_whole_card():
    """license@6 with the data part unknown (no dataset declared, a hedge only): a firm
    statement in the part of the card not recorded would make it "not open" and decide it."""
    hedged = gold_repo("lm-sys__FastChat").text.replace(FIRM, HEDGED)
    judged = projectlicense.judge(snap("lmsys/fastchat-t5-3b-v1.0", code_repos=fastchat(hedged)))
    assert judged.level == Level.NOT_ASSESSED
    found = evaluation.Judged(judged.level, judged.notes, judged.rule)
    part = evaluation.Unknowns(readme_partial=True)
    assert evaluation.excluded_because("licenses", found, part) == "model card recorded in part"
    assert evaluation.excluded_because("licenses", found, evaluation.Unknowns()) == ""
