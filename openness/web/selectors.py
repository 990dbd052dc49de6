"""Reads for the site's pages: each function gathers one page's data in a fixed number of queries.

Pages read stored scores (assessments.Score); nothing here computes a current score. The one
computation is the score-over-time chart, which replays a model's revisions through the pure
scoring functions, because history is not stored as scores.
"""

import datetime
import secrets
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from openness.assessments import scoring
from openness.assessments.models import (
    Assessment,
    Criterion,
    Evidence,
    Level,
    Methodology,
    Score,
    Track,
)
from openness.catalog.models import MODEL_TYPES, AIModel, ModelSlugAlias, Organisation
from openness.corrections import selectors as corrections_selectors
from openness.crawl import selectors as crawl_selectors
from openness.crawl.rules import registry as rule_registry
from openness.lib import data_version
from openness.lib.raw_rows import columns, prepared_cursor, raw_instances
from openness.lib.stale_cache import remembered
from openness.web import ranking_sql, selectors_index, selectors_lens, selectors_organisations
from openness.web.ranking import (
    LEVEL_ORDER,
    PAGE_SIZE,
    SORT_LABELS,
    RankingQuery,
    cursor_decode,
    cursor_encode,
    name_key,
    ranking_query_parse,
)

# How long an expensive aggregate over the Hub catalog (millions of rows) may be served stale.
AGGREGATE_CACHE_SECONDS = 600
DERIVED_LIMIT = 50
TIMELINE_LIMIT = 100
# How long the current methodology and its criteria may be reused without a data change.
METHODOLOGY_CACHE_SECONDS = 60


class MethodologyMissing(Exception):
    """No current methodology: the curated data has not been imported yet."""


@dataclass(frozen=True)
class GroupInfo:
    code: str
    title: str
    criteria: list[Criterion]


@dataclass
class MethodologyContext:
    """The current methodology with its criteria in order, and their groups."""

    methodology: Methodology
    criteria: list[Criterion]
    groups: list[GroupInfo] = field(init=False)
    codes: list[str] = field(init=False)
    # Each criterion's page, by code: reversed once per context, not once per page view.
    urls: dict[str, str] = field(init=False)
    # What pages derive from the data as it stands at this context's data version (the
    # curated index's count and distribution chart): a context is read again whenever that
    # version moves (methodology_current_context), so these are never older than the data.
    # The Hub track's count is kept here too (see _track_count).
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    # Names the data version this context was read at, in every process alike: what is made
    # from the data at that version (a page's rendered frame) can be kept under it.
    token: str = field(default="", compare=False)

    def derive(self, key: str, make):
        """make(), once per context (so once per data version) in this process."""
        if key not in self.derived:
            self.derived[key] = make()
        return self.derived[key]

    def __post_init__(self):
        groups: dict[str, GroupInfo] = {}
        for criterion in self.criteria:
            if criterion.group_code not in groups:
                groups[criterion.group_code] = GroupInfo(
                    criterion.group_code, criterion.group_title, []
                )
            groups[criterion.group_code].criteria.append(criterion)
        self.groups = list(groups.values())
        self.codes = [c.code for c in self.criteria]
        self.urls = {c.code: reverse("web:criterion", args=[c.code]) for c in self.criteria}


# The context this process last read for each methodology, with the token it was read under.
_contexts_read: dict[str, tuple[str, MethodologyContext]] = {}


def methodology_current_context(slug: str = "osai") -> MethodologyContext:
    """The current methodology and its criteria: one cache read, two queries on a miss.

    Every page needs them and they change only on an import. The shared cache holds a token
    with the data version it was made at (methodology_load and every re-score move that
    version), for METHODOLOGY_CACHE_SECONDS at most, like a cached page; each process reads
    the rows once per token and keeps them, so a page costs one small cache read.
    """
    key = f"web:methodology-context:{slug}"
    found = cache.get_many([data_version.KEY, key]) if data_version.cache_available() else {}
    if not data_version.cache_available():
        # Redis is down: the database's data version names the context, alike in every process.
        token = f"db-{data_version.from_database()}"
    else:
        version = found.get(data_version.KEY, 0)
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            token = entry[1]
        else:
            token = secrets.token_hex(8)
            cache.set(key, (version, token), METHODOLOGY_CACHE_SECONDS)
    held = _contexts_read.get(slug)
    if held is not None and held[0] == token:
        return held[1]
    methodology = Methodology.objects.filter(slug=slug, is_current=True).first()
    if methodology is None:
        raise MethodologyMissing(slug)
    criteria = list(methodology.criteria.order_by("group_order", "order", "code"))
    context = MethodologyContext(methodology=methodology, criteria=criteria, token=token)
    _contexts_read[slug] = (token, context)
    return context


@dataclass(frozen=True, slots=True)
class Mark:
    """A level shown in a table cell."""

    criterion: Criterion
    level: str

    @property
    def label(self) -> str:
        return Level(self.level).label if self.level in Level.values else "Not assessed"


@dataclass(slots=True)
class RowOrganisation:
    """The organisation columns of a leaderboard row."""

    slug: str
    name: str


@dataclass(slots=True)
class RowModel:
    """The catalog columns of a leaderboard row (of ranking_sql.ROW_COLUMNS)."""

    slug: str
    name: str
    model_types: list[str]
    release_date: datetime.date | None
    release_date_precision: str
    downloads: int | None
    gated: str
    license_name: str
    license_spdx: str
    hub_created_at: datetime.datetime | None
    organisation: RowOrganisation

    def get_absolute_url(self) -> str:
        return reverse("web:model", args=[self.slug])


@dataclass(slots=True)
class RowScore:
    """The stored score columns of a leaderboard row (of ranking_sql.ROW_COLUMNS)."""

    rank: int
    total: Decimal
    groups: dict[str, str]
    levels: dict[str, str]
    assessed: int
    applicable: int
    total_upper: Decimal

    @property
    def is_complete(self) -> bool:
        return self.assessed >= self.applicable


