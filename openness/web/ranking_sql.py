"""The leaderboard's page query, written as SQL from a RankingQuery.

The ORM built this statement before. At 3 million models, building, compiling and reading it
cost a Hub page 4.75 ms of Python, about three times what PostgreSQL took to plan and run it
(1.4 ms warm); the same statement sent from here, its rows decoded, costs 0.82 ms (measured
in-process on the same database; the leaderboard is the site's most requested page).

Every value from the request is a parameter, bound by the cursor (prepared_cursor's, or
Django's for a search); every identifier and expression is fixed text in this module, and so
are the constants of the sort expressions, written in by _literal. The sort expressions are
the ones the expression indexes of catalog/migrations/0002 and assessments/migrations/0003 are
built on, and must stay identical to them, or PostgreSQL sorts whole tracks instead of reading
an index (tests/web/test_ranking.py checks each sort's plan, custom and generic).
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from psycopg.sql import Literal
from psycopg.types.json import Jsonb

from openness.assessments.models import Level
from openness.lib.raw_rows import prepared_cursor
from openness.web import licenses
from openness.web.lens import ORDERS
from openness.web.ranking import LEVEL_ORDER, RankingQuery, has_search_key

# Sentinels that put missing values last in a descending sort (the indexes use them too).
NO_DATE = datetime.date(1, 1, 1)
NO_DATETIME = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

# A leaderboard row: the score's columns, its model's and its organisation's, then its MOF
# class and OSAID verdict (NULL unless the statement joins them), in the order
# selectors._row_from_values reads them.
ROW_COLUMNS = (
    "s.rank, s.total, s.groups, s.levels, s.assessed, s.applicable, s.total_upper, m.slug, "
    "m.name, m.model_types, m.release_date, m.release_date_precision, m.downloads, m.gated, "
    "m.license_name, m.license_spdx, m.hub_created_at, o.slug, o.name"
)
ROW_WIDTH = 21
TABLES = (
    "assessments_score s JOIN catalog_aimodel m ON m.id = s.model_id "
    "JOIN catalog_organisation o ON o.id = m.organisation_id"
)
# The stored verdicts of the row's model in the score's track, one row each by the unique
# (model, framework, track) constraint: joined only under a framework's lens, or when the
# caller shows them (the CSV), so that the EU index's own ranking reads nothing more.
VERDICT_ALIASES = {"mof": "fm", "osaid": "fo"}
VERDICT_TABLES = TABLES + "".join(
    f" LEFT JOIN assessments_frameworkverdict {alias} ON {alias}.model_id = s.model_id "
    f"AND {alias}.track = s.track AND {alias}.framework = '{framework}'"
    for framework, alias in VERDICT_ALIASES.items()
)


@dataclass(frozen=True)
class Source:
    """The tables a leaderboard statement reads and the columns it selects."""

    tables: str
    columns: str


PLAIN = Source(TABLES, ROW_COLUMNS + ", NULL::varchar, NULL::varchar")
WITH_VERDICTS = Source(VERDICT_TABLES, ROW_COLUMNS + ", fm.verdict, fo.verdict")


def source(query: RankingQuery, *, verdicts: bool = False) -> Source:
    """The verdicts are joined under a framework's lens, or when the caller asks for them."""
    return WITH_VERDICTS if verdicts or query.framework else PLAIN


# Coverage as a whole percentage, rounded down (scoring.coverage_percent): the expression of
# the index assessments/migrations/0005 builds, which the coverage sort and the
# minimum-coverage filter both write exactly so.
COVERAGE = "((s.assessed * 100) / GREATEST(s.applicable, 1))"


@dataclass(frozen=True)
class Sql:
    """A fragment of SQL with its parameters."""

    text: str
    params: tuple = ()

    def __and__(self, other: "Sql") -> "Sql":
        return Sql(f"{self.text} AND {other.text}", self.params + other.params)


