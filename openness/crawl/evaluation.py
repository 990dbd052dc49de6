"""How far the automatic track agrees with the experts: the rules against the curated files.

`rules_evaluate` (the command) serves a folder in the fixtures/hub layout through the loopback
hub, crawls and enriches it with the same services the Celery tasks call, and hands the
automatic judgments to `compare`, which reads the expected levels from the EU index's files
(`osai_file_parse` and the links it resolves, never typed by hand) and counts, per criterion,
coverage, agreement, the confusion matrix and automatic "open" that the experts call closed,
and over models the Spearman correlation of the totals.

Which repository a curated file stands for: its end-model repository (the one the import
records as `end_model_repo`) is compared on every criterion; a repository the file names only
as its base model (`base_model_repo`) is compared on its own weights and training data
(`weights_endmodel`, `datasources_endmodel`), which the file judges as `weights_basemodel` and
`datasources_basemodel`.

Facts a gold-set file marks unknown (`_unknown`, `_siblings_partial`, `_readme_partial`,
`_tags_partial`, a declared dataset or linked paper with no record or an incomplete one, a
linked paper's arXiv record with its comment or journal reference unknown) are not
evidence either way: a pair whose automatic judgment rests on such a fact is left out of
coverage and agreement alike and counted as "excluded", and so is a pair left undecided where
the fact the rule needed is unknown (the gating for the weights, the card for the card-reading
rules, the declared datasets for the data rules, the declared base model for the lineage rule and,
since 2026-12-06, the card where the lineage rule found it naming no base, the arXiv
links and paper records for preprint and paper, and, from paper@4, arXiv's record of a paper
about the model, whose venue could decide the paper criterion). Counting such a pair as
undecided would charge the rules with the folder's gaps (the live Hub always answers `gated`,
the card and the tags).

A curated cell that the gold set's recorded pages contradict (a record's `_disputed`, per
criterion, with the pages that contradict it) is not a measure of the rules either: its pair is
counted neither way and named, and the overall figures are given with it counted too, so the
headline never hides it (since 2026-12-06; before, only the weights' availability could be
disputed, `_availability_disputed`).

Totals for the Spearman correlation: the quantity the site ranks the Hub track by
(docs/honest-scores.md, "The ranking rule"): the lower end of the range, each level's value as
the methodology scores it (open 1, partial 0.5, closed and not assessed 0), the plain mean
over the criteria of the pairs compared, for every repository with a compared pair (one with
nothing decided has a total of 0 and ranks last, as on the site). The curated total is the
mean of the curated levels over the same pairs. Secondary figures, printed so nothing is
hidden: the mean over decided criteria only (not assessed left out; the figure before
2026-12-06, over repositories with a decided pair), the upper end (not assessed counted
open), and the site's stored totals as they are (`Score.total` of the automatic track over
every applicable criterion, against the curated file's own total, no pair left out).
"""

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from openness.assessments import scoring
from openness.assessments.models import Assessment, Level, Methodology, Score, Track
from openness.assessments.osai_import import model_files, osai_file_parse
from openness.assessments.services import criteria_specs
from openness.crawl.arxiv.ids import card_arxiv_ids
from openness.crawl.datalinks import training_dataset_links
from openness.crawl.rules import coderepo, datasets, lineage, paper, projectlicense

LEVELS = (Level.OPEN, Level.PARTIAL, Level.CLOSED)
DECIDED = frozenset(LEVELS)
VALUE = {Level.OPEN: 1.0, Level.PARTIAL: 0.5, Level.CLOSED: 0.0}
# A base repository stands for these criteria of a file that names it as its base model:
# {criterion judged on the base repository: the file's criterion that judges it}.
BASE_CRITERIA = {
    "weights_endmodel": "weights_basemodel",
    "datasources_endmodel": "datasources_basemodel",
}


@dataclass(frozen=True)
class Expected:
    """A curated file's level for one criterion of one repository, with its evidence."""

    level: str
    file: str
    criterion: str  # the file's criterion (differs for a base repository)
    notes: str
    links: tuple[str, ...]


@dataclass
class Judged:
    """The automatic track's judgment of one criterion of one repository."""

    level: str
    notes: str = ""
    rule: str = ""
    evidence: tuple[tuple[str, str], ...] = ()  # (url, excerpt)


@dataclass(frozen=True)
class Dispute:
    """A curated cell that the recorded pages contradict (a gold record's `_disputed`)."""

    curated: str  # the cell as the curated file has it, quoted with the file's name
    recorded: tuple[str, ...]  # the recorded pages (URLs) that contradict it
    note: str


@dataclass
class Pair:
    repo_id: str
    criterion: str
    expected: Expected
    judged: Judged
    excluded: str = ""  # why the gold set's unknown facts leave this pair out, or DISPUTED
    dispute: Dispute | None = None  # the record's evidence against the curated level
    # Why the pair would be left out were it not disputed (the figures with it counted).
    excluded_undisputed: str = ""

    @property
    def decided(self) -> bool:
        return not self.excluded and self.judged.level in DECIDED

    @property
    def agrees(self) -> bool:
        return self.decided and self.judged.level == self.expected.level


