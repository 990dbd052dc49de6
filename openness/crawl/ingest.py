"""Bulk upsert of listing pages into PostgreSQL: a few COPYs and set-based statements a page.

Two paths, one result. Repositories never seen before (most of a first sweep) are written
straight into their tables with COPY: the worker has already encoded each row
(prepare_page), and the ids, organisations, free slugs and curated matches are settled by a
few indexed lookups per page. Everything else (a repository seen before, a rename, or a
new one that collided with a concurrent writer) is staged into a temporary table with COPY
and merged with INSERT ... ON CONFLICT on the hub's stable id. The direct path runs inside
a savepoint with its foreign keys checked before the savepoint ends: any conflict rolls it
back and the same rows take the merge path instead, so the direct path is only ever a
faster way to the same rows. Change is detected by `sha`; a renamed repository keeps its
row (and its history) because the conflict target is the hub's `_id`, not the name.
"""

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

import psycopg
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils.text import slugify

from openness.crawl.hubs import MalformedItem, RepoFacts

logger = logging.getLogger(__name__)

# Hub pipeline tags -> catalog model types (catalog.models.MODEL_TYPES).
PIPELINE_TYPES = {
    "text-generation": "text",
    "text2text-generation": "text",
    "fill-mask": "text",
    "summarization": "text",
    "translation": "text",
    "question-answering": "text",
    "conversational": "text",
    "image-text-to-text": "image",
    "text-to-image": "image",
    "image-to-image": "image",
    "image-classification": "image",
    "text-to-video": "video",
    "image-to-video": "video",
    "text-to-speech": "audio",
    "automatic-speech-recognition": "audio",
    "audio-classification": "audio",
    "text-to-audio": "audio",
}

STAGE_COLUMNS = (
    "hub_uid",
    "repo_id",
    "sha",
    "author",
    "hub_created_at",
    "last_modified",
    "private",
    "gated",
    "disabled",
    "pipeline_tag",
    "library_name",
    "tags",
    "downloads",
    "likes",
    "base_models",
    "base_model_relation",
    "license",
    "raw",
    "org_slug",
    "model_slug",
    "model_name",
    "model_types",
    "model_pk",
)

_CREATE_STAGE = """
CREATE TEMPORARY TABLE IF NOT EXISTS crawl_stage (
    hub_uid varchar(64) NOT NULL, repo_id varchar(300) NOT NULL, sha varchar(64) NOT NULL,
    author varchar(200) NOT NULL, hub_created_at timestamptz, last_modified timestamptz,
    private boolean, gated varchar(6) NOT NULL, disabled boolean,
    pipeline_tag varchar(100) NOT NULL, library_name varchar(100) NOT NULL, tags text[] NOT NULL,
    downloads bigint, likes integer, base_models text[] NOT NULL,
    base_model_relation varchar(30) NOT NULL, license varchar(200) NOT NULL, raw json NOT NULL,
    org_slug varchar(200) NOT NULL, model_slug varchar(250) NOT NULL,
    model_name varchar(300) NOT NULL, model_types text[] NOT NULL, model_pk bigint
) ON COMMIT DELETE ROWS
"""

_SESSION_SETUP = "SET LOCAL synchronous_commit TO OFF; SET LOCAL jit TO OFF"

# The direct path's columns, in the order prepare_page encodes them: the ids, organisation,
# slug and moments known only at merge time first, then what the item alone decides.
REPO_COPY_COLUMNS = (
    "id", "model_id", "first_seen_at", "last_seen_at", "sha_changed_at",
    "hub", "hub_uid", "repo_id", "previous_repo_ids", "sha", "author", "hub_created_at",
    "last_modified", "private", "gated", "disabled", "pipeline_tag", "library_name", "tags",
    "downloads", "likes", "base_models", "base_model_relation", "license", "raw", "renamed_at",
    "enriched_sha", "enriched_at", "enrich_requested_at",
)  # fmt: skip
MODEL_COPY_COLUMNS = (
    "id", "slug", "organisation_id", "created_at", "updated_at",
    "name", "model_types", "description", "link", "release_date", "release_date_precision",
    "performance_class", "end_model_name", "base_model_name", "end_model_repo",
    "base_model_repo", "base_model_id", "license_name", "license_spdx", "is_curated",
    "osai_file", "hub_created_at", "downloads", "likes", "gated",
)  # fmt: skip

# Ids for a page's new repositories and their catalog models, one statement.
_ALLOCATE_IDS = """
WITH seq AS MATERIALIZED (
    SELECT pg_get_serial_sequence('crawl_hubrepo', 'id')::regclass AS repo,
        pg_get_serial_sequence('catalog_aimodel', 'id')::regclass AS model
)
SELECT nextval(seq.repo), nextval(seq.model) FROM seq CROSS JOIN generate_series(1, %s)
"""

