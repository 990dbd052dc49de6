"""Rules repocode@4 (trainingcode) and codedocs@4 (code), on hand-made repositories and on
the recorded real ones served by the loopback GitHub."""

import pytest

from openness.assessments.models import Level
from openness.crawl.github import repos
from openness.crawl.rules import coderepo, judge_snapshot

from .evidence_docs import repo_doc

TRAIN = ("scripts/train.py", "scripts/prepare_data.py", "src/model.py")


@pytest.fixture
def recorded(crawl_settings, testhub):
    from django.core.cache import cache

    cache.clear()
    return {
        name: repos.fetch_repository(*name.split("/"))
        for name in ("allenai/OLMo", "EleutherAI/pythia", "meta-llama/llama")
    }


def snap(hub, *docs, readme=None):
    item = {"id": "example-org/m", "sha": "1" * 40, "tags": []}
    return hub.snapshot(item, code_repos={d.url: d for d in docs}, readme=readme)


def test_olmo_training_and_data_code_under_apache_is_open(hub, recorded):
    snapshot = snap(hub, recorded["allenai/OLMo"])
    training = coderepo.judge_trainingcode(snapshot)
    assert training.level == Level.OPEN
    assert training.rule == coderepo.TRAININGCODE_RULE
    cited = {e.excerpt: e for e in training.evidence}
    train = cited["training code: scripts/train.py"]
    assert train.url == "https://github.com/allenai/OLMo/blob/main/scripts/train.py"
    assert train.revision == "8ec280970204d46b7ba4f16d03ba3aa258515f65"
    assert train.retrieved_at is not None
    assert any("prepare_" in e.excerpt for e in training.evidence)
    assert any('"spdx_id": "Apache-2.0"' in e.excerpt for e in training.evidence)


def test_olmo_code_documentation_covers_training_and_data(hub, recorded):
    judged = coderepo.judge_code(snap(hub, recorded["allenai/OLMo"]))
    assert judged.level == Level.OPEN
    assert judged.rule == coderepo.CODE_RULE
    excerpts = " ".join(e.excerpt for e in judged.evidence)
    assert 'training documented: README: "Training"' in excerpts
    assert "data documented" in excerpts


def test_llama_inference_code_in_a_partial_tree_cannot_show_training_code_is_absent(hub, recorded):
    snapshot = snap(hub, recorded["meta-llama/llama"])
    training = coderepo.judge_trainingcode(snapshot)
    assert training.level == Level.NOT_ASSESSED
    assert "only partly read" in training.notes
    # llama/tokenizer.py is the model's tokenizer, not data processing
    assert not any("data processing" in e.excerpt for e in training.evidence)
    assert coderepo.judge_code(snapshot).level == Level.NOT_ASSESSED


def test_inference_code_only_in_a_complete_tree_is_closed(hub):
    doc = repo_doc(("llama/generation.py", "llama/model.py", "example_chat_completion.py"))
    snapshot = snap(hub, doc)
    training = coderepo.judge_trainingcode(snapshot)
    assert training.level == Level.CLOSED
    assert "none of it for training or data processing" in training.notes
    assert coderepo.judge_code(snapshot).level == Level.CLOSED


def test_pythia_configs_and_data_utilities_without_a_training_script_are_partial(hub, recorded):
    snapshot = snap(hub, recorded["EleutherAI/pythia"])
    training = coderepo.judge_trainingcode(snapshot)
    assert training.level == Level.PARTIAL
    assert "utils/shard_memmap.py" in " ".join(e.excerpt for e in training.evidence)
    assert "(tree truncated)" in training.notes


def test_the_best_repository_decides_among_several(hub, recorded):
    snapshot = snap(hub, recorded["meta-llama/llama"], recorded["allenai/OLMo"])
    assert coderepo.judge_trainingcode(snapshot).level == Level.OPEN