@dataclass(slots=True)
class Row:
    """One leaderboard row: a stored score with its model and the marks to show."""

    score: Score | RowScore
    model: AIModel | RowModel
    groups: list[tuple[str, Decimal | None]]
    marks: list[Mark]
    # The stored MOF class and OSAID verdict in the row's track, where the page read them.
    mof: str | None = None
    osaid: str | None = None


def row_maker(context: MethodologyContext):
    """A function making the rows of one page: score and model to Row.

    A page has fifty rows of a dozen marks, all drawn from four levels per criterion, so the
    marks are made once per page and shared.
    """
    group_codes = [group.code for group in context.groups]
    marks_by_level = [
        (criterion.code, {level: Mark(criterion, level) for level in LEVEL_ORDER})
        for criterion in context.criteria
    ]
    not_assessed = Level.NOT_ASSESSED.value

    def make(score: Score | RowScore, model: AIModel | RowModel) -> Row:
        groups, levels = score.groups, score.levels
        marks = []
        for code, by_level in marks_by_level:
            level = levels.get(code) or not_assessed
            marks.append(by_level.get(level) or Mark(by_level[not_assessed].criterion, level))
        return Row(
            score=score,
            model=model,
            groups=[(code, _decimal(groups.get(code))) for code in group_codes],
            marks=marks,
        )

    return make


def _row_from_values(values: tuple, make) -> Row:
    """A row from a tuple of ranking_sql.ROW_COLUMNS (and any sort keys after them)."""
    (
        rank,
        total,
        groups,
        levels,
        assessed,
        applicable,
        total_upper,
        *model_values,
        org_slug,
        org_name,
        mof,
        osaid,
    ) = values[: ranking_sql.ROW_WIDTH]
    row = make(
        RowScore(rank, total, groups, levels, assessed, applicable, total_upper),
        RowModel(*model_values, organisation=RowOrganisation(org_slug, org_name)),
    )
    row.mof, row.osaid = mof, osaid
    return row


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


@dataclass
class RankingPage:
    context: MethodologyContext
    query: RankingQuery
    rows: list[Row]
    next_cursor: str = ""
    previous_cursor: str = ""
    count: int | None = None  # None where counting would be slow
    organisation: Organisation | None = None
    model_types: tuple[str, ...] = MODEL_TYPES
    chosen: list[tuple[str, str]] = field(default_factory=list)  # ticked to compare (slug, name)

    @property
    def sort_label(self) -> str:
        sort = self.query.sort
        if sort.startswith(("group:", "criterion:")):
            code = sort.split(":", 1)[1]
            for group in self.context.groups:
                if group.code == code and sort.startswith("group:"):
                    return f"{group.title} score"
            for criterion in self.context.criteria:
                if criterion.code == code:
                    return f"level on {criterion.title}"
        return SORT_LABELS.get(sort, sort).lower()


def ranking_page(params, *, cache_counts: bool = True, verdicts: bool = False) -> RankingPage:
    """One page of the leaderboard for request.GET, with keyset pagination.

    Queries: methodology, criteria, the page's rows (under a framework's lens on the Hub
    track, one statement per verdict until the page is full), and (only when needed) the
    filtered organisation's
    name and a count of the curated index. `verdicts` reads each row's MOF class and OSAID
    verdict under any lens (the CSV); a framework's lens reads them anyway.
    """
    context = methodology_current_context()
    query = ranking_query_parse(
        params,
        criteria_codes=context.codes,
        group_codes=[g.code for g in context.groups],
        model_types=list(MODEL_TYPES),
    )
    errors = list(query.errors)
    organisation = None
    organisation_ids: tuple[int, ...] = ()
    if query.org:
        # A name, a slug or a Hub account, and the Hub organisations its owner owns.
        found = selectors_organisations.organisation_find(query.org, context)
        if found is None:
            errors.append(selectors_organisations.not_found_text(query.org))
        else:
            organisation = found.organisation
            organisation_ids = found.ids
            query = replace(query, org=organisation.slug)
    fetched = _ranking_fetch(context, query, organisation_ids, errors, verdicts=verdicts)
    query, where, source = fetched.query, fetched.where, fetched.source
    cursor_raw, more = query.after or query.before, fetched.more

    count = None
    if query.track == Track.EDITORIAL and not (cursor_raw or more):
        count = len(fetched.rows)
    elif query.track == Track.EDITORIAL and _only_verdict(query):
        # One verdict of a lens, nothing else: the same count for every reader until the data
        # version moves, so once per context (a count at each request was a third of the
        # page's database time).
        count = context.derive(
            f"count:editorial:{query.framework}:{query.verdict}",
            lambda: ranking_sql.count(where, source),
        )
    elif query.track == Track.EDITORIAL and query.is_filtered:
        count = ranking_sql.count(where, source, prepare=not query.q)
    elif query.track == Track.EDITORIAL:
        count = context.derive("count:editorial", lambda: ranking_sql.count(where))
    elif not query.is_filtered and cache_counts:
        # Read from the shared cache once per context (at most METHODOLOGY_CACHE_SECONDS).
        count = context.derive(
            f"count:{query.track}", lambda: _track_count(context.methodology, query.track)
        )

    chosen: list[tuple[str, str]] = []
    if query.compare:
        names = dict(AIModel.objects.filter(slug__in=query.compare).values_list("slug", "name"))
        chosen = [(slug, names[slug]) for slug in query.compare if slug in names]
        if len(chosen) < len(query.compare):
            query = replace(query, compare=tuple(slug for slug, _ in chosen))

    if errors != list(query.errors):
        query = RankingQuery(**{**query.__dict__, "errors": tuple(errors)})
    make = row_maker(context)
    return RankingPage(
        context=context,
        query=query,
        rows=[_row_from_values(values, make) for values in fetched.rows],
        next_cursor=fetched.next_cursor,
        previous_cursor=fetched.previous_cursor,
        count=count,
        organisation=organisation,
        chosen=chosen,
    )