# The direct path's lookups stay index lookups whatever the statistics say about a table the
# sweep is filling: a thousand values compared with ANY() look like a seq scan's worth.
# Curated models naming one of the page's repositories: the partial index holds only them.
_CURATED_FOR = """
SELECT end_model_repo, id FROM catalog_aimodel
WHERE is_curated AND end_model_repo = ANY(%s::text[])
"""

# One probe per author (OFFSET 0 keeps the subquery from being flattened into a join that
# could scan the table); where an author has several organisations, the lowest id wins, as in
# _CREATE_MODELS.
_ORGANISATIONS_OF = """
SELECT v.author, o.id
FROM unnest(%s::text[]) AS v(author)
CROSS JOIN LATERAL (
    SELECT id FROM catalog_organisation WHERE hub_author = v.author OFFSET 0
) AS o
"""

_INSERT_ORGANISATIONS = """
INSERT INTO catalog_organisation (slug, name, link, notes, hub_author, created_at)
SELECT v.slug, v.author, '', '', v.author, %(now)s
FROM unnest(%(slugs)s::text[], %(authors)s::text[]) AS v(slug, author)
ON CONFLICT (slug) DO NOTHING
RETURNING hub_author, id
"""

_TAKEN_SLUGS = """
SELECT v.slug FROM unnest(%s::text[]) AS v(slug)
CROSS JOIN LATERAL (SELECT FROM catalog_aimodel m WHERE m.slug = v.slug LIMIT 1) AS m
"""

# A name on this page held by another repository (renamed away, or deleted and reused): that
# row steps aside, keeping its old name in its history; its own new name comes when it is seen.
_FREE_NAMES = """
UPDATE crawl_hubrepo r
SET repo_id = left(r.repo_id, 200) || ' (replaced ' || r.hub_uid || ')',
    previous_repo_ids = array_append(r.previous_repo_ids, r.repo_id)
FROM crawl_stage s
WHERE r.hub = %(hub)s AND r.repo_id = s.repo_id AND r.hub_uid <> s.hub_uid
"""

# New rows arrive with the id of the catalog model made for them (allocated beforehand, the
# model inserted after: the foreign key is checked at commit), or the curated model that
# already names the repository. Existing rows keep their model.
_UPSERT = """
INSERT INTO crawl_hubrepo AS r (
    hub, hub_uid, repo_id, previous_repo_ids, sha, author, hub_created_at, last_modified,
    private, gated, disabled, pipeline_tag, library_name, tags, downloads, likes, base_models,
    base_model_relation, license, raw, first_seen_at, last_seen_at, sha_changed_at, renamed_at,
    enriched_sha, enriched_at, enrich_requested_at, model_id
)
SELECT %(hub)s, s.hub_uid, s.repo_id, '{}', s.sha, s.author, s.hub_created_at, s.last_modified,
    s.private, s.gated, s.disabled, s.pipeline_tag, s.library_name, s.tags, s.downloads, s.likes,
    s.base_models, s.base_model_relation, s.license, s.raw, %(now)s, %(now)s, %(now)s, NULL,
    '', NULL, NULL,
    COALESCE((
        SELECT m.id FROM catalog_aimodel m WHERE m.end_model_repo = s.repo_id AND m.is_curated
        ORDER BY m.id LIMIT 1
    ), s.model_pk)
FROM crawl_stage s
ON CONFLICT (hub, hub_uid) DO UPDATE SET
    previous_repo_ids = CASE
        WHEN r.repo_id <> EXCLUDED.repo_id AND r.repo_id NOT LIKE '%% (replaced %%)'
        THEN array_append(r.previous_repo_ids, r.repo_id) ELSE r.previous_repo_ids END,
    renamed_at = CASE WHEN r.repo_id <> EXCLUDED.repo_id THEN %(now)s ELSE r.renamed_at END,
    sha_changed_at = CASE WHEN r.sha IS DISTINCT FROM EXCLUDED.sha
        THEN %(now)s ELSE r.sha_changed_at END,
    repo_id = EXCLUDED.repo_id, sha = EXCLUDED.sha, author = EXCLUDED.author,
    hub_created_at = EXCLUDED.hub_created_at, last_modified = EXCLUDED.last_modified,
    private = EXCLUDED.private, gated = EXCLUDED.gated, disabled = EXCLUDED.disabled,
    pipeline_tag = EXCLUDED.pipeline_tag, library_name = EXCLUDED.library_name,
    tags = EXCLUDED.tags, downloads = EXCLUDED.downloads, likes = EXCLUDED.likes,
    base_models = EXCLUDED.base_models, base_model_relation = EXCLUDED.base_model_relation,
    license = EXCLUDED.license, raw = EXCLUDED.raw, last_seen_at = EXCLUDED.last_seen_at,
    model_id = COALESCE(r.model_id, EXCLUDED.model_id)
RETURNING r.id, (r.xmax = 0) AS inserted, r.sha_changed_at = %(now)s AS sha_changed,
    r.renamed_at IS NOT DISTINCT FROM %(now)s AS renamed, r.hub_uid, r.model_id
"""