@dataclass
class CriterionFigures:
    code: str
    applicable: int = 0
    decided: int = 0
    agreed: int = 0
    excluded: int = 0
    auto_open: int = 0
    open_but_closed: int = 0
    confusion: Counter = field(default_factory=Counter)  # (expected, judged): count

    def add(self, pair: Pair) -> None:
        if pair.excluded:
            self.excluded += 1
            return
        self.applicable += 1
        self.confusion[(pair.expected.level, pair.judged.level)] += 1
        if not pair.decided:
            return
        self.decided += 1
        self.agreed += pair.agrees
        if pair.judged.level == Level.OPEN:
            self.auto_open += 1
            self.open_but_closed += pair.expected.level == Level.CLOSED


@dataclass(frozen=True)
class RepoTotals:
    """One repository's totals over its compared pairs (the Spearman figures' inputs)."""

    repo_id: str
    compared: int
    decided: int
    curated: float
    lower: float  # not assessed counted closed: what the site ranks the Hub track by
    upper: float  # not assessed counted open
    assessed_mean: float | None  # over decided pairs only; None when nothing is decided


@dataclass
class Report:
    pairs: list[Pair]
    criteria: list[CriterionFigures]
    overall: CriterionFigures
    # Spearman of the lower ends (the site's ranking quantity) against the curated totals.
    spearman: float | None
    spearman_assessed: float | None  # the mean over decided criteria (before 2026-12-06)
    spearman_upper: float | None  # not assessed counted open
    totals: list[RepoTotals]
    # The pairs of repositories whose code judgments read a linked code repository (issue 15's
    # second coverage target), and how many such repositories were compared.
    with_code: CriterionFigures
    with_code_repos: list[str]
    models: int  # repositories compared (with a pair that rests on no unknown fact)
    ranked: int  # repositories with a decided pair (a mean over decided criteria)
    linked: int  # repositories in the folder that a curated file links
    missing: list[str]  # repositories in the folder that no curated file links
    # The site's stored totals as they are: {repo: (automatic Score.total, curated file total)}
    # for the end-model repositories of curated files, and their Spearman figure.
    site_totals: dict[str, tuple[float, float]] = field(default_factory=dict)
    spearman_site: float | None = None
    # Pairs whose curated level the recorded pages contradict (DISPUTED), left out of every
    # figure above, and the overall figures and Spearman with them counted as ordinary pairs.
    disputed: list[Pair] = field(default_factory=list)
    overall_with_disputed: CriterionFigures | None = None
    spearman_with_disputed: float | None = None

    def summary(self) -> str:
        o = self.overall
        return (
            f"overall: agreement {percent(o.agreed, o.decided)} of {o.decided} decided pairs, "
            f"coverage {percent(o.decided, o.applicable)}, open-but-closed {o.open_but_closed}, "
            f"spearman {rho_text(self.spearman)}, "
            f"disputed {len(self.disputed)} left out"
        )


def rho_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


# Expected levels ---------------------------------------------------------------------------


def expectations(*, curated_dir: Path, methodology: Methodology) -> dict[str, dict[str, Expected]]:
    """{repo id: {criterion: Expected}} from every curated file that parses.

    A repository that is one file's end model takes that file's levels (the first file by
    name when several name it); one that is only named as a base takes the base criteria.
    """
    criteria = {c.code: c for c in methodology.criteria.all()}
    ends: dict[str, dict[str, Expected]] = {}
    bases: dict[str, dict[str, Expected]] = {}
    for path in model_files(curated_dir):
        record, _issues = osai_file_parse(path=path, criteria=tuple(criteria))
        if record is None:
            continue
        types = record.fields.get("model_types") or []
        applicable = {code for code, c in criteria.items() if c.applies_to(types)}

        end_repo = record.fields.get("end_model_repo") or ""
        base_repo = record.fields.get("base_model_repo") or ""
        if end_repo and end_repo not in ends:
            found = {code: e for code in criteria if (e := _expected(record, code, applicable))}
            ends[end_repo] = found
        if base_repo and base_repo != end_repo and base_repo not in bases:
            found = {
                code: e
                for code, source in BASE_CRITERIA.items()
                if code in applicable and (e := _expected(record, source, applicable))
            }
            bases[base_repo] = found
    return {**bases, **ends}


def _expected(record, code: str, applicable: set[str]) -> Expected | None:
    cell = record.cells.get(code)
    if cell is None or cell.level not in DECIDED or code not in applicable:
        return None
    return Expected(cell.level, record.file, code, cell.notes, cell.links)


# What the gold set does not know -----------------------------------------------------------


