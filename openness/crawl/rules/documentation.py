"""Rules preprint@5, modelcard@3 and trainingcode@1: what the model's documentation shows.

preprint@5 (from preprint@4: the arXiv papers the card's text cites count too, not only those
its `arxiv:` tags link)
- `arxiv:<id>` tags (the hub extracts them from arXiv and HF paper links in the README) name
  candidate papers, and so, from preprint@5, do the arXiv papers the model card cites in its
  text with no tag (a BibTeX entry, "arXiv:2412.15450", a link to arxiv.org or a Hub paper
  page: read as paper@4 and architecture@3 read them, `card_arxiv_ids`). A placeholder id
  (`0000.00000`, any id whose month is not 01-12) is ignored, in the tags and in the text. A
  paper counts only when its record on the hub (the papers API, fetched by enrichment for the
  tagged and the cited papers alike) shows it is about this model: its title names the
  model's family (the first word of the repository name, "OLMo" for allenai/Olmo-3.1-32B-Think,
  at least three letters) or the organisation (the repository's owner), its abstract names
  the family, its code repository (`githubRepo`) belongs to the owner, or its authors or
  claiming organisation include the owner. Benchmarks and methods a card cites (MMLU,
  HellaSwag, FlashAttention, The Pile, a carbon-footprint method) do not count, cited or
  tagged.
- A paper naming the model family (title or abstract): open (the index rates a preprint
  about the model open; whether it details every part cannot be read from metadata, which the
  notes say). A paper that matches only the organisation (owner in the title, its code
  repository, claiming organisation or an author): partial, as it may describe other models
  (LLM360's paper describes Amber and CrystalCoder, not CrystalChat). With the record,
  the notes say whether the paper links code (`githubRepo`), and a cited paper is shown with
  the card's line that cites it.
- Papers linked or cited but no record that matches (records not about the model, or not
  readable, or a cited paper's record not fetched): not assessed. arXiv tags and no paper
  record fetched (not enriched, a list-only crawl): no judgment, so the enriched judgment
  stands. No arxiv tag and no paper cited in the card's text: not assessed (a preprint the
  card does not name may exist: the experts rate such models open). No tags at all: no
  judgment.
- Why the change: preprint@4 said "No arXiv preprint is linked" of Fietje 2 Chat while its
  card asks readers to cite arXiv 2412.15450, "Fietje: An open, efficient LLM for Dutch",
  which paper@4 and architecture@3 already read; preprint@5 judges it open.

preprint@4 (from preprint@3: a repository whose name starts with its owner's name, such as
openchat/openchat-3.6-8b-20240522, has the owner's name as its family word, so a title naming
"OpenChat" names the model family, where preprint@3 took it for the organisation alone and
said partial; the experts rate that paper open. The same match words paper@4's note)

preprint@3 (from preprint@2: the family word also with its digits, "starcoder2", "mt0", so
an abstract that writes the model as one word names it)

modelcard@3 (needs the README, fetched by enrichment; from modelcard@2: a README fetched but
not read whole, over the size limit or not UTF-8, is unreadable whatever digits its error
message holds, where modelcard@2 could read "404" in "2,404,118 bytes" as missing: closed)
- The README's headings are matched against six standard model card sections: model details,
  intended uses, training, evaluation, limitations, license. A section counts only when it
  has content: at least SECTION_MIN_WORDS words under its heading (its subsections
  included), not counting placeholders such as the hub template's "[More Information
  Needed]", links, HTML or code fences.
  open: details, training and evaluation all with content, at least 4 of the 6 sections,
  and at least CARD_MIN_WORDS words of prose in all; partial: at least one section with
  content; closed: a README with headings but no section with content, or none of them.
- README missing (404 `EntryNotFound`, or an error starting with the status 404 and no error
  code): closed. Gated (401/403 as the status, `GatedRepo`): not assessed. Repository or
  revision gone (`RepoNotFound`, `RevisionNotFound`), or fetched but unreadable (not UTF-8,
  too large, ...): not assessed. Not fetched: no judgment. (`FetchedDocument.error` carries
  the hub's `X-Error-Code`.)

trainingcode@1
- A code repository linked from the paper record (`githubRepo`) or from the README (github.com
  links, except the general-purpose tooling of `TOOLING_OWNERS`): partial (code exists; its
  completeness cannot be judged from metadata).
- README or paper read and no link: not assessed. Neither fetched: no judgment.

Links that the hub names but Openness does not fetch (arXiv abstracts, code repositories) are
cited with the time the hub record naming them was retrieved.
"""