# One index lookup per id, and per name (LATERAL ... LIMIT 1 keeps it so whatever the table's
# statistics say: a hash join over the whole table is what a stale estimate picks otherwise).
_HELD_UIDS = """
SELECT r.hub_uid, r.model_id
FROM unnest(%(uids)s::text[]) AS u(uid)
CROSS JOIN LATERAL (
    SELECT hub_uid, model_id FROM crawl_hubrepo WHERE hub_uid = u.uid AND hub = %(hub)s LIMIT 1
) AS r
"""

_HELD_NAMES = """
SELECT r.hub_uid, r.repo_id
FROM unnest(%(repos)s::text[]) AS n(name)
CROSS JOIN LATERAL (
    SELECT hub_uid, repo_id FROM crawl_hubrepo WHERE repo_id = n.name AND hub = %(hub)s LIMIT 1
) AS r
"""

# Organisations for authors that have none; a slug taken by another organisation gets a
# stable suffix in the second pass.
_CREATE_ORGANISATIONS = """
INSERT INTO catalog_organisation (slug, name, link, notes, hub_author, created_at)
SELECT DISTINCT ON (slug) slug, author, '', '', author, %(now)s FROM (
    SELECT DISTINCT s.author, {slug} AS slug
    FROM crawl_stage s
    WHERE s.model_pk = ANY(%(pks)s)
      AND NOT EXISTS (SELECT 1 FROM catalog_organisation o WHERE o.hub_author = s.author)
) AS authors
ORDER BY slug, author
ON CONFLICT (slug) DO NOTHING
"""

# Catalog models with the ids the repo rows already point to.
_CREATE_MODELS = """
INSERT INTO catalog_aimodel (
    id, slug, name, organisation_id, model_types, description, link, release_date,
    release_date_precision, performance_class, end_model_name, base_model_name,
    end_model_repo, base_model_repo, base_model_id, license_name, license_spdx,
    is_curated, osai_file, hub_created_at, downloads, likes, gated, created_at, updated_at
)
SELECT s.model_pk, {slug}, s.model_name, o.id, s.model_types, '', '', NULL, '', '', '', '',
    s.repo_id, '', NULL, '', '', false, '', s.hub_created_at, s.downloads, s.likes, s.gated,
    %(now)s, %(now)s
FROM crawl_stage s
JOIN LATERAL (
    SELECT o.id FROM catalog_organisation o WHERE o.hub_author = s.author ORDER BY o.id LIMIT 1
) o ON true
WHERE s.model_pk = ANY(%(pks)s)
ON CONFLICT (slug) DO NOTHING
RETURNING id
"""

# Hub facts copied onto the catalog model by primary key, only where they differ (no dead
# tuples otherwise).
_COPY_FACTS = """
UPDATE catalog_aimodel m
SET downloads = v.downloads, likes = v.likes, gated = v.gated,
    hub_created_at = v.hub_created_at, end_model_repo = v.repo_id, updated_at = %(now)s
FROM unnest(
    %(ids)s::bigint[], %(downloads)s::bigint[], %(likes)s::integer[], %(gated)s::text[],
    %(created)s::timestamptz[], %(repos)s::text[]
) AS v(id, downloads, likes, gated, hub_created_at, repo_id)
WHERE m.id = v.id AND (
    m.downloads IS DISTINCT FROM v.downloads OR m.likes IS DISTINCT FROM v.likes
    OR m.gated IS DISTINCT FROM v.gated OR m.hub_created_at IS DISTINCT FROM v.hub_created_at
    OR m.end_model_repo IS DISTINCT FROM v.repo_id
)
"""

# The sequence is looked up once per statement, not once per id.
_ALLOCATE_MODEL_IDS = """
WITH seq AS MATERIALIZED (SELECT pg_get_serial_sequence('catalog_aimodel', 'id')::regclass AS id)
SELECT nextval(seq.id) FROM seq CROSS JOIN generate_series(1, %s)
"""

_SUFFIXED = "left({column}, 240) || '-' || left(md5({source}), 8)"


