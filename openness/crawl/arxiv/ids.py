"""arXiv identifiers: which strings are paper ids, and the ids a text cites.

Plain text handling, no request: the Hub client reads a model card's citations with it to know
which paper records to fetch (openness/crawl/huggingface/hub.py), and the rules to judge them
(openness/crawl/rules/documentation.py, paper.py, architecture.py). Moved here from
rules/documentation.py so that both read a card the same way.
"""

import functools
import re

ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")

# An arXiv paper a model card cites in its text: a link (a badge's target
# `[![arXiv](https://img.shields.io/...)](https://arxiv.org/abs/2403.04692)`, arxiv.org/pdf/...,
# a Hub paper page huggingface.co/papers/...) or a citation ("arXiv:2403.04692",
# "arXiv 2403.04692", BibTeX's "arXiv preprint arXiv:..."). New-style ids only.
_CARD_ARXIV = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|huggingface\.co/papers/|hf\.co/papers/|\barxiv[:\s]\s*)"
    r"(\d{4}\.\d{4,5})",
    re.IGNORECASE,
)


def card_arxiv_ids(text: str | None) -> list[str]:
    """The arXiv ids a model card's text links or cites, in order, without duplicates or
    placeholders. The Hub makes `arxiv:` tags from some of these links, not from every
    citation, and a record can miss tags: this reads the card itself."""
    return list(_card_arxiv_ids(text or ""))


@functools.lru_cache(maxsize=16)
def _card_arxiv_ids(text: str) -> tuple[str, ...]:
    """card_arxiv_ids(), kept for the last few cards: preprint@, paper@, architecture@ and the
    training-data rules read the same card one after another."""
    found: list[str] = []
    for match in _CARD_ARXIV.finditer(text):
        arxiv_id = match.group(1)
        if arxiv_id not in found and not is_placeholder(arxiv_id):
            found.append(arxiv_id)
    return tuple(found)


def is_placeholder(arxiv_id: str) -> bool:
    """An id no paper has: a new-style id whose month is not 01-12 ("0000.00000")."""
    if not re.match(r"^\d{4}\.", arxiv_id):
        return False
    return not 1 <= int(arxiv_id[2:4]) <= 12
