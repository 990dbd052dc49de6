"""What a code repository's file tree and README show, read for the code rules (coderepo.py).

What a file tree shows (paths, never file contents):
- training code: a code file named for training (`train*.py`, `pretrain*`, `finetune*`, `sft*`,
  `dpo*`, `grpo*`, `rlhf*`, `ppo*`, ...) or inside a training directory (`train/`,
  `training/`, `finetune/`, `recipes/`, ...);
- data-processing code: code that builds, filters, cleans or prepares the training data. A
  code file named for it anywhere (`preprocess*`, `prepare_*data*`, `tokenize_data*`,
  `dedup*`, `clean*`, `shard*` but not a model's `sharding*`, `extract_*features`, ...; a
  model's own `tokenizer.py` is not), any code inside a folder named for it
  (`preprocessing/`, `data_prep/`, `sourcing/`, `data_collection/`, `dedup/`, ...), and,
  inside a generic data folder (`data/`, `datasets/`, `data_utils/`), a file whose name
  starts with or holds such a step as a word (`clean_sharegpt.py`, `filter_*`, `prepare*`,
  `split_*`, `generate_dataset.py`, `run_data_pipeline.sh`, ...). A data folder also holds
  the readers that feed training (a torch `Dataset` class such as `audio_dataset.py`,
  `gpt_dataset.py`, `raw_datasets.py`): they load the data, they do not make it, so they are
  not data-processing code. Nothing under an evaluation or test folder (`eval/`,
  `benchmarks/`, `tests/`) counts: it handles benchmark data, not training data;
- inference-only code: code files, none of them for training or data processing.
A truncated tree (GitHub cuts very large ones) can show that a file is there, never that it
is absent.

Documentation is read from the README's headings, pages under a docs/ folder (anywhere in the
tree) and a folder's own README ("training/README.md" documents training); headings about
inference or evaluation are not training documentation. A heading documents what it names
first (its first three words; the README's title only its first word), never the project's
name: "OpenChat: Advancing Open-source Language Models with Imperfect Data" documents no data.
"""

import re
from dataclasses import dataclass

from openness.catalog.licenses import LicenseCategory, classify_license
from openness.crawl.github.repos import NOT_FOUND
from openness.crawl.rules.base import record_readable
from openness.crawl.rules.documentation import headings, leveled_headings
from openness.crawl.snapshot import FetchedDocument, HubSnapshot
from openness.lib.urls import is_http_url