@dataclass(frozen=True)
class Unknowns:
    """A fixture item's notes on what was not found (absent, but not evidence of absence)."""

    fields: frozenset[str] = frozenset()
    siblings_partial: bool = False
    readme_partial: bool = False
    datasets_unknown: bool = False  # a declared dataset's record is missing or incomplete
    papers_unknown: bool = False  # a linked arXiv paper's record is missing or incomplete
    # A paper the card's text cites with no `arxiv:` tag (preprint@5 reads them) whose record is
    # missing or incomplete: gold items only (since 2026-12-06).
    cited_papers_unknown: bool = False
    dataset_licenses_unknown: bool = False  # a declared dataset's record or license unknown
    # Kinds of tag (`arxiv`, `dataset`, `base_model`) the page showed only as a count, or not
    # at all: the recorded tags lack some of that kind (`_tags_partial`).
    tags_partial: frozenset[str] = frozenset()
    # Code repositories (lower-case owner/name) whose license the folder knows, from its
    # code/github records; None for an item without the gold set's notes, whose folder knows
    # every fact it serves (since 2026-12-06).
    code_licenses_known: frozenset[str] | None = None
    # Code repositories the folder holds (lower-case owner/name, code/github records): one
    # outside it answers 404 on the loopback GitHub, where the live one would answer (since
    # 2026-12-06; gold items only).
    code_repos_held: frozenset[str] | None = None
    # Model repositories the folder holds (lower-case ids): a declared base outside it is a
    # repository the live Hub would serve and the folder does not (gold items only).
    folder_repos: frozenset[str] | None = None
    # The record's `_disputed`: {criterion: Dispute}, curated cells the recorded pages
    # contradict (the weights "taken down" while the pages show the files; the training code
    # "not released" while the recorded repository holds this model's trainer).
    disputed: dict[str, Dispute] = field(default_factory=dict)
    # Linked papers (arXiv ids) whose arXiv record the folder does not know (no arxiv/<id>.json,
    # or its comment or journal_ref in `_unknown`): gold items only (since 2026-12-06).
    arxiv_unknown: frozenset[str] = frozenset()

    @property
    def card_gap(self) -> str:
        """Why the model card cannot be read whole ("model card unknown", "model card recorded
        in part"), or "" when it was recorded whole."""
        if "README.md" in self.fields:
            return "model card unknown"
        if self.readme_partial:
            return "model card recorded in part"
        return ""


def _dataset_unknown(hub_dir: Path, item: dict, *, license_only: bool = False) -> bool:
    """Whether a declared dataset's record is missing, or lacks facts a data rule reads (its
    gating, tags or cardData; with `license_only`, both tags and cardData, where a license
    is declared)."""
    card = item.get("cardData") if isinstance(item.get("cardData"), dict) else {}
    declared = card.get("datasets") if isinstance(card.get("datasets"), list) else []
    declared += _tagged(item, "dataset:")
    if not declared:
        # Nothing declared: the Hub datasets the recorded card links as its training data,
        # which datasets@5, datasheet@4 and license@6 read as declared (since 2026-12-06).
        declared = training_dataset_links(_card_text(hub_dir, item))
    for dataset_id in {d for d in declared if isinstance(d, str)}:
        marked = _record_unknown(hub_dir / "datasets" / f"{dataset_id.replace('/', '__')}.json")
        if marked is None:
            return True
        if license_only and {"tags", "cardData"} <= marked:
            return True
        if not license_only and {"gated", "tags", "cardData"} & marked:
            return True
    return False


def _card_text(hub_dir: Path, item: dict) -> str | None:
    """The recorded model card of a folder item, None when it has none or it is unreadable."""
    card = hub_dir / "readmes" / f"{item['id'].replace('/', '__')}.md"
    try:
        return card.read_text()
    except (OSError, UnicodeDecodeError):
        return None


def _paper_unknown(hub_dir: Path, item: dict) -> bool:
    for arxiv_id in _tagged(item, "arxiv:"):
        marked = _record_unknown(hub_dir / "papers" / f"{arxiv_id}.json")
        if marked is None or {"title", "authors"} & marked:
            return True
    return False


def _cited_paper_unknown(hub_dir: Path, item: dict) -> bool:
    """Whether a paper the recorded card cites in its text, with no `arxiv:` tag, has no
    record in the folder or one with its title or authors unknown (preprint@5 matches the
    model against them; the live Hub would answer its paper record)."""
    card = hub_dir / "readmes" / f"{item['id'].replace('/', '__')}.md"
    try:
        text = card.read_text()
    except (OSError, UnicodeDecodeError):
        return False
    tagged = set(_tagged(item, "arxiv:"))
    for arxiv_id in card_arxiv_ids(text):
        if arxiv_id in tagged:
            continue
        marked = _record_unknown(hub_dir / "papers" / f"{arxiv_id}.json")
        if marked is None or {"title", "authors"} & marked:
            return True
    return False


def _arxiv_unknown(hub_dir: Path, item: dict) -> frozenset[str]:
    """The item's linked papers whose arXiv comment or journal reference the folder does not
    know (paper@4 reads the venue from them)."""
    unknown = set()
    for arxiv_id in _tagged(item, "arxiv:"):
        marked = _record_unknown(hub_dir / "arxiv" / f"{arxiv_id}.json")
        if marked is None or {"comment", "journal_ref"} & marked:
            unknown.add(arxiv_id)
    return frozenset(unknown)


def _tagged(item: dict, prefix: str) -> list[str]:
    """The values of the item's tags that start with `prefix` (dataset:, arxiv:)."""
    return [
        t.removeprefix(prefix)
        for t in item.get("tags") or []
        if isinstance(t, str) and t.startswith(prefix)
    ]


