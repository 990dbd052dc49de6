"""repocode@3 and codedocs@3 on every GitHub record of the gold set (fixtures/hub-gold/code/),
served by the loopback GitHub: the file tree is read as the recorder read it, and no judgment
is open on a license that is not known to be OSI-approved, or closed on a partial tree."""

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from openness.assessments.models import Level
from openness.crawl.github import repos
from openness.crawl.rules import coderepo, codetree
from openness.crawl.testhub import TestHub

from .conftest import _forget_rate_limits

GOLD = Path(django_settings.BASE_DIR) / "fixtures" / "hub-gold"
RECORDS = sorted((GOLD / "code" / "github").glob("*.json"))
pytestmark = pytest.mark.skipif(not RECORDS, reason="no gold set in this checkout")


@pytest.fixture(scope="module")
def read():
    """Every gold record fetched through the GitHub client: {stem: (record, document)}."""
    with TestHub(GOLD) as hub, pytest.MonkeyPatch.context() as patch:
        patch.setattr(django_settings, "GITHUB_API_URL", f"{hub.url}/github-api")
        patch.setattr(django_settings, "HUB_BACKOFF_SECONDS", 0)
        patch.setattr(django_settings, "HUB_RATE_LIMIT_RESERVE", 0)
        cache.clear()
        _forget_rate_limits()
        found = {}
        for path in RECORDS:
            owner, name = path.stem.split("__", 1)
            found[path.stem] = (
                json.loads(path.read_text()),
                repos.fetch_repository(owner, name),
            )
        return found


def snap(hub, doc):
    return hub.snapshot({"id": "x/y", "sha": "1" * 40, "tags": []}, code_repos={doc.url: doc})


def test_every_record_is_served_and_read(read):
    for stem, (record, doc) in read.items():
        assert doc.error == "", stem
        assert doc.data["full_name"].lower() == stem.replace("__", "/", 1).lower()
        unknown = " ".join(record.get("_unknown", []))
        assert doc.data["license_known"] is ("repo.license" not in unknown), stem


def test_the_tree_is_read_as_the_recorder_read_it(read):
    """Training and data-processing code found from file names, against the recorder's reading
    (which also read READMEs). Facts the recorder does not know are not counted, and neither is
    code not found in a partial tree: that says nothing (the rules do not read it as absent)."""
    compared = agreed = 0
    for stem, (record, doc) in read.items():
        repo = codetree.read_repo(doc)
        facts = record.get("facts") or {}
        for fact, found in (
            ("has_training_code", bool(repo.training)),
            ("has_data_processing_code", bool(repo.data)),
        ):
            said = repo.tree_read and (found or not repo.truncated)
            if isinstance(facts.get(fact), bool) and said:
                compared += 1
                agreed += facts[fact] == found
    assert compared >= 10
    assert agreed / compared >= 0.8, (agreed, compared)


def test_never_open_unless_the_license_is_known_and_osi_approved(read, hub):
    for stem, (_, doc) in read.items():
        repo = codetree.read_repo(doc)
        snapshot = snap(hub, doc)
        for judged in (coderepo.judge_trainingcode(snapshot), coderepo.judge_code(snapshot)):
            if judged is not None and judged.level == Level.OPEN:
                assert repo.license_known and repo.license_text not in ("", "NOASSERTION"), stem


def test_a_partial_tree_is_never_read_as_missing_documentation(read, hub):
    for stem, (_, doc) in read.items():
        repo = codetree.read_repo(doc)
        judged = coderepo.judge_code(snap(hub, doc))
        if repo.truncated and judged is not None:
            assert judged.level != Level.CLOSED, stem


