"""Rule architecture@2 (hardware_architecture): the training hardware and setup in the model
card; the config and the model's architecture are cited but decide nothing."""

import json

from openness.assessments.models import Level
from openness.crawl.rules import architecture
from openness.crawl.snapshot import FetchedDocument

from .conftest import RETRIEVED_AT
from .evidence_docs import HUB_FIXTURES

GOLD = HUB_FIXTURES.parent / "hub-gold"

SHA = "3e0ac98781d8e3c07f15735cc408577750a1c42e"
CARD = """---
license: apache-2.0
---
# Example model

## Model architecture
A decoder-only transformer with 32 layers and grouped-query attention.

## Training procedure
Trained for 300B tokens on 512 A100 GPUs over three weeks (about 80,000 GPU hours).

## Hardware requirements
It runs on 2 GPUs with 24GB each.
"""


def text_doc(text, error=""):
    return FetchedDocument(
        url=f"http://127.0.0.1:18300/x/resolve/{SHA}/README.md",
        retrieved_at=RETRIEVED_AT,
        revision=SHA,
        text=None if error else text,
        error=error,
    )


def pythia_config() -> FetchedDocument:
    """The recorded config of EleutherAI/pythia-6.9b, as enrichment reads config.json."""
    data = json.loads((HUB_FIXTURES / "configs" / "EleutherAI__pythia-6.9b.json").read_text())
    return FetchedDocument(
        url=f"http://127.0.0.1:18300/EleutherAI/pythia-6.9b/resolve/{SHA}/config.json",
        retrieved_at=RETRIEVED_AT,
        revision=SHA,
        data=data,
    )


def item(**extra):
    return {"id": "EleutherAI/pythia-6.9b", "sha": SHA, "tags": [], **extra}


def test_the_recorded_pythia_config_is_cited_but_decides_nothing(hub):
    judged = architecture.judge(hub.snapshot(item(), config=pythia_config()))
    assert judged.level == Level.NOT_ASSESSED  # the card was not read
    assert judged.rule == "architecture@3"
    cited = judged.evidence[0]
    assert cited.url == f"{hub.endpoint}/EleutherAI/pythia-6.9b/blob/{SHA}/config.json"
    assert cited.revision == SHA
    assert '"layers": 32' in cited.excerpt and '"hidden size": 4096' in cited.excerpt


def gold_card(repo: str) -> FetchedDocument:
    return text_doc((GOLD / "readmes" / f"{repo.replace('/', '__')}.md").read_text())


def test_a_card_on_the_models_architecture_alone_documents_no_training_system(hub):
    # suno/bark's recorded card (fixtures/hub-gold): "Model Details" and "Architecture" sections
    # on the model's three transformers, no training hardware or setup, no arXiv tag. The index
    # rates Bark's hardware_architecture closed; architecture@1 called it partial.
    judged = architecture.judge(hub.snapshot(item(id="suno/bark"), readme=gold_card("suno/bark")))
    assert judged.level == Level.CLOSED
    assert "(what it shows: the model card documents the architecture)" in judged.notes


def test_a_training_section_without_hardware_is_closed(hub):
    # lmsys/fastchat-t5-3b-v1.0's card (fixtures/hub-gold, from a blame view): "Model details"
    # and "Training details" (epochs, learning rate), no hardware, no arXiv tag. The index
    # rates its hardware_architecture closed, as it does vicuna-13b-v1.5's ("Training Details").
    repo = "lmsys/fastchat-t5-3b-v1.0"
    judged = architecture.judge(hub.snapshot(item(id=repo), readme=gold_card(repo)))
    assert judged.level == Level.CLOSED
    assert "does not document the training hardware" in judged.notes
    assert "the model card documents the setup" in judged.notes


def test_the_training_hardware_without_a_setup_is_partial(hub):
    card = "# M\n\nThe model was trained on 64 A100 GPUs.\n"
    judged = architecture.judge(hub.snapshot(item(), readme=text_doc(card)))
    assert judged.level == Level.PARTIAL
    assert "not shown: the training setup" in judged.notes


def test_hardware_requirements_to_run_the_model_are_not_its_training_hardware():
    facts = architecture.card_facts("# M\n\n## Hardware requirements\n" + "word " * 30)
    assert "hardware" not in facts
    facts = architecture.card_facts("# M\n\n## Compute Infrastructure\n" + "word " * 30)
    assert facts["hardware"] == 'heading "Compute Infrastructure"'


def test_architecture_hardware_and_training_setup_together_are_open(hub):
    judged = architecture.judge(hub.snapshot(item(), config=pythia_config(), readme=text_doc(CARD)))
    assert judged.level == Level.OPEN
    excerpts = [e.excerpt for e in judged.evidence]
    assert any(e.startswith("hardware: Trained for 300B tokens on 512 A100 GPUs") for e in excerpts)


def test_inference_hardware_is_not_training_hardware():
    facts = architecture.card_facts("# M\n\nIt runs on 2 GPUs with 24GB each.\n")
    assert "hardware" not in facts


def test_the_api_config_summary_is_used_without_fetching_config_json(hub):
    summary = FetchedDocument(
        url=f"{hub.endpoint}/api/models/a/b/revision/{SHA}",
        retrieved_at=RETRIEVED_AT,
        revision=SHA,
        data={"architectures": ["LlamaForCausalLM"], "model_type": "llama"},
    )
    judged = architecture.judge(hub.snapshot(item(), config=summary))
    assert judged.level == Level.NOT_ASSESSED
    assert "LlamaForCausalLM" in judged.evidence[0].excerpt


def test_nothing_documented_anywhere_is_closed(hub):
    bare = item(siblings=[{"rfilename": "model.gguf"}, {"rfilename": "README.md"}])
    judged = architecture.judge(hub.snapshot(bare, readme=text_doc("# M\n\nA model.\n")))
    assert judged.level == Level.CLOSED


def test_a_linked_preprint_may_document_it_so_absence_is_not_assessed(hub):
    bare = item(siblings=[{"rfilename": "model.gguf"}], tags=["arxiv:2304.01373"])
    judged = architecture.judge(hub.snapshot(bare, readme=text_doc("# M\n\nA model.\n")))
    assert judged.level == Level.NOT_ASSESSED


def test_a_gated_card_without_config_is_not_assessed_and_nothing_read_is_no_judgment(hub):
    judged = architecture.judge(hub.snapshot(item(), readme=text_doc(None, error="GatedRepo")))
    assert judged.level == Level.NOT_ASSESSED
    assert architecture.judge(hub.snapshot(item())) is None


def test_malformed_configs_read_as_nothing():
    assert architecture.config_facts({"architectures": "x", "num_hidden_layers": "32"}) == {}
    assert architecture.config_facts({"text_config": {"num_hidden_layers": 40}}) == {"layers": 40}