def _record_unknown(path: Path) -> set[str] | None:
    """The facts a gold set record marks unknown (`_unknown`), or None when the record is
    missing or unreadable (everything about it is unknown)."""
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text())
    except ValueError:
        return None
    marked = record.get("_unknown") if isinstance(record, dict) else None
    return set(marked) if isinstance(marked, list) else set()


def _code_licenses_known(hub_dir: Path) -> frozenset[str]:
    """Code repositories of the folder (code/github/<owner>__<repo>.json) whose license is
    recorded: `repo.license` present and not marked unknown."""
    known = set()
    for path in sorted((hub_dir / "code" / "github").glob("*.json")):
        try:
            record = json.loads(path.read_text())
        except ValueError:
            continue
        repo = record.get("repo") if isinstance(record, dict) else None
        marked = record.get("_unknown") if isinstance(record, dict) else None
        marked = marked if isinstance(marked, list) else []
        if isinstance(repo, dict) and "license" in repo and "repo.license" not in marked:
            known.add(path.stem.replace("__", "/", 1).lower())
    return frozenset(known)


def unknowns(hub_dir: Path) -> dict[str, Unknowns]:
    """What each model item of a fixture folder marks unknown; a folder without the gold
    set's notes (`_unknown`, ...) knows every fact it serves, and its absent dataset records
    are absent."""
    found = {}
    items = []
    for path in sorted((hub_dir / "models").glob("*.json")):
        try:
            item = json.loads(path.read_text())
        except ValueError:
            continue
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            items.append(item)
    code_known = _code_licenses_known(hub_dir)
    code_held = frozenset(
        path.stem.replace("__", "/", 1).lower()
        for path in (hub_dir / "code" / "github").glob("*.json")
    )
    folder_repos = frozenset(item["id"].lower() for item in items)
    for item in items:
        gold = "_unknown" in item
        fields = item.get("_unknown") if isinstance(item.get("_unknown"), list) else []
        found[item["id"]] = Unknowns(
            fields=frozenset(f for f in fields if isinstance(f, str)),
            siblings_partial=item.get("_siblings_partial") is True,
            readme_partial=item.get("_readme_partial") is True,
            tags_partial=frozenset(k for k in item.get("_tags_partial") or [] if isinstance(k, str))
            if isinstance(item.get("_tags_partial"), list)
            else frozenset(),
            datasets_unknown="_unknown" in item and _dataset_unknown(hub_dir, item),
            papers_unknown="_unknown" in item and _paper_unknown(hub_dir, item),
            cited_papers_unknown="_unknown" in item and _cited_paper_unknown(hub_dir, item),
            dataset_licenses_unknown="_unknown" in item
            and _dataset_unknown(hub_dir, item, license_only=True),
            code_licenses_known=code_known if gold else None,
            code_repos_held=code_held if gold else None,
            folder_repos=folder_repos if gold else None,
            disputed=_disputes(item),
            arxiv_unknown=_arxiv_unknown(hub_dir, item) if gold else frozenset(),
        )
    return found


def _disputes(item: dict) -> dict[str, Dispute]:
    """The record's `_disputed` ({criterion: {curated, recorded, note}}), entries that name
    the pages that contradict the curated cell; `recorded` is a URL or a list of them."""
    marked = item.get("_disputed")
    found = {}
    for criterion, entry in (marked if isinstance(marked, dict) else {}).items():
        if not isinstance(entry, dict):
            continue
        recorded = entry.get("recorded")
        urls = [recorded] if isinstance(recorded, str) else recorded
        urls = tuple(u for u in urls or [] if isinstance(u, str) and u.startswith("http"))
        if urls:
            found[criterion] = Dispute(
                str(entry.get("curated", "")), urls, str(entry.get("note", ""))
            )
    return found


# A pair whose curated level the recorded pages contradict (the record's `_disputed`): counted
# neither way, named with its evidence, and the figures with it counted printed beside (since
# 2026-12-06). Not a fact the folder lacks: the curated side of that one pair is in question, so
# it never leaves out another pair (a derived model's copy of the disputed base's judgment).
DISPUTED = "disputed: the recorded pages contradict the curated level"


def excluded_because(criterion: str, judged: Judged, unknown: Unknowns) -> str:
    """Why an automatic judgment rests on a fact the gold set does not know ("" when not).

    A decided judgment is left out when the fact it rests on is unknown (it might read
    otherwise with the fact known); an undecided one when a fact it would need to decide is
    unknown (the rule could not decide because the folder lacks the fact, which the Hub
    would serve). Either way the unknown fact counts neither for nor against the rules.
    """
    if why := _tags_partial_excluded(criterion, judged, unknown):
        return why
    names_inferred = criterion in LINEAGE_CRITERIA and lineage.NAMES_INFERRED in judged.notes
    if names_inferred and unknown.card_gap:
        # lineage@4 reads a base from the names only where the card names none: a card unknown
        # or recorded in part could name another (since 2026-12-06, branch lineage4); so does
        # lineage@5's `<X>-Base` of a model its card says was pretrained, then post-trained.
        return unknown.card_gap
    if judged.level in DECIDED:
        return _decided_excluded(criterion, judged, unknown)
    if criterion in LINEAGE_CRITERIA and _lineage_waits_on_card(judged.notes):
        # Undecided because the card names no base: the part of a card the folder did not
        # record could name one (since 2026-12-06, as trainingcode and code on the same gap).
        return unknown.card_gap or _undecided_excluded(criterion, unknown)
    if criterion == "licenses" and (
        _license_waits_on_card(judged.notes, unknown)
        or _license_part_reads_card(judged.notes, unknown)
    ):
        return unknown.card_gap
    if criterion in ("licenses", *CODE_CRITERIA) and _code_license_unknown(judged.notes, unknown):
        return "a linked code repository's license unknown"
    if criterion in CODE_CRITERIA and _code_repository_not_held(judged.notes, unknown):
        return "a linked code repository's record not in the folder"
    if criterion == "paper" and _paper_waits_on_arxiv(judged.notes, unknown):
        return "a linked paper's arXiv record unknown"
    if criterion == "datasources_endmodel" and _data_waits_on_card(judged.notes, unknown):
        return unknown.card_gap
    return _undecided_excluded(criterion, unknown)


