"""Fixtures for the rule tests: the test methodology, hand-written hub items and snapshots."""

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from openness.crawl.snapshot import FetchedDocument, HubSnapshot

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