@dataclass(frozen=True)
class SortKey:
    expression: Sql
    kind: str  # how the cursor parses: int, decimal, date, datetime, text
    descending: bool


def sort_keys(query: RankingQuery) -> list[SortKey]:
    """The keyset for the query's sort: a primary key and a unique tie-breaker.

    Score sorts break ties by stored rank (best first); catalog sorts by model id, in the
    same direction, so that one expression index on catalog_aimodel serves the whole order.
    """
    desc = query.order == "desc"
    rank = SortKey(Sql("s.rank"), "int", not desc)
    if query.sort == "total" and query.framework:
        # The lens's order (lens_steps reads one verdict at a time), then the EU rank.
        alias = VERDICT_ALIASES[query.framework]
        return [SortKey(Sql(f'{alias}."order"'), "int", desc), rank]
    if query.sort == "total":
        return [rank]
    if query.sort == "coverage":
        return [SortKey(Sql(COVERAGE), "int", desc), rank]
    if query.sort == "match":
        # The trigram similarity of the model's name to the term, both as search keys, in
        # thousandths (an integer, so that a cursor names it exactly). No index holds it: every
        # row the search matches is scored, so it is a choice, never the default.
        similarity = Sql(
            "(similarity(openness_search_key(m.name), openness_search_key(%s)) * 1000)::int",
            (query.q,),
        )
        return [SortKey(similarity, "int", desc), rank]
    if query.sort.startswith("group:"):
        code = _literal(query.sort.removeprefix("group:"))
        expression = Sql(f"COALESCE((s.groups ->> {code})::numeric(7,6), {_literal(Decimal(-1))})")
        return [SortKey(expression, "decimal", desc), rank]
    if query.sort.startswith("criterion:"):
        code = _literal(query.sort.removeprefix("criterion:"))
        whens = [
            f"WHEN (s.levels -> {code}) = {_literal(Jsonb(level.value))} THEN {order}"
            for level, order in LEVEL_ORDER.items()
            if order
        ]
        expression = Sql(f"CASE {' '.join(whens)} ELSE 0 END")
        return [SortKey(expression, "int", desc), rank]
    primary = {
        "name": (Sql("lower(m.name)"), "text"),
        "released": (Sql(f"COALESCE(m.release_date, {_literal(NO_DATE)})"), "date"),
        "created": (Sql(f"COALESCE(m.hub_created_at, {_literal(NO_DATETIME)})"), "datetime"),
        "downloads": (Sql("COALESCE(m.downloads, -1)"), "int"),
    }[query.sort]
    # catalog_aimodel.id, so that PostgreSQL reads the whole order from one index on it.
    return [SortKey(*primary, desc), SortKey(Sql("m.id"), "int", desc)]


def _literal(value) -> str:
    """A constant written into the statement: a sort expression must match its index's
    expression, which a parameter matches only in a plan made for its value, never in the
    generic plan that a prepared statement settles on. The values are the methodology's codes
    (checked against it by ranking_query_parse) and this module's constants; quoted by psycopg
    all the same."""
    return Literal(value).as_string(None)