def _data_waits_on_card(notes: str, unknown: Unknowns) -> bool:
    """datasets@5 left undecided a model that declares no dataset: a firm statement that the
    training data is not released, in the part of the card the folder does not hold, would
    decide it (since 2026-12-06, branch data5; the preprint pair waits on the card the same
    way since preprint@5 reads the papers a card cites)."""
    return datasets.NO_DATASET_DECLARED in notes and bool(unknown.card_gap)


_ARXIV_ID = re.compile(r"\b(\d{4}\.\d{4,5})(?:v\d+)?\b")


def _paper_waits_on_arxiv(notes: str, unknown: Unknowns) -> bool:
    """An undecided paper@4 judgment on a paper about the model whose arXiv record (its venue,
    which could decide it) the folder does not know. paper@4 decides only from a venue a
    record names, never from a field's absence, so no decided pair rests on an unknown one."""
    if paper.NO_VENUE not in notes or not unknown.arxiv_unknown:
        return False
    return bool(set(_ARXIV_ID.findall(notes)) & unknown.arxiv_unknown)


# How the code rules (repocode@3-4, codedocs@3-4) and license@5-6 name the repositories whose
# license they could not read.
_UNREAD_LICENSES = re.compile(r"(?:no license could be read|license could not be read) \(([^)]*)\)")


def _code_license_unknown(notes: str, unknown: Unknowns) -> bool:
    """An undecided code or licence judgment waiting on a code repository's license that the
    folder does not know (its record marks `repo.license` unknown, or there is no record):
    GitHub would have answered it (since 2026-12-06)."""
    if unknown.code_licenses_known is None:
        return False
    for listed in _UNREAD_LICENSES.findall(notes or ""):
        for name in listed.split(", "):
            repo = re.sub(r"^https?://(?:www\.)?github\.com/", "", name.strip()).strip("/")
            if repo and repo.lower() not in unknown.code_licenses_known:
                return True
    return False


_GITHUB_REPO = re.compile(r"https://github\.com/([\w.-]+/[\w.-]+?)(?=[\s,:;)]|\.?$)")


def _code_repository_not_held(notes: str, unknown: Unknowns) -> bool:
    """An undecided code judgment because every linked repository is gone (repocode@4 and
    codedocs@4: GitHub answers 404) where one of them is a repository the folder does not
    hold: the loopback GitHub answers 404 for what it does not hold, the live one may not."""
    if unknown.code_repos_held is None or coderepo.GONE not in (notes or ""):
        return False
    return any(r.lower() not in unknown.code_repos_held for r in _GITHUB_REPO.findall(notes))


def _lineage_waits_on_card(notes: str) -> bool:
    """lineage@ left the base undecided on the card's silence: the card named no base, or no
    pretrained checkpoint of a model it says was pretrained, then post-trained."""
    notes = notes or ""
    return lineage.CARD_NAMES_NO_BASE in notes or lineage.CARD_NAMES_NO_PRETRAINED in notes


def _license_part_reads_card(notes: str, unknown: Unknowns) -> bool:
    """license@ left undecided with its code part unknown because the card links no code
    repository, or its data part read from the card's silence, where the card is unknown or
    recorded in part: a link in the missing card could decide the part (since 2026-12-06; the
    card-reading rules trainingcode and code are left out the same way)."""
    # From license@6 the data part of a model declaring no dataset reads the card's statements
    # too ("not open" on a firm one), so an unknown data part waits on the card as well.
    reads_card = projectlicense.NO_CODE_REPOSITORY in notes or projectlicense.NO_DATASET in notes
    return bool(unknown.card_gap) and reads_card


def _license_waits_on_card(notes: str, unknown: Unknowns) -> bool:
    """license@ left undecided beside weights not under an open license and no declared
    dataset: a card read whole and silent on data would have made it closed."""
    waiting = projectlicense.WEIGHTS_NOT_OPEN in notes and projectlicense.NO_DATASET in notes
    return bool(unknown.card_gap) and waiting