import functools
import re

from openness.crawl.arxiv.ids import ARXIV_ID, card_arxiv_ids, is_placeholder
from openness.crawl.rules.base import (
    Evidence,
    EvidenceInput,
    Judgment,
    Level,
    api_evidence,
    quote,
    record_readable,
    tag_values,
    tags,
    text_readable,
)
from openness.crawl.snapshot import FetchedDocument, HubSnapshot
from openness.lib.urls import is_http_url

PREPRINT_RULE = "preprint@5"
MODELCARD_RULE = "modelcard@3"
TRAININGCODE_RULE = "trainingcode@1"


def arxiv_ids(item: dict) -> list[str]:
    return [
        value
        for value in tag_values(item, "arxiv")
        if ARXIV_ID.match(value) and not is_placeholder(value)
    ]


# Words of a repository name that say nothing about which model family it is.
_GENERIC_WORDS = frozenset(
    {"the", "model", "models", "base", "instruct", "chat", "open", "llm", "large", "small"}
)


def model_words(repo_id: str) -> set[str]:
    """Lower-case words that name the model or its organisation in a paper title.

    The family is the name's first word: its letters ("starcoder" of starcoder2-15b, which
    titles write "StarCoder 2") and, from preprint@3, the word with the digits that follow
    them ("starcoder2", "mt0"), which abstracts write as one word ("StarCoder2-Instruct",
    "BLOOMZ and mT0"); each at least three characters.
    """
    owner, _, name = repo_id.rpartition("/")
    found = set()
    for pattern in (r"[A-Za-z]+", r"[A-Za-z]+[0-9]+(?![A-Za-z])"):
        family = re.match(pattern, name)
        word = family.group(0).lower() if family else ""
        if len(word) >= 3 and word not in _GENERIC_WORDS:
            found.add(word)
    if owner and len(owner) >= 3:
        found.add(owner.lower())
    return found


def paper_matches(repo_id: str, data: dict) -> str:
    """Why the paper record is about the model ("" when nothing shows it)."""
    return paper_match(repo_id, data)[0]


def papers_sorted(
    repo_id: str, ids: list[str], papers: dict
) -> tuple[list[tuple], list[str], list[str]]:
    """The arXiv papers a model links, sorted by their Hub records (`papers`, by id): those
    about the model or its organisation as (id, why, record, whether it names the model,
    title), those about something else as "id (title)", and the ids with no record read."""
    matched, unrelated, unread = [], [], []
    for arxiv_id in ids:
        doc = papers.get(arxiv_id)
        if not record_readable(doc):
            unread.append(arxiv_id)
            continue
        why, names_model = paper_match(repo_id, doc.data)
        title = doc.data.get("title") if isinstance(doc.data.get("title"), str) else ""
        if why:
            matched.append((arxiv_id, why, doc, names_model, title))
        else:
            unrelated.append(f"{arxiv_id} ({title[:80] or 'untitled'})")
    return matched, unrelated, unread