@pytest.mark.parametrize("license_id", ["CC-BY-NC-4.0", None, "NOASSERTION"])
def test_never_open_on_a_license_that_is_not_osi_approved(hub, license_id):
    snapshot = snap(hub, repo_doc(TRAIN, license_id=license_id))
    assert coderepo.judge_trainingcode(snapshot).level == Level.PARTIAL
    assert coderepo.judge_code(snapshot).level == Level.PARTIAL


def test_an_unread_license_is_no_evidence_either_way(hub):
    snapshot = snap(hub, repo_doc(TRAIN, license_known=False))
    for judged in (coderepo.judge_trainingcode(snapshot), coderepo.judge_code(snapshot)):
        assert judged.level == Level.NOT_ASSESSED
        assert "open if it is OSI-approved" in judged.notes


def test_training_without_data_processing_is_partial(hub):
    doc = repo_doc(("train.py", "model.py"))
    judged = coderepo.judge_trainingcode(snap(hub, doc))
    assert judged.level == Level.PARTIAL
    assert "no data-processing code" in judged.notes


def test_a_repository_without_code_files_is_not_assessed(hub):
    doc = repo_doc(("paper.pdf", "README.md"))
    judged = coderepo.judge_trainingcode(snap(hub, doc))
    assert judged.level == Level.NOT_ASSESSED


def test_no_readme_and_no_docs_in_a_complete_tree_is_closed(hub):
    doc = repo_doc(("train.py", "preprocess.py"), readme=None, readme_absent=True)
    judged = coderepo.judge_code(snap(hub, doc))
    assert judged.level == Level.CLOSED
    assert judged.evidence[0].excerpt == "no README; no docs/ directory"


def test_a_truncated_tree_never_shows_that_docs_are_absent(hub):
    doc = repo_doc(("train.py",), readme=None, readme_absent=True, truncated=True)
    assert coderepo.judge_code(snap(hub, doc)).level == Level.NOT_ASSESSED


def test_a_docs_directory_documents_training(hub):
    paths = ("train.py", "tokenize_data.py", "docs/training.md", "docs/data.md")
    judged = coderepo.judge_code(snap(hub, repo_doc(paths, readme="# x\n")))
    assert judged.level == Level.OPEN
    assert any(e.url.endswith("/blob/main/docs/training.md") for e in judged.evidence)


def test_no_linked_repository_leaves_code_not_assessed_when_the_card_was_read(hub):
    snapshot = snap(hub, readme=hub.readme("full"))
    judged = coderepo.judge_code(snapshot)
    assert judged.level == Level.NOT_ASSESSED
    assert coderepo.judge_code(snap(hub)) is None  # nothing read: no judgment
    assert coderepo.judge_trainingcode(snapshot) is None


def test_unreadable_repositories_leave_the_stored_judgments_standing(hub):
    snapshot = snap(hub, repo_doc(error="HTTP 503"), readme=hub.readme("full"))
    assert coderepo.judge_code(snapshot) is None
    codes = {j.criterion: j.rule for j in judge_snapshot(snapshot)}
    assert "code" not in codes and "trainingcode" not in codes


def test_a_linked_repository_github_does_not_know_is_not_assessed_saying_so(hub, recorded):
    # cvssp/audioldm2's card links https://github.com/haoheliu/audioldm2, which the loopback
    # GitHub does not hold: the real client gets 404 and keeps "NotFound". A lasting answer, so
    # both criteria are not assessed, naming the repository (repocode@3 and codedocs@3 made no
    # judgment at all, and the model page could not say why).
    gone = repos.fetch_repository("haoheliu", "audioldm2")
    assert gone.error == repos.NOT_FOUND
    snapshot = snap(hub, gone, readme=hub.readme("full"))
    judged = {j.criterion: j for j in judge_snapshot(snapshot)}
    for criterion, rule in (
        ("trainingcode", coderepo.TRAININGCODE_RULE),
        ("code", coderepo.CODE_RULE),
    ):
        assert judged[criterion].level == Level.NOT_ASSESSED
        assert judged[criterion].rule == rule
        assert "https://github.com/haoheliu/audioldm2" in judged[criterion].notes
        assert "404" in judged[criterion].notes
        (cited,) = judged[criterion].evidence
        assert cited.url == "https://github.com/haoheliu/audioldm2" and cited.retrieved_at