def _tags_partial_excluded(criterion: str, judged: Judged, unknown: Unknowns) -> str:
    """A judgment, decided or not, whose rule reads a kind of tag the folder recorded in part.

    The arXiv ids decide preprint and paper; the declared datasets (tags, or cardData when it
    is known: the Hub makes a `dataset:` tag of each of its `datasets`) decide the data
    criteria, the datasheet and the datasets' part of the license; the declared base model
    (`base_model:` tags, or cardData's `base_model`) decides the lineage. Any level could read
    otherwise with the missing tags, so none counts; but an open preprint or paper (since
    2026-12-06): it rests on a paper the rule read (from preprint@5 one the card's text may
    cite), and a missing tag could only add papers, never lower the best of them.
    """
    kinds, card_unknown = unknown.tags_partial, "cardData" in unknown.fields
    if "arxiv" in kinds and criterion in ("preprint", "paper") and judged.level != Level.OPEN:
        return "arXiv tags recorded in part"
    data_criteria = ("datasources_endmodel", "datasheet", "licenses")
    if "dataset" in kinds and card_unknown and criterion in data_criteria:
        return "dataset tags recorded in part"
    lineage = ("weights_basemodel", "datasources_basemodel")
    if "base_model" in kinds and card_unknown and criterion in lineage:
        return "base model tags recorded in part"
    return ""


def _decided_excluded(criterion: str, judged: Judged, unknown: Unknowns) -> str:
    fields = unknown.fields
    level = judged.level
    if criterion == "weights_endmodel":
        if "gated" in fields:
            return "gating unknown"
        if level == Level.CLOSED and ("siblings" in fields or unknown.siblings_partial):
            return "file list unknown or partial"
    elif criterion == "licenses":
        if {"cardData", "tags"} <= fields:
            return "license fields unknown"
        if level == Level.CLOSED and fields & {"cardData", "tags"} and "no license" in judged.notes:
            return "license fields partly unknown"
        if unknown.dataset_licenses_unknown:
            # license@3 and @4 read the declared datasets' licenses; from license@4 a closed
            # level rests on them too (an open dataset could make it partial).
            return "a declared dataset's license unknown"
        if projectlicense.NO_DATASET_SILENT_CARD in judged.notes:
            # license@4-7: the data part is "not shared" on the card's silence, or (license@6)
            # on a firm statement beside a card that links no data; from license@7 the silence
            # counts only while no linked paper is about the model.
            if unknown.card_gap:
                return unknown.card_gap
            statement = "is not released" in judged.notes  # license@6's firm statement
            if not statement and (unknown.papers_unknown or unknown.cited_papers_unknown):
                return "a linked paper's record unknown"
            return ""
    elif criterion in ("datasources_endmodel", "datasources_basemodel", "datasheet"):
        # datasets@3-4, datasheet@2-3: closed on the card's silence when nothing is declared;
        # datasets@5 also closed on a firm statement that the data is not released, when the card
        # links no data (a link in the part not recorded could make it partial).
        silent = level == Level.CLOSED and "No training dataset is declared" in judged.notes
        if silent and unknown.card_gap:
            return unknown.card_gap
        paper_unknown = unknown.papers_unknown or unknown.cited_papers_unknown
        if silent and criterion == "datasources_endmodel" and paper_unknown:
            # datasets@6: the silence decides only while no linked paper is about the model,
            # which a record the folder lacks could be (the datasheet rule reads it regardless).
            return "a linked paper's record unknown"
        if criterion == "datasheet":
            return ""
        if {"cardData", "tags"} <= fields and criterion == "datasources_endmodel":
            return "declared datasets unknown"
        if unknown.datasets_unknown and criterion == "datasources_endmodel":
            return "a declared dataset's license or gating unknown"
    elif criterion == "weights_basemodel":
        if {"cardData", "tags"} <= fields:
            return "lineage unknown"
    elif criterion in ("preprint", "paper"):
        if "tags" in fields:
            return "arXiv tags unknown"
        if level == Level.CLOSED and unknown.papers_unknown:
            return "a linked paper's record unknown"
        if level == Level.CLOSED and unknown.card_gap:
            return unknown.card_gap
    elif criterion in ("modelcard", "trainingcode", "hardware_architecture"):
        if "README.md" in fields:
            return "model card unknown"
        # A level below open on a card recorded in part rests on what the missing part might
        # say: its sections (modelcard@), the training hardware or setup (architecture@).
        partial_card = level != Level.OPEN and unknown.readme_partial
        if partial_card and criterion in ("modelcard", "hardware_architecture"):
            return "model card recorded in part"
    return ""