@dataclass
class _Fetched:
    """One page's rows (ranking_sql's tuples) in the page's order, and its cursors."""

    query: RankingQuery  # without its cursor if the cursor did not fit the sort
    where: ranking_sql.Sql
    source: ranking_sql.Source
    rows: list[tuple]
    more: bool  # rows lie beyond the page in the direction it was read
    next_cursor: str
    previous_cursor: str


def _ranking_fetch(
    context: MethodologyContext,
    query: RankingQuery,
    organisation_ids: tuple[int, ...],
    errors: list[str],
    *,
    verdicts: bool = False,
) -> _Fetched:
    """The rows of one page of a ranking query, keyset-paged (under a framework's lens on the
    Hub track, one statement per verdict until the page is full): the leaderboard's and,
    filtered to one organisation, each track of its page. A cursor that does not fit is
    reported in `errors` and the page starts from the top."""
    where = ranking_sql.filters(
        query, context.methodology.pk, [c.pk for c in context.criteria], organisation_ids
    )
    keys = ranking_sql.sort_keys(query)
    source = ranking_sql.source(query, verdicts=verdicts)
    cursor_raw = query.after or query.before
    forward = not query.before
    lens_sort = bool(query.framework) and query.sort == "total"
    # The Hub track under a lens is read one verdict at a time (ranking_sql.lens_steps): an
    # ORDER BY (verdict, rank) would sort the whole track. The curated index is a few hundred
    # models: one statement sorts them in well under a millisecond, where a statement per
    # verdict cost three or four plans and index walks of the same rows (about twice the
    # database time of the page without a lens). Models without a stored verdict are left
    # out, as lens_steps, which reads only the lens's verdicts, leaves them.
    by_lens = lens_sort and query.track != Track.EDITORIAL
    rows_where = where
    order_keys = keys[1:] if by_lens else None
    if lens_sort and not by_lens:
        alias = ranking_sql.VERDICT_ALIASES[query.framework]
        rows_where &= ranking_sql.Sql(f'{alias}."order" IS NOT NULL')
        if query.verdict:
            # One verdict has one order: by rank alone PostgreSQL walks the rank index and
            # stops at the page's end instead of sorting every row of the verdict.
            order_keys = keys[1:]
    values = None
    if cursor_raw:
        values = cursor_decode(cursor_raw, [key.kind for key in keys])
        if values is None:
            errors.append("Ignored a page position that does not fit this sort; from the top.")
            forward = True
            query = _without_cursor(query)
    steps: list[ranking_sql.Sql | None] = [None]
    if by_lens:
        steps = ranking_sql.lens_steps(
            keys, values, forward=forward, lens=query.framework, verdict=query.verdict
        )
    elif values is not None:
        steps = ranking_sql.keyset_steps(keys, values, forward=forward)
    fetched: list[tuple] = []
    for step in steps:
        fetched += ranking_sql.page_rows(
            rows_where,
            keys,
            step,
            forward=forward,
            limit=PAGE_SIZE + 1 - len(fetched),
            prepare=not query.q,
            source=source,
            order_keys=order_keys,
        )
        if len(fetched) > PAGE_SIZE:
            break
    more = len(fetched) > PAGE_SIZE
    fetched = fetched[:PAGE_SIZE]
    if not forward:
        fetched.reverse()

    def cursor(values: tuple) -> str:
        return cursor_encode(list(values[ranking_sql.ROW_WIDTH :]))

    next_cursor = previous_cursor = ""
    if fetched:
        if (forward and more) or not forward:
            next_cursor = cursor(fetched[-1])
        if (not forward and more) or (forward and cursor_raw):
            previous_cursor = cursor(fetched[0])

    return _Fetched(query, where, source, fetched, more, next_cursor, previous_cursor)


def _only_verdict(query: RankingQuery) -> bool:
    """Filtered by one verdict of the lens and by nothing else."""
    return bool(query.verdict) and not replace(query, verdict="").is_filtered


def _without_cursor(query: RankingQuery) -> RankingQuery:
    return RankingQuery(**{**query.__dict__, "after": "", "before": ""})


def _track_count(methodology: Methodology, track: str) -> int:
    """How many models the track ranks: its highest rank, since every re-rank numbers the
    whole track 1..n (services._rerank). One probe of the leaderboard index, exact after
    every change, where counting the Hub track's rows read millions of them; kept per
    context, so once per data version in each process."""
    highest = Score.objects.filter(methodology=methodology, track=track).aggregate(n=Max("rank"))
    return highest["n"] or 0


def ranking_rows_for_csv(params, *, limit: int) -> tuple[RankingPage, Iterator[Row]]:
    """The leaderboard's rows for a CSV download: the same filters and order, all pages, each
    row with its MOF class and OSAID verdict.

    Walks the keyset in chunks, so that memory stays flat however many rows match.
    """
    first = ranking_page(params, verdicts=True)

    def rows() -> Iterator[Row]:
        page = first
        sent = 0
        while True:
            for row in page.rows:
                if sent >= limit:
                    return
                sent += 1
                yield row
            if not page.next_cursor:
                return
            following = page.query.params(after=page.next_cursor, before="")
            page = ranking_page(following, cache_counts=False, verdicts=True)

    return first, rows()


# Histograms ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bin:
    low: Decimal
    high: Decimal
    count: int

    @property
    def label(self) -> str:
        return f"{self.low:.1f}\u2013{self.high:.1f}"


def score_distribution(methodology: Methodology, track: str, bins: int = 10) -> list[Bin]:
    """How many models score in each tenth of the scale, in one query (cached for the Hub)."""
    if track == Track.AUTOMATIC:
        # Reading the whole track takes about a second at Hub scale: one request per data
        # version computes it (an entry of an older version counts as missing), the others
        # wait for it, so the chart follows a crawl instead of lagging for minutes.
        key = f"web:distribution:{methodology.pk}:{track}:{bins}"
        return remembered(
            key,
            lambda: (result := _distribution(methodology, track, bins), result),
            seconds=AGGREGATE_CACHE_SECONDS,
            version=data_version.current(),
        )
    return _distribution(methodology, track, bins)


