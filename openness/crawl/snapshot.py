"""What the crawler hands to the rules: a plain record of what a hub said about one model.

The hub sub-packages (openness/crawl/huggingface/, ...) build it; openness/crawl/rules turns it
into automatic judgments. Nothing here talks to a hub or to the database.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FetchedDocument:
    """A document fetched at a pinned revision (a model card, a dataset record, a paper)."""

    url: str  # the URL a reader can open, pinned to the revision where the source has one
    retrieved_at: datetime
    revision: str = ""  # commit sha, version or other pin
    text: str | None = None  # decoded text, when the document is text (a README)
    data: dict | None = None  # parsed JSON, when the document is JSON (dataset, paper)
    error: str = ""  # why it could not be fetched or read ("GatedRepo", "not UTF-8", ...)


@dataclass(frozen=True)
class HubSnapshot:
    """One model as a hub described it at one moment."""

    hub: str  # "huggingface"
    endpoint: str  # the hub's base URL, as configured (HUB_ENDPOINT)
    repo_id: str  # "allenai/Olmo-3.1-32B-Think"
    sha: str
    retrieved_at: datetime
    item: dict  # the raw list/info JSON item, as the hub sent it
    readme: FetchedDocument | None = None  # None: not fetched (not enriched)
    datasets: dict[str, FetchedDocument] = field(default_factory=dict)  # by dataset id
    papers: dict[str, FetchedDocument] = field(default_factory=dict)  # by arXiv id
    # Each declared dataset's card (its README.md at the dataset's commit), by dataset id.
    dataset_cards: dict[str, FetchedDocument] = field(default_factory=dict)
    # The model's config.json (architecture); from the API's `config` when it carries one.
    config: FetchedDocument | None = None
    # Linked code repositories (openness/crawl/github/), by "https://github.com/owner/name".
    code_repos: dict[str, FetchedDocument] = field(default_factory=dict)

    def page_url(self) -> str:
        """The model's page on the hub, pinned to its commit where one is known."""
        if self.sha:
            return f"{self.endpoint}/{self.repo_id}/tree/{self.sha}"
        return f"{self.endpoint}/{self.repo_id}"

    def api_url(self) -> str:
        """The hub API record this snapshot was read from."""
        return f"{self.endpoint}/api/models/{self.repo_id}"
