"""The Hugging Face Hub behind the hub-neutral interface in openness/crawl/hubs.py."""

import json
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from django.conf import settings
from huggingface_hub import hf_hub_url
from huggingface_hub.errors import GatedRepoError, HfHubHTTPError

from openness.crawl.arxiv.ids import card_arxiv_ids
from openness.crawl.datalinks import training_dataset_links
from openness.crawl.hubs import HubError, ListPage, RepoFacts
from openness.crawl.huggingface import client
from openness.crawl.huggingface.items import item_facts, tag_values
from openness.crawl.snapshot import FetchedDocument, HubSnapshot

# The fields a listing asks for (HUB-API.md); never config or siblings in bulk.
LIST_EXPAND = (
    "author",
    "sha",
    "lastModified",
    "createdAt",
    "private",
    "gated",
    "disabled",
    "tags",
    "pipeline_tag",
    "library_name",
    "cardData",
    "baseModels",
    "safetensors",
    "downloads",
    "likes",
)
# For one model at enrichment time: the file list too (weights present or not), and the
# config's summary (architectures, model_type), which saves fetching config.json.
INFO_EXPAND = (*LIST_EXPAND, "siblings", "config")
CONFIG_MAX_BYTES = 1_000_000


class HuggingFaceHub:
    """The Hugging Face Hub at settings.HUB_ENDPOINT."""

    name = client.HUB_NAME

    def __init__(self, endpoint: str | None = None):
        self.endpoint = (endpoint or settings.HUB_ENDPOINT).rstrip("/")

    def _list_url(self, sort: str, direction: int) -> str:
        params = [("sort", sort), ("direction", str(direction))]
        params.append(("limit", str(settings.HUB_LIST_PAGE_SIZE)))
        params.extend(("expand", field) for field in LIST_EXPAND)
        return f"{self.endpoint}/api/models?{urlencode(params)}"

    def sweep_url(self) -> str:
        return self._list_url("createdAt", 1)

    def incremental_url(self) -> str:
        return self._list_url("lastModified", -1)

    def fetch_page(self, url: str) -> ListPage:
        data, fetched = client.get_json(url)
        if not isinstance(data, list):
            raise HubError(f"GET {url}: expected a JSON list, got {type(data).__name__}")
        return ListPage(url=fetched.url, items=data, next_url=fetched.next_url)

    def item_facts(self, raw: object) -> RepoFacts:
        return item_facts(raw)

    def model_info(self, repo_id: str) -> tuple[dict, str]:
        """The model's current API record (with its file list) and its URL."""
        url = f"{self.endpoint}/api/models/{quote(repo_id, safe='/')}"
        data, fetched = client.get_json(url, params=[("expand", f) for f in INFO_EXPAND])
        if not isinstance(data, dict):
            raise HubError(f"GET {url}: expected a JSON object")
        return data, fetched.url

    def readme(
        self, repo_id: str, sha: str, *, repo_type: str | None = None, filename: str = "README.md"
    ) -> FetchedDocument:
        """A text file (the model card) at the pinned commit; an error note instead of raising."""
        revision = sha or "main"
        url = hf_hub_url(
            repo_id, filename, revision=revision, repo_type=repo_type, endpoint=self.endpoint
        )
        now = datetime.now(UTC)
        try:
            fetched = client.get(url, max_bytes=settings.HUB_README_MAX_BYTES)
        except GatedRepoError:
            return FetchedDocument(url=url, retrieved_at=now, revision=revision, error="GatedRepo")
        except HfHubHTTPError as exc:
            return FetchedDocument(
                url=url, retrieved_at=now, revision=revision, error=_http_error(exc)
            )
        except ValueError as exc:  # over the size limit
            return FetchedDocument(url=url, retrieved_at=now, revision=revision, error=str(exc))
        commit = fetched.headers.get("X-Repo-Commit", "") or revision
        try:
            text = fetched.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            return FetchedDocument(
                url=url, retrieved_at=now, revision=commit, error=f"not UTF-8: {exc}"
            )
        return FetchedDocument(url=url, retrieved_at=now, revision=commit, text=text)

    def _json_document(self, api_path: str, page_path: str) -> FetchedDocument:
        url = f"{self.endpoint}{api_path}"
        now = datetime.now(UTC)
        page = f"{self.endpoint}{page_path}"
        try:
            data, _ = client.get_json(url)
        except HfHubHTTPError as exc:
            return FetchedDocument(url=page, retrieved_at=now, error=_http_error(exc))
        except HubError as exc:
            return FetchedDocument(url=page, retrieved_at=now, error=str(exc))
        if not isinstance(data, dict):
            return FetchedDocument(url=page, retrieved_at=now, error="not a JSON object")
        revision = data.get("sha") if isinstance(data.get("sha"), str) else ""
        if revision and page_path.startswith("/datasets/"):
            page = f"{page}/tree/{revision}"
        return FetchedDocument(url=page, retrieved_at=now, revision=revision, data=data)

    def dataset(self, dataset_id: str) -> FetchedDocument:
        """A dataset's API record (license in tags and cardData, gating)."""
        quoted = quote(dataset_id, safe="/")
        return self._json_document(f"/api/datasets/{quoted}", f"/datasets/{quoted}")

    def paper(self, arxiv_id: str) -> FetchedDocument:
        """A paper's record on the Hub (githubRepo links the paper to its code)."""
        quoted = quote(arxiv_id, safe="")
        return self._json_document(f"/api/papers/{quoted}", f"/papers/{quoted}")

    def dataset_card(self, dataset_id: str, record: FetchedDocument | None) -> FetchedDocument:
        """A dataset's card (README.md) at the commit its record names, else at main."""
        revision = record.revision if record is not None and record.revision else "main"
        return self.readme(dataset_id, revision, repo_type="dataset")

    def config(self, repo_id: str, sha: str, item: dict) -> FetchedDocument | None:
        """The model's config: the API's `config` summary when it names the architecture (no
        request), else config.json at the commit when the file list has one; None otherwise."""
        summary = item.get("config")
        api_url = f"{self.endpoint}/api/models/{quote(repo_id, safe='/')}"
        now = datetime.now(UTC)
        if isinstance(summary, dict) and (
            summary.get("architectures") or summary.get("model_type")
        ):
            url = f"{api_url}/revision/{sha}" if sha else api_url
            return FetchedDocument(url=url, retrieved_at=now, revision=sha, data=summary)
        siblings = item.get("siblings")
        names = (
            {s.get("rfilename") for s in siblings if isinstance(s, dict)}
            if isinstance(siblings, list)
            else set()
        )
        if "config.json" not in names:
            return None
        doc = self.readme(repo_id, sha, filename="config.json")
        if doc.error or doc.text is None:
            return doc
        try:
            data = json.loads(doc.text)
        except json.JSONDecodeError as exc:
            return replace(doc, text=None, error=f"config.json is not JSON: {exc}")
        if not isinstance(data, dict):
            return replace(doc, text=None, error="config.json is not a JSON object")
        return replace(doc, text=None, data=data)

    def snapshot(self, *, repo_id: str, sha: str, item: dict, datasets=None, papers=None):
        """A HubSnapshot with the model card at `sha`, every declared dataset and paper, and the
        papers the card's text cites with no `arxiv:` tag."""
        tags = item.get("tags") if isinstance(item.get("tags"), list) else []
        card = item.get("cardData") if isinstance(item.get("cardData"), dict) else {}
        if datasets is None:
            declared = card.get("datasets")
            if isinstance(declared, str):
                declared = [declared]
            declared = [d for d in declared or [] if isinstance(d, str)]
            datasets = list(dict.fromkeys([*tag_values(tags, "dataset:"), *declared]))
        if papers is None:
            papers = tag_values(tags, "arxiv:")
        limit = settings.HUB_ENRICH_MAX_DOCUMENTS
        records = {d: self.dataset(d) for d in datasets[:limit]}
        readme = self.readme(repo_id, sha)
        # The papers the card's text cites that no tag links (preprint@5 judges them).
        text = readme.text if not readme.error else None
        if not datasets:
            # Nothing declared: the Hub datasets the card links as its training data
            # (datalinks.py), judged as declared ones (datasets@5, datasheet@4, license@6).
            linked = training_dataset_links(text)[:limit]
            records.update({d: self.dataset(d) for d in linked})
        cited = [i for i in card_arxiv_ids(text) if i not in papers][:limit]
        return HubSnapshot(
            hub=self.name,
            endpoint=self.endpoint,
            repo_id=repo_id,
            sha=sha,
            retrieved_at=datetime.now(UTC),
            item=item,
            readme=readme,
            datasets=records,
            papers={p: self.paper(p) for p in papers[:limit]},
            cited_papers={p: self.paper(p) for p in cited},
            dataset_cards={d: self.dataset_card(d, doc) for d, doc in records.items()},
            config=self.config(repo_id, sha, item),
        )


def _http_error(exc: HfHubHTTPError) -> str:
    response = exc.response
    code = response.headers.get("X-Error-Code", "") if response is not None else ""
    status = response.status_code if response is not None else "?"
    return f"HTTP {status} {code}".strip()
