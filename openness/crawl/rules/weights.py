"""Rule weights@1: are the end model's weights on the hub, and can anyone download them?

- Weight files present and the repository not gated: open.
- Weight files present and gated (`"auto"` or `"manual"`: downloads need accepting conditions
  or an approval): partial, as the EU index rates gated downloads.
- The full file list (`siblings`) holds no weight file and no safetensors/gguf summary: closed.
- The repository is disabled (`"disabled": true`, e.g. taken down): closed, whatever it holds.
- The item does not say (no `siblings`, no `safetensors`/`gguf` summary, no weight format tag),
  or weights are present but the item does not say whether they are gated: no judgment.

Weight files: *.safetensors, *.bin, *.gguf, *.pt, *.pth, *.onnx, *.ckpt, *.h5, *.msgpack.
"""

from openness.crawl.rules.base import Judgment, Level, api_evidence, gated, quote, tags
from openness.crawl.snapshot import HubSnapshot

RULE = "weights@1"
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
    return sorted(n for n in names if n.lower().endswith(WEIGHT_SUFFIXES))


def _summary_present(item: dict, key: str) -> bool:
    value = item.get(key) if isinstance(item, dict) else None
    return isinstance(value, dict) and bool(value)


def judge(snapshot: HubSnapshot) -> Judgment | None:
    """The end-model weights judgment, or None when the item does not say."""
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
    format_tags = [t for t in tags(item) or [] if t in WEIGHT_FORMAT_TAGS]
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