def test_data_processing_is_code_that_makes_the_data_not_code_that_loads_it(read):
    """repocode@2: a torch Dataset reader in a data folder is not data-processing code, a
    script that cleans, filters or prepares the data is (the recorded trees, file names as the
    stored file index shows them)."""
    data = {stem: codetree.read_repo(doc).data for stem, (_, doc) in read.items()}
    code = {stem: codetree.read_repo(doc).code_files for stem, (_, doc) in read.items()}
    # Readers that feed training: there, and not data processing.
    for stem, reader in (
        ("facebookresearch__audiocraft", "audiocraft/data/audio_dataset.py"),
        ("facebookresearch__audiocraft", "audiocraft/data/music_dataset.py"),
        ("bigcode-project__Megatron-LM", "megatron/data/gpt_dataset.py"),
        ("apple__corenet", "corenet/data/datasets/language_modeling/general_lm.py"),
        ("01-ai__Yi", "finetune/utils/data/raw_datasets.py"),
        ("PixArt-alpha__PixArt-sigma", "diffusion/data/datasets/InternalData.py"),
    ):
        assert reader in code[stem] and reader not in data[stem], (stem, reader)
    # Benchmark configurations and a model-sharding example are not training-data code.
    assert data["InternLM__AlchemistCoder"] == ()
    assert data["google-deepmind__gemma"] == ()
    # Scripts that make the training data still count.
    for stem, script in (
        ("lm-sys__FastChat", "fastchat/data/clean_sharegpt.py"),
        ("lm-sys__FastChat", "fastchat/data/split_long_conversation.py"),
        ("imoneoi__openchat", "ochat/data/filter_sharegpt.py"),
        ("imoneoi__openchat", "ochat/data/run_data_pipeline.sh"),
        ("bigcode-project__Megatron-LM", "tools/preprocess_data.py"),
        ("PixArt-alpha__PixArt-sigma", "tools/extract_features.py"),
        ("microsoft__WaveCoder", "src/data/raw_code_collection/main.py"),
        ("togethercomputer__OpenChatKit", "data/OIG/prepare.py"),
    ):
        assert script in data[stem], (stem, script)


def test_audiocraft_shows_training_code_without_data_processing(read, hub):
    """MusicGen's linked repository: training code (train.py, the MusicGen solver) under MIT,
    and no script that makes training data among the files recorded, so repocode@2 says
    partial where repocode@1 said open on the strength of its dataset readers."""
    _, doc = read["facebookresearch__audiocraft"]
    judged = coderepo.judge_trainingcode(snap(hub, doc))
    assert judged.rule == coderepo.TRAININGCODE_RULE
    assert judged.level == Level.PARTIAL
    assert "audio_dataset.py" not in judged.notes


def test_openchat_title_heading_is_no_data_documentation(read, hub):
    """codedocs@3 on imoneoi/openchat's recorded README (commit 2262adb): its title "OpenChat:
    Advancing Open-source Language Models with Imperfect Data" names the project, not its data
    processing; the Training section documents training, nothing documents the ShareGPT
    scripts under ochat/data/. Partial, as the index rates openchat-3.6-8b's code ("only some
    of it is documented"); codedocs@2 said open."""
    _, doc = read["imoneoi__openchat"]
    repo = codetree.read_repo(doc)
    assert repo.data and repo.training  # the scripts are there
    assert codetree.doc_sections(repo) == (['README: "Training"'], [])
    judged = coderepo.judge_code(snap(hub, doc))
    assert judged.rule == coderepo.CODE_RULE
    assert judged.level == Level.PARTIAL
    assert "no documentation of data processing" in judged.notes
    assert not any("Imperfect Data" in e.excerpt for e in judged.evidence)


