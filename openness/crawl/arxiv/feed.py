"""Reading arXiv's Atom feed (the export API's answer) into one record per paper.

defusedxml reads it (the standard library's parser, with DTDs, entities and external
references refused: an Atom feed has none of them, and that is how entity-expansion and
external-entity attacks come in). Anything that is not such a feed raises FeedError with what
was wrong: the caller records it as the papers' error, so nothing is lost and nothing is
guessed.

Traps handled (arXiv's API manual, and what clients meet): the feed's own `<link>`/`<id>`
before the entries; entry ids are URLs with a version (`http://arxiv.org/abs/2306.05284v3`);
a bad query answers HTTP 200 with one entry titled "Error"; titles and comments arrive
hard-wrapped.
"""

import re
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
}
_ABS_ID = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?:v(?P<version>\d+))?$")


class FeedError(ValueError):
    """The body is not an arXiv Atom feed (or is its error answer)."""


def _text(element, path: str) -> str:
    found = element.find(path, NS)
    if found is None or found.text is None:
        return ""
    return " ".join(found.text.split())


def entries(body: bytes) -> dict[str, dict]:
    """The feed's entries by bare arXiv id ("2306.05284"): id, version, title, authors,
    published, updated, comment, journal_ref, doi (empty strings when the entry has none)."""
    try:
        root = fromstring(body, forbid_dtd=True)
    except DefusedXmlException:
        raise FeedError("the answer declares a DTD or entities; an Atom feed has none") from None
    except ParseError as exc:
        raise FeedError(f"the answer is not XML: {exc}") from None
    if root.tag != f"{{{NS['atom']}}}feed":
        raise FeedError(f"the answer is not an Atom feed (root element {root.tag!r})")
    found: dict[str, dict] = {}
    for entry in root.findall("atom:entry", NS):
        raw_id = _text(entry, "atom:id")
        title = _text(entry, "atom:title")
        if title == "Error" and "/api/errors" in raw_id:
            raise FeedError(f"arXiv answered an error: {_text(entry, 'atom:summary')}")
        match = _ABS_ID.search(raw_id)
        if match is None:
            raise FeedError(f"an entry's id is not an arXiv abstract URL: {raw_id!r}")
        arxiv_id = match["id"]
        found[arxiv_id] = {
            "id": arxiv_id,
            "version": int(match["version"]) if match["version"] else None,
            "title": title,
            "authors": [
                _text(a, "atom:name")
                for a in entry.findall("atom:author", NS)
                if _text(a, "atom:name")
            ],
            "published": _text(entry, "atom:published"),
            "updated": _text(entry, "atom:updated"),
            "comment": _text(entry, "arxiv:comment"),
            "journal_ref": _text(entry, "arxiv:journal_ref"),
            "doi": _text(entry, "arxiv:doi"),
        }
    return found
