"""The small, hub-neutral interface that the crawl services use.

Each hub is a sub-package (openness/crawl/huggingface/, ...) that is the only code talking to
that hub. It provides a `Hub` object; the services never see URLs, headers or JSON shapes.
A second hub is an added sub-package plus one line in HUBS.
"""

from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import Protocol

from openness.crawl.snapshot import HubSnapshot

# hub name -> "module:attribute" of a zero-argument factory returning a Hub.
HUBS = {"huggingface": "openness.crawl.huggingface.hub:HuggingFaceHub"}


class HubError(Exception):
    """A hub request failed after its retries (the run records it and stops at its checkpoint)."""


class MalformedItem(ValueError):
    """A listing item that cannot be read (it costs that item only)."""


@dataclass(frozen=True)
class RepoFacts:
    """Typed columns read defensively from one raw listing item."""

    hub_uid: str
    repo_id: str
    sha: str = ""
    author: str = ""
    created_at: datetime | None = None
    last_modified: datetime | None = None
    private: bool | None = None
    gated: str = ""
    disabled: bool | None = None
    pipeline_tag: str = ""
    library_name: str = ""
    tags: tuple[str, ...] = ()
    downloads: int | None = None
    likes: int | None = None
    base_models: tuple[str, ...] = ()
    base_model_relation: str = ""
    license: str = ""
    problems: tuple[str, ...] = field(default=())  # fields that were malformed and left empty


@dataclass(frozen=True)
class ListPage:
    """One page of a hub's model listing."""

    url: str
    items: list  # raw items, as sent
    next_url: str  # "" on the last page


class Hub(Protocol):
    """What a hub sub-package provides to the crawl services."""

    name: str
    endpoint: str

    def sweep_url(self) -> str:
        """The first page of a full listing, oldest first (a stable order to resume in)."""

    def incremental_url(self) -> str:
        """The first page of the listing by last modification, newest first."""

    def fetch_page(self, url: str) -> ListPage:
        """One listing page; retries transient failures, raises HubError when it gives up."""

    def item_facts(self, raw: object) -> RepoFacts:
        """Typed facts from one raw item; MalformedItem when it has no usable identity."""

    def model_info(self, repo_id: str) -> tuple[dict, str]:
        """One model's current record (with its file list) and the URL it was read from."""

    def snapshot(
        self, *, repo_id: str, sha: str, item: dict, datasets=None, papers=None
    ) -> HubSnapshot:
        """Fetch the model card at `sha`, the datasets (records and cards), papers (those the
        tags link, and those the card's text cites) and config; never raises for one document."""


def get_hub(name: str = "huggingface") -> Hub:
    """The configured client for a hub, by name."""
    try:
        target = HUBS[name]
    except KeyError:
        raise ValueError(f"unknown hub {name!r}; known: {', '.join(sorted(HUBS))}") from None
    module_name, attribute = target.split(":")
    return getattr(import_module(module_name), attribute)()
