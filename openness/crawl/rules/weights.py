"""Rule weights@2: are the end model's weights on the hub, and can anyone download them?

- Weight files present and the repository not gated: open.
- Weight files present and gated (`"auto"` or `"manual"`: downloads need accepting conditions
  or an approval): partial, as the EU index rates gated downloads.
- The full file list (`siblings`) holds no weight file and no safetensors/gguf summary: closed.
- The repository is disabled (`"disabled": true`, e.g. taken down): closed, whatever it holds.
- The item does not say (no `siblings`, no `safetensors`/`gguf` summary, no weight format tag),
  or weights are present but the item does not say whether they are gated: no judgment.
- A quantised copy or an adapter (`baseModels` relation `quantized` or `adapter`) is no more
  open than the weights it was made from: its level is the lower of its own and its base's
  end-model weights judgment (curated track first); when the base is not assessed in the
  catalog, not assessed. (An adapter is not usable without its base's weights; a quantised
  copy of gated weights does not make them open.)

Weight files: *.safetensors, *.bin, *.gguf, *.pt, *.pth, *.onnx, *.ckpt, *.h5, *.msgpack,
except the trainer's own state (`training_args.bin`, `optimizer.*`, `scheduler.*`,
`rng_state*.pth`, `scaler.pt`), which holds no weights. The hub's
safetensors/gguf summaries and its `safetensors`, `gguf` and `onnx` tags (computed from weight
files) count too; the `pytorch` tag, which also follows the library, only when the item carries
no file list.

v2 (from weights@1): trainer-state files are not weights; the `pytorch` tag does not override a
file list; quantised copies and adapters are bounded by their base.
"""

import re

from openness.crawl.rules.base import Judgment, Level, api_evidence, gated, quote, tags
from openness.crawl.rules.lineage import lineage
from openness.crawl.snapshot import HubSnapshot

RULE = "weights@2"
CRITERION = "weights_endmodel"

WEIGHT_SUFFIXES = (
    ".safetensors",
    ".bin",
    ".gguf",
    ".pt",
    ".pth",
    ".onnx",
    ".ckpt",
    ".h5",
    ".msgpack",
)
# Tags the hub computes from the files in the repository.
WEIGHT_FORMAT_TAGS = ("safetensors", "gguf", "onnx", "pytorch")
FILE_FORMAT_TAGS = ("safetensors", "gguf", "onnx")  # only ever computed from weight files
# Files a trainer writes beside a checkpoint that hold no model weights.
NOT_WEIGHTS = re.compile(
    r"(^|/)(training_args\.bin|optimizer\.\w+|scheduler\.\w+|scaler\.pt|rng_state[^/]*\.pth"
    r"|trainer_state\.\w+)$",
    re.IGNORECASE,
)
BOUNDED_RELATIONS = ("quantized", "adapter")
_RANK = {Level.CLOSED: 0, Level.PARTIAL: 1, Level.OPEN: 2}
_SHOWN_FILES = 5


def file_names(item: dict) -> list[str] | None:
    """Every file name in `siblings`; None when the item carries no readable file list."""
    siblings = item.get("siblings") if isinstance(item, dict) else None
    if not isinstance(siblings, list):
        return None
    names = [
        s["rfilename"]
        for s in siblings
        if isinstance(s, dict) and isinstance(s.get("rfilename"), str)
    ]
    return names if names or not siblings else None


def weight_files(item: dict) -> list[str] | None:
    """Weight file names from `siblings`; None when the item carries no file list."""
    names = file_names(item)
    if names is None:
        return None
    return sorted(
        n for n in names if n.lower().endswith(WEIGHT_SUFFIXES) and not NOT_WEIGHTS.search(n)
    )


def _summary_present(item: dict, key: str) -> bool:
    value = item.get(key) if isinstance(item, dict) else None
    return isinstance(value, dict) and bool(value)