# Authors' organisations, as committed, so that most pages skip the organisation statements.
# Bounded: a sweep meets hundreds of thousands of authors. An entry can go stale (an editor
# deletes an organisation): the direct path's foreign key check then fails inside its
# savepoint, the cache is cleared and the merge path makes the organisation again.
_author_orgs: dict[str, int] = {}
KNOWN_AUTHORS_MAX = 200_000


def _remember_organisations(orgs: dict[str, int]) -> None:
    if len(_author_orgs) + len(orgs) > KNOWN_AUTHORS_MAX:
        _author_orgs.clear()
    _author_orgs.update(orgs)


# The tables a sweep grows, and how far they may grow before this process has their
# statistics refreshed. Plans made while a table was nearly empty (the foreign key checks'
# plans above all, kept for the connection's life) scan it whole; on a first sweep, or
# where autovacuum is off or behind, every page would cost more than the one before. An
# ANALYZE replaces the statistics and so makes every cached plan on the table replanned.
_GROWING_TABLES = (
    "crawl_hubrepo (id, hub_uid, repo_id, model_id)",
    "catalog_aimodel (id, slug, end_model_repo, is_curated)",
    "catalog_organisation (id, slug, hub_author)",
)
ANALYZE_MIN_ROWS = 2_000
ANALYZE_GROWTH = 0.5
ANALYZE_LOCK_TIMEOUT_MS = 200
_growth = {"rows": 0, "threshold": ANALYZE_MIN_ROWS}


def _statistics_follow(cursor, inserted: int) -> None:
    """Count rows this process inserted; past the threshold, ANALYZE the growing tables."""
    _growth["rows"] += inserted
    if _growth["rows"] < _growth["threshold"]:
        return
    # The sizes the plans are chosen by, and the columns the crawl looks rows up by, from a
    # small sample (3,000 rows, not 30,000: these columns only need their row and distinct
    # counts), without the raw JSON and the other columns. A full ANALYZE is autovacuum's.
    # Never waited for: while another worker's ANALYZE or a VACUUM holds a table, the page
    # goes on without, and the next page tries again.
    try:
        with transaction.atomic():
            cursor.execute(
                f"SET LOCAL lock_timeout = '{ANALYZE_LOCK_TIMEOUT_MS}ms'; "
                "SET LOCAL default_statistics_target = 10; "
                f"ANALYZE {', '.join(_GROWING_TABLES)}; "
                "RESET default_statistics_target; RESET lock_timeout"
            )
    except OperationalError as exc:
        logger.info("table statistics not refreshed this page: %s", exc)
        return
    cursor.execute(
        "SELECT max(reltuples) FROM pg_class WHERE oid = ANY(%s::regclass[])",
        [[table.partition(" ")[0] for table in _GROWING_TABLES]],
    )
    size = cursor.fetchone()[0] or 0
    _growth["rows"] = 0
    _growth["threshold"] = max(ANALYZE_MIN_ROWS, int(size * ANALYZE_GROWTH))


class _DirectPathRefused(Exception):
    """The direct path cannot place these rows: they take the merge path."""


@dataclass
class PageResult:
    """What one page did to the database."""

    seen: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    renamed_ids: list[int] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)  # created or new sha
    errors: list[tuple[str, str]] = field(default_factory=list)  # (repo_id, message)
    newest_modified: datetime | None = None
    oldest_modified: datetime | None = None


def raw_json(item: object) -> str:
    """Raw JSON for the JSONB column (PostgreSQL refuses NUL characters in JSONB strings)."""
    text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    if "\\u0000" in text:
        text = json.dumps(_without_nul(item), ensure_ascii=False, separators=(",", ":"))
    return text


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value


def model_slug(repo_id: str) -> str:
    """The catalog slug for a hub repository: stable, derived from the id alone."""
    namespace, _, name = repo_id.rpartition("/")
    base = "--".join(p for p in (slugify(namespace), slugify(name.replace(".", "-"))) if p)
    return (base or hashlib.sha1(repo_id.encode()).hexdigest()[:12])[:240]  # noqa: S324


def suffixed_slug(slug: str, source: str) -> str:
    """The fallback slug when another row holds `slug` (as the SQL's second pass builds it)."""
    return f"{slug[:240]}-{hashlib.md5(source.encode()).hexdigest()[:8]}"  # noqa: S324


def organisation_slug(author: str) -> str:
    """The catalog slug for a hub author."""
    return (slugify(author) or hashlib.sha1(author.encode()).hexdigest()[:12])[:190]  # noqa: S324


