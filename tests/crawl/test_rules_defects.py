"""The seven defects of issue 15, each on facts read from real public pages (URLs beside them).

Items from fixtures/hub follow the public repositories they are named after for the facts used
here (license, gating, lineage, datasets, file names; fixtures/hub/README.md); every other fact
is quoted from the page named in its comment. Defect 1 (derived models assessed before their
base) is tested in test_rules_rerun.py.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from openness.assessments.models import Evidence, Level
from openness.catalog.licenses import LicenseCategory, classify_license
from openness.crawl.rules import (
    datasets,
    documentation,
    lineage,
    projectlicense,
    weights,
)
from openness.crawl.rules.lineage import BaseFacts
from openness.crawl.snapshot import FetchedDocument

HUB = Path(settings.BASE_DIR) / "fixtures" / "hub"
AT = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def fixture_item(repo_id: str) -> dict:
    return json.loads((HUB / "models" / f"{repo_id.replace('/', '__')}.json").read_text())


def fixture_dataset(hub, dataset_id: str) -> FetchedDocument:
    data = json.loads((HUB / "datasets" / f"{dataset_id.replace('/', '__')}.json").read_text())
    return FetchedDocument(
        url=f"{hub.endpoint}/datasets/{dataset_id}",
        retrieved_at=AT,
        revision=data["sha"],
        data=data,
    )


def readme(text: str, sha: str = "a" * 40) -> FetchedDocument:
    return FetchedDocument(url="x", retrieved_at=AT, revision=sha, text=text)


def paper(arxiv_id: str, title: str) -> FetchedDocument:
    return FetchedDocument(
        url=f"https://huggingface.co/api/papers/{arxiv_id}",
        retrieved_at=AT,
        data={"id": arxiv_id, "title": title},
    )


# The first paragraph of tiiuae/falcon-7b's model card,
# https://huggingface.co/tiiuae/falcon-7b/resolve/refs%2Fpr%2F20/README.md
FALCON_7B_CARD = (
    "# Falcon-7B\n\n**Falcon-7B is a 7B parameters causal decoder-only model built by TII and "
    "trained on 1,500B tokens of [RefinedWeb](https://huggingface.co/datasets/tiiuae/"
    "falcon-refinedweb) enhanced with curated corpora. It is made available under the Apache "
    "2.0 license.**\n"
)
# From tiiuae/falcon-rw-7b's model card,
# https://huggingface.co/tiiuae/falcon-rw-7b/resolve/main/README.md
FALCON_RW_7B_CARD = (
    "# Falcon-RW-7B\n\n**Falcon-RW-7B is a 7B parameters causal decoder-only model built by TII "
    "and trained on 350B tokens of [RefinedWeb](https://huggingface.co/datasets/tiiuae/"
    "falcon-refinedweb).** See the [paper on arXiv](https://arxiv.org/abs/2306.01116) for more "
    "details.\n\nRefinedWeb is a high-quality web dataset built by leveraging stringent "
    "filtering and large-scale deduplication. Falcon-RW-7B, trained on RefinedWeb only, "
    "matches or outperforms comparable models trained on curated data.\n"
)


# 2. Training data is never open without a statement of completeness --------------------------


def test_falcon_7b_declaring_only_the_public_refinedweb_extract_is_not_open_data(hub):
    item = fixture_item("tiiuae/falcon-7b")  # declares tiiuae/falcon-refinedweb only
    snapshot = hub.snapshot(
        item,
        readme=readme(FALCON_7B_CARD, item["sha"]),
        datasets={"tiiuae/falcon-refinedweb": fixture_dataset(hub, "tiiuae/falcon-refinedweb")},
    )
    judgment = datasets.judge(snapshot)
    assert judgment.rule == "datasets@6"
    assert judgment.level == Level.PARTIAL
    assert "nothing states that they are all the training data" in judgment.notes


def test_a_card_saying_the_model_was_trained_on_the_declared_dataset_only_is_open(hub):
    item = {
        "id": "tiiuae/falcon-rw-7b",
        "sha": "b" * 40,
        "gated": False,
        "tags": ["dataset:tiiuae/falcon-refinedweb", "license:apache-2.0"],
        "cardData": {"datasets": ["tiiuae/falcon-refinedweb"], "license": "apache-2.0"},
    }  # the front matter of the card above
    snapshot = hub.snapshot(
        item,
        readme=readme(FALCON_RW_7B_CARD, item["sha"]),
        datasets={"tiiuae/falcon-refinedweb": fixture_dataset(hub, "tiiuae/falcon-refinedweb")},
    )
    judgment = datasets.judge(snapshot)
    assert judgment.level == Level.OPEN
    statement = judgment.evidence[-1]
    assert statement.kind == Evidence.Kind.MODEL_CARD
    assert "trained on RefinedWeb only" in statement.excerpt


# 3. A preprint counts only when the paper is about the model ----------------------------------


def test_a_placeholder_arxiv_id_is_no_preprint(hub):
    assert documentation.is_placeholder("0000.00000")
    assert not documentation.is_placeholder("2306.01116")
    item = {"id": "example/model", "sha": "c" * 40, "tags": ["arxiv:0000.00000"]}
    judgment = documentation.judge_preprint(hub.snapshot(item))
    assert judgment.level == Level.NOT_ASSESSED
    assert "placeholder" in judgment.notes


def test_falcon_7b_citing_flashattention_and_multiquery_has_no_preprint_of_its_own(hub):
    item = fixture_item("tiiuae/falcon-7b")  # arxiv:2205.14135, 1911.02150, 2101.00027
    papers = {  # titles as on arxiv.org/abs/<id>
        "2205.14135": paper(
            "2205.14135",
            "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness",
        ),
        "1911.02150": paper(
            "1911.02150", "Fast Transformer Decoding: One Write-Head is All You Need"
        ),
        "2101.00027": paper(
            "2101.00027", "The Pile: An 800GB Dataset of Diverse Text for Language Modeling"
        ),
    }
    judgment = documentation.judge_preprint(hub.snapshot(item, papers=papers))
    assert judgment.rule == "preprint@5"
    assert judgment.level == Level.NOT_ASSESSED
    assert "not about this model" in judgment.notes


def test_the_refinedweb_paper_naming_falcon_is_a_preprint_of_falcon_rw_7b(hub):
    # Title from https://aitopics.org/search?filters=authorsRaw%3ACojocaru%2C+Ruxandra
    title = (
        "The RefinedWeb Dataset for Falcon LLM: Outperforming Curated Corpora with Web Data, "
        "and Web Data Only"
    )
    item = {"id": "tiiuae/falcon-rw-7b", "sha": "b" * 40, "tags": ["arxiv:2306.01116"]}
    judgment = documentation.judge_preprint(
        hub.snapshot(item, papers={"2306.01116": paper("2306.01116", title)})
    )
    assert judgment.level == Level.OPEN
    assert "names falcon" in judgment.notes
    assert any(e.url == "https://arxiv.org/abs/2306.01116" for e in judgment.evidence)


# 4. No base declared: the base-model criteria are not copied from the end model ---------------


@pytest.mark.parametrize("repo_id", ["CohereLabs/command-a-reasoning-08-2025", "BlinkDL/rwkv7-g1"])
def test_a_post_trained_model_naming_no_base_leaves_its_base_criteria_not_assessed(hub, repo_id):
    snapshot = hub.snapshot(fixture_item(repo_id))
    end = weights.judge(snapshot)
    assert end.level in (Level.OPEN, Level.PARTIAL)
    found = lineage.judge(snapshot, base=None, weights=end, datasets=None)
    # lineage@1 copied the end-model weights judgment here; lineage@3 and @4 retract it (and
    # lineage@4 says why for the data criterion too, with no end-model data judgment given)
    assert {j.criterion: j.level for j in found} == {
        "weights_basemodel": Level.NOT_ASSESSED,
        "datasources_basemodel": Level.NOT_ASSESSED,
    }
    assert all(j.rule == "lineage@6" for j in found)


def test_a_repository_named_as_a_base_model_is_its_own_base(hub):
    snapshot = hub.snapshot(fixture_item("HuggingFaceTB/SmolLM3-3B-Base"))
    end = weights.judge(snapshot)
    found = lineage.judge(snapshot, base=None, weights=end, datasets=None)
    # lineage@4: with no end-model data judgment to mirror, the base's data is not assessed
    assert [(j.criterion, j.level) for j in found] == [
        ("weights_basemodel", end.level),
        ("datasources_basemodel", Level.NOT_ASSESSED),
    ]


# 6. Quantised copies and adapters of gated weights; trainer files are not weights -------------


def base_facts(level: str) -> BaseFacts:
    return BaseFacts(
        repo_id="meta-llama/Llama-3.1-8B-Instruct",
        page_url="https://openness.example/models/llama-3-1-8b-instruct/",
        hub_url="https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct",
        is_derived=True,
        levels={"weights_endmodel": (level, "automatic")},
    )


def test_an_ungated_quantised_copy_of_gated_llama_weights_is_no_more_than_partial(hub):
    # unsloth/Llama-3.1-8B-Instruct-bnb-4bit: not gated, quantized from the gated original
    snapshot = hub.snapshot(fixture_item("unsloth/Llama-3.1-8B-Instruct-bnb-4bit"))
    judgment = weights.judge(snapshot, base=base_facts(Level.PARTIAL))
    assert judgment.rule == "weights@2"
    assert judgment.level == Level.PARTIAL
    assert "quantised copy of meta-llama/Llama-3.1-8B-Instruct" in judgment.notes
    unknown_base = weights.judge(snapshot, base=None)
    assert unknown_base.level == Level.NOT_ASSESSED


def test_trainer_state_files_are_not_weights():
    # Files of https://huggingface.co/YasaminAbb/Idefics2-8b-multimodal/commit/658b2defe7310a1f155d5bb99d7bb2306753dfcc
    names = [
        "adapter_config.json",
        "adapter_model.safetensors",
        "generation_config.json",
        "optimizer.pt",
        "rng_state.pth",
        "scheduler.pt",
        "trainer_state.json",
        "training_args.bin",
    ]
    item = {"siblings": [{"rfilename": n} for n in names]}
    assert weights.weight_files(item) == ["adapter_model.safetensors"]
    alone = {"siblings": [{"rfilename": "training_args.bin"}], "tags": ["pytorch"]}
    assert weights.weight_files(alone) == []


def test_a_repository_holding_only_training_args_is_closed_whatever_its_tags(hub):
    item = {
        "id": "example/run",
        "sha": "d" * 40,
        "gated": False,
        "tags": ["pytorch"],  # the hub's library tag, not a file
        "siblings": [{"rfilename": "README.md"}, {"rfilename": "training_args.bin"}],
    }
    assert weights.judge(hub.snapshot(item)).level == Level.CLOSED


# 7. Licenses ----------------------------------------------------------------------------------


def test_an_osi_approved_license_makes_the_weights_part_open(hub):
    # HuggingFaceTB/SmolLM3-3B: license apache-2.0 (the index rates its licenses open, smollm.yaml)
    snapshot = hub.snapshot(fixture_item("HuggingFaceTB/SmolLM3-3B"))
    weights = projectlicense.parts(snapshot)[0]
    assert weights.name == "the weights" and weights.shown_open
    # license@4: the weights alone do not decide the project's level (listing item only).
    judgment = projectlicense.judge(snapshot)
    assert judgment.rule == "license@7"
    assert judgment.level == Level.NOT_ASSESSED


def test_the_grok_2_community_license_is_a_restricted_model_license(hub):
    # "the Grok 2 Community License ... prohibits training or creating new foundational models",
    # https://techx.pk/elon-musk-claims-grok-2-5-open-source-but-is-really-true
    info = classify_license("grok2-community")
    assert info.category is LicenseCategory.RESTRICTED
    item = {"id": "xai-org/grok-2", "sha": "e" * 40, "cardData": {"license": "grok2-community"}}
    snapshot = hub.snapshot(item, readme=readme("# Grok 2\n"))
    assert projectlicense.judge(snapshot).level == Level.CLOSED


def test_a_dataset_under_other_is_a_custom_license_not_a_model_license(hub):
    # bigcode/the-stack-v2-train declares license "other" and is gated (fixtures/hub)
    item = fixture_item("bigcode/starcoder2-15b")
    snapshot = hub.snapshot(
        item,
        datasets={"bigcode/the-stack-v2-train": fixture_dataset(hub, "bigcode/the-stack-v2-train")},
    )
    judgment = datasets.judge(snapshot)
    assert "custom license" in judgment.notes
    assert "Restricted model license" not in judgment.notes


# 5. Model cards are judged on content, not headings -------------------------------------------

# The Hub's default model card, huggingface_hub's modelcard_template.md rendered with no values
# (https://github.com/huggingface/huggingface_hub/blob/main/src/huggingface_hub/templates/modelcard_template.md,
# as shown at http://zoo.bimant.com/model/302236): every section heading, every body the
# template's "[More Information Needed]" default and its HTML comments.
TEMPLATE_SECTIONS = [
    ("#", "Model Card for Model ID", "Provide a quick summary of what the model is/does."),
    ("##", "Model Details", ""),
    ("###", "Model Description", "Provide a longer summary of what this model is."),
    ("###", "Model Sources [optional]", "Provide the basic links for the model."),
    ("##", "Uses", "Address questions around how the model is intended to be used."),
    ("###", "Direct Use", "This section is for the model use without fine-tuning."),
    ("###", "Out-of-Scope Use", "This section addresses misuse and malicious use."),
    ("##", "Bias, Risks, and Limitations", "Technical and sociotechnical limitations."),
    ("##", "Training Details", ""),
    ("###", "Training Data", "This should link to a Data Card."),
    ("###", "Training Procedure", "This relates heavily to the Technical Specifications."),
    ("##", "Evaluation", "This section describes the evaluation protocols."),
    ("###", "Results", ""),
]
TEMPLATE_CARD = "---\nlibrary_name: transformers\ntags: []\n---\n\n" + "\n".join(
    f"{level} {heading}\n\n<!-- {comment} -->\n\n[More Information Needed]\n"
    for level, heading, comment in TEMPLATE_SECTIONS
)

# tiiuae/falcon-rw-1b's model card at 1a8b638, headings and text as published,
# https://huggingface.co/tiiuae/falcon-rw-1b/resolve/1a8b638264dbc6f6a215d804123a94b0393ba18c/README.md
FALCON_RW_1B_CARD = """---
datasets:
- tiiuae/falcon-refinedweb
language:
- en
---