def judge(snapshot: HubSnapshot, *, base=None) -> Judgment | None:
    """The end-model weights judgment, or None when the item does not say.

    `base` is the catalog's BaseFacts of the declared base (lineage.py), read for quantised
    copies and adapters."""
    own = _judge_own(snapshot)
    if own is None or own.level == Level.CLOSED:
        return own
    found = lineage(snapshot.item)
    if found.relation not in BOUNDED_RELATIONS:
        return own
    what = "a quantised copy" if found.relation == "quantized" else "an adapter"
    base_level = base.levels.get("weights_endmodel") if base is not None else None
    if base_level is None or base_level[0] not in _RANK:
        return Judgment(
            criterion=CRITERION,
            level=Level.NOT_ASSESSED,
            notes=f"{own.notes} The repository is {what} of {found.base_ids[0]}, whose weights "
            "are not assessed in the catalog; it is no more open than they are.",
            rule=RULE,
            evidence=own.evidence,
        )
    level, track = base_level
    bounded = min(own.level, level, key=lambda x: _RANK[x])
    notes = (
        f"{own.notes} The repository is {what} of {found.base_ids[0]}, whose end-model weights "
        f"are rated {level} ({track} track); it is no more open than they are."
    )
    return Judgment(
        criterion=CRITERION, level=bounded, notes=notes, rule=RULE, evidence=own.evidence
    )


def _judge_own(snapshot: HubSnapshot) -> Judgment | None:
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    if item.get("disabled") is True:
        return Judgment(
            criterion=CRITERION,
            level=Level.CLOSED,
            notes="The repository is disabled on the hub: its files cannot be downloaded.",
            rule=RULE,
            evidence=(api_evidence(snapshot, rule=RULE, excerpt='"disabled": true'),),
        )
    files = weight_files(item)
    summaries = [key for key in ("safetensors", "gguf") if _summary_present(item, key)]
    # "safetensors", "gguf" and "onnx" are computed by the hub from weight files; "pytorch" also
    # follows the library and a lone training_args.bin, so beside a file list it says nothing.
    format_tags = [
        t
        for t in tags(item) or []
        if t in WEIGHT_FORMAT_TAGS and (files is None or t in FILE_FORMAT_TAGS)
    ]
    present = bool(files) or bool(summaries) or bool(format_tags)

    if not present:
        names = file_names(item)
        if names is None:
            return None
        return Judgment(
            criterion=CRITERION,
            level=Level.CLOSED,
            notes=f"The repository's file list ({len(names)} files) holds no weight "
            f"file ({', '.join('*' + s for s in WEIGHT_SUFFIXES)}).",
            rule=RULE,
            evidence=(api_evidence(snapshot, rule=RULE, excerpt='"siblings": ' + quote(names)),),
        )

    found = []
    if files:
        shown = ", ".join(files[:_SHOWN_FILES])
        more = f" and {len(files) - _SHOWN_FILES} more" if len(files) > _SHOWN_FILES else ""
        found.append(f"weight files {shown}{more}")
    found.extend(f'"{key}" summary' for key in summaries)
    if format_tags:
        found.append("format tags " + ", ".join(format_tags))
    what = "; ".join(found)

    gate = gated(item)
    if gate is None:
        return None
    excerpt = f'"gated": {quote(item.get("gated"))}; {what}'
    if gate == "no":
        level = Level.OPEN
        notes = f"Weights are on the hub ({what}) and the repository is not gated."
    else:
        level = Level.PARTIAL
        approval = "manual approval" if gate == "manual" else "accepting conditions"
        notes = (
            f"Weights are on the hub ({what}) but the repository is gated ({gate}): "
            f"downloads need {approval}."
        )
    return Judgment(
        criterion=CRITERION,
        level=level,
        notes=notes,
        rule=RULE,
        evidence=(api_evidence(snapshot, rule=RULE, excerpt=excerpt),),
    )
