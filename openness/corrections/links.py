"""What a submitted evidence link is: durable or not, and which kind of source it likely is.

Nothing here fetches a URL: the server never requests what a visitor submits, so it needs no
guard against requests to internal addresses.
"""

import itertools
import re
from urllib.parse import urlsplit

from openness.assessments.models import Evidence

# A commit sha (abbreviated or full) as a path segment: a revision that will not move.
_SHA = re.compile(r"^[0-9a-f]{7,40}$")
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?(\.pdf)?$")
_WAYBACK = re.compile(r"^/web/\d{8,14}/")
_ZENODO = re.compile(r"^/(records?|record)/\d+")
_DOI_HOSTS = {"doi.org", "dx.doi.org"}
_REVISION_MARKERS = {"blob", "tree", "commit", "resolve", "raw", "commits"}


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _segments(url: str) -> list[str]:
    return [s for s in urlsplit(url).path.split("/") if s]


def revision_in(url: str) -> str:
    """The commit sha a hub or forge URL is pinned to, or ''."""
    segments = _segments(url)
    for marker, value in itertools.pairwise(segments):
        if marker in _REVISION_MARKERS and _SHA.match(value.lower()):
            return value.lower()
    return ""


def durable_link_hint(url: str) -> str:
    """Why a link may not last, in words for the submitter; '' when it is a durable link."""
    host = _host(url)
    path = urlsplit(url).path
    if host in _DOI_HOSTS:
        return ""
    if host in {"arxiv.org", "export.arxiv.org"}:
        segments = _segments(url)
        if len(segments) >= 2 and segments[0] in {"abs", "pdf"} and _ARXIV_ID.match(segments[-1]):
            return ""
        return "Link to an arXiv paper's abstract (arxiv.org/abs/<id>), not a listing or search."
    if host == "web.archive.org" and _WAYBACK.match(path):
        return ""
    if host == "zenodo.org" and _ZENODO.match(path):
        return ""
    if host in {"huggingface.co", "github.com", "gitlab.com", "codeberg.org"}:
        if revision_in(url):
            return ""
        return (
            f"This {host} link follows the latest version and may change: "
            "link to the file at a commit (…/blob/<commit sha>/…)."
        )
    return (
        "This page may change or disappear: prefer a DOI, an arXiv link, a repository link "
        "at a commit, or an archived copy (web.archive.org)."
    )


def evidence_kind(url: str) -> str:
    """The likely kind of source behind a link, for the evidence row an accepted correction adds."""
    host = _host(url)
    if host in _DOI_HOSTS:
        return Evidence.Kind.PAPER
    if host in {"arxiv.org", "export.arxiv.org"}:
        return Evidence.Kind.PREPRINT
    if host in {"github.com", "gitlab.com", "codeberg.org"}:
        return Evidence.Kind.REPOSITORY
    if host == "huggingface.co":
        if _segments(url)[:1] == ["datasets"]:
            return Evidence.Kind.DATASET
        return Evidence.Kind.MODEL_CARD
    return Evidence.Kind.OTHER