def _distribution(methodology: Methodology, track: str, bins: int) -> list[Bin]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT least(width_bucket(total, 0, 1, %s), %s) AS bucket, count(*)
            FROM assessments_score WHERE methodology_id = %s AND track = %s
            GROUP BY bucket
            """,
            [bins, bins, methodology.pk, track],
        )
        counts = dict(cursor.fetchall())
    step = Decimal(1) / bins
    return [Bin(step * i, step * (i + 1), counts.get(i + 1, 0)) for i in range(bins)]


# Model page ---------------------------------------------------------------------------------


@dataclass
class CriterionView:
    """One criterion on a model page, in one track."""

    criterion: Criterion
    assessment: Assessment | None
    model_types: tuple[str, ...] = ()  # the rubric is worded for them
    # Automatic track, not assessed: why (not_assessed_reason), and whether a rule could
    # decide it after enrichment (so "request assessment" is worth offering).
    reason: str = ""
    requestable: bool = False

    @property
    def level(self) -> str:
        return self.assessment.level if self.assessment else Level.NOT_ASSESSED

    @property
    def level_label(self) -> str:
        return Level(self.level).label

    @property
    def rubric(self) -> str:
        return self.criterion.rubric_for(self.level, self.model_types)

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.assessment.current_evidence) if self.assessment else []


READS_IN_WORDS = {
    "readme": "the model card (README)",
    "datasets": "the declared datasets' records",
    "papers": "the linked papers' records",
    "dataset_cards": "the declared datasets' cards",
    "config": "the model's config",
    "code_repos": "the linked code repositories",
    "arxiv": "arXiv's records of the linked papers",
}


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def not_assessed_reason(
    criterion: Criterion,
    assessment: Assessment | None,
    hub: "crawl_selectors.HubStatus | None",
) -> str:
    """Why the automatic track has not assessed a criterion, in words.

    In order: no rule judges the criterion; the rule ran and said why it could not decide
    (its note, shown beside this); a request is waiting; the repository is below the
    enrichment threshold or not yet enriched and the rule needs what enrichment fetches; no
    Hub repository; the rule found nothing it could read.
    """
    rules = rule_registry.rules_for(criterion.code)
    if not rules:
        return (
            "No source: no automatic rule judges this criterion from Hub metadata; only the "
            "curated index and accepted corrections assess it."
        )
    names = _words([info.rule for info in rules])
    if assessment is not None and assessment.level == Level.NOT_ASSESSED and assessment.notes:
        who = assessment.reviewer_label.removeprefix("rule ") or names
        return f"Rule {who} looked at the metadata and could not decide; its note says why."
    if hub is None:
        return f"No Hub repository is linked to this model, so rule {names} had nothing to read."
    reads = list(dict.fromkeys(READS_IN_WORDS[r] for info in rules for r in info.reads))
    if hub.requested_at is not None:
        return (
            f"Assessment requested on {hub.requested_at:%Y-%m-%d}: {hub.repo_id} waits for "
            "enrichment, which serves requests first."
        )
    if reads and not hub.enriched and hub.below_threshold:
        downloads = "an unknown number of" if hub.downloads is None else f"{hub.downloads:,}"
        return (
            f"Below the enrichment threshold: {hub.repo_id} has {downloads} downloads, fewer "
            f"than the {hub.threshold:,} at which Openness fetches {_words(reads)}, which rule "
            f"{names} reads."
        )
    if reads and not hub.enriched:
        return (
            f"Not yet enriched: {hub.repo_id} waits for Openness to fetch {_words(reads)}, "
            f"which rule {names} reads."
        )
    looked_at = _words(["the Hub's record of the repository", *reads])
    return f"Rule {names} read {looked_at} and found nothing it could judge."


@dataclass
class TrackView:
    track: str
    score: Score | None
    criteria: list[CriterionView]

    @property
    def label(self) -> str:
        return Track(self.track).label


@dataclass
class CriterionPair:
    criterion: Criterion
    curated: CriterionView | None
    automatic: CriterionView | None
    url: str = ""  # the criterion's page


@dataclass
class ScorePoint:
    at: datetime.datetime
    total: Decimal


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One revision as the model page shows it (its timeline and score line): read as a plain
    row, not as a Revision with an Assessment and a User attached, which cost three model
    instances per revision for a few fields each."""

    id: int
    created_at: datetime.datetime
    track: str
    criterion: Criterion
    source: str
    reason: str
    old_level: str
    new_level: str
    actor_name: str  # the user's name, or the actor label, or ""
    upstream_url: str  # a replayed revision's index commit (osai_history), or ""
    upstream_commit: str


@dataclass
class ModelPage:
    model: AIModel
    context: MethodologyContext
    tracks: list[TrackView]
    pairs: list[CriterionPair]
    base_chain: list[AIModel]
    derived: list[tuple[AIModel, Score | None]]
    derived_more: bool
    revisions: list[TimelineEntry]
    history: dict[str, list] = field(default_factory=dict)  # ScorePoint or ScoreStep lists
    hub: "crawl_selectors.HubStatus | None" = None

    @property
    def automatic(self) -> "TrackView | None":
        return next((t for t in self.tracks if t.track == Track.AUTOMATIC), None)

    @property
    def can_request_assessment(self) -> bool:
        """A Hub model with something not assessed, and no request waiting."""
        if self.hub is None or self.hub.requested_at is not None:
            return False
        automatic = self.automatic
        return automatic is None or any(v.requestable for v in automatic.criteria)


class ModelMoved(Exception):
    """The slug is an old one: the model now lives at `slug`."""

    def __init__(self, slug: str):
        super().__init__(slug)
        self.slug = slug


