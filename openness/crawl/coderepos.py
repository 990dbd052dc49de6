"""Which code repositories a model links, and reading them onto its snapshot at enrichment.

Hub-neutral: the links come from what a hub snapshot holds (paper records' `githubRepo`,
github.com links in the model card and in cardData) and from the curated files' evidence
links for curated models; the repositories are read through openness/crawl/github/, the only
code that talks to GitHub.

Which links count, best first: the curated files' links; the paper records' code links;
repositories owned by the model's organisation or named like the model; then any other
github.com repository that is not general-purpose tooling (transformers, llama.cpp, vLLM,
evaluation harnesses, ...). At most GITHUB_MAX_REPOS_PER_MODEL are read.
"""

import re
from dataclasses import replace

from django.conf import settings

from openness.assessments.models import Evidence, Track
from openness.catalog.models import AIModel
from openness.crawl.github import repos as github_repos
from openness.crawl.snapshot import HubSnapshot

# Repositories that model cards link for installing, serving, quantising or evaluating a
# model, never for its own training code (owner/name, lower case).
TOOLING_REPOS = frozenset(
    {
        "huggingface/transformers",
        "huggingface/peft",
        "huggingface/trl",
        "huggingface/accelerate",
        "huggingface/text-generation-inference",
        "huggingface/huggingface_hub",
        "huggingface/datasets",
        "huggingface/optimum",
        "huggingface/lighteval",
        "huggingface/diffusers",
        "ggerganov/llama.cpp",
        "ggml-org/llama.cpp",
        "vllm-project/vllm",
        "sgl-project/sglang",
        "ollama/ollama",
        "eleutherai/lm-evaluation-harness",
        "openai/human-eval",
        "lm-sys/fastchat",
        "nvidia/tensorrt-llm",
        "microsoft/deepspeed",
        "pytorch/pytorch",
        "mlc-ai/mlc-llm",
        "oobabooga/text-generation-webui",
        "abetlen/llama-cpp-python",
        "unslothai/unsloth",
        "hiyouga/llama-factory",
        "axolotl-ai-cloud/axolotl",
        "turboderp/exllamav2",
        "autogptq/autogptq",
        "casper-hansen/autoawq",
        "dao-ailab/flash-attention",
        "badges/shields",
        "open-compass/opencompass",
        "bigcode-project/bigcode-evaluation-harness",
    }
)
# Owners whose other repositories are tooling too, unless named like the model.
TOOLING_OWNERS = frozenset(
    {"huggingface", "ggerganov", "ggml-org", "vllm-project", "ollama", "pytorch", "shields"}
)
_GITHUB_URL = re.compile(r"https?://(?:www\.)?github\.com/[A-Za-z0-9][^\s\"'<>)\]}|`*,;]*")
MAX_CARD_VALUES = 200


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _named_like(name: str, model_name: str) -> bool:
    repo, model = _squash(name), _squash(model_name)
    return len(repo) >= 4 and (repo in model or (len(model) >= 4 and model in repo))


def _card_strings(value, found: list[str]) -> None:
    if len(found) >= MAX_CARD_VALUES:
        return
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, list):
        for element in value[:MAX_CARD_VALUES]:
            _card_strings(element, found)
    elif isinstance(value, dict):
        for element in list(value.values())[:MAX_CARD_VALUES]:
            _card_strings(element, found)


def _curated_links(model: AIModel | None) -> list[str]:
    if model is None or not model.is_curated:
        return []
    rows = (
        Evidence.objects.filter(
            assessment__model=model,
            assessment__track=Track.EDITORIAL,
            retracted_at__isnull=True,
            url__icontains="github.com",
        )
        .order_by("assessment__criterion__code", "id")
        .values_list("assessment__criterion__code", "url")
    )
    # The code criteria's links first: they are the ones curators chose as the code.
    ordered = sorted(rows, key=lambda row: row[0] not in ("trainingcode", "code"))
    return [url for _, url in ordered]


def code_repo_links(snapshot: HubSnapshot, model: AIModel | None = None) -> list[str]:
    """Repository URLs ("https://github.com/owner/name") worth reading, best first."""
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    author = snapshot.repo_id.split("/", 1)[0] if "/" in snapshot.repo_id else ""
    model_name = snapshot.repo_id.rsplit("/", 1)[-1]
    ranked: dict[str, int] = {}

    def consider(url: str, rank: int, *, trusted: bool) -> None:
        found = github_repos.repository_of(url)
        if found is None:
            return
        owner, name = found
        key = f"{owner}/{name}".lower()
        if not trusted:
            # The model's own account (spelt with or without punctuation: lm-sys is lmsys) or
            # a repository named like the model is the model's own code, even when others
            # use it as tooling (lm-sys/FastChat trained Vicuna).
            if _squash(owner) == _squash(author) or _named_like(name, model_name):
                rank = min(rank, 2)
            elif key in TOOLING_REPOS or owner.lower() in TOOLING_OWNERS:
                return
        canonical = github_repos.repository_url(owner, name)
        known = next((u for u in ranked if u.lower() == canonical.lower()), None)
        if known is None:
            ranked[canonical] = rank
        else:
            ranked[known] = min(ranked[known], rank)

    for url in _curated_links(model):
        consider(url, 0, trusted=True)
    for doc in (snapshot.papers or {}).values():
        if doc is not None and not doc.error and isinstance(doc.data, dict):
            value = doc.data.get("githubRepo")
            if isinstance(value, str):
                consider(value, 1, trusted=False)
    texts: list[str] = []
    card = item.get("cardData")
    _card_strings(card, texts)
    readme = snapshot.readme
    if readme is not None and not readme.error and isinstance(readme.text, str):
        texts.append(readme.text)
    for text in texts:
        for url in _GITHUB_URL.findall(text):
            consider(url.rstrip(".:"), 3, trusted=False)
    ordered = sorted(ranked, key=lambda url: ranked[url])  # stable: first seen first
    return ordered[: settings.GITHUB_MAX_REPOS_PER_MODEL]


def snapshot_with_code_repos(*, snapshot: HubSnapshot, model: AIModel | None) -> HubSnapshot:
    """The snapshot with every linked code repository read (each an error note if it failed)."""
    fetched = {}
    for url in code_repo_links(snapshot, model):
        owner, name = github_repos.repository_of(url)
        fetched[url] = github_repos.fetch_repository(owner, name)
    return replace(snapshot, code_repos=fetched)
