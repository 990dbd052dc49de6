"""What the crawler hands to the rules: a plain record of what a hub said about one model.

The hub sub-packages (openness/crawl/huggingface/, ...) build it; openness/crawl/rules turns it
into automatic judgments. Nothing here talks to a hub or to the database.
"""

from dataclasses import dataclass, field, fields
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
    # The hub's records of arXiv papers the model card cites in its text with no `arxiv:` tag
    # (a BibTeX entry, "arXiv:2412.15450", a badge's link), by arXiv id; preprint@5 reads them.
    # Kept apart from `papers` so that what reads every linked paper's code link (trainingcode@1,
    # the code repositories followed at enrichment) does not take a benchmark or method the
    # card cites for the model's own code.
    cited_papers: dict[str, FetchedDocument] = field(default_factory=dict)
    # Each declared dataset's card (its README.md at the dataset's commit), by dataset id.
    dataset_cards: dict[str, FetchedDocument] = field(default_factory=dict)
    # The model's config.json (architecture); from the API's `config` when it carries one.
    config: FetchedDocument | None = None
    # Linked code repositories (openness/crawl/github/), by "https://github.com/owner/name".
    code_repos: dict[str, FetchedDocument] = field(default_factory=dict)
    # arXiv's own record of each linked paper (journal reference, comments), by arXiv id
    # (openness/crawl/arxiv/); only for papers the hub has a record of.
    arxiv: dict[str, FetchedDocument] = field(default_factory=dict)

    def page_url(self) -> str:
        """The model's page on the hub, pinned to its commit where one is known."""
        if self.sha:
            return f"{self.endpoint}/{self.repo_id}/tree/{self.sha}"
        return f"{self.endpoint}/{self.repo_id}"

    def api_url(self) -> str:
        """The hub API record this snapshot was read from."""
        return f"{self.endpoint}/api/models/{self.repo_id}"


# Stored snapshots (crawl.models.HubSnapshotRecord): every field as JSON, documents tagged so
# that a field added to HubSnapshot (a document, or a dict of them) round-trips unchanged.
_DOC = "__document__"


def _document_to_json(doc: FetchedDocument) -> dict:
    return {
        _DOC: True,
        "url": doc.url,
        "retrieved_at": doc.retrieved_at.isoformat(),
        "revision": doc.revision,
        "text": doc.text,
        "data": doc.data,
        "error": doc.error,
    }


def _document_from_json(value: dict) -> FetchedDocument:
    return FetchedDocument(
        url=value.get("url", ""),
        retrieved_at=datetime.fromisoformat(value["retrieved_at"]),
        revision=value.get("revision", ""),
        text=value.get("text"),
        data=value.get("data"),
        error=value.get("error", ""),
    )


def _to_json(value):
    if isinstance(value, FetchedDocument):
        return _document_to_json(value)
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(v, FetchedDocument) for v in value.values())
    ):
        return {"__documents__": {k: _document_to_json(v) for k, v in value.items()}}
    return value


def _from_json(value):
    if isinstance(value, dict):
        if value.get(_DOC) is True:
            return _document_from_json(value)
        if set(value) == {"__datetime__"}:
            return datetime.fromisoformat(value["__datetime__"])
        if set(value) == {"__documents__"}:
            return {k: _document_from_json(v) for k, v in value["__documents__"].items()}
    return value


def snapshot_to_json(snapshot: HubSnapshot) -> dict:
    """The snapshot as plain JSON (the item as the hub sent it, documents with their text)."""
    return {f.name: _to_json(getattr(snapshot, f.name)) for f in fields(snapshot)}


def snapshot_from_json(data: dict) -> HubSnapshot:
    """A stored snapshot back as the rules read it; unknown keys are ignored."""
    known = {f.name for f in fields(HubSnapshot)}
    return HubSnapshot(**{k: _from_json(v) for k, v in data.items() if k in known})