def paper_match(repo_id: str, data: dict) -> tuple[str, bool]:
    """(why the paper is about the model or its organisation, whether it names the model).

    Naming the model family in the title or abstract makes it a paper about the model; the
    owner in the title, the paper's code repository, its claiming organisation or an author
    make it a paper from the model's organisation, which may describe other models."""
    owner = repo_id.rpartition("/")[0].lower()
    # From preprint@4 the owner's name stays a family word when the repository's name starts
    # with it (openchat/openchat-3.6-8b): there the organisation names its models after itself.
    name = repo_id.rpartition("/")[2].lower()
    family = sorted(w for w in model_words(repo_id) if w != owner or name.startswith(owner))
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    title_words = set(re.findall(r"[a-z0-9]+", title.lower()))
    summary = data.get("summary") if isinstance(data.get("summary"), str) else ""
    for word in family:
        if word in title_words or (len(word) >= 5 and word in title.lower()):
            return f'its title "{title[:150]}" names {word}', True
    for word in family:
        if re.search(rf"\b{re.escape(word)}\b", summary.lower()):
            return f"its abstract names {word}", True
    if owner and len(owner) >= 3 and (owner in title_words or owner in title.lower()):
        return f'its title "{title[:150]}" names the organisation {owner}', False
    code = data.get("githubRepo") if isinstance(data.get("githubRepo"), str) else ""
    code_owner = re.match(r"https?://(?:www\.)?github\.com/([^/]+)/", code.strip())
    if owner and code_owner and code_owner.group(1).lower() == owner:
        return f"its code repository {code.strip()} belongs to {owner}", False
    org = data.get("organization")
    org_name = org.get("name") if isinstance(org, dict) else org
    if owner and isinstance(org_name, str) and org_name.strip().lower() == owner:
        return f"it is claimed by the organisation {org_name.strip()}", False
    for author in data.get("authors") if isinstance(data.get("authors"), list) else []:
        user = author.get("user") if isinstance(author, dict) else None
        handle = user.get("user") if isinstance(user, dict) else None
        if owner and isinstance(handle, str) and handle.lower() == owner:
            return f"its author {handle} is the repository's owner", False
    return "", False


def paper_about_model(snapshot: HubSnapshot) -> tuple[str, str] | None:
    """(arXiv id, title) of the first paper the model links (an `arxiv:` tag) or its card cites
    whose Hub record names the model (paper_match), or None. Such a paper documents the model
    where its card may not: the training data rules do not read the card's silence on data as
    evidence while one is linked (datasets@6, datasheet@5, license@7)."""
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    ids = arxiv_ids(item) if tags(item) is not None else []
    readme = snapshot.readme
    text = readme.text if readme is not None and isinstance(readme.text, str) else ""
    cited = [i for i in card_arxiv_ids(text) if i not in ids]
    cited_docs = snapshot.cited_papers if isinstance(snapshot.cited_papers, dict) else {}
    records = {**{i: d for i, d in cited_docs.items() if i in cited}, **_paper_docs(snapshot)}
    found, _unrelated, _unread = papers_sorted(snapshot.repo_id, [*ids, *cited], records)
    for arxiv_id, _why, _doc, names_model, title in found:
        if names_model:
            return arxiv_id, title
    return None


def _paper_docs(snapshot: HubSnapshot) -> dict[str, FetchedDocument]:
    return snapshot.papers if isinstance(snapshot.papers, dict) else {}


def _github_repo(doc: FetchedDocument | None) -> str:
    if not record_readable(doc):
        return ""
    value = doc.data.get("githubRepo")
    return value.strip() if isinstance(value, str) and is_http_url(value.strip()) else ""


def _citing_line(text: str, arxiv_id: str) -> str:
    """The card's line that cites the paper (the evidence a reader checks)."""
    line = next((line for line in text.splitlines() if arxiv_id in line), "")
    return line.strip()[:300] or f"arXiv {arxiv_id}"