class PreparedRow(NamedTuple):
    """One item, ready for either path: the stage row, and the direct path's COPY text for
    the hub repo and the catalog model (all but the columns settled at merge time)."""

    stage: tuple
    repo_line: str
    model_line: str


def stage_row(facts: RepoFacts, raw: str) -> tuple:
    """One COPY row for the staging table."""
    author = facts.author or facts.repo_id
    model_type = PIPELINE_TYPES.get(facts.pipeline_tag)
    return (
        facts.hub_uid,
        facts.repo_id,
        facts.sha,
        author,
        facts.created_at,
        facts.last_modified,
        facts.private,
        facts.gated,
        facts.disabled,
        facts.pipeline_tag,
        facts.library_name,
        list(facts.tags),
        facts.downloads,
        facts.likes,
        list(facts.base_models),
        facts.base_model_relation,
        facts.license,
        raw,
        organisation_slug(author),
        model_slug(facts.repo_id),
        facts.repo_id.rpartition("/")[2][:300],
        [model_type] if model_type else [],
    )


# COPY's text format: a backslash, tab, newline or carriage return in a value is escaped; a NUL
# cannot be stored in a PostgreSQL text value at all, so it is dropped (as raw_json drops it).
_COPY_SPECIAL = re.compile(r"[\\\t\n\r\x00]")
_ARRAY_SPECIAL = re.compile(r'["\\]')


def _copy_text(value: str) -> str:
    if not _COPY_SPECIAL.search(value):
        return value
    return (
        value.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\x00", "")
    )


def _copy_array(values) -> str:
    """A text[] literal: every element double-quoted, so commas, braces and NULL stay text."""
    if not values:
        return "{}"
    if _ARRAY_SPECIAL.search("".join(values)):
        values = [v.replace("\\", "\\\\").replace('"', '\\"') for v in values]
    return _copy_text('{"' + '","'.join(values) + '"}')


def text_array(values) -> str:
    """A text[] literal for a query parameter (cast with ::text[]): the driver's list dumper
    checks every element for quoting, which cost more per page than the lookups it feeds."""
    values = list(values)
    if not values:
        return "{}"
    joined = "".join(values)
    if _ARRAY_SPECIAL.search(joined) or "\x00" in joined:
        values = [v.replace("\\", "\\\\").replace('"', '\\"').replace("\x00", "") for v in values]
    return '{"' + '","'.join(values) + '"}'


def _copy_optional(value) -> str:
    """A nullable scalar column: a count, a flag, a moment or an allocated id."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(int(value))


def _copy_line(row: tuple) -> str:
    t, a, o = _copy_text, _copy_array, _copy_optional
    return (
        f"{t(row[0])}\t{t(row[1])}\t{t(row[2])}\t{t(row[3])}\t{o(row[4])}\t{o(row[5])}\t"
        f"{o(row[6])}\t{t(row[7])}\t{o(row[8])}\t{t(row[9])}\t{t(row[10])}\t{a(row[11])}\t"
        f"{o(row[12])}\t{o(row[13])}\t{a(row[14])}\t{t(row[15])}\t{t(row[16])}\t"
        f"{t(row[17])}\t{t(row[18])}\t{t(row[19])}\t{t(row[20])}\t{a(row[21])}\t"
        f"{o(row[22])}\n"
    )


def prepared_row(row: tuple, hub_name: str) -> PreparedRow:
    """The stage row with the direct path's COPY text (REPO_COPY_COLUMNS and
    MODEL_COPY_COLUMNS after their merge-time columns), each value encoded once."""
    t, a, o = _copy_text, _copy_array, _copy_optional
    repo_id, gated, created = t(row[1]), t(row[7]), o(row[4])
    downloads, likes = o(row[12]), o(row[13])
    repo_line = (
        f"{t(hub_name)}\t{t(row[0])}\t{repo_id}\t{{}}\t{t(row[2])}\t{t(row[3])}\t{created}\t"
        f"{o(row[5])}\t{o(row[6])}\t{gated}\t{o(row[8])}\t{t(row[9])}\t{t(row[10])}\t"
        f"{a(row[11])}\t{downloads}\t{likes}\t{a(row[14])}\t{t(row[15])}\t{t(row[16])}\t"
        f"{t(row[17])}\t\\N\t\t\\N\t\\N\n"
    )
    model_line = (
        f"{t(row[20])}\t{a(row[21])}\t\t\t\\N\t\t\t\t\t{repo_id}\t\t\\N\t\t\tf\t\t"
        f"{created}\t{downloads}\t{likes}\t{gated}\n"
    )
    return PreparedRow(row, repo_line, model_line)


def copy_text(rows: list[tuple]) -> str:
    """Stage rows (stage_row plus the model id) in COPY's text format, column by column as
    STAGE_COLUMNS types them: built here rather than by the driver, whose generic per-value
    dispatch (arrays above all) cost more than the database's own work per row."""
    return "".join(map(_copy_line, rows))