def filters(
    query: RankingQuery,
    methodology_id: int,
    criterion_ids: list[int],
    organisation_ids: tuple[int, ...] = (),
) -> Sql:
    """The WHERE clause of the query's filters (tables as TABLES names them)."""
    where = Sql("s.methodology_id = %s AND s.track = %s", (methodology_id, query.track))
    if query.model_type:
        where &= Sql("m.model_types @> %s::varchar(20)[]", ([query.model_type],))
    if query.org:
        # The organisation and the Hub organisations it owns (selectors_organisations), found
        # by name, slug or Hub account beforehand (ranking_page); none found matches nothing.
        where &= Sql("m.organisation_id = ANY(%s)", (list(organisation_ids),))
    if query.license:
        where &= _license(query.license)
    if query.gated == "yes":
        where &= Sql("m.gated IN ('auto', 'manual')")
    elif query.gated == "no":
        where &= Sql("m.gated = 'no'")
    if query.released_from:
        where &= Sql("m.release_date >= %s", (query.released_from,))
    if query.released_to:
        where &= Sql("m.release_date <= %s", (query.released_to,))
    contains = {c: lvl for c, lvl in query.levels.items() if lvl != Level.NOT_ASSESSED}
    if contains:
        # jsonb containment, served by the GIN index assessments/0003 adds.
        where &= Sql("s.levels @> %s", (Jsonb(contains),))
    for code, level in query.levels.items():
        if level == Level.NOT_ASSESSED:
            where &= Sql("(s.levels @> %s OR NOT s.levels ? %s)", (Jsonb({code: level}), code))
    if query.min_coverage:
        where &= Sql(f"{COVERAGE} >= %s", (query.min_coverage,))
    if query.verdict:
        where &= Sql(f"{VERDICT_ALIASES[query.framework]}.verdict = %s", (query.verdict,))
    if query.provenance:
        where &= Sql(
            "EXISTS (SELECT 1 FROM assessments_assessment a WHERE a.model_id = s.model_id "
            "AND a.track = %s AND a.criterion_id = ANY(%s) AND a.provenance = %s)",
            (query.track, criterion_ids, query.provenance),
        )
    if query.q:
        where &= search_filter(query.q)
    return where


def search_filter(term: str) -> Sql:
    """The score rows whose names contain the term, case, accents, spaces and punctuation
    ignored on both sides ("llama3" finds "Llama 3.1", "Mistral 7B" finds "Mistral-7B").

    It reads the score row's own key of its model's and organisation's names
    (Score.search_key), so that PostgreSQL either walks the rank index testing each row, with
    no join (a common term), or reads the few rows of a rare one through the trigram index,
    which it estimates from the column's statistics. The term's key is made by the same SQL
    function as the column's; the statement is never prepared with it (page_rows), so
    PostgreSQL folds the pattern into a constant and plans for it. A term with no letter or
    digit has no key and matches nothing (the ranking says why)."""
    if not has_search_key(term):
        return Sql("false")
    return Sql("s.search_key LIKE '%%' || openness_search_key(%s) || '%%'", (term,))


def _license(value: str) -> Sql:
    """The models whose license falls in a class (licenses.license_class, as SQL)."""
    osi = sorted(licenses.OSI_APPROVED)
    if value == "osi":
        return Sql("m.license_spdx = ANY(%s)", (osi,))
    if value == "spdx-other":
        return Sql("m.license_spdx <> '' AND NOT m.license_spdx = ANY(%s)", (osi,))
    if value == "custom":
        return Sql("m.license_spdx = '' AND m.license_name <> ''")
    if value == "none":
        return Sql("m.license_spdx = '' AND m.license_name = ''")
    raise ValueError(f"unknown license class {value!r}")


def keyset_steps(keys: list[SortKey], values: list, *, forward: bool) -> list[Sql]:
    """The rows after (or, backwards, before) a cursor, as ranges to read one after another.

    For keys (a, b) and cursor (x, y): first a = x with b beyond y, then a beyond x. Each range
    is one contiguous stretch of an index on (a, b), so PostgreSQL reads only the rows it
    returns; a single `a < x OR (a = x AND b > y)` would make it scan every row with a = x.
    """
    steps = []
    for depth in range(len(keys) - 1, -1, -1):
        parts = [
            Sql(f"{key.expression.text} = %s", (*key.expression.params, value))
            for key, value in zip(keys[:depth], values, strict=False)
        ]
        key = keys[depth]
        later = key.descending == forward  # descending and forward: later means smaller
        operator = "<" if later else ">"
        parts.append(
            Sql(f"{key.expression.text} {operator} %s", (*key.expression.params, values[depth]))
        )
        step = parts[0]
        for part in parts[1:]:
            step &= part
        steps.append(step)
    return steps