def judge_preprint(snapshot: HubSnapshot) -> Judgment | None:
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    if tags(item) is None:
        return None
    ids = arxiv_ids(item)
    ignored = [v for v in tag_values(item, "arxiv") if ARXIV_ID.match(v) and is_placeholder(v)]
    tag_excerpt = "tags: " + (
        ", ".join(f"arxiv:{i}" for i in [*ids, *ignored]) if ids or ignored else "no arxiv: tag"
    )
    tag_evidence = api_evidence(snapshot, rule=PREPRINT_RULE, excerpt=tag_excerpt)
    readme = snapshot.readme
    card_read = readme is not None and not readme.error and isinstance(readme.text, str)
    card_text = readme.text if card_read else ""
    # From preprint@5: the papers the card's text cites with no `arxiv:` tag (paper@4's reading,
    # card_arxiv_ids: links to arxiv.org and Hub paper pages, "arXiv:2412.15450"; placeholders
    # such as 0000.00000 are dropped there).
    cited = [i for i in card_arxiv_ids(card_text) if i not in ids]
    if not ids and not cited:
        notes = "No arXiv preprint is linked from the model card" + (
            ", nor cited in its text." if card_read else "."
        )
        if ignored:
            notes += f" ({', '.join(ignored)} is a placeholder, not a paper.)"
        return Judgment("preprint", Level.NOT_ASSESSED, notes, PREPRINT_RULE, (tag_evidence,))

    papers = _paper_docs(snapshot)
    if ids and not any(arxiv_id in papers for arxiv_id in ids):
        return None  # not enriched: whether the papers are about the model is not known here
    cited_docs = snapshot.cited_papers if isinstance(snapshot.cited_papers, dict) else {}
    records = {**{i: d for i, d in cited_docs.items() if i in cited}, **papers}
    found, unrelated, unread = papers_sorted(snapshot.repo_id, [*ids, *cited], records)
    evidence = [tag_evidence]
    for arxiv_id, _why, doc, _names_model, title in found:
        if arxiv_id in cited:
            evidence.append(
                EvidenceInput(
                    url=readme_url(snapshot),
                    title=f"Model card (README.md) of {snapshot.repo_id}",
                    excerpt=_citing_line(card_text, arxiv_id),
                    kind=Evidence.Kind.MODEL_CARD,
                    retrieved_at=readme.retrieved_at,
                    revision=readme.revision or snapshot.sha,
                    rule=PREPRINT_RULE,
                )
            )
        evidence.append(
            EvidenceInput(
                url=f"https://arxiv.org/abs/{arxiv_id}",
                title=f"arXiv preprint {arxiv_id}",
                excerpt=title[:300] or f"arxiv:{arxiv_id}",
                kind=Evidence.Kind.PREPRINT,
                retrieved_at=doc.retrieved_at,
                revision="",
                rule=PREPRINT_RULE,
            )
        )
        if is_http_url(doc.url):
            evidence.append(
                EvidenceInput(
                    url=doc.url,
                    title=f"Hub paper record {arxiv_id}",
                    excerpt=f'"title": {quote(title)}; "githubRepo": '
                    + quote(doc.data.get("githubRepo")),
                    kind=Evidence.Kind.PAPER,
                    retrieved_at=doc.retrieved_at,
                    revision=doc.revision,
                    rule=PREPRINT_RULE,
                )
            )
    others = []
    if unrelated:
        others.append("not about this model: " + "; ".join(unrelated))
    if unread:
        others.append("no hub record read for " + ", ".join(unread))
    where = "links or cites" if cited else "links"
    if not found:
        notes = (
            f"The model card {where} arXiv papers, but none is shown to be about this model ("
            + "; ".join(others)
            + "). A paper counts when its title names the model or its organisation."
        )
        if cited:
            notes += f" Cited in the card's text with no arxiv: tag: {', '.join(cited)}."
        return Judgment("preprint", Level.NOT_ASSESSED, notes, PREPRINT_RULE, tuple(evidence[:1]))
    described = "; ".join(
        f"{arxiv_id}: {why}"
        + (" (cited in the card's text, no arxiv: tag)" if arxiv_id in cited else "")
        + (f", and it links code at {_github_repo(doc)}" if _github_repo(doc) else "")
        for arxiv_id, why, doc, *_ in found
    )
    tagged = any(arxiv_id in ids for arxiv_id, *_ in found)
    in_text = any(arxiv_id in cited for arxiv_id, *_ in found)
    how = {(True, False): "linked from", (False, True): "cited in"}.get(
        (tagged, in_text), "linked from or cited in"
    )
    if any(names_model for _, _, _, names_model, _ in found):
        level = Level.OPEN
        notes = (
            f"A preprint about the model is {how} the model card ({described}). Whether it "
            "details every major part of the system cannot be read from metadata."
        )
    else:
        level = Level.PARTIAL
        notes = (
            f"A preprint from the model's organisation is {how} the model card ({described}), "
            "but it does not name this model: it may describe other models or only parts of "
            "this one."
        )
    if others:
        notes += " Other papers linked: " + "; ".join(others) + "."
    return Judgment("preprint", level, notes, PREPRINT_RULE, tuple(evidence))


