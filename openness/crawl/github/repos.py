"""One code repository on GitHub, read into a FetchedDocument for the rules.

Three requests, each conditional (client.py): the repository record (license, default
branch, description, topics, archived), the default branch's file tree (recursive), and the
README. The document's `data` keeps only what the rules read; `text` is the README;
`revision` is the git tree sha GitHub returned for the branch, which names exactly the files
that were read.

A license GitHub could not read is kept apart from no license: the record's `license` is null
for a repository without one, and `license_known` is False when the record carried no
`license` key at all. A truncated tree (GitHub cuts very large ones) is marked so: the rules
never read a path missing from it as absent.
"""

import base64
import binascii
import re
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from django.conf import settings

from openness.crawl.github import client
from openness.crawl.snapshot import FetchedDocument

MAX_TREE_PATHS = 50_000
MAX_README_BYTES = 1_000_000
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
_OWNER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
# First path segments of github.com that are not an owner.
RESERVED_OWNERS = frozenset(
    {"orgs", "topics", "features", "marketplace", "sponsors", "settings", "login", "about"}
)


def repository_of(url: str) -> tuple[str, str] | None:
    """(owner, name) when `url` points into a repository on github.com, else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.scheme not in ("http", "https") or host != "github.com":
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2:
        return None
    owner, name = segments[0], segments[1].removesuffix(".git")
    if owner.lower() in RESERVED_OWNERS or not _OWNER.match(owner) or not _NAME.match(name):
        return None
    if name in {".", ".."}:
        return None
    return owner, name


# The error note of a repository GitHub answers 404 for (removed, private, never existed): a
# lasting answer, which the code rules judge, unlike a timeout or a rate limit.
NOT_FOUND = "NotFound"


def repository_url(owner: str, name: str) -> str:
    """The canonical page of a repository, the key it is kept under on a snapshot."""
    return f"https://github.com/{owner}/{name}"


def _api(path: str) -> str:
    return f"{settings.GITHUB_API_URL}{path}"


def fetch_repository(owner: str, name: str) -> FetchedDocument:
    """The repository's record, tree and README; an error note instead of raising."""
    page = repository_url(owner, name)
    now = datetime.now(UTC)
    base = f"/repos/{quote(owner, safe='')}/{quote(name, safe='')}"
    try:
        record = client.get_json(_api(base)).data
    except client.NotFound:
        return FetchedDocument(url=page, retrieved_at=now, error=NOT_FOUND)
    except client.GitHubError as exc:
        return FetchedDocument(url=page, retrieved_at=now, error=str(exc))
    if not isinstance(record, dict):
        return FetchedDocument(url=page, retrieved_at=now, error="repository record unreadable")
    data = _repo_facts(record)
    branch = data["default_branch"] or "HEAD"
    page = data["html_url"] or page
    problems = []
    try:
        tree = client.get_json(
            _api(f"{base}/git/trees/{quote(branch, safe='')}"), params={"recursive": "1"}
        ).data
    except client.GitHubError as exc:
        tree = None
        problems.append(f"tree: {exc}")
    data["tree"] = _tree_facts(tree)
    text = None
    try:
        readme = client.get_json(_api(f"{base}/readme")).data
    except client.NotFound:
        data["readme_path"] = None  # GitHub says there is none
    except client.GitHubError as exc:
        data["readme_path"] = ""  # unknown
        problems.append(f"readme: {exc}")
    else:
        data["readme_path"], text = _readme(readme)
    data["problems"] = problems
    return FetchedDocument(
        url=page,
        retrieved_at=now,
        revision=data["tree"]["sha"] if data["tree"] else "",
        text=text,
        data=data,
    )


def _text(value: object, limit: int = 500) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _repo_facts(record: dict) -> dict:
    facts = {
        "full_name": _text(record.get("full_name"), 200),
        "html_url": _text(record.get("html_url"), 300),
        "description": _text(record.get("description")),
        "default_branch": _text(record.get("default_branch"), 200),
        "topics": [t for t in record.get("topics") or [] if isinstance(t, str)][:50]
        if isinstance(record.get("topics"), list)
        else [],
        "archived": record.get("archived") if isinstance(record.get("archived"), bool) else None,
        "pushed_at": _text(record.get("pushed_at"), 40),
        "license_known": "license" in record,
        "license": None,
    }
    license_ = record.get("license")
    if isinstance(license_, dict):
        facts["license"] = {k: _text(license_.get(k), 200) for k in ("key", "spdx_id", "name")}
    if not facts["html_url"].startswith("https://github.com/"):
        facts["html_url"] = ""
    return facts


def _tree_facts(tree: object) -> dict | None:
    """{"sha", "truncated", "paths": [[path, type], ...]}; None when no tree was read."""
    if not isinstance(tree, dict) or not isinstance(tree.get("tree"), list):
        return None
    paths = [
        [entry["path"], entry.get("type") if isinstance(entry.get("type"), str) else "blob"]
        for entry in tree["tree"]
        if isinstance(entry, dict) and isinstance(entry.get("path"), str)
    ]
    truncated = tree.get("truncated") is True or len(paths) > MAX_TREE_PATHS
    return {
        "sha": _text(tree.get("sha"), 64),
        "truncated": truncated,
        "paths": paths[:MAX_TREE_PATHS],
    }


def _readme(readme: object) -> tuple[str, str | None]:
    """(path, decoded text) of GitHub's README answer; text None when it cannot be decoded."""
    if not isinstance(readme, dict):
        return "", None
    path = _text(readme.get("path"), 300)
    content = readme.get("content")
    if readme.get("encoding") != "base64" or not isinstance(content, str):
        return path, None
    try:
        raw = base64.b64decode(content, validate=False)
    except (binascii.Error, ValueError):
        return path, None
    try:
        return path, raw[:MAX_README_BYTES].decode("utf-8", errors="replace")
    except UnicodeDecodeError:
        return path, None