def _undecided_excluded(criterion: str, unknown: Unknowns) -> str:
    fields = unknown.fields
    if criterion == "weights_endmodel":
        if "gated" in fields:
            return "gating unknown"
        if "siblings" in fields:
            return "file list unknown or partial"
    elif criterion in ("weights_basemodel", "datasources_basemodel"):
        if "cardData" in fields:  # the declared base model (`base_model`) lives in cardData
            return "lineage unknown"
    elif criterion in ("datasources_endmodel", "datasheet", "licenses"):
        if {"cardData", "tags"} <= fields and criterion == "licenses":
            return "license fields unknown"
        if {"cardData", "tags"} <= fields:
            return "declared datasets unknown"
        if unknown.datasets_unknown:
            return "a declared dataset's license or gating unknown"
    elif criterion in ("preprint", "paper"):
        if "tags" in fields:
            return "arXiv tags unknown"
        if unknown.papers_unknown:
            return "a linked paper's record unknown"
        if criterion == "preprint" and unknown.cited_papers_unknown:
            return "a cited paper's record unknown"
    # An undecided paper pair is not waiting on the card (since 2026-12-06): paper@ leaves a
    # paper about the model undecided when no record names its venue (paper@4: arXiv's record,
    # left out above when the folder does not know it), and a venue link or a cited arXiv paper
    # in the part recorded is in the whole card too; the part not recorded could add links,
    # which keep it undecided, never decide it.
    # An undecided preprint pair is (since preprint@5, 2026-12-06): the rule reads the papers
    # the card's text cites, and one in the part not recorded could be about the model and
    # decide it, as 2412.15450 in Fietje 2 Chat's citation section does.
    if criterion in ("modelcard", "trainingcode", "code", "hardware_architecture", "preprint"):
        return unknown.card_gap
    return ""


# Comparison --------------------------------------------------------------------------------


def judged_levels(*, methodology: Methodology, model_ids: dict[str, int]) -> dict:
    """{repo id: {criterion: Judged}} from the automatic track of the given models."""
    by_model = {pk: repo for repo, pk in model_ids.items()}
    found: dict[str, dict[str, Judged]] = defaultdict(dict)
    rows = (
        Assessment.objects.filter(
            model_id__in=by_model, track=Track.AUTOMATIC, criterion__methodology=methodology
        )
        .select_related("criterion")
        .prefetch_related("evidence")
    )
    for a in rows:
        evidence = tuple((e.url, e.excerpt) for e in a.evidence.all() if e.retracted_at is None)
        rule = next((e.rule for e in a.evidence.all() if e.rule), "")
        found[by_model[a.model_id]][a.criterion.code] = Judged(a.level, a.notes, rule, evidence)
    return found


LINEAGE_CRITERIA = ("weights_basemodel", "datasources_basemodel")


def compare(
    *,
    expected: dict[str, dict[str, Expected]],
    judged: dict[str, dict[str, Judged]],
    repos: list[str],
    unknown: dict[str, Unknowns],
    criteria: list[str],
    site_totals: dict[str, tuple[float, float]] | None = None,
) -> Report:
    """Pair every curated level with the automatic judgment of its repository and count.

    `site_totals` ({repo: (automatic stored total, curated file total)}) gives the secondary
    Spearman figure on the site's own totals; the end-model repositories among them count.
    """
    pairs = []
    for repo in repos:
        for code, exp in sorted(expected.get(repo, {}).items(), key=lambda x: criteria.index(x[0])):
            got = judged.get(repo, {}).get(code) or Judged(Level.NOT_ASSESSED)
            own = unknown.get(repo, Unknowns())
            why = excluded_because(code, got, own)
            why = why or _base_excluded(code, got, judged, unknown, own)
            dispute = own.disputed.get(code)
            if dispute:
                pairs.append(Pair(repo, code, exp, got, DISPUTED, dispute, why))
            else:
                pairs.append(Pair(repo, code, exp, got, why))
    figures = {code: CriterionFigures(code) for code in criteria}
    overall = CriterionFigures("overall")
    with_code = CriterionFigures("with a linked code repository")
    code_linked = {repo for repo in repos if _reads_code_repository(judged.get(repo, {}))}
    for pair in pairs:
        figures[pair.criterion].add(pair)
        overall.add(pair)
        if pair.repo_id in code_linked:
            with_code.add(pair)
    by_repo = defaultdict(list)
    for pair in pairs:
        if not pair.excluded:
            by_repo[pair.repo_id].append(pair)
    totals = [repo_totals(repo, repo_pairs) for repo, repo_pairs in by_repo.items()]
    disputed = [p for p in pairs if p.excluded == DISPUTED]
    counted = [
        Pair(p.repo_id, p.criterion, p.expected, p.judged, p.excluded_undisputed)
        if p.dispute
        else p
        for p in pairs
    ]
    overall_with_disputed = CriterionFigures("overall, disputed counted")
    with_disputed = defaultdict(list)
    for pair in counted:
        overall_with_disputed.add(pair)
        if not pair.excluded:
            with_disputed[pair.repo_id].append(pair)
    totals_with_disputed = [repo_totals(r, ps) for r, ps in with_disputed.items()]
    assessed = [t for t in totals if t.assessed_mean is not None]
    site = {r: v for r, v in (site_totals or {}).items() if r in expected}
    return Report(
        pairs=pairs,
        criteria=[figures[c] for c in criteria],
        overall=overall,
        with_code=with_code,
        with_code_repos=sorted(code_linked & set(by_repo)),
        spearman=spearman([t.lower for t in totals], [t.curated for t in totals]),
        spearman_assessed=spearman(
            [t.assessed_mean for t in assessed], [t.curated for t in assessed]
        ),
        spearman_upper=spearman([t.upper for t in totals], [t.curated for t in totals]),
        totals=totals,
        models=len(by_repo),
        ranked=len(assessed),
        linked=sum(1 for r in repos if expected.get(r)),
        missing=[r for r in repos if r not in expected],
        site_totals=site,
        spearman_site=spearman([a for a, _ in site.values()], [c for _, c in site.values()]),
        disputed=disputed,
        overall_with_disputed=overall_with_disputed,
        spearman_with_disputed=spearman(
            [t.lower for t in totals_with_disputed], [t.curated for t in totals_with_disputed]
        ),
    )