CODE_EXTENSIONS = (
    ".py", ".sh", ".ipynb", ".cpp", ".cc", ".cu", ".c", ".rs", ".go", ".jl", ".js", ".ts",
    ".java", ".scala", ".lua",
)  # fmt: skip
CONFIG_EXTENSIONS = (".yaml", ".yml", ".json", ".toml", ".gin", ".cfg")
_TRAIN_NAME = re.compile(
    r"^(train|training|pretrain|pre_train|finetun|fine_tun|sft|dpo|grpo|rlhf|ppo|reward_model)"
    r"|[_-](train(ing)?|pretrain(ing)?|finetun(e|ing)|sft|dpo)\b",
    re.IGNORECASE,
)
_TRAIN_DIR = re.compile(
    r"^(\w+[_-])?(train|training|trainer|train_scripts|pre[-_]?train|pre[-_]?training|"
    r"finetune|finetuning|fine[-_]tuning|sft|dpo|rlhf|grpo|recipes|post[-_]?training)$",
    re.IGNORECASE,
)
_DATA_NAME = re.compile(
    r"(preprocess|prepare[_-]?\w*data|data[_-]?prep|process[_-]?data|build[_-]?dataset|"
    r"make[_-]?dataset|create[_-]?\w*(data|mix|corpus)|tokeniz\w*[_-](data|dataset|corpus)|"
    r"pretokeniz|dedup|decontam|^clean|filter[_-]?data|download[_-]?data|"
    r"^(un)?shard(?!ing)|shard[_-]?(data|dataset|corpus)|(make|create|write)[_-]?shards|"
    r"mix(ture)?[_-]?data|extract[_-]?\w*features)",
    re.IGNORECASE,
)
# Code under these folders builds, cleans or prepares the training data: every file counts.
_DATA_DIR = re.compile(
    r"^(data[_-]?processing|preprocessing|preprocess|data[_-]?prep|data[_-]?collection|"
    r"\w+[_-]collection|sourcing|dedup|deduplication|decontamination|tokenization|"
    r"\w*data[_-]?clean\w*|data[_-]?pipeline)$",
    re.IGNORECASE,
)
# Generic data folders hold the data's readers (torch Dataset classes, loaders) beside the
# scripts that make it: a file there counts when its name names a processing step.
_GENERIC_DATA_DIR = re.compile(r"^(data|datasets|data[_-]?utils)$", re.IGNORECASE)
_DATA_STEP = re.compile(
    r"(^|[_-])(clean\w*|filter\w*|dedup\w*|prepare\w*|preprocess\w*|process\w*|split\w*|"
    r"generate\w*|build\w*|create\w*|make\w*|convert\w*|download\w*|extract\w*|sample|sampling|"
    r"mix\w*|collect\w*|crawl\w*|scrape\w*|annotate\w*|decontam\w*|pipeline)([_.-]|$)",
    re.IGNORECASE,
)
# Benchmark data, not training data.
_EVAL_DIR = re.compile(r"^(evals?|evaluation|benchmarks?|tests?|testing)$", re.IGNORECASE)
# "Pretrained Models" and "Fine-tuned checkpoints" list models; "Training" and "Fine-tune" say
# how to make one.
_TRAIN_HEADING = re.compile(r"train(?!ed)|fine-?tun(?!ed)|reproduc|replicat", re.IGNORECASE)
# "Training Data" is about the data, "Inference on finetuned checkpoints" about inference.
_NOT_TRAINING = re.compile(
    r"inferenc|evaluat|serv(e|ing)|deploy|train\w*[\s_-]+(data|set|corpus)", re.IGNORECASE
)
# "Tokenization" and a "pretokenizer" prepare data; a model's "Tokenizer" does not.
_DATA_HEADING = re.compile(r"\bdata|preprocess|pretokeniz|tokeniz(?!er)", re.IGNORECASE)
# Results on datasets, benchmark data and downloads of released data document no processing,
# unless the heading names a processing step too ("Downloading and preprocessing the data").
_NOT_DATA = re.compile(r"result|benchmark|evaluat|inferenc|download", re.IGNORECASE)
_DATA_STEP_WORD = re.compile(
    r"prepar|process|clean|filter|dedup|pretokeniz|tokeniz(?!er)", re.IGNORECASE
)
# A heading names its subject first: the keyword must be among its first words, so a long
# title that ends in one ("OpenChat: Advancing Open-source Language Models with Imperfect
# Data", "Results on novel datasets not seen in training") documents neither.
SUBJECT_WORDS = 3
_WORD_TOKEN = re.compile(r"[^\W\d_][\w'-]*")
_DOCS_DIR = re.compile(r"(^|/)(docs?|documentation|tutorials?)/", re.IGNORECASE)
_DOC_FILE = (".md", ".rst", ".txt", ".ipynb", ".html")
_NESTED_README = re.compile(r"/README(\.\w+)?$", re.IGNORECASE)  # "training/README.md"
MIN_README_CHARS = 400


@dataclass(frozen=True)
class RepoCode:
    """What one fetched repository shows."""

    url: str  # the repository's page
    name: str  # "owner/name"
    branch: str
    revision: str  # the git tree sha
    retrieved_at: object
    license: dict | None
    license_known: bool
    tree_read: bool
    truncated: bool
    code_files: tuple[str, ...]
    training: tuple[str, ...]
    data: tuple[str, ...]
    docs: tuple[str, ...]
    readme: str | None  # text; None when there is none or it was not read
    readme_absent: bool  # GitHub said there is no README
    readme_path: str = ""

    @property
    def license_category(self) -> LicenseCategory:
        if not self.license_known:
            return LicenseCategory.UNKNOWN
        if self.license is None:
            return LicenseCategory.NONE
        spdx = self.license.get("spdx_id") or self.license.get("key") or ""
        return classify_license(spdx).category

    @property
    def license_text(self) -> str:
        if not self.license_known:
            return "license unknown"
        if self.license is None:
            return "no license"
        return self.license.get("spdx_id") or self.license.get("key") or "unnamed license"

    def file_url(self, path: str) -> str:
        return f"{self.url}/blob/{self.branch}/{path}" if self.branch else self.url


