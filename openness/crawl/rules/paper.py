"""Rule paper@3: is a peer-reviewed paper about the model available?

The index's rubric: open "peer-reviewed paper(s) are available that cover all parts of the
software"; partial "peer-reviewed paper(s) detail parts of the software"; closed "no
peer-reviewed paper(s) available". The Hub's paper records (the papers API) are arXiv
preprints and say nothing of peer review, so the rule never calls a paper peer-reviewed; it
decides only the case the evidence can show, that no paper about the model is linked at all.
It reads the `arxiv:` tags (the Hub extracts them from the whole model card), each linked
paper's record, and the model card's links to publication venues (ACL Anthology, OpenReview,
NeurIPS, PMLR, JMLR, the ACM and IEEE libraries, AAAI, CVF, Nature, Science, DOIs).

- A linked arXiv paper about the model or its organisation (matched as preprint@3 matches:
  its title, abstract, code repository, claiming organisation or authors; paper@3 follows
  preprint@3's family word with its digits): not assessed, as
  the record does not say whether it was peer reviewed; the notes name the paper.
- A linked paper whose record could not be read, a link to a publication venue in the card
  (its title and authors are not read, so whether it is about the model is not known), or an
  arXiv paper the card's text links or cites that has no `arxiv:` tag (a badge linking
  arxiv.org, "arXiv:2412.15450" in a citation: no record is fetched for it): not assessed.
- The card was read (or the repository has none) and links no paper about the model, neither
  on arXiv nor at a venue: closed, with the arXiv links looked at and why each does not count
  (benchmarks, methods and datasets a card cites are not papers about the model).
- The README could not be read (gated, unreadable): not assessed. No tags, or the README or
  the linked papers' records not fetched (not enriched): no judgment.

v3 (from paper@2): closed needs the card's text to cite no arXiv paper either, not only the
tags to link none: paper@2 called Fietje 2's card closed ("it links no arXiv paper") while it
asks readers to cite arXiv 2412.15450, "Fietje: An open, efficient LLM for Dutch". And a README
fetched but not read whole (over the size limit, not UTF-8) is never taken for a missing card
(documentation.readme_failure reads the hub's status, not any "404" in the message).
"""

import re

from openness.crawl.rules.base import (
    Evidence,
    EvidenceInput,
    Judgment,
    Level,
    api_evidence,
    tag_values,
    tags,
)
from openness.crawl.rules.documentation import (
    arxiv_ids,
    card_arxiv_ids,
    papers_sorted,
    readme_failure,
    readme_url,
)
from openness.crawl.snapshot import HubSnapshot

RULE = "paper@3"
CRITERION = "paper"

VENUE_LINK = re.compile(
    r"https?://(?:www\.)?(aclanthology\.org|openreview\.net|proceedings\.neurips\.cc"
    r"|papers\.nips\.cc|proceedings\.mlr\.press|jmlr\.org|dl\.acm\.org|ieeexplore\.ieee\.org"
    r"|ojs\.aaai\.org|openaccess\.thecvf\.com|nature\.com/articles|science\.org/doi"
    r"|(?:dx\.)?doi\.org)/[^\s\"'<>)\]]+",
    re.IGNORECASE,
)


def venue_links(text: str) -> list[str]:
    """Links to publication venues in a model card, in order, without duplicates."""
    found: list[str] = []
    for match in VENUE_LINK.finditer(text or ""):
        url = match.group(0).rstrip(".,;:")
        if url not in found:
            found.append(url)
    return found


def judge(snapshot: HubSnapshot) -> Judgment | None:
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    readme = snapshot.readme
    if tags(item) is None or readme is None:
        return None
    ids = arxiv_ids(item)
    papers = snapshot.papers if isinstance(snapshot.papers, dict) else {}
    if ids and not any(arxiv_id in papers for arxiv_id in ids):
        return None  # not enriched: whether the papers are about the model is not known here
    tag_excerpt = "tags: " + (", ".join(f"arxiv:{i}" for i in ids) if ids else "no arxiv: tag")
    evidence = [api_evidence(snapshot, rule=RULE, excerpt=tag_excerpt)]
    if readme.error and readme_failure(readme.error) != "missing":
        notes = (
            f"The model card could not be read ({readme_failure(readme.error)}), so its links "
            "to papers are not known."
        )
        return Judgment(CRITERION, Level.NOT_ASSESSED, notes, RULE, tuple(evidence))

    found, unrelated, unread = papers_sorted(snapshot.repo_id, ids, papers)
    matched = [f"{arxiv_id} ({why})" for arxiv_id, why, *_ in found]
    text = readme.text if isinstance(readme.text, str) and not readme.error else ""
    venues = venue_links(text)
    cited = [i for i in card_arxiv_ids(text) if i not in ids]
    if matched:
        notes = (
            f"A paper about the model or its organisation is linked ({'; '.join(matched)}), "
            "but the Hub's paper record is an arXiv preprint and does not say whether it was "
            "peer reviewed."
        )
        return Judgment(CRITERION, Level.NOT_ASSESSED, notes, RULE, tuple(evidence))
    if unread or venues or cited:
        what = []
        if unread:
            what.append("no paper record read for " + ", ".join(unread))
        if cited:
            what.append("the card cites arXiv papers with no arxiv: tag: " + ", ".join(cited[:3]))
        if venues:
            what.append("the card links publications not read: " + ", ".join(venues[:3]))
        notes = (
            f"Whether a peer-reviewed paper about the model is linked is not known "
            f"({'; '.join(what)})."
        )
        return Judgment(CRITERION, Level.NOT_ASSESSED, notes, RULE, tuple(evidence))

    card = "The repository has no model card" if readme.error else "The model card was read"
    looked = (
        f"its arXiv links hold no paper about the model (not about this model: "
        f"{'; '.join(unrelated)})"
        if unrelated
        else "it links no arXiv paper"
    )
    ignored = [v for v in tag_values(item, "arxiv") if v not in ids]
    notes = (
        f"{card}: {looked}, and it links no publication venue (ACL Anthology, OpenReview, "
        "NeurIPS, PMLR, JMLR, ACM, IEEE, AAAI, CVF, Nature, Science, DOI). No peer-reviewed "
        "paper about the model is shown."
        + (f" Ignored as not paper ids: {', '.join(ignored)}." if ignored else "")
    )
    evidence.append(
        EvidenceInput(
            url=readme_url(snapshot),
            title=f"Model card of {snapshot.repo_id}",
            excerpt="no README.md (404)" if readme.error else "no link to a paper about the model",
            kind=Evidence.Kind.MODEL_CARD,
            retrieved_at=readme.retrieved_at,
            revision=readme.revision or snapshot.sha,
            rule=RULE,
        )
    )
    return Judgment(CRITERION, Level.CLOSED, notes, RULE, tuple(evidence))