def upsert_page(*, hub, items: list, now: datetime) -> PageResult:
    """Stage and merge one page of raw items; call inside a transaction."""
    rows, result = prepare_page(hub=hub, items=items)
    merge_rows(hub_name=hub.name, rows=rows, result=result, now=now)
    return result


def prepare_page(*, hub, items: list) -> tuple[list[PreparedRow], PageResult]:
    """The rows for a page (the Python side: typed facts, slugs, raw JSON, COPY text),
    deduped by id."""
    result = PageResult(seen=len(items))
    rows: dict[str, tuple] = {}
    for raw in items:
        try:
            facts = hub.item_facts(raw)
            row = stage_row(facts, raw_json(raw))
        except Exception as exc:  # MalformedItem, or anything else: it costs this item only
            result.failed += 1
            repo_id = raw.get("id") if isinstance(raw, dict) else ""
            message = str(exc) if isinstance(exc, MalformedItem) else f"{type(exc).__name__}: {exc}"
            result.errors.append((repo_id if isinstance(repo_id, str) else "", message))
            continue
        if facts.problems:
            result.errors.append((facts.repo_id, f"malformed fields: {', '.join(facts.problems)}"))
        if facts.hub_uid in rows:
            result.unchanged += 1  # the same repository twice in one page: the last one wins
        rows[facts.hub_uid] = row
        if facts.last_modified is not None:
            if result.newest_modified is None or facts.last_modified > result.newest_modified:
                result.newest_modified = facts.last_modified
            if result.oldest_modified is None or facts.last_modified < result.oldest_modified:
                result.oldest_modified = facts.last_modified
    return [prepared_row(row, hub.name) for row in rows.values()], result


def _held(cursor, hub_name: str, rows: list[tuple]) -> dict[str, int | None]:
    """The page's repositories already stored: {hub uid: model id}."""
    cursor.execute(_HELD_UIDS, {"hub": hub_name, "uids": text_array(row[0] for row in rows)})
    return dict(cursor.fetchall())


def _names_taken(cursor, hub_name: str, rows: list[tuple]) -> bool:
    """Whether a name on the page is held by another repository (a rename happened)."""
    names = {row[1]: row[0] for row in rows}
    cursor.execute(_HELD_NAMES, {"hub": hub_name, "repos": text_array(names)})
    return any(names[repo_id] != uid for uid, repo_id in cursor.fetchall())


def _allocate_model_ids(cursor, rows: list[tuple], held: dict) -> list[tuple]:
    """Rows with a catalog model id allocated for each repository without a model (new, or
    whose model went away: deleted by an editor)."""
    new = [row for row in rows if held.get(row[0]) is None]
    if not new:
        return [(*row, None) for row in rows]
    cursor.execute(_ALLOCATE_MODEL_IDS, [len(new)])
    allocated = dict(zip((row[0] for row in new), (r[0] for r in cursor.fetchall()), strict=True))
    return [(*row, allocated.get(row[0])) for row in rows]


def _create_catalog_models(cursor, params: dict, pks: set[int], authors: set[str]) -> None:
    """Organisations and catalog models for the allocated ids the new repo rows point to."""
    fresh = not authors <= _author_orgs.keys()
    for attempt in range(2):
        if fresh or attempt:
            for slug in ("s.org_slug", _SUFFIXED.format(column="s.org_slug", source="s.author")):
                cursor.execute(
                    _CREATE_ORGANISATIONS.format(slug=slug), {**params, "pks": list(pks)}
                )
        missing = set(pks)
        slugs = (
            "s.model_slug",
            _SUFFIXED.format(column="s.model_slug", source="s.repo_id"),
            "left(s.model_slug, 220) || '-' || s.model_pk",
        )
        for slug in slugs:
            cursor.execute(_CREATE_MODELS.format(slug=slug), {**params, "pks": list(missing)})
            missing -= {row[0] for row in cursor.fetchall()}
            if not missing:
                break
        if not missing:
            break
        _author_orgs.clear()  # an organisation the cache vouched for is gone: make it again
    if missing:
        raise RuntimeError(f"no catalog model could be made for model ids {sorted(missing)[:5]}")
    if fresh:
        cursor.execute(_ORGANISATIONS_OF, [text_array(authors)])
        orgs = _lowest_ids(cursor.fetchall())
        transaction.on_commit(lambda: _remember_organisations(orgs))