# Standard model card sections and the heading words that name them.
SECTIONS: dict[str, re.Pattern] = {
    "model details": re.compile(
        r"model (details|description|summary|overview|architecture)|^overview|^description"
        r"|technical specification|architecture|^model$",
        re.IGNORECASE,
    ),
    "intended uses": re.compile(
        r"\buses?\b|usage|intended|how to (use|get started)|quick ?start|getting started",
        re.IGNORECASE,
    ),
    "training": re.compile(r"train|fine-?tun|pre-?train|\bdata(set)?s?\b", re.IGNORECASE),
    "evaluation": re.compile(r"evaluat|benchmark|results|performance|metrics", re.IGNORECASE),
    "limitations": re.compile(r"limitation|bias|risk|ethic|safety|out-of-scope", re.IGNORECASE),
    "license": re.compile(r"licen[cs]", re.IGNORECASE),
}
CORE_SECTIONS = ("model details", "training", "evaluation")
OPEN_MIN_SECTIONS = 4
SECTION_MIN_WORDS = 20
CARD_MIN_WORDS = 300
# Template placeholders and markup that are not content.
_PLACEHOLDER = re.compile(
    r"\[(more information needed|optional|needs more information|to be added|tbd|todo)\]"
    r"|<!--.*?-->|<[^>]+>|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|https?://\S+",
    re.IGNORECASE | re.DOTALL,
)
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF\u4E00-\u9FFF]{2,}")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_HTML_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h[1-6]>", re.IGNORECASE | re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*(\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def headings(text: str) -> list[str]:
    """Markdown (ATX and HTML) headings, outside YAML front matter and code fences."""
    return [heading for _, heading in leveled_headings(text)]


def leveled_headings(text: str) -> list[tuple[int, str]]:
    """headings() with each one's level (1 for `#` and `<h1>`, ... 6)."""
    text = _FRONT_MATTER.sub("", text, count=1)
    found = []
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        match = _HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2).strip()))
            continue
        for level, html in _HTML_HEADING.findall(line):
            clean = re.sub(r"<[^>]+>", "", html).strip()
            if clean:
                found.append((int(level), clean))
    return found


def words(text: str) -> int:
    """Words of prose in a piece of Markdown, placeholders, links and markup left out."""
    return len(_WORD.findall(_PLACEHOLDER.sub(" ", text)))


def blocks(text: str) -> list[tuple[str, int]]:
    """[(heading, words of content under it, its subsections included)], in order."""
    return list(_blocks(text))


