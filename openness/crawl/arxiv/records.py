"""arXiv's metadata for the papers a snapshot links, read onto the snapshot at enrichment.

The Hub's paper records (`GET /api/papers/{id}`: title, authors, abstract) never say where a
paper appeared; arXiv's own record does when its authors said so: the journal reference and
the comments ("Accepted at ICLR 2024", "NeurIPS 2023"). One request per model asks for every
linked paper (`id_list=ID1,ID2`); each paper becomes a FetchedDocument on
`HubSnapshot.arxiv`, stored with the snapshot (HubSnapshotRecord) as the Hub's paper records
are, so `rules_rerun` reads them without a fetch. A paper arXiv does not answer for, or a
feed that cannot be read, is a document with an error, never a paper with no comments.
"""

from dataclasses import replace
from datetime import UTC, datetime

from django.conf import settings

from openness.crawl.arxiv import client, feed
from openness.crawl.snapshot import FetchedDocument, HubSnapshot


def abs_url(arxiv_id: str, version: int | None = None) -> str:
    """The paper's abstract page on arXiv (where a reader sees Comments and Journal-ref)."""
    return f"https://arxiv.org/abs/{arxiv_id}" + (f"v{version}" if version else "")


def fetch_records(arxiv_ids: list[str]) -> dict[str, FetchedDocument]:
    """arXiv's record of each paper (data: comment, journal_ref, doi, title, ...); an error
    note for each when the request or the feed fails, or arXiv has no entry for it."""
    ids = list(dict.fromkeys(i for i in arxiv_ids if isinstance(i, str) and i))
    if not ids:
        return {}
    now = datetime.now(UTC)
    url = f"{settings.ARXIV_API_URL}/query"
    params = {"id_list": ",".join(ids), "max_results": str(len(ids))}
    try:
        response = client.get_feed(url, params=params)
        found = feed.entries(response.data)
    except (client.ArxivError, feed.FeedError) as exc:
        return {
            i: FetchedDocument(url=abs_url(i), retrieved_at=now, error=f"arXiv: {exc}") for i in ids
        }
    records = {}
    for arxiv_id in ids:
        entry = found.get(arxiv_id)
        if entry is None:
            records[arxiv_id] = FetchedDocument(
                url=abs_url(arxiv_id), retrieved_at=now, error="arXiv answered no entry for it"
            )
            continue
        version = entry.get("version")
        records[arxiv_id] = FetchedDocument(
            url=abs_url(arxiv_id, version),
            retrieved_at=now,
            revision=f"v{version}" if version else "",
            data=entry,
        )
    return records


def snapshot_with_arxiv(snapshot: HubSnapshot) -> HubSnapshot:
    """The snapshot with arXiv's record of every linked paper the Hub has a record of."""
    ids = [i for i, doc in (snapshot.papers or {}).items() if doc is not None and not doc.error]
    ids = ids[: settings.HUB_ENRICH_MAX_DOCUMENTS]
    return replace(snapshot, arxiv=fetch_records(ids))
