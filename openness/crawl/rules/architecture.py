"""Rule architecture@3: whether the hardware and the training setup are documented.

Rubric (hardware_architecture): the question "Is the hardware architecture used for
datasource processing and model training comprehensively documented?"; open "system
architecture and model training setup is fully documented"; partial "partially documented";
closed "not documented". The system is the hardware the model was trained on, not the model's
own architecture (its layers and heads, which the model card criterion covers).

What it reads:
- the training hardware: a model card line naming it (GPU or TPU types, GPU hours, accelerator
  counts, on a line that speaks of training or compute, so inference requirements do not
  count) or a section on the hardware or compute infrastructure;
- the training setup: a section on the training procedure, details or hyperparameters;
- the model's architecture (the config's `architectures` and sizes, a card section on it) is
  cited beside them but decides nothing.

- open: the training hardware and the training setup are both documented;
- partial: the training hardware without the setup;
- closed: the card was read whole (or does not exist) and does not name the training
  hardware (a training setup alone documents how the model was trained, not on what), and no
  preprint is linked that could document it: no `arxiv:` tag, and no arXiv paper linked or
  cited in the card's text (a badge linking arxiv.org, a Hub paper page, "arXiv:2403.04692");
- not assessed: the card could not be read, or it does not name the hardware and a preprint
  is linked;
- neither card nor config fetched: no judgment.

v2 (from architecture@1): the model's architecture alone (a config, a "Model Details" heading)
or a training section without the hardware no longer makes the criterion partial: the first
answers what the model is, the second how it was trained, not on what hardware. On the gold
set every one of architecture@1's seven decided pairs was such a partial, and the experts
called three of them closed and three open (docs/rules.md, "Fourth round").

v3 (from architecture@2): a preprint linked or cited in the card's text counts, not only an
`arxiv:` tag. architecture@2 read the tags alone, so a card whose arXiv link the tags lack
(PixArt-Sigma's badge linking arXiv 2403.04692, Fietje 2's citation of arXiv 2412.15450) was
called closed although the paper may document the hardware. And a README fetched but not read
whole (over the size limit, not UTF-8) is never taken for a missing card
(documentation.readme_failure reads the hub's status, not any "404" in the message).
"""

import re

from openness.crawl.rules.base import Evidence, EvidenceInput, Judgment, Level, quote, tag_values
from openness.crawl.rules.documentation import (
    card_arxiv_ids,
    headings,
    readme_failure,
    readme_url,
)
from openness.crawl.snapshot import HubSnapshot
from openness.lib.urls import is_http_url

RULE = "architecture@3"
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
_HARDWARE_HEADING = re.compile(
    r"hardware|compute infrastructure|training infrastructure|compute resources", re.IGNORECASE
)
# A heading on what the model needs to run ("Hardware requirements") is not its training system.
_RUNNING_HEADING = re.compile(r"requirement|inference|deploy|serving|running", re.IGNORECASE)
_SETUP_HEADING = re.compile(
    r"training (procedure|details|setup|hyper-?parameters|configuration)|hyper-?parameters|"
    r"^training$",
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
        hardware = _HARDWARE_HEADING.search(heading) and not _RUNNING_HEADING.search(heading)
        if "hardware" not in found and hardware:
            found["hardware"] = f'heading "{heading[:80]}"'
    for line in _card_lines(text):
        if line.startswith("#"):
            continue
        if "hardware" not in found and _HARDWARE.search(line) and _TRAINING_WORD.search(line):
            found["hardware"] = line[:200]
        if "architecture" not in found and _ARCH_LINE.search(line):
            found["architecture"] = line[:200]
    return found


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
    shown = []
    if arch:
        shown.append("the config names " + ", ".join(f"{k} {v}" for k, v in arch.items()))
    shown += [
        f"the model card documents the {k}"
        for k in ("architecture", "hardware", "setup")
        if k in card
    ]
    missing = [
        what
        for what, key in (("the training hardware", "hardware"), ("the training setup", "setup"))
        if key not in card
    ]
    if not missing:
        level = Level.OPEN
        verdict = "The training hardware and the training setup are documented"
    elif "hardware" in card:
        level = Level.PARTIAL
        verdict = "The training hardware is documented; not shown: " + missing[0]
    else:
        missing_card = readme is not None and readme_failure(readme.error or "") == "missing"
        card_whole = card_read or (readme is not None and bool(readme.error) and missing_card)
        cited = card_arxiv_ids(readme.text) if card_read else []
        preprint = bool(tag_values(item, "arxiv")) or bool(cited)
        if card_whole and not preprint:
            return Judgment(
                CRITERION,
                Level.CLOSED,
                "The model card does not document the training hardware, and no preprint is "
                "linked" + (f" (what it shows: {'; '.join(shown)})." if shown else "."),
                RULE,
                (
                    EvidenceInput(
                        url=readme_url(snapshot),
                        title=f"Model card (README.md) of {snapshot.repo_id}",
                        excerpt=(
                            "no training hardware"
                            if card_read
                            else "does not exist (README.md answers 404)"
                        ),
                        kind=Evidence.Kind.MODEL_CARD,
                        retrieved_at=readme.retrieved_at,
                        revision=readme.revision or snapshot.sha,
                        rule=RULE,
                    ),
                    *evidence[:1],
                ),
            )
        why = "the model card could not be read" if not card_read else "nothing read documents it"
        return Judgment(
            CRITERION,
            Level.NOT_ASSESSED,
            f"The training hardware and setup cannot be judged: {why}"
            + (
                "; a linked preprint may document them"
                + (f" (the card cites arXiv {', '.join(cited[:3])})." if cited else ".")
                if preprint
                else "."
            ),
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
