"""The Hub datasets a model card links as its training data, when its metadata declares none.

Hub-neutral reading shared by enrichment (huggingface/hub.py fetches their records and cards,
as for declared datasets) and the rules (datasets@5, datasheet@4, license@6 judge them as
declared ones). Pure; any text accepted, never raising.

A link (`https://huggingface.co/datasets/OWNER/NAME`, also `hf.co`) counts when the card puts
it in a training-data context:
- under a heading on training or data ("Training data", "Dataset Details", "Fine-tuning");
- in a line that says the model was trained on it ("fine-tuned on [X](...)");
- in a list that such a line leads ("OpenChat 3.5 was trained with C-RLFT on a collection of
  publicly available high-quality instruction data ... We detail some notable subsets included
  here:" followed by "- [OpenChat ShareGPT](https://huggingface.co/datasets/...)",
  openchat/openchat-3.5-1210's card at commit 17654a6).
Never one under a heading on evaluation, benchmarks, results or performance, nor a row of a
table outside a training section (a benchmark dataset linked in a scores table is not training
data), nor one whose line evaluates ("evaluated on", "benchmark"). Front matter (its
`model-index` names evaluation datasets), HTML comments and code blocks are left out.
"""

import functools
import re

# A card's front matter, HTML comments and headings (datastatements.py reads cards with them).
FRONT_MATTER = re.compile(r"\A\ufeff?---\s*\n.*?\n---\s*(\n|\Z)", re.DOTALL)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_LINK = re.compile(
    r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/datasets/"
    r"(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)",
)
_TRAINING_HEADING = re.compile(r"train|fine-?tun|\bdata(?:sets?)?\b|\bcorpus\b", re.IGNORECASE)
_EVALUATION = re.compile(
    r"evaluat|benchmark|results?\b|performance|leaderboard|metrics|scores?\b|\btest(?:ing)?\b",
    re.IGNORECASE,
)
_TRAINING_LINE = re.compile(
    r"\b(?:pre-?)?train(?:ed|ing)\b|\bfine-?tun(?:ed|ing)\b|\bfinetun(?:ed|ing)\b",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _ids(line: str) -> list[str]:
    found = []
    for match in _LINK.finditer(line):
        dataset_id = match.group("id").rstrip(".,;:)")
        dataset_id = dataset_id.removesuffix(".git")
        if dataset_id not in found:
            found.append(dataset_id)
    return found


def training_dataset_links(text: str | None) -> list[str]:
    """Hub dataset ids the card links as training data, in order of first appearance."""
    if not isinstance(text, str):
        return []
    return list(_training_dataset_links(text))


@functools.lru_cache(maxsize=16)
def _training_dataset_links(text: str) -> tuple[str, ...]:
    """training_dataset_links(), kept for the last few cards: datasets@, datasheet@ and
    license@ read the same card one after another (as documentation._blocks)."""
    body = HTML_COMMENT.sub(" ", FRONT_MATTER.sub("", text, count=1))
    found: list[str] = []
    section = ""  # "training", "evaluation" or "" for any other heading
    lead_in = False  # the list that follows leads from a training line
    in_fence = False
    for line in body.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = HEADING.match(line)
        if heading:
            title = heading.group(1)
            section = (
                "evaluation"
                if _EVALUATION.search(title)
                else "training"
                if _TRAINING_HEADING.search(title)
                else ""
            )
            lead_in = False
            continue
        stripped = line.strip()
        if not stripped:
            continue
        is_item = bool(_LIST_ITEM.match(line))
        training_line = bool(_TRAINING_LINE.search(line)) and not _EVALUATION.search(line)
        if not is_item:
            lead_in = training_line
        if section == "evaluation" or _EVALUATION.search(line):
            continue
        if stripped.startswith("|") and section != "training":
            continue
        if section == "training" or training_line or (is_item and lead_in):
            found += [d for d in _ids(line) if d not in found]
    return tuple(found)
