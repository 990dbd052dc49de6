"""Rule architecture@1: whether the system architecture and training setup are documented.

Rubric (hardware_architecture): open "system architecture and model training setup is fully
documented"; partial "partially documented"; closed "not documented".

What it reads:
- the architecture: the model's config (the API's `config` summary, else config.json at the
  commit): `architectures` / `model_type`, and the sizes (layers, hidden size, attention heads,
  vocabulary, context length) when config.json was read; or a model card section on the
  architecture (a heading naming it, or a line giving layers / hidden size / heads);
- the training setup: a model card line naming the training hardware (GPU or TPU types,
  GPU hours, accelerator counts, on a line that speaks of training or compute, so inference
  requirements do not count) and a section on training procedure or hyperparameters.

- open: the architecture (config with sizes, or the card) and the card's training hardware
  and training procedure are all documented;
- partial: some of it (a config naming the architecture, or the card documenting part);
- closed: the card was read and documents none of it, there is no config at all (the file
  list was read and has no config.json) and no preprint is linked that could document it;
- not assessed: nothing read could decide (card gated, no config, a preprint linked);
- neither card nor config fetched: no judgment.
"""

import re

from openness.crawl.rules.base import Evidence, EvidenceInput, Judgment, Level, quote, tag_values
from openness.crawl.rules.documentation import headings, readme_url
from openness.crawl.snapshot import HubSnapshot
from openness.lib.urls import is_http_url

RULE = "architecture@1"
CRITERION = "hardware_architecture"