def test_no_readme_heading_counted_is_a_title_or_a_passing_mention(read):
    """Across every recorded README: the headings codedocs@2 counted for the project's name,
    a tagline, a results table, a model list or a tokenizer page are gone, and every one that
    names training or data first stays."""
    found = {
        stem: codetree.doc_sections(codetree.read_repo(doc)) for stem, (_, doc) in read.items()
    }
    counted = " ".join(" ".join(t + d) for t, d in found.values())
    for gone in (
        "Imperfect Data",  # imoneoi/openchat's title
        "Multi-source Data",  # InternLM/AlchemistCoder's title
        "Results on novel datasets",  # defog-ai/sqlcoder's results table
        '"Pretrained Models"',  # EleutherAI/gpt-neox's model list
        '"amber-train"',  # LLM360/amber-train's name
        '"AudioCraft training pipelines"',  # docs/TRAINING.md's title
        "Model & DATA Downloads",  # MAP-NEO's download links
        "docs/tokenizer.md",  # google-deepmind/gemma's tokenizer page
    ):
        assert gone not in counted, gone
    # openai/whisper's model card: "Training Data" is about the data, not about training.
    assert found["openai__whisper"] == ([], ['README: "Training Data"'])
    kept = {
        "imoneoi__openchat": (['README: "Training"'], []),
        "facebookresearch__audiocraft": (
            ['README: "Training pipelines"', "docs/TRAINING.md"],
            ["docs/DATASETS.md"],
        ),
        # FastChat's README, recorded from the eleventh round (commit 3969476): its
        # "Fine-tuning" sections document training, its "Data" section the ShareGPT cleaning.
        "lm-sys__FastChat": (
            [
                'README: "Fine-tuning"',
                'README: "Fine-tuning Vicuna-7B with Local GPUs"',
                'README: "Fine-tuning on Any Cloud with SkyPilot"',
                "docs/training.md",
                "docs/training_with_template.md",
            ],
            ['README: "Data"', "docs/commands/data_cleaning.md", "docs/dataset_release.md"],
        ),
        "bigscience-workshop__xmtf": (['README: "Training"'], ['README: "Data"']),
        "databrickslabs__dolly": (['README: "Get Started Training"'], ["data/README.md"]),
        "togethercomputer__RedPajama-Data": ([], ["data_prep/README.md"]),
    }
    for stem, sections in kept.items():
        assert found[stem] == sections, stem
    assert found["BramVanroy__fietje-2"][0][0] == 'README: "Training Fietje"'
    assert found["LAION-AI__Open-Assistant"][1][:2] == [
        'README: "Dataset choices"',
        'README: "Dataset sub-sampling"',
    ]
    assert found["EleutherAI__gpt-neox"] == (
        ['README: "Training and Finetuning"', "post-training/README.md"],
        ['README: "Datasets"', "tools/datasets/README.md"],
    )


def test_fastchat_t5_is_cited_for_its_own_trainer(read, hub):
    """lm-sys/FastChat's recorded tree holds Vicuna's trainer and FastChat-T5's
    (fastchat/train/train_flant5.py): for lmsys/fastchat-t5-3b-v1.0 repocode@3 cites the
    latter, where repocode@2 cited train.py, Vicuna's. The level is open either way."""
    _, doc = read["lm-sys__FastChat"]
    item = {"id": "lmsys/fastchat-t5-3b-v1.0", "sha": "1" * 40, "tags": []}
    judged = coderepo.judge_trainingcode(hub.snapshot(item, code_repos={doc.url: doc}))
    assert judged.rule == coderepo.TRAININGCODE_RULE
    assert judged.level == Level.OPEN
    assert judged.evidence[0].excerpt == "training code: fastchat/train/train_flant5.py"
    assert "training code such as fastchat/train/train_flant5.py" in judged.notes


def test_starcoder2_self_align_holds_the_instruct_models_trainer_and_data_pipeline(read, hub):
    """bigcode-project/starcoder2-self-align (eleventh pass), which StarCoder2-15B-Instruct's
    card links as its code: the trainer its README runs (src/star_align/train.py) and the
    self-alignment data pipeline (seed filtering, generation, execution filter, cleaning,
    deduplication), Apache-2.0 by its pyproject.toml, the README documenting both: open for
    both code criteria, as the curated StarCoder.yaml rates them."""
    _, doc = read["bigcode-project__starcoder2-self-align"]
    item = {"id": "bigcode/starcoder2-15b-instruct-v0.1", "sha": "1" * 40, "tags": []}
    snapshot = hub.snapshot(item, code_repos={doc.url: doc})
    training = coderepo.judge_trainingcode(snapshot)
    documented = coderepo.judge_code(snapshot)
    assert (training.level, documented.level) == (Level.OPEN, Level.OPEN)
    assert "src/star_align/train.py" in training.notes