def test_a_gone_repository_beside_one_that_failed_for_now_leaves_the_judgments_standing(hub):
    # One repository gone, another timing out: the second may be read next time, and then
    # decide, so the stored judgments stand, as with any failure that may pass.
    snapshot = snap(
        hub,
        repo_doc(name="a/gone", error=repos.NOT_FOUND),
        repo_doc(name="a/slow", error="HTTP 503"),
        readme=hub.readme("full"),
    )
    assert coderepo.judge_code(snapshot) is None
    assert coderepo.judge_trainingcode(snapshot) is None
    codes = {j.criterion for j in judge_snapshot(snapshot)}
    assert "code" not in codes and "trainingcode" not in codes


def test_judge_snapshot_prefers_the_repository_over_the_link(hub, recorded):
    with_repo = {j.criterion: j for j in judge_snapshot(snap(hub, recorded["allenai/OLMo"]))}
    assert with_repo["trainingcode"].rule == coderepo.TRAININGCODE_RULE
    assert with_repo["code"].rule == coderepo.CODE_RULE
    link_only = {j.criterion: j for j in judge_snapshot(snap(hub, readme=hub.readme("full")))}
    assert link_only["trainingcode"].rule == "trainingcode@1"


def test_a_folders_own_readme_documents_what_the_folder_holds(hub):
    paths = ("training/finetune.sh", "training/README.md", "data/prepare_data.py", "data/README.md")
    judged = coderepo.judge_code(snap(hub, repo_doc(paths, readme="# x\n")))
    assert judged.level == Level.OPEN
    assert any(e.url.endswith("/blob/main/training/README.md") for e in judged.evidence)


def test_one_complete_openly_licensed_repository_is_enough_among_several(hub):
    partial = repo_doc(("train.py",), name="a/inference-and-training", license_id=None)
    complete = repo_doc(TRAIN, name="a/everything")
    snapshot = snap(hub, partial, complete)
    assert coderepo.judge_trainingcode(snapshot).level == Level.OPEN
    assert coderepo.judge_code(snapshot).level == Level.OPEN


# codedocs@3: a heading documents what it names first, never the project's name or tagline.

CODE = ("train.py", "scripts/clean_data.py", "model.py")


def _sections(readme, *, name="example-org/example", paths=CODE):
    from openness.crawl.rules import codetree

    return codetree.doc_sections(codetree.read_repo(repo_doc(paths, name=name, readme=readme)))


def test_a_project_title_ending_in_data_documents_no_data_processing(hub):
    readme = (
        "# OpenChat: Advancing Open-source Language Models with Imperfect Data\n\n"
        "## Installation\n\n## Training\n\nThe deepspeed command.\n"
    )
    judged = coderepo.judge_code(snap(hub, repo_doc(CODE, name="imoneoi/openchat", readme=readme)))
    assert judged.rule == coderepo.CODE_RULE
    assert judged.level == Level.PARTIAL
    assert "no documentation of data processing" in judged.notes
    assert judged.evidence[0].excerpt == 'training documented: README: "Training"'
    # The same title as an HTML heading, and in another repository (not its name), is a title.
    html = readme.replace("# OpenChat: ", '<h1 align="center">OpenChat: ', 1).replace(
        "Imperfect Data\n", "Imperfect Data</h1>\n", 1
    )
    assert "</h1>" in html
    assert _sections(html, name="imoneoi/openchat") == (['README: "Training"'], [])
    assert _sections(readme, name="example-org/chat") == (['README: "Training"'], [])