SIZE_KEYS = (
    ("layers", ("num_hidden_layers", "n_layer", "num_layers", "n_layers")),
    ("hidden size", ("hidden_size", "n_embd", "d_model")),
    ("attention heads", ("num_attention_heads", "n_head", "num_heads")),
    ("vocabulary", ("vocab_size",)),
    ("context", ("max_position_embeddings", "n_positions", "seq_length", "max_seq_len")),
)
_HARDWARE = re.compile(
    r"\b(A100|H100|H200|H800|A800|V100|B200|GB200|GH200|L40S?|MI\s?(250X?|300X?)|"
    r"TPU\s?v\d\w*|TPUs?|GPU[- ]?hours?|\d[\d,]*\s*(x\s*)?(GPUs|GPU|nodes|accelerators))\b"
)
_ARCH_HEADING = re.compile(r"architecture|model (details|specification|summary)", re.I)
_ARCH_LINE = re.compile(
    r"\b(layers|hidden (size|dim)|attention heads|d_model|n_layers|num_layers|"
    r"decoder-only|encoder-decoder|mixture[- ]of[- ]experts|context length)\b",
    re.IGNORECASE,
)
_SETUP_HEADING = re.compile(
    r"training (procedure|details|setup|hyper-?parameters|infrastructure|configuration)|"
    r"hyper-?parameters|compute infrastructure|hardware|^training$",
    re.IGNORECASE,
)
_TRAINING_WORD = re.compile(r"train|hours|compute|cluster|supercomputer", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*(\n|\Z)", re.DOTALL)


def config_facts(data: dict) -> dict[str, object]:
    """{"architectures": [...], "model_type": ..., "layers": 32, ...} from a config."""
    facts: dict[str, object] = {}
    archs = data.get("architectures")
    if isinstance(archs, list) and all(isinstance(a, str) for a in archs) and archs:
        facts["architectures"] = archs[:3]
    if isinstance(data.get("model_type"), str) and data["model_type"]:
        facts["model_type"] = data["model_type"][:60]
    sources = [data]
    if isinstance(data.get("text_config"), dict):
        sources.append(data["text_config"])
    for label, keys in SIZE_KEYS:
        for source in sources:
            value = next((source[k] for k in keys if isinstance(source.get(k), int)), None)
            if value is not None:
                facts[label] = value
                break
    return facts


def _card_lines(text: str) -> list[str]:
    body = _FRONT_MATTER.sub("", text, count=1)
    body = re.sub(r"```.*?```", " ", body, flags=re.DOTALL)
    return [" ".join(line.split()) for line in body.splitlines() if line.strip()]


def card_facts(text: str) -> dict[str, str]:
    """{"architecture": quote, "hardware": quote, "setup": quote} found in a model card."""
    found: dict[str, str] = {}
    for heading in headings(text):
        if "architecture" not in found and _ARCH_HEADING.search(heading):
            found["architecture"] = f'heading "{heading[:80]}"'
        if "setup" not in found and _SETUP_HEADING.search(heading):
            found["setup"] = f'heading "{heading[:80]}"'
    for line in _card_lines(text):
        if line.startswith("#"):
            continue
        if "hardware" not in found and _HARDWARE.search(line) and _TRAINING_WORD.search(line):
            found["hardware"] = line[:200]
        if "architecture" not in found and _ARCH_LINE.search(line):
            found["architecture"] = line[:200]
    return found


def _siblings(item: dict) -> set[str] | None:
    value = item.get("siblings")
    if not isinstance(value, list):
        return None
    return {s.get("rfilename") for s in value if isinstance(s, dict)}


def judge(snapshot: HubSnapshot) -> Judgment | None:
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    readme = snapshot.readme
    card_read = readme is not None and not readme.error and isinstance(readme.text, str)
    config = snapshot.config
    config_read = config is not None and not config.error and isinstance(config.data, dict)
    if readme is None and config is None:
        return None
    evidence: list[EvidenceInput] = []
    arch = config_facts(config.data) if config_read else {}
    sized = any(label in arch for label, _ in SIZE_KEYS)
    if arch:
        url = config.url
        if config.revision and "/resolve/" in url:
            url = f"{snapshot.endpoint}/{snapshot.repo_id}/blob/{config.revision}/config.json"
        evidence.append(
            EvidenceInput(
                url=url if is_http_url(url) else snapshot.api_url(),
                title=f"Model config of {snapshot.repo_id}",
                excerpt=quote(arch),
                kind=Evidence.Kind.HUB_METADATA,
                retrieved_at=config.retrieved_at,
                revision=config.revision or snapshot.sha,
                rule=RULE,
            )
        )
    card = card_facts(readme.text) if card_read else {}
    for key in ("architecture", "hardware", "setup"):
        if key in card:
            evidence.append(
                EvidenceInput(
                    url=readme_url(snapshot),
                    title=f"Model card (README.md) of {snapshot.repo_id}",
                    excerpt=f"{key}: {card[key]}",
                    kind=Evidence.Kind.MODEL_CARD,
                    retrieved_at=readme.retrieved_at,
                    revision=readme.revision or snapshot.sha,
                    rule=RULE,
                )
            )
    architecture = sized or "architecture" in card
    shown = []
    if arch:
        shown.append("the config names " + ", ".join(f"{k} {v}" for k, v in arch.items()))
    shown += [
        f"the model card documents the {k}"
        for k in ("architecture", "hardware", "setup")
        if k in card
    ]
    if architecture and "hardware" in card and "setup" in card:
        level = Level.OPEN
        verdict = "The architecture, the training hardware and the training setup are documented"
    elif arch or card:
        level = Level.PARTIAL
        missing = [
            what
            for what, there in (
                ("the architecture's sizes", architecture),
                ("the training hardware", "hardware" in card),
                ("the training procedure", "setup" in card),
            )
            if not there
        ]
        verdict = "Part of the system is documented; not shown: " + ", ".join(missing)
    else:
        siblings = _siblings(item)
        no_config = config is None and siblings is not None and "config.json" not in siblings
        preprint = bool(tag_values(item, "arxiv"))
        if card_read and no_config and not preprint:
            return Judgment(
                CRITERION,
                Level.CLOSED,
                "Neither the model card nor a config documents the architecture or the "
                "training setup, and no preprint is linked.",
                RULE,
                (
                    EvidenceInput(
                        url=readme_url(snapshot),
                        title=f"Model card (README.md) of {snapshot.repo_id}",
                        excerpt="no architecture, hardware or training setup; no config.json",
                        kind=Evidence.Kind.MODEL_CARD,
                        retrieved_at=readme.retrieved_at,
                        revision=readme.revision or snapshot.sha,
                        rule=RULE,
                    ),
                ),
            )
        why = "the model card could not be read" if not card_read else "nothing read documents it"
        return Judgment(
            CRITERION,
            Level.NOT_ASSESSED,
            f"The architecture and training setup cannot be judged: {why}"
            + ("; a linked preprint may document them." if preprint else "."),
            RULE,
            (
                evidence
                or [
                    EvidenceInput(
                        url=readme_url(snapshot) if readme else snapshot.api_url(),
                        title=f"Model card (README.md) of {snapshot.repo_id}",
                        excerpt=f"README.md: {readme.error if readme else 'not fetched'}"[:300],
                        kind=Evidence.Kind.MODEL_CARD,
                        retrieved_at=readme.retrieved_at if readme else snapshot.retrieved_at,
                        revision=(readme.revision if readme else "") or snapshot.sha,
                        rule=RULE,
                    )
                ]
            )[:1],
        )
    notes = f"{verdict} ({'; '.join(shown)})."
    return Judgment(CRITERION, level, notes, RULE, tuple(evidence))
