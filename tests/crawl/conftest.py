"""Fixtures for the crawl tests: the loopback hub, the test methodology, hand-written hub items."""

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from django.conf import settings as django_settings

from openness.crawl.huggingface import client
from openness.crawl.snapshot import FetchedDocument, HubSnapshot
from openness.crawl.testhub import TestHub

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "tests"
ENDPOINT = "http://127.0.0.1:18300"
RETRIEVED_AT = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def hub_item(name: str) -> dict:
    """A fresh copy of one hand-written hub list item."""
    return copy.deepcopy(json.loads((FIXTURES / "hub-items.json").read_text())[name])


def dataset_doc(dataset_id: str, *, error: str = "") -> FetchedDocument:
    records = json.loads((FIXTURES / "datasets.json").read_text())
    data = None if error else records.get(dataset_id)
    error = error or ("" if data else "RepoNotFound")
    return FetchedDocument(
        url=f"{ENDPOINT}/datasets/{dataset_id}",
        retrieved_at=RETRIEVED_AT,
        revision=(data or {}).get("sha", ""),
        data=data,
        error=error,
    )


def paper_doc(arxiv_id: str) -> FetchedDocument:
    records = json.loads((FIXTURES / "papers.json").read_text())
    return FetchedDocument(
        url=f"{ENDPOINT}/api/papers/{arxiv_id}",
        retrieved_at=RETRIEVED_AT,
        data=records.get(arxiv_id),
        error="" if arxiv_id in records else "RepoNotFound",
    )


def readme_doc(name: str | None = None, *, error: str = "", sha: str = "") -> FetchedDocument:
    text = None if name is None else (FIXTURES / "readmes" / f"{name}.md").read_text()
    return FetchedDocument(
        url=f"{ENDPOINT}/example/resolve/{sha}/README.md",
        retrieved_at=RETRIEVED_AT,
        revision=sha,
        text=text,
        error=error,
    )


def snapshot_of(item: dict, **documents) -> HubSnapshot:
    """A snapshot of `item` as the crawler would build it, with optional enrichment."""
    return HubSnapshot(
        hub="huggingface",
        endpoint=ENDPOINT,
        repo_id=item.get("id", "example-org/unnamed") if isinstance(item, dict) else "x/y",
        sha=(item.get("sha") or "") if isinstance(item, dict) else "",
        retrieved_at=documents.pop("retrieved_at", RETRIEVED_AT),
        item=item,
        **documents,
    )


class HubData:
    """The helpers above, handed to tests through the `hub` fixture."""

    endpoint = ENDPOINT
    retrieved_at = RETRIEVED_AT
    item = staticmethod(hub_item)
    dataset = staticmethod(dataset_doc)
    paper = staticmethod(paper_doc)
    readme = staticmethod(readme_doc)
    snapshot = staticmethod(snapshot_of)


@pytest.fixture
def hub() -> type[HubData]:
    """Hand-written hub items, enrichment documents and snapshot builders."""
    return HubData


@pytest.fixture
def methodology(db):
    """The current methodology, with the EU index's 12 criteria copied into fixtures/tests."""
    from openness.assessments.models import Criterion, Methodology

    spec = yaml.safe_load((FIXTURES / "osai-criteria.yaml").read_text())
    methodology = Methodology.objects.create(
        slug=spec["slug"],
        version=spec["version"],
        name=spec["name"],
        effective_from=datetime(2026, 1, 1).date(),
        is_current=True,
        license="CC-BY-4.0",
    )
    for group_order, group in enumerate(spec["groups"]):
        for order, criterion in enumerate(group["criteria"]):
            Criterion.objects.create(
                methodology=methodology,
                group_code=group["code"],
                group_title=group["title"],
                group_order=group_order,
                order=order,
                **criterion,
            )
    return methodology


HUB_FIXTURES = Path(django_settings.BASE_DIR) / "fixtures" / "hub"
GOLD = Path(django_settings.BASE_DIR) / "fixtures" / "hub-gold"


def gold_item(repo_id: str) -> dict:
    """The gold set's recorded API item of `repo_id`, without the notes the hub never serves
    (keys starting with "_"); the test is skipped when this checkout's gold set lacks it."""
    path = GOLD / "models" / f"{repo_id.replace('/', '__')}.json"
    if not path.is_file():
        pytest.skip(f"{repo_id} is not in this checkout's gold set")
    return {k: v for k, v in json.loads(path.read_text()).items() if not k.startswith("_")}


def gold_card(repo_id: str, *, error: str = "") -> FetchedDocument:
    """The gold set's recorded model card of `repo_id` as the client hands it to the rules (or
    the fetch error given)."""
    path = GOLD / "readmes" / f"{repo_id.replace('/', '__')}.md"
    return FetchedDocument(
        url=f"{ENDPOINT}/{repo_id}/resolve/main/README.md",
        retrieved_at=RETRIEVED_AT,
        revision="main",
        text=None if error else path.read_text(),
        error=error,
    )


def gold_paper(arxiv_id: str) -> FetchedDocument:
    """The gold set's recorded Hub paper record of `arxiv_id`, without its notes."""
    data = json.loads((GOLD / "papers" / f"{arxiv_id}.json").read_text())
    return FetchedDocument(
        url=f"{ENDPOINT}/papers/{arxiv_id}",
        retrieved_at=RETRIEVED_AT,
        data={k: v for k, v in data.items() if not k.startswith("_")},
    )


FIXTURE_MODELS = sorted(p.stem.replace("__", "/") for p in (HUB_FIXTURES / "models").glob("*.json"))


@pytest.fixture
def testhub():
    """A fresh loopback hub on a free port in 127.0.0.1."""
    with TestHub(HUB_FIXTURES) as running:
        yield running


@pytest.fixture
def crawl_settings(settings, testhub):
    """Point the crawler at the loopback hub, with small pages and quick retries."""
    settings.HUB_ENDPOINT = testhub.url
    settings.HUB_TOKEN = ""
    settings.GITHUB_API_URL = f"{testhub.url}/github-api"
    settings.GITHUB_TOKEN = ""
    settings.GITHUB_MAX_RETRIES = 2
    settings.ARXIV_API_URL = f"{testhub.url}/arxiv-api"
    settings.ARXIV_MAX_RETRIES = 2
    settings.ARXIV_MIN_INTERVAL_SECONDS = 0
    settings.ARXIV_ETAG_CACHE_SECONDS = 0
    settings.HUB_LIST_PAGE_SIZE = 5
    settings.HUB_BACKOFF_SECONDS = 0
    settings.HUB_MAX_RETRIES = 3
    settings.HUB_TIMEOUT_SECONDS = 2
    settings.HUB_ENRICH_MIN_DOWNLOADS = 10000
    settings.HUB_RATE_LIMIT_RESERVE = 0
    _forget_rate_limits()
    yield settings
    _forget_rate_limits()


def _forget_rate_limits():
    from openness.crawl.arxiv import client as arxiv_client
    from openness.crawl.github import client as github_client

    limiter = client.limiter()
    if limiter._redis is not None:
        for key in limiter._redis.scan_iter("openness:ratelimit:*"):
            limiter._redis.delete(key)
    limiter._local.clear()
    github_client.limiter()._local.clear()
    arxiv_client.limiter()._local.clear()


@pytest.fixture(autouse=True)
def _crawl_status_uncached(settings):
    """/crawl/ rendered afresh on every request, so that a test sees the run it just made."""
    settings.CRAWL_STATUS_CACHE_SECONDS = 0
