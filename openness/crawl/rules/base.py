"""What a rule returns, and defensive readers of a hub item's raw JSON.

A rule reads a HubSnapshot and returns a Judgment (or None when the snapshot holds nothing the
rule could read). Judgments are plain data: assess.py writes them through the assessment
services. Every reader here accepts any JSON shape and never raises: a malformed field reads
as absent.
"""

import json
import re
from dataclasses import dataclass, field

from openness.assessments.models import Evidence, Level
from openness.assessments.services import EvidenceInput
from openness.crawl.snapshot import FetchedDocument, HubSnapshot

__all__ = ["Evidence", "EvidenceInput", "Judgment", "Level"]


@dataclass(frozen=True)
class Judgment:
    """One rule's verdict on one criterion, with the evidence it rests on."""

    criterion: str  # the methodology's criterion code ("weights_endmodel")
    level: str  # a Level value; NOT_ASSESSED when the metadata was read but cannot decide
    notes: str
    rule: str  # "weights@1"
    evidence: tuple[EvidenceInput, ...] = field(default_factory=tuple)


def text_readable(doc: FetchedDocument | None) -> bool:
    """A fetched text (a README, a dataset card) that can be read: no error, decoded text."""
    return doc is not None and not doc.error and isinstance(doc.text, str)


def record_readable(doc: FetchedDocument | None) -> bool:
    """A fetched JSON record (a dataset's, a paper's, a code repository's) that can be read: no
    error, and a JSON object (any other shape reads as unreadable)."""
    return doc is not None and not doc.error and isinstance(doc.data, dict)


def card_data(item: dict) -> dict:
    """`cardData` when it is an object; a list, string or null reads as empty."""
    value = item.get("cardData") if isinstance(item, dict) else None
    return value if isinstance(value, dict) else {}


def tags(item: dict) -> list[str] | None:
    """The item's tags, or None when the item carries no tag list at all."""
    value = item.get("tags") if isinstance(item, dict) else None
    if not isinstance(value, list):
        return None
    return [t for t in value if isinstance(t, str)]


def tag_values(item: dict, prefix: str) -> list[str]:
    """Values of `prefix:value` tags, in order, without duplicates."""
    found: list[str] = []
    for tag in tags(item) or []:
        if tag.startswith(prefix + ":"):
            value = tag[len(prefix) + 1 :].strip()
            if value and value not in found:
                found.append(value)
    return found


def strings(value: object) -> list[str]:
    """A string or a list of strings as a list of non-blank strings; anything else as []."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def gated(item: dict) -> str | None:
    """ "no", "auto" or "manual"; None when the item does not say or says something else."""
    value = item.get("gated") if isinstance(item, dict) else None
    if value is False:
        return "no"
    if value is True:
        return "auto"  # older records used a boolean; any gate still means conditions
    if isinstance(value, str) and value.lower() in {"auto", "manual"}:
        return value.lower()
    return None


_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")


def is_repo_id(value: str) -> bool:
    """A plausible hub repository id ("owner/name" or a legacy "name")."""
    return bool(_REPO_ID.match(value)) and len(value) <= 300 and ".." not in value


def api_evidence(snapshot: HubSnapshot, *, rule: str, excerpt: str) -> EvidenceInput:
    """A citation of the hub's API record of the model, pinned to the commit when known."""
    if snapshot.sha:
        url = f"{snapshot.endpoint}/api/models/{snapshot.repo_id}/revision/{snapshot.sha}"
    else:
        url = snapshot.api_url()
    return EvidenceInput(
        url=url,
        title=f"Hub API record of {snapshot.repo_id}",
        excerpt=excerpt,
        kind=Evidence.Kind.HUB_METADATA,
        retrieved_at=snapshot.retrieved_at,
        revision=snapshot.sha,
        rule=rule,
    )


def quote(value: object) -> str:
    """A short JSON-ish quotation of a value for an evidence excerpt."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 300 else text[:297] + "..."