# The model page's reads, written as SQL and read as model instances (lib.raw_rows, as
# Model.objects.raw makes them): a quarter to a half of the Python time the ORM's querysets
# took to build, compile and read (measured at 3 million models through raw(): 0.6-1.4 ms
# each against 1.9-3.4 ms, most of a model page's cost; raw_instances saves about 0.1 ms more
# per query). Related rows that the ORM joined with select_related come as extra columns here
# and are attached as instances, so that nothing loads lazily.
ORGANISATION_COLUMNS = ", ".join(
    f"o.{f.column} AS org_{f.attname}" for f in Organisation._meta.concrete_fields
)
ORGANISATION_FIELDS = [f.attname for f in Organisation._meta.concrete_fields]
MODEL_SQL = f"""
    SELECT {columns(AIModel, "m")}, {ORGANISATION_COLUMNS},
        {corrections_selectors.HAS_RECORD_SQL} AS has_correction_record,
        {crawl_selectors.HUB_STATUS_COLUMNS}
    FROM catalog_aimodel m JOIN catalog_organisation o ON o.id = m.organisation_id
    {crawl_selectors.HUB_STATUS_JOIN}
    WHERE m.slug = %s
"""  # noqa: S608 (fixed text; the slug is bound)
DERIVED_SQL = f"""
    SELECT {columns(AIModel, "m")}, {ORGANISATION_COLUMNS}
    FROM catalog_aimodel m JOIN catalog_organisation o ON o.id = m.organisation_id
    WHERE m.base_model_id = %s ORDER BY m.name, m.id LIMIT %s
"""  # noqa: S608 (fixed text; values bound)
ASSESSMENTS_SQL = f"""
    SELECT {columns(Assessment, "a")}, u.username AS reviewer_username
    FROM assessments_assessment a LEFT JOIN auth_user u ON u.id = a.reviewed_by_id
    WHERE a.model_id = %s AND a.criterion_id = ANY(%s)
"""  # noqa: S608 (fixed text; values bound)
EVIDENCE_SQL = f"""
    SELECT {columns(Evidence, "e")} FROM assessments_evidence e
    WHERE e.assessment_id = ANY(%s) AND e.retracted_at IS NULL ORDER BY e.added_at, e.id
"""  # noqa: S608 (fixed text; values bound)
# Only what the timeline and the score line show: not the notes and evidence before and after
# (two JSON lists per revision, decoded for nothing), and of the context only the index commit
# a replayed revision links to. Those were a third of the curated page's revision reading.
REVISIONS_SQL = """
    SELECT r.id, r.created_at, a.track, a.criterion_id, r.source, r.reason, r.old_level,
        r.new_level, COALESCE(u.username, r.actor_label, ''),
        COALESCE(r.context ->> 'upstream_url', ''), COALESCE(r.context ->> 'upstream_commit', '')
    FROM assessments_revision r
    JOIN assessments_assessment a ON a.id = r.assessment_id
    LEFT JOIN auth_user u ON u.id = r.actor_id
    WHERE r.assessment_id = ANY(%s)
    ORDER BY r.created_at, r.id
"""
# By the assessments' ids, read already: filtered by the model instead, at 3,000,000 models the
# planner misjudged a model's assessments (115 rows for 12) and scanned every revision (9 ms
# against 0.2 ms on the catalog of docs/benchmarks.md).
SCORES_SQL = f"SELECT {columns(Score, 's')} FROM assessments_score s"  # noqa: S608 (fixed)


def _attach_organisation(model: AIModel) -> AIModel:
    values = [getattr(model, f"org_{name}") for name in ORGANISATION_FIELDS]
    model.organisation = Organisation.from_db("default", ORGANISATION_FIELDS, values)
    return model


def _user(pk: int | None, username: str | None) -> User | None:
    return None if pk is None else User(pk=pk, username=username)


def model_page(slug: str) -> ModelPage:
    """Everything the model page shows, in a fixed number of queries (nine; a curated model of
    the index adds one, the history version that keys its score steps in the shared cache)."""
    model = next(iter(raw_instances(AIModel, MODEL_SQL, [slug])), None)
    if model is None:
        alias = ModelSlugAlias.objects.select_related("model").filter(slug=slug).first()
        if alias is None:
            raise Http404("No model has this address.")
        raise ModelMoved(alias.model.slug)
    _attach_organisation(model)
    context = methodology_current_context()
    scores = {
        s.track: s
        for s in raw_instances(
            Score,
            f"{SCORES_SQL} WHERE s.model_id = %s AND s.methodology_id = %s",
            [model.pk, context.methodology.pk],
        )
    }
    criterion_ids = [c.pk for c in context.criteria]
    assessments = raw_instances(Assessment, ASSESSMENTS_SQL, [model.pk, criterion_ids])
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    if assessments:
        for item in raw_instances(Evidence, EVIDENCE_SQL, [[a.pk for a in assessments]]):
            evidence[item.assessment_id].append(item)
    by_track: dict[str, dict[int, Assessment]] = defaultdict(dict)
    for assessment in assessments:
        assessment.reviewed_by = _user(assessment.reviewed_by_id, assessment.reviewer_username)
        assessment.current_evidence = evidence.get(assessment.pk, [])
        by_track[assessment.track][assessment.criterion_id] = assessment

    hub = crawl_selectors.hub_status_from(model, is_curated=model.is_curated)
    tracks = []
    for track in (Track.EDITORIAL, Track.AUTOMATIC):
        if track not in scores and track not in by_track:
            continue
        views = [
            CriterionView(c, by_track[track].get(c.pk), tuple(model.model_types))
            for c in context.criteria
        ]
        if track == Track.AUTOMATIC:
            for view in views:
                if view.level == Level.NOT_ASSESSED:
                    view.reason = not_assessed_reason(view.criterion, view.assessment, hub)
                    view.requestable = hub is not None and bool(
                        rule_registry.rules_for(view.criterion.code)
                    )
        tracks.append(TrackView(track=track, score=scores.get(track), criteria=views))
    views = {t.track: {v.criterion.pk: v for v in t.criteria} for t in tracks}
    pairs = [
        CriterionPair(
            criterion=c,
            curated=views.get(Track.EDITORIAL, {}).get(c.pk),
            automatic=views.get(Track.AUTOMATIC, {}).get(c.pk),
            url=context.urls[c.code],
        )
        for c in context.criteria
    ]

    derived_rows = [
        _attach_organisation(m)
        for m in raw_instances(AIModel, DERIVED_SQL, [model.pk, DERIVED_LIMIT + 1])
    ]
    derived_more = len(derived_rows) > DERIVED_LIMIT
    derived_rows = derived_rows[:DERIVED_LIMIT]
    derived_scores = _best_scores([m.pk for m in derived_rows], context.methodology)
    # Their criteria are the context's (already read): no join, no rubric texts per revision.
    criteria_by_id = {c.pk: c for c in context.criteria}
    with prepared_cursor() as cursor:
        cursor.execute(REVISIONS_SQL, [[a.pk for a in assessments]])
        revisions = [
            TimelineEntry(pk, at, track, criteria_by_id[criterion_id], *rest)
            for pk, at, track, criterion_id, *rest in cursor.fetchall()
        ]
    return ModelPage(
        model=model,
        context=context,
        tracks=tracks,
        pairs=pairs,
        base_chain=_base_chain(model),
        derived=[(m, derived_scores.get(m.pk)) for m in derived_rows],
        derived_more=derived_more,
        revisions=list(reversed(revisions[-TIMELINE_LIMIT:])),
        history=_page_history(model, revisions, context),
        hub=hub,
    )


