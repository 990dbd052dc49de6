"""Typed facts from one raw `GET /api/models` item, read defensively field by field.

huggingface_hub's ModelInfo renames keys and raises on some malformed shapes, so the raw JSON is
kept as sent and every typed column is derived here; a malformed field is left empty and named
in `problems`, and only an item without a usable id is refused. Ids are checked with
huggingface_hub's own validator here, when the item is parsed, so that no id the client would
refuse later (HFValidationError when a URL is built for it) reaches the database or the rules.
"""

from datetime import datetime

from huggingface_hub.errors import HFValidationError
from huggingface_hub.utils import validate_repo_id

from openness.crawl.hubs import MalformedItem, RepoFacts
from openness.lib.text import clean_text

MAX_TAGS = 500
MAX_TAG_LENGTH = 300


def item_facts(raw: object) -> RepoFacts:
    """RepoFacts for one list item; MalformedItem when it has no usable repository id."""
    if not isinstance(raw, dict):
        raise MalformedItem(f"item is a {type(raw).__name__}, not an object")
    repo_id = raw.get("id") or raw.get("modelId")
    if not isinstance(repo_id, str) or not repo_id.strip() or len(repo_id) > 300:
        raise MalformedItem(f"item has no usable id: {str(repo_id)[:100]!r}")
    repo_id = repo_id.strip()
    if not is_valid_repo_id(repo_id):
        raise MalformedItem(f"huggingface_hub refuses the id {repo_id[:100]!r}")
    problems: list[str] = []
    hub_uid = raw.get("_id")
    if not isinstance(hub_uid, str) or not hub_uid or len(hub_uid) > 64:
        # Without the hub's stable id a rename cannot be followed; the name stands in for it.
        problems.append("_id")
        hub_uid = f"id:{repo_id}"[:64]

    def text(key: str, limit: int) -> str:
        value = raw.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            problems.append(key)
            return ""
        return clean_text(value, multiline=False)[:limit]

    def flag(key: str) -> bool | None:
        value = raw.get(key)
        if value is None or isinstance(value, bool):
            return value
        problems.append(key)
        return None

    def count(key: str) -> int | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**62:
            problems.append(key)
            return None
        return value

    def moment(key: str) -> datetime | None:
        value = raw.get(key)
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except (AttributeError, TypeError, ValueError):
            problems.append(key)
            return None

    gated_raw = raw.get("gated")
    if gated_raw is None:
        gated = ""  # not asked for or not said: unknown
    elif gated_raw is False:
        gated = "no"
    elif gated_raw in ("auto", "manual"):
        gated = gated_raw
    elif gated_raw is True:
        gated = "auto"
    else:
        problems.append("gated")
        gated = ""

    tags_raw = raw.get("tags")
    tags: list[str] = []
    if isinstance(tags_raw, list):
        tags = [
            clean_text(t, multiline=False)[:MAX_TAG_LENGTH]
            for t in tags_raw[:MAX_TAGS]
            if isinstance(t, str)
        ]
        if len(tags) != len(tags_raw):
            problems.append("tags")
    elif tags_raw is not None:
        problems.append("tags")

    card = raw.get("cardData")
    if card is not None and not isinstance(card, dict):
        problems.append("cardData")
        card = None
    card = card or {}

    base_models, relation = _base_models(raw.get("baseModels"), card, tags, problems)
    return RepoFacts(
        hub_uid=hub_uid,
        repo_id=repo_id,
        sha=text("sha", 64),
        author=text("author", 200) or (repo_id.split("/", 1)[0] if "/" in repo_id else ""),
        created_at=moment("createdAt"),
        last_modified=moment("lastModified"),
        private=flag("private"),
        gated=gated,
        disabled=flag("disabled"),
        pipeline_tag=text("pipeline_tag", 100),
        library_name=text("library_name", 100),
        tags=tuple(tags),
        downloads=count("downloads"),
        likes=count("likes"),
        base_models=tuple(base_models),
        base_model_relation=relation,
        license=_declared_license(card, tags),
        problems=tuple(problems),
    )


def _base_models(value, card: dict, tags: list[str], problems: list[str]) -> tuple[list, str]:
    """Base model ids from `baseModels`, else the card's base_model, else base_model: tags."""
    ids: list[str] = []
    relation = ""
    if isinstance(value, dict):
        relation = value.get("relation") if isinstance(value.get("relation"), str) else ""
        models = value.get("models")
        if isinstance(models, list):
            ids = [m["id"] for m in models if isinstance(m, dict) and isinstance(m.get("id"), str)]
    elif isinstance(value, list):  # the shape huggingface_hub's docstring claims
        ids = [m["id"] for m in value if isinstance(m, dict) and isinstance(m.get("id"), str)]
    elif value is not None:
        problems.append("baseModels")
    if not ids:
        declared = card.get("base_model")
        if isinstance(declared, str):
            ids = [declared]
        elif isinstance(declared, list):
            ids = [d for d in declared if isinstance(d, str)]
    if not ids:
        ids = [t.split(":")[-1] for t in tags if t.startswith("base_model:")]
        for tag in tags:
            parts = tag.split(":")
            if len(parts) == 3 and parts[0] == "base_model" and not relation:
                relation = parts[1]
    unique = list(dict.fromkeys(i for i in ids if i))
    valid = [i for i in unique if is_valid_repo_id(i)]
    if len(valid) != len(unique):
        problems.append("baseModels")
    return valid[:50], relation[:30]


def _declared_license(card: dict, tags: list[str]) -> str:
    """The license as the card declares it, else the hub's license: tag."""
    declared = card.get("license")
    if isinstance(declared, list):
        declared = declared[0] if declared and isinstance(declared[0], str) else None
    if isinstance(declared, str) and declared.strip():
        return clean_text(declared, multiline=False).strip()[:200]
    for tag in tags:
        if tag.startswith("license:"):
            return tag.removeprefix("license:")[:200]
    return ""


def is_valid_repo_id(repo_id: object) -> bool:
    """True when huggingface_hub accepts `repo_id` (a model or dataset id) for its URLs."""
    if not isinstance(repo_id, str):
        return False
    try:
        validate_repo_id(repo_id)
    except HFValidationError:
        return False
    return True


def tag_values(tags, prefix: str) -> list[str]:
    """Values of the hub-computed tags with a prefix (`dataset:`, `arxiv:`), in order, unique."""
    found = [t.removeprefix(prefix) for t in tags if isinstance(t, str) and t.startswith(prefix)]
    return list(dict.fromkeys(v for v in found if v))