@pytest.mark.parametrize(
    "heading",
    [
        "## Results on novel datasets not seen in training (`num_beams`=4)",
        "## Model & DATA Downloads",
        "## Evaluation data",
        "## Benchmarks on public datasets",
    ],
)
def test_a_heading_that_only_mentions_data_documents_no_processing(heading):
    train, data = _sections(f"# Example project\n\n## Usage\n\n{heading}\n")
    assert data == [] and train == []


@pytest.mark.parametrize(
    "heading",
    [
        "## Data preparation",
        "## 3. Data Preparation",
        "### Dataset choices",
        "## Downloading and preprocessing the data",
        "## Tokenization",
        "## 🚀 Data",
    ],
)
def test_a_heading_that_names_data_first_documents_it(heading):
    assert _sections(f"# Example project\n\n## Usage\n\n{heading}\n")[1] == [
        f'README: "{heading.lstrip("# ")}"'
    ]


@pytest.mark.parametrize(
    "heading, documents",
    [
        ("## Training", True),
        ("## Get Started Training", True),
        ("## Fine-tune and Others", True),
        ("## Continue-pretraining phase", True),
        ("## Steps to reproduce the model", True),
        ("## Pretrained Models", False),
        ("## Fine-tuned checkpoints", False),
        ("## Training Data", False),
        ("## Inference on finetuned checkpoints", False),
        ("## Models trained with this library", False),
    ],
)
def test_a_heading_documents_training_only_when_it_names_training_first(heading, documents):
    train, _ = _sections(f"# Example project\n\n## Usage\n\n{heading}\n")
    assert bool(train) is documents, train


def test_the_readme_title_counts_only_when_it_opens_with_the_subject():
    assert _sections("# Training Fietje\n\n## Supervised-finetuning phase\n")[0][0] == (
        'README: "Training Fietje"'
    )
    assert _sections("# AudioCraft training pipelines\n\n## Environment setup\n")[0] == []
    # The repository's own name is no training documentation, wherever it stands.
    assert _sections("# amber-train\n", name="LLM360/amber-train")[0] == []
    assert _sections("## Usage\n\n## amber-train\n", name="LLM360/amber-train")[0] == []
    # A heading that goes on from the name without a colon is a section: it counts.
    assert _sections("# Usage\n\n## Amber-train Training\n", name="LLM360/amber-train")[0] == [
        'README: "Amber-train Training"'
    ]


def test_a_model_tokenizer_page_is_not_data_documentation():
    from openness.crawl.rules import codetree

    def data_pages(*docs):
        repo = codetree.read_repo(repo_doc(CODE + docs, readme="# x\n"))
        return codetree.doc_sections(repo)[1]

    assert data_pages("docs/tokenizer.md", "docs/sampling.md") == []
    assert data_pages("docs/tokenization.md") == ["docs/tokenization.md"]
    assert data_pages("model/pretokenizer/README.md") == ["model/pretokenizer/README.md"]


# repocode@3: the training file cited is the model's own where the repository trains several.


def test_the_training_file_that_names_the_model_is_cited(hub):
    from openness.crawl.rules import codetree

    paths = ("fastchat/train/train.py", "fastchat/train/train_flant5.py", "fastchat/data/clean.py")
    doc = repo_doc(paths, name="lm-sys/FastChat")

    def cited(model):
        item = {"id": model, "sha": "1" * 40, "tags": []}
        judged = coderepo.judge_trainingcode(hub.snapshot(item, code_repos={doc.url: doc}))
        assert judged.rule == coderepo.TRAININGCODE_RULE and judged.level == Level.OPEN
        return judged.evidence[0].excerpt

    assert cited("lmsys/fastchat-t5-3b-v1.0") == "training code: fastchat/train/train_flant5.py"
    assert cited("lmsys/vicuna-13b-v1.5") == "training code: fastchat/train/train.py"
    assert codetree.file_name_words("lmsys/fastchat-t5-3b-v1.0") == ["fastchat", "t5"]
    assert codetree.file_name_words("google/gemma-3-27b-it") == ["gemma"]
    assert codetree.file_name_words("microsoft/phi-4") == []