# Falcon-RW-1B

**Falcon-RW-1B is a 1B parameters causal decoder-only model built by [TII](https://www.tii.ae) and trained on 350B tokens of [RefinedWeb](https://huggingface.co/datasets/tiiuae/falcon-refinedweb). It is made available under the [TII Falcon LLM License](https://huggingface.co/tiiuae/falcon-rw-1b/blob/main/LICENSE.txt).**

RefinedWeb is a high-quality web dataset built by leveraging stringent filtering and large-scale deduplication. Falcon-RW-1B, trained on RefinedWeb only, matches or outperforms comparable models trained on curated data.

This model is intended for use as a research artifact, to study the influence of training on appropriately filtered web data alone.

# Model Card for Falcon-RW-1B

## Model Details

### Model Description

- **Developed by:** [https://www.tii.ae](https://www.tii.ae)
- **Model type:** Causal decoder-only
- **Language(s) (NLP):** English
- **License:** TII Falcon LLM License

### Model Source

- **Paper:** coming soon
- **Demo:** coming soon

## Uses

### Direct Use

Research on large language models, and the influence of adequately filtered and deduplicated web data on the properties of large language models (fairness, safety, limitations, capabilities, etc.).

### Out-of-Scope Use

Production use without adequate assessment of risks and mitigation; any use cases which may be considered irresponsible or harmful

## Bias, Risks, and Limitations

Falcon-RW models are trained on English data only, and will not generalize appropriately to other languages. Furthermore, as they are trained on a large-scale corpora representative of the web, they will carry the stereotypes and biases commonly encountered online

## Paper

More details coming soon in the paper.
"""  # noqa: E501


def test_the_hubs_empty_template_card_is_closed_however_many_headings_it_has(hub):
    assert len(documentation.headings(TEMPLATE_CARD)) == len(TEMPLATE_SECTIONS)
    snapshot = hub.snapshot(
        {"id": "example/model", "sha": "f" * 40}, readme=readme(TEMPLATE_CARD, "f" * 40)
    )
    judgment = documentation.judge_modelcard(snapshot)
    assert judgment.rule == "modelcard@3"
    assert judgment.level == Level.CLOSED


def test_a_short_real_card_with_content_in_some_sections_is_partial(hub):
    snapshot = hub.snapshot(
        {"id": "tiiuae/falcon-rw-1b", "sha": "1a8b638264dbc6f6a215d804123a94b0393ba18c"},
        readme=readme(FALCON_RW_1B_CARD, "1a8b638264dbc6f6a215d804123a94b0393ba18c"),
    )
    judgment = documentation.judge_modelcard(snapshot)
    assert judgment.level == Level.PARTIAL
    assert "intended uses" in judgment.notes and "limitations" in judgment.notes
    assert "missing or empty: training, evaluation, license" in judgment.notes


def test_a_paper_of_the_organisation_that_does_not_name_the_model_is_partial(hub):
    # LLM360's paper, as recorded in fixtures/hub-gold/papers/2312.06550.json from
    # https://www.emergentmind.com/papers/2312.06550: it releases Amber and CrystalCoder.
    record = {
        "id": "2312.06550",
        "title": "LLM360: Towards Fully Transparent Open-Source LLMs",
        "summary": "Presents LLM360, an initiative to fully open-source LLMs; as a first step it "
        "releases two 7B models pre-trained from scratch, Amber and CrystalCoder.",
    }
    doc = FetchedDocument(
        url="https://huggingface.co/api/papers/2312.06550", retrieved_at=AT, data=record
    )
    for repo_id, level in (("LLM360/CrystalChat", Level.PARTIAL), ("LLM360/Amber", Level.OPEN)):
        item = {"id": repo_id, "sha": "9" * 40, "tags": ["arxiv:2312.06550"]}
        judgment = documentation.judge_preprint(hub.snapshot(item, papers={"2312.06550": doc}))
        assert judgment.level == level, repo_id
