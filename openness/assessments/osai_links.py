"""What a cited URL is: its evidence kind, a short readable title, a revision pin, and the
Hugging Face repository it names. Pure functions; no network.
"""

import re
from urllib.parse import unquote, urlsplit

from openness.assessments.models import Evidence

HF_HOSTS = {"huggingface.co", "hf.co"}  # compared after dropping "www."
# First path segments on huggingface.co that are not an owner of model repositories.
HF_RESERVED = {
    "api",
    "blog",
    "chat",
    "collections",
    "datasets",
    "docs",
    "enterprise",
    "join",
    "learn",
    "login",
    "models",
    "new",
    "organizations",
    "papers",
    "posts",
    "pricing",
    "search",
    "settings",
    "spaces",
    "tasks",
}
HF_REPO_SUBPATHS = {"tree", "blob", "resolve", "discussions", "commits", "commit", "raw"}
PREPRINT_HOSTS = {"arxiv.org", "export.arxiv.org", "biorxiv.org", "medrxiv.org", "ssrn.com"}
PAPER_HOSTS = {
    "aclanthology.org",
    "aclweb.org",
    "dl.acm.org",
    "openreview.net",
    "ieeexplore.ieee.org",
    "proceedings.neurips.cc",
    "papers.nips.cc",
    "neurips.cc",
    "proceedings.mlr.press",
    "jmlr.org",
    "link.springer.com",
    "nature.com",
    "science.org",
    "ojs.aaai.org",
    "openaccess.thecvf.com",
    "isca-archive.org",
    "iclr.cc",
}
CODE_HOSTS = {"github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "gitee.com"}
SHA = re.compile(r"^[0-9a-f]{7,40}$")
ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5})(v\d+)?")
TITLE_LENGTH = 80


def _parts(url: str) -> tuple[str, list[str]]:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    return host, segments


def _is_license_path(segments: list[str]) -> bool:
    return bool(segments) and re.match(r"^(license|licence|copying)\b", segments[-1].lower())


def hf_model_repo(url: str) -> str:
    """ "owner/name" when `url` points at a model repository on the Hugging Face Hub, else ""."""
    host, segments = _parts(url)
    if host not in HF_HOSTS:
        return ""
    if len(segments) < 2 or segments[0].lower() in HF_RESERVED:
        return ""
    if len(segments) > 2 and segments[2] not in HF_REPO_SUBPATHS:
        return ""
    return f"{segments[0]}/{segments[1]}"


def evidence_kind(url: str) -> str:
    """The kind of source a URL most likely is, judged from its host and path."""
    host, segments = _parts(url)
    first = segments[0].lower() if segments else ""
    if host in HF_HOSTS:
        if first == "datasets":
            return Evidence.Kind.DATASET
        if first == "papers":
            return Evidence.Kind.PREPRINT
        if first == "docs":
            return Evidence.Kind.DOCUMENTATION
        if hf_model_repo(url):
            return Evidence.Kind.LICENSE if _is_license_path(segments) else Evidence.Kind.MODEL_CARD
        return Evidence.Kind.WEBSITE
    if host in PREPRINT_HOSTS:
        return Evidence.Kind.PREPRINT
    if host in PAPER_HOSTS:
        return Evidence.Kind.PAPER
    if host in CODE_HOSTS or host == "raw.githubusercontent.com":
        return Evidence.Kind.LICENSE if _is_license_path(segments) else Evidence.Kind.REPOSITORY
    if host == "modelscope.cn" and first == "models":
        return Evidence.Kind.MODEL_CARD
    if (host == "modelscope.cn" or host == "kaggle.com") and first == "datasets":
        return Evidence.Kind.DATASET
    if _is_license_path(segments):
        return Evidence.Kind.LICENSE
    if host.startswith("docs.") or host.endswith(".readthedocs.io"):
        return Evidence.Kind.DOCUMENTATION
    return Evidence.Kind.WEBSITE


def _shorten(text: str) -> str:
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1].rstrip() + "…"


def evidence_title(url: str) -> str:
    """A short readable label for a cited URL ("arXiv 2512.13961", "GitHub allenai/OLMo")."""
    host, segments = _parts(url)
    first = segments[0].lower() if segments else ""
    if host in HF_HOSTS:
        if first == "datasets" and len(segments) >= 3:
            return _shorten(f"Hugging Face dataset {segments[1]}/{segments[2]}")
        if first == "papers" and len(segments) >= 2:
            return _shorten(f"Hugging Face paper page {segments[1]}")
        repo = hf_model_repo(url)
        if repo:
            suffix = " (license file)" if _is_license_path(segments) else ""
            return _shorten(f"Hugging Face model {repo}{suffix}")
    if host in {"arxiv.org", "export.arxiv.org"}:
        match = ARXIV_ID.search("/".join(segments))
        if match:
            return f"arXiv {match.group(1)}{match.group(2) or ''}"
    if host in CODE_HOSTS and len(segments) >= 2:
        site = {"github.com": "GitHub", "gitlab.com": "GitLab", "codeberg.org": "Codeberg"}.get(
            host, host
        )
        rest = " (license file)" if _is_license_path(segments) else ""
        return _shorten(f"{site} {segments[0]}/{segments[1]}{rest}")
    path = "/".join(segments)
    return _shorten(f"{host}/{path}" if path else host)


def evidence_revision(url: str) -> str:
    """The pinned revision a URL names: a commit sha in a repository URL, an arXiv version."""
    host, segments = _parts(url)
    for index, segment in enumerate(segments[:-1]):
        if segment in {"blob", "tree", "resolve", "commit"} and SHA.match(segments[index + 1]):
            return segments[index + 1]
    if host in {"arxiv.org", "export.arxiv.org"}:
        match = ARXIV_ID.search("/".join(segments))
        if match and match.group(2):
            return match.group(2)
    return ""