def _in_dir(path: str, pattern: re.Pattern) -> bool:
    return any(pattern.match(part) for part in path.split("/")[:-1])


def is_data_processing(path: str) -> bool:
    """Whether a code file's path says it builds, filters, cleans or prepares training data
    (not a reader that loads it, not benchmark data)."""
    if _in_dir(path, _EVAL_DIR):
        return False
    name = path.rsplit("/", 1)[-1]
    if _DATA_NAME.search(name) or _in_dir(path, _DATA_DIR):
        return True
    return _in_dir(path, _GENERIC_DATA_DIR) and bool(_DATA_STEP.search(name))


def read_repo(doc: FetchedDocument) -> RepoCode | None:
    """The facts of one fetched repository; None when it could not be read."""
    if not record_readable(doc):
        return None
    data = doc.data
    tree = data.get("tree") if isinstance(data.get("tree"), dict) else None
    paths = []
    if tree and isinstance(tree.get("paths"), list):
        paths = [
            p[0]
            for p in tree["paths"]
            if isinstance(p, list)
            and p
            and isinstance(p[0], str)
            and (p[1:] or ["blob"])[0] != "tree"
        ]
    code = [p for p in paths if p.lower().endswith(CODE_EXTENSIONS)]
    runnable = [p for p in paths if p.lower().endswith(CODE_EXTENSIONS + CONFIG_EXTENSIONS)]
    training = [
        p for p in runnable if _TRAIN_NAME.search(p.rsplit("/", 1)[-1]) or _in_dir(p, _TRAIN_DIR)
    ]
    training = [p for p in training if not _DOCS_DIR.search(p)]
    data_code = [p for p in code if is_data_processing(p)]
    docs = [
        p
        for p in paths
        if (_DOCS_DIR.search(p) and p.lower().endswith(_DOC_FILE)) or _NESTED_README.search(p)
    ]
    html = data.get("html_url") if isinstance(data.get("html_url"), str) else ""
    url = html if is_http_url(html) else doc.url
    readme_path = data.get("readme_path")
    return RepoCode(
        url=url.rstrip("/"),
        name=str(data.get("full_name") or url.removeprefix("https://github.com/")),
        branch=str(data.get("default_branch") or ""),
        revision=doc.revision,
        retrieved_at=doc.retrieved_at,
        license=data.get("license") if isinstance(data.get("license"), dict) else None,
        license_known=data.get("license_known") is not False,
        tree_read=tree is not None,
        truncated=bool(tree and tree.get("truncated")),
        code_files=tuple(code),
        training=tuple(sorted(training, key=len)),
        data=tuple(sorted(data_code, key=len)),
        docs=tuple(docs),
        readme=doc.text if isinstance(doc.text, str) else None,
        readme_absent=readme_path is None,
        readme_path=readme_path if isinstance(readme_path, str) else "",
    )


# Name words that say nothing of which model a file is for: sizes, versions, variants.
_NOT_A_MODEL_WORD = re.compile(
    r"^(\d+(\.\d+)?[kmbt]?|v\d+|\d+k|base|chat|instruct|it|hf|large|medium|small|mini|tiny|"
    r"xl|xxl|model|sft|dpo|preview|beta|alpha|ultra)$",
    re.IGNORECASE,
)


def file_name_words(repo_id: str) -> list[str]:
    """The words of a model repository's name that a file made for it would carry: "fastchat"
    and "t5" for lmsys/fastchat-t5-3b-v1.0 (a word of letters needs 4 of them, one with a digit
    2). Not documentation.model_words, which reads paper titles for the family and owner."""
    words = re.split(r"[-_.\s]+", repo_id.rsplit("/", 1)[-1].lower())
    return [
        w
        for w in words
        if not _NOT_A_MODEL_WORD.match(w)
        and re.search(r"[a-z]", w)
        and (len(w) >= 4 or (len(w) >= 2 and re.search(r"\d", w)))
    ]