@functools.lru_cache(maxsize=16)
def _blocks(text: str) -> tuple[tuple[str, int], ...]:
    """blocks(), kept for the last few cards: the rules of one snapshot (modelcard@,
    datasets@, license@, ...) read the same card one after another."""
    text = _FRONT_MATTER.sub("", text, count=1)
    found: list[tuple[str, int, list[str]]] = []  # heading, level, own lines
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        match = _HEADING.match(line) if line[:4].lstrip(" ").startswith("#") else None
        html = (
            [heading for _, heading in _HTML_HEADING.findall(line)]
            if not match and "<h" in line.lower()
            else []
        )
        if match:
            found.append((match.group(2).strip(), len(match.group(1)), []))
        elif html and re.sub(r"<[^>]+>", "", html[0]).strip():
            found.append((re.sub(r"<[^>]+>", "", html[0]).strip(), 2, []))
        elif found:
            found[-1][2].append(line)
    own = [words("\n".join(lines)) for _, _, lines in found]
    result = []
    for index, (heading, level, _) in enumerate(found):
        count = own[index]
        for later in range(index + 1, len(found)):
            if found[later][1] <= level:
                break
            count += own[later] + words(found[later][0])
        result.append((heading, count))
    return tuple(result)


def sections(text: str, found_blocks: list[tuple[str, int]] | None = None) -> dict[str, str]:
    """{section: the first heading that names it and has content under it}."""
    found: dict[str, str] = {}
    for heading, count in blocks(text) if found_blocks is None else found_blocks:
        if count < SECTION_MIN_WORDS:
            continue
        plain = re.sub(r"[*_`\[\]()]", "", heading).strip()
        for section, pattern in SECTIONS.items():
            if section not in found and pattern.search(plain):
                found[section] = heading[:120]
    return {s: found[s] for s in SECTIONS if s in found}


def readme_url(snapshot: HubSnapshot) -> str:
    """The README at its commit, as a reader opens it on the hub."""
    doc = snapshot.readme
    revision = (doc.revision if doc else "") or snapshot.sha
    if revision:
        return f"{snapshot.endpoint}/{snapshot.repo_id}/blob/{revision}/README.md"
    if doc and is_http_url(doc.url):
        return doc.url
    return f"{snapshot.endpoint}/{snapshot.repo_id}/blob/main/README.md"


# The HTTP status the hub client writes at the start of a fetch error ("HTTP 404 EntryNotFound",
# huggingface/hub.py's _http_error; a bare "404" in older stored snapshots and tests).
_ERROR_STATUS = re.compile(r"^(?:HTTP\s+)?(\d{3})\b")


def card_cite(snapshot: HubSnapshot, excerpt: str, *, rule: str) -> EvidenceInput:
    """The model card, cited for `excerpt` (a line it holds, or what was read in it)."""
    readme = snapshot.readme
    return EvidenceInput(
        url=readme_url(snapshot),
        title=f"Model card (README.md) of {snapshot.repo_id}",
        excerpt=excerpt,
        kind=Evidence.Kind.MODEL_CARD,
        retrieved_at=readme.retrieved_at if readme is not None else snapshot.retrieved_at,
        revision=(readme.revision if readme is not None else "") or snapshot.sha,
        rule=rule,
    )


def readme_failure(error: str) -> str:
    """ "missing", "gated" or "unreadable" for a README fetch error.

    Only the hub's answer counts: its error code (`EntryNotFound`, `GatedRepo`) or the HTTP
    status the error starts with. A card that was fetched but not read whole (over
    HUB_README_MAX_BYTES: "2,404,118 bytes is over the limit ..."; not UTF-8: "... in position
    1404") is unreadable, never missing or gated, whatever digits its message holds: "missing"
    lets the card-reading rules read the card's silence, which only a card read whole (or one
    that does not exist) can show. Before 2026-12-06 a "404", "401" or "403" anywhere in the
    message counted, so such a card could be read as absent."""
    lowered = error.lower()
    status = match.group(1) if (match := _ERROR_STATUS.match(error.strip())) else ""
    if "gatedrepo" in lowered or status in ("401", "403"):
        return "gated"
    if "reponotfound" in lowered or "revisionnotfound" in lowered:
        return "unreadable"  # the repository or commit is gone, not the model card
    if "entrynotfound" in lowered or status == "404":
        return "missing"
    return "unreadable"