def repo_totals(repo_id: str, pairs: list[Pair]) -> RepoTotals:
    """A repository's totals over its compared pairs (none of them excluded)."""
    decided = [VALUE[p.judged.level] for p in pairs if p.decided]
    undecided = len(pairs) - len(decided)
    return RepoTotals(
        repo_id=repo_id,
        compared=len(pairs),
        decided=len(decided),
        curated=sum(VALUE[p.expected.level] for p in pairs) / len(pairs),
        lower=sum(decided) / len(pairs),
        upper=(sum(decided) + undecided) / len(pairs),
        assessed_mean=sum(decided) / len(decided) if decided else None,
    )


def curated_totals(*, curated_dir: Path, methodology: Methodology) -> dict[str, float]:
    """{end-model repo id: the curated file's total} as the curated track scores it
    (`scoring.score` over the file's levels and model types; the first file by name that
    names the repository as its end model, as `expectations` takes)."""
    specs = criteria_specs(methodology)
    codes = tuple(c.code for c in specs)
    found: dict[str, float] = {}
    for path in model_files(curated_dir):
        record, _issues = osai_file_parse(path=path, criteria=codes)
        end_repo = (record.fields.get("end_model_repo") or "") if record else ""
        if not end_repo or end_repo in found:
            continue
        levels = {code: cell.level for code, cell in record.cells.items()}
        types = record.fields.get("model_types") or []
        found[end_repo] = float(scoring.score(levels, specs, types).total)
    return found


def stored_totals(*, methodology: Methodology, model_ids: dict[str, int]) -> dict[str, float]:
    """{repo id: the automatic track's stored total}: the figure the Hub ranking orders by."""
    by_model = {pk: repo for repo, pk in model_ids.items()}
    rows = Score.objects.filter(
        methodology=methodology, track=Track.AUTOMATIC, model_id__in=by_model
    ).values_list("model_id", "total")
    return {by_model[pk]: float(total) for pk, total in rows}


CODE_CRITERIA = ("trainingcode", "code")


def _reads_code_repository(judgments: dict[str, Judged]) -> bool:
    """Whether a code judgment cites a code repository it read (a GitHub URL), rather than
    saying none is linked or that every linked one is gone (GitHub answers 404)."""
    return any(
        "github.com/" in url
        for code in CODE_CRITERIA
        if code in judgments and coderepo.GONE not in (judgments[code].notes or "")
        for url, _ in judgments[code].evidence
    )


def _base_excluded(
    code: str, got: Judged, judged: dict, unknown: dict[str, Unknowns], own: Unknowns
) -> str:
    """A base-model judgment that lineage@2 to @5 copied from its base's end-model judgment
    (the base declared in the metadata, or from lineage@3 read from the model card, or from
    lineage@4 inferred from the same account's names: the notes begin "Derived (...) from
    <repo>;" or "Derived from <repo>," either way) rests on what that judgment rests on: left
    out when the base's is (since the fourth round). From 2026-12-06 the same holds for one
    left undecided because the base's judgment is (its own pair left out), and for one whose
    declared base the folder does not hold (the live Hub would serve the base's record)."""
    if code not in LINEAGE_CRITERIA:
        return ""
    found = re.match(r"Derived(?: \(\w+\))? from (\S+?)[;,]", got.notes or "")
    if found:
        return _one_base_excluded(code, got, found.group(1), judged, unknown, own, "the base's")
    # lineage@6: a card's name that fits several repositories rests on every candidate's
    # judgment (decided only when all agree; undecided when any is not assessed or differs)
    for candidate in lineage.candidate_ids(got.notes):
        why = _one_base_excluded(code, got, candidate, judged, unknown, own, "a candidate base's")
        if why:
            return why
    return ""


def _one_base_excluded(
    code: str,
    got: Judged,
    base: str,
    judged: dict,
    unknown: dict[str, Unknowns],
    own: Unknowns,
    whose: str,
) -> str:
    outside = own.folder_repos is not None and base.lower() not in own.folder_repos
    if got.level not in DECIDED and outside:
        return "the declared base's record not in the folder"
    base_code = code.replace("_basemodel", "_endmodel")
    base_got = judged.get(base, {}).get(base_code) or Judged(Level.NOT_ASSESSED)
    if base not in unknown or (got.level not in DECIDED and base_got.level in DECIDED):
        return ""
    why = excluded_because(base_code, base_got, unknown[base])
    return f"{whose} judgment: {why}" if why else ""


def _ranks(values: list[float]) -> list[float]:
    """Ranks from 1, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rho: Pearson's correlation of the ranks (ties at their mean rank)."""
    if len(xs) < 3:
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if not vx or not vy:
        return None
    return cov / (vx * vy) ** 0.5