def own_first(paths: tuple[str, ...], repo_id: str) -> tuple[str, ...]:
    """The paths, those whose file name holds one of the model's name words first (FastChat's
    `train_flant5.py` for fastchat-t5, before Vicuna's `train.py`); otherwise as they were."""
    words = file_name_words(repo_id)
    named = [p for p in paths if any(w in p.rsplit("/", 1)[-1].lower() for w in words)]
    return tuple(named + [p for p in paths if p not in named])


def repos(snapshot: HubSnapshot) -> tuple[list[RepoCode], list[str]]:
    """(repositories read, repository URLs that could not be read)."""
    found, failed = [], []
    for url, doc in (snapshot.code_repos or {}).items():
        repo = read_repo(doc)
        if repo is None:
            failed.append(url)
        else:
            found.append(repo)
    return found, failed


def gone(snapshot: HubSnapshot) -> list[str]:
    """The linked repository URLs GitHub answered 404 for (removed, private, or a name that
    never existed), when every linked repository is such: a lasting answer, unlike a timeout
    or a rate limit, after which the stored judgment stands. Empty otherwise."""
    docs = snapshot.code_repos or {}
    if not docs or any(getattr(doc, "error", "") != NOT_FOUND for doc in docs.values()):
        return []
    return list(docs)


def doc_sections(repo: RepoCode) -> tuple[list[str], list[str]]:
    """(training headings or doc pages, data headings or doc pages) in the README and docs/."""
    train: list[str] = []
    data: list[str] = []
    for heading, title in _readme_headings(repo):
        # A title documents its subject only when it opens with it ("Training Fietje"): the
        # project's name ("amber-train") or a tagline ("AudioCraft training pipelines") does not.
        subject = _subject(heading, 1 if title else SUBJECT_WORDS)
        if _TRAIN_HEADING.search(subject) and not _NOT_TRAINING.search(heading):
            train.append(heading)
        if _DATA_HEADING.search(subject) and (
            not _NOT_DATA.search(heading) or _DATA_STEP_WORD.search(heading)
        ):
            data.append(heading)
    # "Inference on finetuned checkpoints" is about inference; headings naming training first.
    train.sort(key=lambda h: not re.match(r"\W*(pre-?)?train|\W*fine-?tun", h, re.I))
    train = [f'README: "{h[:80]}"' for h in train]
    data = [f'README: "{h[:80]}"' for h in data]
    # A docs page names its subject in its file name; a nested README in its folder's name.
    train += [p for p in repo.docs if _TRAIN_HEADING.search(_doc_subject(p))]
    data += [p for p in repo.docs if _DATA_HEADING.search(_doc_subject(p))]
    return train, data


def _readme_headings(repo: RepoCode) -> list[tuple[str, bool]]:
    """[(heading, whether it is a title)] of the README, the project-name headings left out.

    The title is the README's first heading when no heading is above its level; a project-name
    heading starts with the repository's name and ends there or goes on after a colon, dash or
    bracket ("OpenChat: Advancing ...", "amber-train", "MAP-NEO: A fully open-sourced ...")."""
    found = leveled_headings(repo.readme) if repo.readme else []
    if not found:
        return []
    top = min(level for level, _ in found)
    project = _project_heading(repo.name)
    return [
        (heading, index == 0 and level == top)
        for index, (level, heading) in enumerate(found)
        if not project.match(heading)
    ]


def _project_heading(full_name: str) -> re.Pattern:
    parts = [p for p in re.split(r"[-_.\s]+", full_name.rsplit("/", 1)[-1]) if p]
    name = r"[-_.\s]*".join(re.escape(p) for p in parts) or r"(?!)"
    return re.compile(rf"^\W*{name}\s*([:\uff1a|(\u2013\u2014-]|$)", re.IGNORECASE)


def _subject(heading: str, count: int) -> str:
    """A heading's first words, numbering, emoji and punctuation left out."""
    return " ".join(_WORD_TOKEN.findall(heading)[:count])


def _doc_subject(path: str) -> str:
    parts = path.split("/")
    return "/".join(parts[-2:]) if _NESTED_README.search(path) else parts[-1]


def is_documented(repo: RepoCode) -> bool:
    return bool(repo.docs) or bool(
        repo.readme and (len(repo.readme) >= MIN_README_CHARS or len(headings(repo.readme)) >= 3)
    )