def judge_modelcard(snapshot: HubSnapshot) -> Judgment | None:
    doc = snapshot.readme
    if doc is None:
        return None
    url = readme_url(snapshot)
    revision = doc.revision or snapshot.sha

    def cite(excerpt: str) -> tuple[EvidenceInput, ...]:
        return (
            EvidenceInput(
                url=url,
                title=f"Model card (README.md) of {snapshot.repo_id}",
                excerpt=excerpt,
                kind=Evidence.Kind.MODEL_CARD,
                retrieved_at=doc.retrieved_at,
                revision=revision,
                rule=MODELCARD_RULE,
            ),
        )

    if not text_readable(doc):
        failure = readme_failure(doc.error or "no text")
        if failure == "missing":
            return Judgment(
                "modelcard",
                Level.CLOSED,
                "The repository has no README.md (model card).",
                MODELCARD_RULE,
                cite(f"README.md: {doc.error or 'not found'}"),
            )
        why = (
            "gated: it cannot be read without access"
            if failure == "gated"
            else (f"could not be read ({doc.error or 'no text'})")
        )
        return Judgment(
            "modelcard",
            Level.NOT_ASSESSED,
            f"The model card {why}.",
            MODELCARD_RULE,
            cite(f"README.md: {doc.error or 'no text'}"),
        )

    card_blocks = blocks(doc.text)
    found = sections(doc.text, card_blocks)
    total = words(_FRONT_MATTER.sub("", doc.text, count=1))
    if not found:
        return Judgment(
            "modelcard",
            Level.CLOSED,
            "The README has none of the standard model card sections "
            f"({', '.join(SECTIONS)}) with content (at least {SECTION_MIN_WORDS} words under "
            f"the heading); {total} words of prose in all.",
            MODELCARD_RULE,
            cite("headings: " + ("; ".join(h for h, _ in card_blocks[:10]) or "none")),
        )
    missing = [s for s in SECTIONS if s not in found]
    if (
        all(s in found for s in CORE_SECTIONS)
        and len(found) >= OPEN_MIN_SECTIONS
        and total >= CARD_MIN_WORDS
    ):
        level = Level.OPEN
    else:
        level = Level.PARTIAL
    notes = (
        f"The model card has {len(found)} of {len(SECTIONS)} standard sections with content "
        f"({', '.join(found)})"
        + (f"; missing or empty: {', '.join(missing)}" if missing else "")
        + f"; {total} words of prose in all. Open needs {', '.join(CORE_SECTIONS)}, at least "
        f"{OPEN_MIN_SECTIONS} sections with at least {SECTION_MIN_WORDS} words each and "
        f'{CARD_MIN_WORDS} words in all; placeholders such as "[More Information Needed]" '
        "are not content."
    )
    excerpt = "; ".join(f'{s}: "{h}"' for s, h in found.items())
    return Judgment("modelcard", level, notes, MODELCARD_RULE, cite(excerpt))


# Owners of general-purpose tooling that model cards link for installation or inference, not
# for the model's own training code.
TOOLING_OWNERS = frozenset(
    {
        "huggingface",
        "ggerganov",
        "ggml-org",
        "vllm-project",
        "ollama",
        "pytorch",
        "oobabooga",
        "lm-sys",
        "sgl-project",
        "openai",
        "microsoft",
        "nvidia",
        "google",
        "apple",
        "mlc-ai",
        "lmstudio-ai",
        "abetlen",
        "unslothai",
        "axolotl-ai-cloud",
        "hiyouga",
        "eleutherai",
        "turboderp",
        "turboderp-org",
        "autogptq",
        "casper-hansen",
        "intel",
        "shields",
    }
)
_GITHUB_LINK = re.compile(
    r"https?://(?:www\.)?github\.com/([A-Za-z0-9][A-Za-z0-9-]{0,38})/([A-Za-z0-9_.-]{1,100})"
)


