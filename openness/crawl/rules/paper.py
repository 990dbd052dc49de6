"""Rule paper@4: is a peer-reviewed paper about the model available?

The index's rubric: open "peer-reviewed paper(s) are available that cover all parts of the
software"; partial "peer-reviewed paper(s) detail parts of the software"; closed "no
peer-reviewed paper(s) available". The Hub's paper records (the papers API) say nothing of
peer review; arXiv's own record of the paper (openness/crawl/arxiv/, on the snapshot's
`arxiv`) does when its authors said so: the journal reference, and the comments ("Accepted at
ICLR 2024", "NeurIPS 2023"). It reads the `arxiv:` tags (the Hub extracts them from the whole
model card), each linked paper's Hub record and arXiv record, and the model card's links to
publication venues (ACL Anthology, OpenReview, NeurIPS, PMLR, JMLR, the ACM and IEEE
libraries, AAAI, CVF, Nature, Science, DOIs).

- A linked arXiv paper about the model or its organisation (matched as preprint@4 matches:
  its title, abstract, code repository, claiming organisation or authors; paper@3 follows
  preprint@3's family word with its digits) whose arXiv record has a journal reference, or a
  comment naming a peer-reviewed conference or journal as accepted ("accepted", "published",
  "to appear", "camera-ready", "proceedings", "in press") or with its year ("NeurIPS 2023"):
  open, quoting the line. The same for a workshop ("ES-FoMo workshop at ICML 2024"): partial,
  as the experts rate OpenELM's workshop poster partial (fixtures/osai-index/OpenELM.yaml).
  A comment that says "under review", "submitted to", "in submission" or "preprint" names
  no accepted venue (the experts rate Apertus's "paper under peer review" closed, and XBai's
  "submitted for ACL 2025" partial: no one level), and neither do page counts.
- A linked paper about the model whose arXiv record names no venue, or that was not read:
  not assessed. arXiv's metadata is what authors choose to add: a paper at ICML may carry no
  comment and no journal reference, and the experts look further ("Preprint published in
  ICML", "Paper published in ACL" in their notes), so the silence of the record is never
  read as "not peer reviewed"; the notes name the paper and what its record says.
- A linked paper whose record could not be read, a link to a publication venue in the card
  (its title and authors are not read, so whether it is about the model is not known), or an
  arXiv paper the card's text links or cites that has no `arxiv:` tag (a badge linking
  arxiv.org, "arXiv:2412.15450" in a citation: arXiv's record of it is not fetched, and the
  Hub's, fetched for preprint@5 since 2026-12-06, is not read here): not assessed.
- The card was read (or the repository has none) and links no paper about the model, neither
  on arXiv nor at a venue: closed, with the arXiv links looked at and why each does not count
  (benchmarks, methods and datasets a card cites are not papers about the model).
- The README could not be read (gated, unreadable): not assessed. No tags, or the README or
  the linked papers' records not fetched (not enriched): no judgment.

v4 (from paper@3): arXiv's record of each linked paper about the model is read; a journal
reference or a comment naming an accepted peer-reviewed venue makes the criterion open (a
workshop: partial). paper@3 left every linked paper about the model not assessed, as the Hub's
paper records name no venue (18 pairs on the gold set, where the experts split 11 open and 7
closed). A record naming no venue still leaves it not assessed.

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

RULE = "paper@4"
CRITERION = "paper"

VENUE_LINK = re.compile(
    r"https?://(?:www\.)?(aclanthology\.org|openreview\.net|proceedings\.neurips\.cc"
    r"|papers\.nips\.cc|proceedings\.mlr\.press|jmlr\.org|dl\.acm\.org|ieeexplore\.ieee\.org"
    r"|ojs\.aaai\.org|openaccess\.thecvf\.com|nature\.com/articles|science\.org/doi"
    r"|(?:dx\.)?doi\.org)/[^\s\"'<>)\]]+",
    re.IGNORECASE,
)


# Peer-reviewed venues an arXiv comment names (conference and journal acronyms, publishers'
# series), matched as words and case-sensitive; "Science" is left out ("Computer Science 2023"
# is not a venue).
VENUE_NAME = re.compile(
    r"\b(NeurIPS|NIPS|ICML|ICLR|ACL|EMNLP|NAACL|EACL|AACL|COLING|COLM|CoNLL|TACL|LREC"
    r"|AAAI|IJCAI|AISTATS|UAI|CoRL|KDD|SIGIR|WWW|WSDM|CIKM|RecSys|CVPR|ICCV|ECCV|WACV|BMVC"
    r"|MICCAI|ICASSP|INTERSPEECH|Interspeech|ISMIR|TMLR|JMLR|TPAMI|TASLP|IEEE|ACM|Nature"
    r"|Transactions|Journal|Conference|Symposium)\b"
)
ACCEPTED_WORD = re.compile(
    r"\b(accepted|published|to appear|appears? in|camera[- ]ready|proceedings|in press)\b",
    re.IGNORECASE,
)
VENUE_YEAR = re.compile(VENUE_NAME.pattern + r"[\s'\u2019-]*(?:19|20)?\d{2}\b")
NOT_ACCEPTED = re.compile(
    r"\b(under (?:peer )?review|submitted (?:to|for)|in submission|under submission"
    r"|preprint|work in progress|rejected)\b",
    re.IGNORECASE,
)
WORKSHOP = re.compile(r"\bworkshops?\b", re.IGNORECASE)


def venue_of(record: dict) -> tuple[Level | None, str]:
    """What arXiv's record of a paper says of its venue: (open, the line) for a journal
    reference or an accepted conference or journal, (partial, the line) for a workshop, (None,
    why not) otherwise."""
    journal_ref = record.get("journal_ref") if isinstance(record.get("journal_ref"), str) else ""
    comment = record.get("comment") if isinstance(record.get("comment"), str) else ""
    journal_ref, comment = journal_ref.strip(), comment.strip()
    if journal_ref:
        level = Level.PARTIAL if WORKSHOP.search(journal_ref) else Level.OPEN
        return level, f'journal reference "{journal_ref[:200]}"'
    if not comment:
        return None, "its arXiv record has no comment and no journal reference"
    quoted = f'comment "{comment[:200]}"'
    if NOT_ACCEPTED.search(comment):
        return None, f"its {quoted} names no accepted venue"
    named = VENUE_NAME.search(comment) or WORKSHOP.search(comment)
    if named and (ACCEPTED_WORD.search(comment) or VENUE_YEAR.search(comment)):
        return (Level.PARTIAL if WORKSHOP.search(comment) else Level.OPEN), quoted
    return None, f"its {quoted} names no accepted venue"


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
        return _judge_matched(snapshot, found, matched, evidence)
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


_RANK = {Level.OPEN: 2, Level.PARTIAL: 1}
# How the notes say that no arXiv record read names a venue (evaluation.py reads it).
NO_VENUE = "no arXiv record read names a peer-reviewed venue"


def _judge_matched(snapshot: HubSnapshot, found: list[tuple], matched: list[str], evidence):
    """A paper about the model is linked: open or partial from the venue arXiv's record names
    (the best of the papers), else not assessed with what each record says."""
    records = snapshot.arxiv if isinstance(snapshot.arxiv, dict) else {}
    best: tuple[Level, str, str, object] | None = None
    said = []
    for arxiv_id, *_ in found:
        doc = records.get(arxiv_id)
        if doc is None:
            said.append(f"{arxiv_id}: arXiv's record not fetched")
            continue
        if doc.error or not isinstance(doc.data, dict):
            said.append(f"{arxiv_id}: arXiv's record not read ({doc.error or 'no data'})")
            continue
        level, line = venue_of(doc.data)
        if level is None:
            said.append(f"{arxiv_id}: {line}")
        elif best is None or _RANK[level] > _RANK[best[0]]:
            best = (level, arxiv_id, line, doc)
    if best is not None:
        level, arxiv_id, line, doc = best
        venue = "a peer-reviewed venue" if level == Level.OPEN else "a workshop"
        notes = (
            f"A paper about the model or its organisation is linked ({'; '.join(matched)}), and "
            f"arXiv's record of {arxiv_id} names {venue}: its {line}."
        )
        if level == Level.PARTIAL:
            notes += " A workshop paper counts as partial, as the experts rate one."
        evidence.append(
            EvidenceInput(
                url=doc.url,
                title=f"arXiv record of {arxiv_id}",
                excerpt=line[:300],
                kind=Evidence.Kind.PAPER,
                retrieved_at=doc.retrieved_at,
                revision=doc.revision,
                rule=RULE,
            )
        )
        return Judgment(CRITERION, level, notes, RULE, tuple(evidence))
    notes = (
        f"A paper about the model or its organisation is linked ({'; '.join(matched)}), but "
        f"{NO_VENUE} ({'; '.join(said)}); a record's silence does not show the paper was not "
        "peer reviewed."
    )
    return Judgment(CRITERION, Level.NOT_ASSESSED, notes, RULE, tuple(evidence))