def merge_rows(
    *, hub_name: str, rows: list[PreparedRow], result: PageResult, now: datetime, direct=True
) -> None:
    """The database side: new repositories by the direct path, the rest (or all, when
    `direct` is false) by the merge path."""
    if not rows:
        return
    with connection.cursor() as cursor:
        # One round trip for the session setup. A commit lost in a crash loses its page and
        # its checkpoint together: the page is fetched again, so the crawl need not wait for
        # each commit to reach the disk. Small, index-driven statements: compiling them (JIT)
        # costs more than running them.
        cursor.execute(_SESSION_SETUP)
        held = _held(cursor, hub_name, [row.stage for row in rows])
        new = [row for row in rows if row.stage[0] not in held]
        # A name held by another repository (a rename) fails the direct path's COPY on the
        # (repo_id, hub) key: those pages take the merge path, which frees the name first.
        if direct and new:
            try:
                with transaction.atomic():
                    repo_pks, curated = _insert_new(cursor, hub_name, new, now)
            # COPY is psycopg's own (Django does not wrap its errors); the checks are Django's.
            except (IntegrityError, psycopg.IntegrityError, _DirectPathRefused) as exc:
                logger.info("%d new repositories take the merge path: %s", len(new), exc)
                _author_orgs.clear()
            else:
                _statistics_follow(cursor, len(repo_pks))
                result.created += len(repo_pks)
                result.changed_ids.extend(repo_pks)
                if curated:
                    _copy_facts(cursor, curated, now)
                if len(new) == len(rows):
                    return
                rows = [row for row in rows if row.stage[0] in held]
        _merge_staged(cursor, hub_name, [row.stage for row in rows], held, result, now)


def _insert_new(cursor, hub_name: str, rows: list[PreparedRow], now: datetime):
    """COPY repositories never seen before, with their catalog models (or the curated model
    that names them), straight into their tables. Returns the new repo ids and the
    (curated model id, stage row) pairs whose hub facts still need copying."""
    cursor.execute(_ALLOCATE_IDS, [len(rows)])
    ids = cursor.fetchall()
    cursor.execute(_CURATED_FOR, [text_array(row.stage[1] for row in rows)])
    curated = _lowest_ids(cursor.fetchall())
    making = [
        (row, model_pk)
        for row, (_, model_pk) in zip(rows, ids, strict=True)
        if row.stage[1] not in curated
    ]
    orgs = _organisations(cursor, {row.stage[3]: row.stage[18] for row, _ in making}, now)
    slugs = _free_slugs(cursor, making)
    moment = now.isoformat()
    if making:
        with cursor.copy(f"COPY catalog_aimodel ({', '.join(MODEL_COPY_COLUMNS)}) FROM STDIN") as c:
            _write_chunked(
                c,
                (
                    f"{pk}\t{slug}\t{orgs[row.stage[3]]}\t{moment}\t{moment}\t{row.model_line}"
                    for (row, pk), slug in zip(making, slugs, strict=True)
                ),
            )
    with cursor.copy(f"COPY crawl_hubrepo ({', '.join(REPO_COPY_COLUMNS)}) FROM STDIN") as copy:
        _write_chunked(
            copy,
            (
                f"{repo_pk}\t{curated.get(row.stage[1], model_pk)}\t{moment}\t{moment}\t"
                f"{moment}\t{row.repo_line}"
                for row, (repo_pk, model_pk) in zip(rows, ids, strict=True)
            ),
        )
    # The foreign keys (organisation, catalog model) are checked here, inside the savepoint,
    # not at commit: a stale organisation id costs this path, not the page. Every foreign key
    # in this schema is DEFERRABLE INITIALLY DEFERRED (Django's), so ALL DEFERRED restores it.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")
    transaction.on_commit(lambda: _remember_organisations(orgs))
    matched = [(curated[row.stage[1]], row.stage) for row in rows if row.stage[1] in curated]
    return [repo_pk for repo_pk, _ in ids], matched


COPY_CHUNK_ROWS = 64


def _write_chunked(copy, lines) -> None:
    """Send COPY data a few dozen rows at a time: the server parses and indexes one chunk
    while the next is being joined here."""
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == COPY_CHUNK_ROWS:
            copy.write("".join(chunk))
            chunk.clear()
    if chunk:
        copy.write("".join(chunk))


def _lowest_ids(pairs) -> dict[str, int]:
    """{key: lowest id} from (key, id) rows."""
    lowest: dict[str, int] = {}
    for key, pk in pairs:
        if key not in lowest or pk < lowest[key]:
            lowest[key] = pk
    return lowest