def github_links(text: str) -> list[tuple[str, str]]:
    """[(repository URL, the line quoting it)] for github.com repository links, in order."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        for owner, name in _GITHUB_LINK.findall(line):
            name = name.removesuffix(".git").rstrip(".")
            if owner.lower() in TOOLING_OWNERS or not name or name in {".", ".."}:
                continue
            url = f"https://github.com/{owner}/{name}"
            found.setdefault(url, line.strip()[:300])
    return list(found.items())


def judge_trainingcode(snapshot: HubSnapshot) -> Judgment | None:
    readme = snapshot.readme
    readme_read = readme is not None and not readme.error and isinstance(readme.text, str)
    papers = {
        k: d
        for k, d in _paper_docs(snapshot).items()
        if d is not None and not d.error and isinstance(d.data, dict)
    }
    if not readme_read and not papers:
        return None

    evidence: list[EvidenceInput] = []
    repos: list[str] = []
    for arxiv_id, doc in sorted(papers.items()):
        repo = _github_repo(doc)
        if not repo:
            continue
        repos.append(repo)
        if is_http_url(doc.url):
            evidence.append(
                EvidenceInput(
                    url=doc.url,
                    title=f"Hub paper record {arxiv_id}",
                    excerpt=f'"githubRepo": "{repo}"',
                    kind=Evidence.Kind.PAPER,
                    retrieved_at=doc.retrieved_at,
                    revision=doc.revision,
                    rule=TRAININGCODE_RULE,
                )
            )
    if readme_read:
        for repo, line in github_links(readme.text)[:5]:
            if repo in repos:
                continue
            repos.append(repo)
            evidence.append(
                EvidenceInput(
                    url=readme_url(snapshot),
                    title=f"Model card (README.md) of {snapshot.repo_id}",
                    excerpt=line,
                    kind=Evidence.Kind.MODEL_CARD,
                    retrieved_at=readme.retrieved_at,
                    revision=readme.revision or snapshot.sha,
                    rule=TRAININGCODE_RULE,
                )
            )
    if not repos:
        sources = " and ".join(
            s for s, read in (("model card", readme_read), ("paper record", bool(papers))) if read
        )
        url = readme_url(snapshot) if readme_read else next(iter(papers.values())).url
        cite = EvidenceInput(
            url=url if is_http_url(url) else snapshot.api_url(),
            title=f"Documentation of {snapshot.repo_id}",
            excerpt=f"no code repository linked in the {sources}",
            kind=Evidence.Kind.MODEL_CARD if readme_read else Evidence.Kind.PAPER,
            retrieved_at=readme.retrieved_at if readme_read else snapshot.retrieved_at,
            revision=(readme.revision or snapshot.sha) if readme_read else "",
            rule=TRAININGCODE_RULE,
        )
        return Judgment(
            "trainingcode",
            Level.NOT_ASSESSED,
            f"No code repository is linked in the {sources}; whether training code exists "
            "elsewhere cannot be decided from metadata.",
            TRAININGCODE_RULE,
            (cite,),
        )
    for repo in repos:
        evidence.append(
            EvidenceInput(
                url=repo,
                title=f"Code repository {repo.removeprefix('https://')}",
                excerpt=f"linked code repository: {repo}",
                kind=Evidence.Kind.REPOSITORY,
                retrieved_at=snapshot.retrieved_at,
                revision="",
                rule=TRAININGCODE_RULE,
            )
        )
    notes = (
        f"A code repository is linked ({', '.join(repos)}). Whether it holds the complete "
        "data processing, training and tuning code cannot be decided from metadata, so this "
        "is at most partial."
    )
    return Judgment("trainingcode", Level.PARTIAL, notes, TRAININGCODE_RULE, tuple(evidence))