def _page_history(
    model: AIModel, revisions: list[TimelineEntry], context: MethodologyContext
) -> dict[str, list]:
    """Each track's total over time. A curated model of the index shows its curated steps since
    the index's first commit, across methodology versions (selectors_index.score_steps_cached);
    replaying its current revisions as well, only to be replaced, was 4% of the page's time."""
    curated = [r for r in revisions if r.track == Track.EDITORIAL]
    steps = selectors_index.score_steps_cached(model) if curated and model.osai_file else []
    if not steps:
        return score_history(revisions, context, model.model_types)
    others = [r for r in revisions if r.track != Track.EDITORIAL]
    return {Track.EDITORIAL: steps, **score_history(others, context, model.model_types)}


def _best_scores(model_ids: list[int], methodology: Methodology) -> dict[int, Score]:
    """Each model's curated score, or its automatic one when it has none (one query)."""
    if not model_ids:
        return {}
    best: dict[int, Score] = {}
    for score in raw_instances(
        Score,
        f"{SCORES_SQL} WHERE s.model_id = ANY(%s) AND s.methodology_id = %s",
        [model_ids, methodology.pk],
    ):
        if score.model_id not in best or score.track == Track.EDITORIAL:
            best[score.model_id] = score
    return best


def _base_chain(model: AIModel, limit: int = 20) -> list[AIModel]:
    """The model's base, its base's base, ...: one recursive query, safe against cycles."""
    if model.base_model_id is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE chain(id, base_model_id, depth, path) AS (
                SELECT id, base_model_id, 1, ARRAY[%s::bigint, id]
                FROM catalog_aimodel WHERE id = %s
                UNION ALL
                SELECT m.id, m.base_model_id, c.depth + 1, c.path || m.id
                FROM catalog_aimodel m JOIN chain c ON m.id = c.base_model_id
                WHERE c.depth < %s AND NOT m.id = ANY(c.path)
            )
            SELECT chain.id, chain.depth, m.slug, m.name FROM chain
            JOIN catalog_aimodel m ON m.id = chain.id ORDER BY chain.depth
            """,
            [model.pk, model.base_model_id, limit],
        )
        return [AIModel(id=row[0], slug=row[2], name=row[3]) for row in cursor.fetchall()]


def score_history(
    revisions: list[TimelineEntry], context: MethodologyContext, model_types: list[str]
) -> dict[str, list[ScorePoint]]:
    """Each track's total after every moment its assessments changed, replayed from the
    revisions (oldest first).

    Uses the same pure scoring as the stored scores; the model's current types decide which
    criteria apply.
    """
    specs = [
        scoring.CriterionSpec(code=c.code, group=c.group_code, model_types=tuple(c.model_types))
        for c in context.criteria
    ]
    history: dict[str, list[ScorePoint]] = {}
    levels: dict[str, dict[str, str]] = defaultdict(dict)
    for revision in revisions:
        track_levels = levels[revision.track]
        track_levels[revision.criterion.code] = revision.new_level
        total = scoring.as_decimal(scoring.score(track_levels, specs, model_types).total)
        points = history.setdefault(revision.track, [])
        if points and points[-1].at == revision.created_at:
            points[-1].total = total  # one import touches all criteria at the same moment
        elif not points or points[-1].total != total:
            points.append(ScorePoint(revision.created_at, total))
    return history


# Compare, organisation, criterion, methodology ----------------------------------------------

COMPARE_MIN, COMPARE_MAX = 2, 6


@dataclass
class ComparePage:
    context: MethodologyContext
    track: str
    models: list[AIModel]
    scores: dict[int, Score]
    missing: list[str]
    errors: list[str]
    # {model id: {framework: verdict code}}: the MOF class and OSAID verdict in the track.
    verdicts: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[Criterion, list[str]]]:
        out = []
        for criterion in self.context.criteria:
            levels = []
            for model in self.models:
                score = self.scores.get(model.pk)
                levels.append(
                    (score.levels.get(criterion.code) if score else None) or Level.NOT_ASSESSED
                )
            out.append((criterion, levels))
        return out


def models_by_reference(references: list[str]) -> dict[str, AIModel]:
    """The catalog model each reference names: its slug in any case, its name (a curated
    model's, in any case, spaces or punctuation), or a hub repository id such as
    "allenai/OLMo-7B". Every step is an index lookup (slugs, the curated models' partial
    index, hub repository ids); a reference that names nothing is left out."""
    found: dict[str, AIModel] = {}
    # The reference as typed first, then its lower-cased and slugified forms.
    wanted = {r: (r, r.lower(), slugify(r)) for r in references}
    by_slug = {
        m.slug: m
        for m in AIModel.objects.select_related("organisation").filter(
            slug__in={c for candidates in wanted.values() for c in candidates}
        )
    }
    for reference, candidates in wanted.items():
        model = next((by_slug[c] for c in candidates if c in by_slug), None)
        if model is not None:
            found[reference] = model
    rest = [r for r in references if r not in found]
    if rest:
        curated = AIModel.objects.select_related("organisation").filter(is_curated=True)
        by_name = {name_key(m.name): m for m in curated}
        by_repo = {
            m.hub_repo_id: m
            for m in AIModel.objects.select_related("organisation")
            .filter(hub_repos__repo_id__in=rest)
            .annotate(hub_repo_id=F("hub_repos__repo_id"))
        }
        for reference in rest:
            model = by_repo.get(reference) or by_name.get(name_key(reference))
            if model is not None:
                found[reference] = model
    return found


def compare_page(slugs: list[str], track: str) -> ComparePage:
    """2 to 6 models side by side on the stored scores and verdicts of one track (five
    queries)."""
    errors = []
    unique = list(dict.fromkeys(s.strip() for s in slugs if s.strip()))
    if len(unique) > COMPARE_MAX:
        errors.append(f"Only the first {COMPARE_MAX} models are compared.")
        unique = unique[:COMPARE_MAX]
    context = methodology_current_context()
    found = models_by_reference(unique)
    models = list({found[s].pk: found[s] for s in unique if s in found}.values())
    missing = [s for s in unique if s not in found]
    scores = {
        s.model_id: s
        for s in Score.objects.filter(
            model__in=models, methodology=context.methodology, track=track
        )
    }
    if len(models) < COMPARE_MIN:
        errors.append(f"Choose at least {COMPARE_MIN} models to compare.")
    verdicts = selectors_lens.stored_verdicts([m.pk for m in models], track)
    return ComparePage(context, track, models, scores, missing, errors, verdicts)


@dataclass
class OrganisationTrack:
    """One track's page of an organisation's models, and the links to its other pages."""

    track: str
    rows: list[Row]
    count: int
    query: RankingQuery  # the page's position and lens, for its page links
    next_cursor: str = ""
    previous_cursor: str = ""


@dataclass
class OrganisationPage:
    organisation: Organisation
    context: MethodologyContext
    tracks: list[OrganisationTrack]
    lens: str = "eu"  # a framework's lens: rows in its order, each with its verdict
    # The Hub organisations this one owns (selectors_organisations), whose models it shows.
    hub_accounts: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # a page position that did not fit


class OrganisationMoved(Exception):
    """The organisation is a Hub account that a curated organisation owns: its page is the
    owner's."""

    def __init__(self, slug: str):
        self.slug = slug


def organisation_page(
    slug: str,
    *,
    lens: str = "eu",
    verdict: str = "",
    track: str = Track.EDITORIAL,
    after: str = "",
    before: str = "",
) -> OrganisationPage:
    """An organisation's models in each track, with those of the Hub organisations it owns,
    best first, a page of each track as the leaderboard filtered to the organisation pages
    them (keyset cursors; under a framework's lens (web.lens) by its stored verdict, then by
    rank, with one verdict only if asked). `after` or `before` is the position of `track`'s
    page; the other track starts from the top."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("No organisation has this address.")
    context = methodology_current_context()
    rights = selectors_organisations.ownership(context)
    owned_by = rights.owner_of.get(organisation.pk)
    if owned_by is not None:
        owner = next(o for o in rights.owned[owned_by] if o.id == organisation.pk)
        raise OrganisationMoved(owner.owner_slug)
    hub_accounts = rights.owned.get(organisation.pk, [])
    ids = (organisation.pk, *(hub.id for hub in hub_accounts))
    errors: list[str] = []
    tracks = []
    make = row_maker(context)
    for each in (Track.EDITORIAL, Track.AUTOMATIC):
        position = {"after": after, "before": before} if each == track else {}
        query = RankingQuery(track=each, org=slug, lens=lens, verdict=verdict, **position)
        fetched = _ranking_fetch(context, query, ids, errors)
        rows = [_row_from_values(values, make) for values in fetched.rows]
        paged = fetched.query.after or fetched.query.before
        if not (paged or fetched.more):
            count = len(rows)
        else:
            count = ranking_sql.count(fetched.where, fetched.source)
        # The page's links name its track, lens and position; the path names the organisation.
        page_query = replace(fetched.query, org="")
        tracks.append(
            OrganisationTrack(
                each, rows, count, page_query, fetched.next_cursor, fetched.previous_cursor
            )
        )
    return OrganisationPage(organisation, context, tracks, lens, hub_accounts, errors)


@dataclass(frozen=True)
class OrganisationSummary:
    slug: str
    name: str
    curated_count: int
    curated_mean: Decimal | None
    hub_count: int
    hub_mean: Decimal | None


@dataclass
class OrganisationsIndex:
    curated: list[OrganisationSummary]  # every organisation of the curated index, by name
    largest_on_hub: list[OrganisationSummary]  # the organisations with most Hub models
    hub_counted_at: datetime.datetime | None


ORGANISATIONS_HUB_LIMIT = 100

# Per organisation: how many models each track scores and their mean total. The curated
# index's organisations are few (one partial index read finds their models); the Hub's
# largest need a pass over the whole automatic track, kept in the shared cache for a while.
_ORG_SUMMARY_SQL = """
SELECT o.id, o.slug, o.name,
       count(*) FILTER (WHERE s.track = 'editorial'),
       avg(s.total) FILTER (WHERE s.track = 'editorial'),
       count(*) FILTER (WHERE s.track = 'automatic'),
       avg(s.total) FILTER (WHERE s.track = 'automatic')
FROM catalog_organisation o
JOIN catalog_aimodel m ON m.organisation_id = o.id
JOIN assessments_score s ON s.model_id = m.id AND s.methodology_id = %s
WHERE o.id IN (SELECT organisation_id FROM catalog_aimodel WHERE is_curated)
   OR o.id = ANY(%s)
GROUP BY o.id
ORDER BY lower(o.name) COLLATE "C", o.slug
"""
_HUB_LARGEST_SQL = """
SELECT o.slug, o.name, 0, NULL, largest.n, largest.mean
FROM (
    SELECT m.organisation_id, count(*) AS n, avg(s.total) AS mean
    FROM assessments_score s JOIN catalog_aimodel m ON m.id = s.model_id
    WHERE s.methodology_id = %s AND s.track = 'automatic'
    GROUP BY m.organisation_id
    ORDER BY n DESC, m.organisation_id
    LIMIT %s
) AS largest JOIN catalog_organisation o ON o.id = largest.organisation_id
ORDER BY largest.n DESC, lower(o.name) COLLATE "C"
"""


def organisations_index() -> OrganisationsIndex:
    """The organisations index: the curated index's organisations with their models in both
    tracks, and the Hub's largest organisations (counted at most every few minutes)."""
    context = methodology_current_context()
    methodology = context.methodology.pk

    def rows(sql: str, params: list) -> list[OrganisationSummary]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [OrganisationSummary(*row) for row in cursor.fetchall()]

    rights = selectors_organisations.ownership(context)

    def merged() -> list[OrganisationSummary]:
        # The curated organisations, each with the Hub organisations it owns folded in.
        with connection.cursor() as cursor:
            cursor.execute(_ORG_SUMMARY_SQL, [methodology, list(rights.owner_of)])
            found = {row[0]: OrganisationSummary(*row[1:]) for row in cursor.fetchall()}
        for hub_id, owner_id in rights.owner_of.items():
            hub, owner = found.pop(hub_id, None), found.get(owner_id)
            if hub is not None and owner is not None:
                found[owner_id] = _summary_merged(owner, hub)
        return list(found.values())

    curated = context.derive("organisations:curated", merged)

    def count_hub():
        value = (rows(_HUB_LARGEST_SQL, [methodology, ORGANISATIONS_HUB_LIMIT]), timezone.now())
        return value, value

    largest, counted_at = remembered(
        f"web:organisations:hub:{methodology}", count_hub, seconds=AGGREGATE_CACHE_SECONDS
    )
    # A Hub organisation that a curated one owns is counted in its owner's row, which stands
    # for both here too.
    owned = {hub.slug for hubs in rights.owned.values() for hub in hubs}
    merged = {summary.slug: summary for summary in curated}
    largest = sorted(
        (merged.get(s.slug, s) for s in largest if s.slug not in owned),
        key=lambda summary: -summary.hub_count,
    )
    return OrganisationsIndex(curated, largest, counted_at if largest else None)


def _summary_merged(owner: OrganisationSummary, hub: OrganisationSummary) -> OrganisationSummary:
    """The owner's row with an owned Hub organisation's models counted in (means weighted)."""

    def mean(a: Decimal | None, n: int, b: Decimal | None, m: int) -> Decimal | None:
        if not n + m:
            return None
        return ((a or 0) * n + (b or 0) * m) / (n + m)

    return OrganisationSummary(
        owner.slug,
        owner.name,
        owner.curated_count + hub.curated_count,
        mean(owner.curated_mean, owner.curated_count, hub.curated_mean, hub.curated_count),
        owner.hub_count + hub.hub_count,
        mean(owner.hub_mean, owner.hub_count, hub.hub_mean, hub.hub_count),
    )


@dataclass
class CriterionPage:
    context: MethodologyContext
    criterion: Criterion
    by_level: list[tuple[str, str, list[Score]]]  # (level, label, curated scores)
    # Under a framework's lens: {model id: {framework: verdict code}} of the curated models.
    verdicts: dict[int, dict[str, str]] = field(default_factory=dict)


def criterion_page(code: str, lens=None) -> CriterionPage:
    """Which curated models are open, partial or closed on one criterion (three queries; a
    fourth under a framework's lens, whose order each level's list then follows)."""
    context = methodology_current_context()
    criterion = next((c for c in context.criteria if c.code == code), None)
    if criterion is None:
        raise Http404("The current methodology has no criterion with this code.")
    grouped: dict[str, list[Score]] = {level: [] for level in LEVEL_ORDER}
    for score in (
        Score.objects.filter(methodology=context.methodology, track=Track.EDITORIAL)
        .select_related("model__organisation")
        .only("rank", "total", "levels", "model__slug", "model__name", "model__organisation__name")
        .order_by("rank")
    ):
        grouped[score.levels.get(code) or Level.NOT_ASSESSED].append(score)
    verdicts = {}
    if lens is not None and lens.framework:
        verdicts = selectors_lens.stored_verdicts(
            [s.model_id for scores in grouped.values() for s in scores], Track.EDITORIAL
        )
        grouped = {
            level: selectors_lens.lens_order(
                scores, lens, verdicts, lambda s: s.model_id, lambda s: s.rank
            )
            for level, scores in grouped.items()
        }
    by_level = [(level, Level(level).label, grouped[level]) for level in LEVEL_ORDER]
    return CriterionPage(context, criterion, by_level, verdicts)


@dataclass
class MethodologyPage:
    context: MethodologyContext
    versions: list[Methodology]
    distributions: list[tuple[str, list[Bin]]]
    rules: list[tuple[rule_registry.RuleInfo, list[Criterion]]] = field(default_factory=list)
    unjudged: list[Criterion] = field(default_factory=list)  # criteria no rule judges


def methodology_page() -> MethodologyPage:
    """Criteria, rubric, versions and the distribution of scores in each track."""
    context = methodology_current_context()
    versions = list(
        Methodology.objects.filter(slug=context.methodology.slug).order_by("-effective_from")
    )
    distributions = [
        (track, score_distribution(context.methodology, track))
        for track in (Track.EDITORIAL, Track.AUTOMATIC)
    ]
    by_code = {c.code: c for c in context.criteria}
    rules = [
        (info, [by_code[code] for code in info.criteria if code in by_code])
        for info in rule_registry.REGISTRY
    ]
    judged = rule_registry.criteria_judged()
    unjudged = [c for c in context.criteria if c.code not in judged]
    return MethodologyPage(context, versions, distributions, rules, unjudged)