def _organisations(cursor, authors: dict[str, str], now: datetime) -> dict[str, int]:
    """{author: organisation id} for the given {author: organisation slug}, making the
    missing ones (a slug held by another organisation gets the same suffix as _SUFFIXED)."""
    orgs = {author: _author_orgs[author] for author in authors if author in _author_orgs}
    missing = [author for author in authors if author not in orgs]
    if missing:
        cursor.execute(_ORGANISATIONS_OF, [text_array(missing)])
        orgs.update(_lowest_ids(cursor.fetchall()))
        missing = [author for author in missing if author not in orgs]
    for suffixed in (False, True):
        if not missing:
            break
        cursor.execute(
            _INSERT_ORGANISATIONS,
            {
                "now": now,
                "authors": text_array(missing),
                "slugs": text_array(
                    suffixed_slug(authors[a], a) if suffixed else authors[a] for a in missing
                ),
            },
        )
        orgs.update(cursor.fetchall())
        missing = [author for author in missing if author not in orgs]
    if missing:
        raise _DirectPathRefused(f"no free organisation slug for {missing[0]!r}")
    return orgs


def _free_slugs(cursor, making: list[tuple[PreparedRow, int]]) -> list[str]:
    """A free slug for each new catalog model, as _CREATE_MODELS's passes choose them: the
    repository's slug, else with a suffix from its id, else with the model's id."""
    wanted = [row.stage[19] for row, _ in making]
    cursor.execute(_TAKEN_SLUGS, [text_array(set(wanted))])
    taken = {slug for (slug,) in cursor.fetchall()}
    chosen: list[str | None] = []
    for slug in wanted:
        chosen.append(None if slug in taken else slug)
        taken.add(slug)
    clashes = [k for k, slug in enumerate(chosen) if slug is None]
    if clashes:
        second = {k: suffixed_slug(wanted[k], making[k][0].stage[1]) for k in clashes}
        cursor.execute(_TAKEN_SLUGS, [text_array(set(second.values()))])
        taken.update(slug for (slug,) in cursor.fetchall())
        for k in clashes:
            slug = second[k]
            if slug in taken:
                slug = f"{wanted[k][:220]}-{making[k][1]}"
            taken.add(slug)
            chosen[k] = slug
    return chosen


def _copy_facts(cursor, facts: list[tuple[int, tuple]], now: datetime) -> None:
    """Hub facts onto models that existed before this page."""
    cursor.execute(
        _COPY_FACTS,
        {
            "now": now,
            "ids": [model_id for model_id, _ in facts],
            "downloads": [row[12] for _, row in facts],
            "likes": [row[13] for _, row in facts],
            "gated": [row[7] for _, row in facts],
            "created": [row[4] for _, row in facts],
            "repos": [row[1] for _, row in facts],
        },
    )


def _merge_staged(
    cursor,
    hub_name: str,
    rows: list[tuple],
    held: dict,
    result: PageResult,
    now: datetime,
) -> None:
    """The merge path: COPY into the stage, then merge it in a few set-based statements."""
    params = {"hub": hub_name, "now": now}
    # The stage empties itself at commit; an earlier merge in the same transaction (or one
    # that failed inside a savepoint) may have left rows.
    cursor.execute(_CREATE_STAGE)
    cursor.execute("DELETE FROM crawl_stage")
    rows = _allocate_model_ids(cursor, rows, held)
    with cursor.copy(f"COPY crawl_stage ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
        copy.write(copy_text(rows))
    if _names_taken(cursor, hub_name, rows):
        cursor.execute(_FREE_NAMES, params)
    cursor.execute(_UPSERT, params)
    allocated = {row[0]: row[-1] for row in rows if row[-1] is not None}
    to_create: set[int] = set()
    authors: set[str] = set()
    by_uid = {row[0]: row for row in rows}
    facts: list[tuple] = []  # rows of models that existed before this page
    for repo_pk, inserted, sha_changed, renamed, uid, model_id in cursor.fetchall():
        if model_id is not None and model_id == allocated.get(uid):
            to_create.add(model_id)
            authors.add(by_uid[uid][3])
        elif model_id is not None:
            facts.append((model_id, by_uid[uid]))
        if inserted:
            result.created += 1
            result.changed_ids.append(repo_pk)
        elif sha_changed or renamed:
            result.updated += 1
            if sha_changed:
                result.changed_ids.append(repo_pk)
            if renamed:
                result.renamed_ids.append(repo_pk)
        else:
            result.unchanged += 1
    if to_create:
        _create_catalog_models(cursor, params, to_create, authors)
        _statistics_follow(cursor, len(to_create))
    if facts:  # models made just now already carry these facts
        _copy_facts(cursor, facts, now)