def lens_steps(
    keys: list[SortKey], values: list | None, *, forward: bool, lens: str, verdict: str = ""
) -> list[Sql]:
    """A lens's ranking as ranges to read one after another: one verdict at a time, in the
    lens's order from the cursor's (or the first) verdict, each in EU rank order.

    keys are sort_keys' [verdict order, rank]. A verdict's rows are one stretch of the rank
    index (PostgreSQL walks it, probing each row's verdict) or of the verdicts' order index
    (a rare verdict's few rows, then sorted): which one, it estimates per verdict, since the
    order is written into the text. Ordering (verdict, rank) in one statement would sort the
    whole track instead.
    """
    primary, rank = keys
    later_first = primary.descending == forward  # descending and forward: smaller values next
    orders = sorted(set(ORDERS[lens].values()), reverse=later_first)
    if verdict:  # the filter keeps one verdict: the other orders' statements would find none
        orders = [ORDERS[lens][verdict]]
    steps = []
    if values is not None:
        current, after_rank = values
        # The rest of the cursor's own verdict (only an order the lens has is written into the
        # statement: no address makes a prepared statement of its own), then the later ones.
        if current in orders:
            operator = "<" if rank.descending == forward else ">"
            steps.append(
                Sql(f"{primary.expression.text} = {_literal(current)}")
                & Sql(f"s.rank {operator} %s", (after_rank,))
            )
        orders = [o for o in orders if (o < current if later_first else o > current)]
    steps.extend(Sql(f"{primary.expression.text} = {_literal(order)}") for order in orders)
    return steps


def page_rows(
    where: Sql,
    keys: list[SortKey],
    step: Sql | None,
    *,
    forward: bool,
    limit: int,
    prepare: bool = True,
    source: Source = PLAIN,
    order_keys: list[SortKey] | None = None,
) -> list[tuple]:
    """Up to `limit` rows (the source's columns, then the sort keys' values) in the page's
    order. `order_keys` (default: all keys) are the ones the statement orders by: a step that
    fixes the leading keys (lens_steps) orders by the rest alone.

    Prepared (lib.raw_rows.prepared_cursor) unless `prepare` is false: a search's best plan
    depends on its term, which a prepared statement's generic plan would not look at.
    """
    selected = ", ".join(key.expression.text for key in keys)
    select_params = tuple(p for key in keys for p in key.expression.params)
    if step is not None:
        where &= step
    order = ", ".join(
        f"{ROW_WIDTH + keys.index(key) + 1} {'DESC' if key.descending == forward else 'ASC'}"
        for key in (keys if order_keys is None else order_keys)
    )
    # Fixed text of this module; every value is bound.
    sql = f"SELECT {source.columns}, {selected} FROM {source.tables} WHERE {where.text} "  # noqa: S608
    sql += f"ORDER BY {order} LIMIT %s"
    with prepared_cursor() if prepare else connection.cursor() as cursor:
        cursor.execute(sql, (*select_params, *where.params, limit))
        rows = cursor.fetchall()
    return [_decoded(row) for row in rows]


def _decoded(row: tuple) -> tuple:
    """The row with its groups and levels parsed (Django's connection reads jsonb as text)."""
    groups, levels = (row[i] if isinstance(row[i], dict) else json.loads(row[i]) for i in (2, 3))
    return (row[0], row[1], groups, levels, *row[4:])


def count(where: Sql, source: Source = PLAIN, *, prepare: bool = True) -> int:
    """How many rows the filter keeps; prepared as rows() is, unless `prepare` is false (a
    search). Planning the lens's five-table join took 3.5 ms where counting the curated
    index's 193 rows took 1.6 (at 3 million models)."""
    sql = f"SELECT count(*) FROM {source.tables} WHERE {where.text}"  # noqa: S608 (as above)
    with prepared_cursor() if prepare else connection.cursor() as cursor:
        cursor.execute(sql, where.params)
        return cursor.fetchone()[0]
