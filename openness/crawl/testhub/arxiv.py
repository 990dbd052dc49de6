"""arXiv's export API in the loopback hub, under the path prefix /arxiv-api.

`GET /arxiv-api/query?id_list=ID1,ID2` answers an Atom feed as arXiv does (namespaces atom
and arxiv; entry ids `http://arxiv.org/abs/<id>v<version>`; `arxiv:comment`,
`arxiv:journal_ref` and `arxiv:doi` only when the record has them), one entry per id it holds,
in the order asked. Served from `DIR/arxiv/<id>.json` (the contract of fixtures/hub-gold/arxiv/
README.md): `comment`, `journal_ref`, `doi`, `version`; title and authors from the paper's Hub
record `DIR/papers/<id>.json`. A field the record marks unknown (`_unknown`) is left out of
the entry, and a record that marks both `comment` and `journal_ref` unknown is not served at
all (the reader gets "no entry", an error). paper@4 never reads a venue from the absence of
either field, so leaving out an unknown one decides nothing.

Like arXiv: no `id_list` and no `search_query` answers HTTP 400; every answer has an
`ETag` and a matching `If-None-Match` gets 304. Faults (hub.fault_add) apply as elsewhere.
"""

import hashlib
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

PREFIX = "/arxiv-api"
ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
ET.register_namespace("", ATOM)
ET.register_namespace("arxiv", ARXIV)


class ArxivState:
    """The arXiv records the fake serves, by arXiv id."""

    def __init__(self, fixtures: Path):
        self.records: dict[str, dict] = {}
        for path in sorted((fixtures / "arxiv").glob("*.json")):
            record = json.loads(path.read_text())
            unknown = record.get("_unknown") or []
            if "comment" in unknown and "journal_ref" in unknown:
                continue
            paper_path = fixtures / "papers" / path.name
            paper = json.loads(paper_path.read_text()) if paper_path.is_file() else {}
            self.records[path.stem] = {**record, "_paper": paper}


def _entry(feed, arxiv_id: str, record: dict) -> None:
    paper = record.get("_paper") or {}
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    # arXiv's ids carry the version; a record that does not know it is served without one.
    version = f"v{record['version']}" if record.get("version") else ""
    ET.SubElement(entry, f"{{{ATOM}}}id").text = f"http://arxiv.org/abs/{arxiv_id}{version}"
    published = paper.get("publishedAt") or ""
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = published
    ET.SubElement(entry, f"{{{ATOM}}}published").text = published
    ET.SubElement(entry, f"{{{ATOM}}}title").text = paper.get("title") or ""
    ET.SubElement(entry, f"{{{ATOM}}}summary").text = paper.get("summary") or ""
    for author in paper.get("authors") or []:
        if isinstance(author, dict) and author.get("name"):
            element = ET.SubElement(entry, f"{{{ATOM}}}author")
            ET.SubElement(element, f"{{{ATOM}}}name").text = author["name"]
    unknown = record.get("_unknown") or []
    for key in ("comment", "journal_ref", "doi"):
        if key not in unknown and isinstance(record.get(key), str) and record[key]:
            ET.SubElement(entry, f"{{{ARXIV}}}{key}").text = record[key]


def feed_bytes(state: ArxivState, ids: list[str]) -> bytes:
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"arXiv Query: id_list={','.join(ids)}"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = "http://arxiv.org/api/loopback"
    for arxiv_id in ids:
        record = state.records.get(arxiv_id)
        if record is not None:
            _entry(feed, arxiv_id, record)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def serve(handler) -> None:
    """Answer one request under PREFIX (`handler` is the test hub's request handler)."""
    state: ArxivState = handler.server.state.arxiv
    hub = handler.server.state
    target = handler.path
    hub.requests.append(target)
    parts = urlsplit(target)
    path = unquote(parts.path).removeprefix(PREFIX)
    query = dict(parse_qsl(parts.query))
    fault = hub.fault_take(target)
    if fault is not None:
        if fault.kind == "slow":
            time.sleep(fault.delay)
        elif fault.kind == "status":
            return _send(handler, fault.status, b"injected failure", "text/plain")
        elif fault.kind == "429":
            return _send(handler, 200, b"Rate exceeded.", "text/plain")
        elif fault.kind == "malformed":
            return _send(handler, 200, b"<feed><entry>not closed", "application/atom+xml")
    if path != "/query":
        return _send(handler, 404, b"not found", "text/plain")
    ids = [i.strip() for i in query.get("id_list", "").split(",") if i.strip()]
    if not ids:
        return _send(handler, 400, b"id_list or search_query required", "text/plain")
    body = feed_bytes(state, ids)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if handler.headers.get("If-None-Match") == etag:
        return _send(handler, 304, b"", "application/atom+xml", etag=etag)
    return _send(handler, 200, body, "application/atom+xml; charset=utf-8", etag=etag)


def _send(handler, status: int, body: bytes, content_type: str, *, etag: str = "") -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    if etag:
        handler.send_header("ETag", etag)
    handler.end_headers()
    if not getattr(handler, "head_only", False):
        handler.wfile.write(body)
