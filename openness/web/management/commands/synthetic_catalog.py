"""Generate (or remove) a synthetic Hub-sized catalog for load tests of the leaderboard.

Everything it writes is marked synthetic: organisations and models have slugs starting with
"synthetic-", names end in "(synthetic)", and every assessment's reviewer is "synthetic".
The rows are generated inside PostgreSQL (INSERT ... SELECT over generate_series), in batches,
so that three million models with twelve assessments each and their stored scores take
minutes, not hours. No revisions are written: these are not judgments anyone made.

Levels are a deterministic hash of (model, criterion); the stored scores are computed in SQL
with the same formula as assessments.scoring (open = 2 half-points, partial = 1), and ranks by
assessments.services' own re-ranking, so the synthetic track reads exactly like a real one.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from openness.assessments import services
from openness.assessments.models import Methodology, Score, Track

PREFIX = "synthetic-"


def _words(text: str) -> list[str]:
    return text.split()


FAMILIES = _words(
    "llama mistral qwen gemma phi falcon olmo bloom pythia mpt stablelm starcoder codegen "
    "deepseek yi baichuan internlm aquila vicuna zephyr openchat hermes dolphin orca wizard "
    "tinyllama smollm granite jamba command aya bert roberta t5 flan whisper wav2vec bark musicgen "
    "stable-diffusion sdxl flux kandinsky pixart dreamshaper controlnet clip blip llava idefics "
    "paligemma florence moondream cogvlm minicpm nemotron arctic dbrx grok exaone solar eeve "
    "sea-lion jais apertus salamandra eurollm teuken poro viking occiglot"
)
VARIANTS = _words("base instruct chat coder vision lora gguf awq gptq merged dpo sft rlhf distill")
WORDS = _words(
    "north river stone cloud ember pine lumen atlas harbor cedar falcon orbit quartz delta "
    "summit meadow signal vector prairie beacon"
)
# OSI-approved, other SPDX, custom and missing licenses, in roughly Hub-like proportions.
LICENSES = [
    ("Apache-2.0", "apache-2.0"),
    ("MIT", "mit"),
    ("Apache-2.0", "apache-2.0"),
    ("", "llama3.1"),
    ("CC-BY-NC-4.0", "cc-by-nc-4.0"),
    ("", ""),
    ("OpenRAIL", "openrail"),
    ("", "other"),
    ("BSD-3-Clause", "bsd-3-clause"),
    ("", ""),
]
TYPES = ["{text}"] * 7 + ["{text,code}", "{image}", "{audio}"]


class Command(BaseCommand):
    help = "Generate or remove a synthetic Hub catalog (models, assessments, scores)."

    def add_arguments(self, parser):
        parser.add_argument("--models", type=int, default=3_000_000)
        parser.add_argument("--batch", type=int, default=250_000)
        parser.add_argument("--per-organisation", type=int, default=150)
        parser.add_argument(
            "--remove", action="store_true", help="Delete every synthetic row instead."
        )

    def handle(self, *args, models, batch, per_organisation, remove, **options):
        methodology = Methodology.objects.filter(slug="osai", is_current=True).first()
        if methodology is None:
            raise CommandError("No current methodology: import the curated data first.")
        started = time.monotonic()
        if remove:
            self._remove(methodology)
        else:
            if models < 1 or batch < 1 or per_organisation < 1:
                raise CommandError("--models, --batch and --per-organisation must be positive.")
            if _exists():
                raise CommandError("Synthetic rows exist already: run with --remove first.")
            self._generate(methodology, models, batch, per_organisation)
        self.stdout.write(f"Done in {time.monotonic() - started:.0f} s.")

    def _generate(self, methodology, total, batch, per_organisation):
        criteria = list(methodology.criteria.order_by("group_order", "order"))
        if not criteria:
            raise CommandError("The current methodology has no criteria.")
        organisations = max(1, total // per_organisation)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO catalog_organisation (slug, name, link, notes, hub_author, created_at)
                SELECT %s || 'org-' || g,
                       initcap((%s::text[])[1 + g %% array_length(%s::text[], 1)]) || ' '
                         || initcap((%s::text[])[1 + (g / 7) %% array_length(%s::text[], 1)])
                         || ' ' || g || ' (synthetic)',
                       '', 'Synthetic organisation for load tests.', %s || 'org-' || g, now()
                FROM generate_series(1, %s) AS g
                """,
                [PREFIX, WORDS, WORDS, WORDS, WORDS, PREFIX, organisations],
            )
            cursor.execute(
                "SELECT min(id) FROM catalog_organisation WHERE slug LIKE %s", [PREFIX + "org-%"]
            )
            first_org = cursor.fetchone()[0]
        self.stdout.write(f"{organisations:,} organisations.")

        with connection.cursor() as cursor:
            # Scores are staged per batch and stored once at the end, ranked (see _store_scores).
            cursor.execute("DROP TABLE IF EXISTS synthetic_scores")
            cursor.execute(
                "CREATE TEMPORARY TABLE synthetic_scores (model_id bigint, total numeric(7,6), "
                "points integer, applicable integer, assessed integer, total_upper numeric(7,6), "
                "groups jsonb, levels jsonb)"
            )
        for start in range(1, total + 1, batch):
            end = min(total, start + batch - 1)
            t0 = time.monotonic()
            with transaction.atomic(), connection.cursor() as cursor:
                _bulk_session(cursor)
                low, high = self._models(cursor, start, end, first_org, organisations)
                t1 = time.monotonic()
                self._assessments(cursor, low, high, criteria)
                t2 = time.monotonic()
                self._scores(cursor, low, high, methodology)
            t3 = time.monotonic()
            self.stdout.write(
                f"models {start:,}-{end:,}: {t3 - t0:.1f} s (models {t1 - t0:.1f}, "
                f"assessments {t2 - t1:.1f}, staged scores and commit {t3 - t2:.1f})"
            )

        t0 = time.monotonic()
        with transaction.atomic(), connection.cursor() as cursor:
            _bulk_session(cursor)
            self._store_scores(cursor, methodology)
        self.stdout.write(f"scores stored in rank order: {time.monotonic() - t0:.0f} s")
        t0 = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalog_organisation, catalog_aimodel")
            cursor.execute("ANALYZE assessments_assessment, assessments_score")
        others = Score.objects.filter(methodology=methodology, track=Track.AUTOMATIC).exclude(
            model__slug__startswith=PREFIX
        )
        if others.exists():
            # Real automatic scores were ranked without the synthetic ones: rank them together.
            with transaction.atomic():
                services._rerank(methodology, Track.AUTOMATIC)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE assessments_score")
        self.stdout.write(f"ranked and analysed: {time.monotonic() - t0:.0f} s")

    def _models(self, cursor, start, end, first_org, organisations):
        spdx = [item[0] for item in LICENSES]
        names = [item[1] for item in LICENSES]
        cursor.execute(
            """
            INSERT INTO catalog_aimodel (
                slug, name, organisation_id, model_types, description, link, release_date,
                release_date_precision, performance_class, end_model_name, base_model_name,
                end_model_repo, base_model_repo, license_name, license_spdx, is_curated,
                osai_file, hub_created_at, downloads, likes, gated, created_at, updated_at
            )
            SELECT %(prefix)s || g,
                   fam || '-' || (%(variants)s::text[])[1 + (h2 %% %(nvariants)s)]
                     || '-' || (1 + h3 %% 70) || 'b-' || g || ' (synthetic)',
                   %(first_org)s + (g %% %(orgs)s),
                   ((%(types)s::text[])[1 + h1 %% 10])::varchar[],
                   '', '', date '2019-01-01' + (h1 %% 2500)::int,
                   'day', '', '', '',
                   %(prefix)s || 'org-' || (1 + g %% %(orgs)s) || '/' || fam || '-' || g, '',
                   (%(names)s::text[])[1 + h2 %% 10], (%(spdx)s::text[])[1 + h2 %% 10],
                   false, '',
                   timestamptz '2019-01-01 00:00+00'
                     + make_interval(days => (h1 %% 2500)::int, secs => (h3 %% 86400)::float8),
                   (power(h3 %% 1000, 3) / 100)::bigint, h3 %% 500,
                   CASE WHEN g %% 7 = 0 THEN 'manual' WHEN g %% 11 = 0 THEN 'auto' ELSE 'no' END,
                   now(), now()
            FROM (
                SELECT g, abs(hashint8(g)::bigint) AS h1, abs(hashint8(g + 7919)::bigint) AS h2,
                       abs(hashint8(g * 31 + 17)::bigint) AS h3,
                       (%(families)s::text[])[1 + abs(hashint8(g * 13)::bigint) %% %(nfamilies)s]
                         AS fam
                FROM generate_series(%(start)s, %(end)s) AS g
            ) AS src
            """,
            {
                "prefix": PREFIX,
                "variants": VARIANTS,
                "nvariants": len(VARIANTS),
                "families": FAMILIES,
                "nfamilies": len(FAMILIES),
                "first_org": first_org,
                "orgs": organisations,
                "types": TYPES,
                "names": names,
                "spdx": spdx,
                "start": start,
                "end": end,
            },
        )
        # The batch's ids: one INSERT takes consecutive values of the sequence.
        cursor.execute(
            "SELECT min(id), max(id) FROM catalog_aimodel WHERE id >= currval("
            "pg_get_serial_sequence('catalog_aimodel', 'id')) - %s AND slug LIKE %s",
            [end - start, PREFIX + "%"],
        )
        return cursor.fetchone()

    def _assessments(self, cursor, low, high, criteria):
        # The batch's levels go to a temporary table first; assessments and scores both read it.
        # Each criterion gets its own skew, so that filters and sorts by level are realistic:
        # Hub metadata says much about weights and licenses and little about data sources.
        cursor.execute("DROP TABLE IF EXISTS synthetic_levels")
        cursor.execute(
            """
            CREATE TEMPORARY TABLE synthetic_levels ON COMMIT DROP AS
            SELECT m.id AS model_id, c.id AS criterion_id, c.code, c.group_code,
                   (cardinality(m.model_types) = 0 OR cardinality(c.types) = 0
                    OR c.types && m.model_types::text[]) AS applies,
                   CASE WHEN h < c.open_pct THEN 'open'
                        WHEN h < c.open_pct + 30 THEN 'partial'
                        WHEN h < 95 THEN 'closed'
                        ELSE 'not_assessed' END AS level,
                   CASE WHEN h < c.open_pct THEN 2 WHEN h < c.open_pct + 30 THEN 1 ELSE 0 END
                     AS points
            FROM catalog_aimodel m
            CROSS JOIN (
                SELECT cr.id, cr.code, cr.group_code, cr.model_types::text[] AS types, p.open_pct
                FROM assessments_criterion cr
                JOIN unnest(%s::bigint[], %s::int[]) AS p(id, open_pct) ON p.id = cr.id
            ) AS c
            CROSS JOIN LATERAL (SELECT abs(hashint8(m.id * 64 + c.id)::bigint) %% 100 AS h) AS r
            WHERE m.id BETWEEN %s AND %s AND m.slug LIKE %s
            """,
            [
                [c.pk for c in criteria],
                [_open_share(c.code, i) for i, c in enumerate(criteria)],
                low,
                high,
                PREFIX + "%",
            ],
        )
        cursor.execute(
            """
            INSERT INTO assessments_assessment (
                model_id, criterion_id, track, level, notes, provenance, reviewed_at,
                reviewed_by_id, reviewer_label, upstream_digest, needs_review, review_reason,
                updated_at
            )
            SELECT model_id, criterion_id, 'automatic', level, '', 'automatic', now(), NULL,
                   'synthetic', '', false, '', now()
            FROM synthetic_levels
            """
        )

    def _scores(self, cursor, low, high, methodology):
        # The formula of assessments.scoring in SQL: half-points over the applicable criteria.
        # round() here rounds half away from zero where scoring rounds half to even; with
        # denominators of at most 2 x the number of criteria no value falls on a half.
        cursor.execute(
            """
            WITH per_model AS (
                SELECT model_id, jsonb_object_agg(code, level) AS levels,
                       coalesce(sum(points) FILTER (WHERE applies), 0) AS points,
                       count(*) FILTER (WHERE applies) AS applicable,
                       count(*) FILTER (WHERE applies AND level <> 'not_assessed') AS assessed
                FROM synthetic_levels GROUP BY model_id
            ), per_group AS (
                SELECT model_id,
                       jsonb_object_agg(group_code, round(gp::numeric / (2 * gc), 6)::text)
                         AS groups
                FROM (
                    SELECT model_id, group_code, sum(points) FILTER (WHERE applies) AS gp,
                           count(*) FILTER (WHERE applies) AS gc
                    FROM synthetic_levels GROUP BY model_id, group_code
                ) AS g
                WHERE gc > 0 GROUP BY model_id
            )
            INSERT INTO synthetic_scores (
                model_id, total, points, applicable, assessed, total_upper, groups, levels
            )
            SELECT pm.model_id,
                   CASE WHEN applicable = 0 THEN 0
                        ELSE round(points::numeric / (2 * applicable), 6) END,
                   points, applicable, assessed,
                   CASE WHEN applicable = 0 THEN 0
                        ELSE round((points + 2 * (applicable - assessed))::numeric
                                   / (2 * applicable), 6) END,
                   coalesce(pg.groups, '{}'::jsonb), pm.levels
            FROM per_model pm LEFT JOIN per_group pg USING (model_id)
            """
        )

    def _store_scores(self, cursor, methodology):
        """Write the staged scores once, already in rank order (no UPDATE of millions of rows).

        Ranked like services._rerank: total descending, then lower-cased name, then slug. The
        search text (Score.search: model name, organisation name) is written here too: the
        trigger that would fill it does not fire under _bulk_session's replica role.
        """
        cursor.execute(
            """
            INSERT INTO assessments_score (
                model_id, methodology_id, track, total, points, applicable, assessed,
                total_upper, groups, levels, rank, computed_at, search
            )
            SELECT s.model_id, %s, 'automatic', s.total, s.points, s.applicable, s.assessed,
                   s.total_upper, s.groups, s.levels,
                   row_number() OVER (
                       ORDER BY s.total DESC, lower(m.name) COLLATE "C", m.slug COLLATE "C"
                   ),
                   now(), m.name || ' ' || o.name
            FROM synthetic_scores s JOIN catalog_aimodel m ON m.id = s.model_id
            JOIN catalog_organisation o ON o.id = m.organisation_id
            """,
            [methodology.pk],
        )
        cursor.execute("DROP TABLE synthetic_scores")

    def _remove(self, methodology):
        pattern = PREFIX + "%"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM catalog_aimodel WHERE slug LIKE %s AND NOT is_curated",
                [pattern],
            )
            count = cursor.fetchone()[0]
            cursor.execute(
                """
                SELECT count(*) FROM assessments_revision r
                JOIN assessments_assessment a ON a.id = r.assessment_id
                JOIN catalog_aimodel m ON m.id = a.model_id WHERE m.slug LIKE %s
                """,
                [pattern],
            )
            if cursor.fetchone()[0]:
                raise CommandError(
                    "Some synthetic models have revisions (someone edited them); "
                    "history is never deleted, so nothing was removed."
                )
            for sql in (
                "DELETE FROM assessments_score s USING catalog_aimodel m "
                "WHERE m.id = s.model_id AND m.slug LIKE %s",
                "DELETE FROM assessments_assessment a USING catalog_aimodel m "
                "WHERE m.id = a.model_id AND m.slug LIKE %s",
                "DELETE FROM catalog_aimodel WHERE slug LIKE %s",
                "DELETE FROM catalog_organisation o WHERE o.slug LIKE %s AND NOT EXISTS "
                "(SELECT 1 FROM catalog_aimodel m WHERE m.organisation_id = o.id)",
            ):
                cursor.execute(sql, [pattern])
            services._rerank(methodology, Track.AUTOMATIC)
        self.stdout.write(f"Removed {count:,} synthetic models.")


def _exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM catalog_aimodel WHERE slug LIKE %s LIMIT 1", [PREFIX + "%"])
        return cursor.fetchone() is not None


def _bulk_session(cursor) -> None:
    """Settings for a bulk load inside the current transaction only.

    session_replication_role = replica skips every ordinary trigger: the foreign-key checks
    (every id this command writes was read from the rows it references in the same
    transaction) and Score.search's (the score insert writes that text itself). It needs a
    superuser; without one the load runs with the checks, only slower.
    """
    cursor.execute("SET LOCAL synchronous_commit = off")
    cursor.execute("SET LOCAL work_mem = '256MB'")
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cursor.fetchone()[0]:
        cursor.execute("SET LOCAL session_replication_role = replica")


def _open_share(code: str, index: int) -> int:
    """The percentage of synthetic models open on a criterion (the rest partial or closed)."""
    return {
        "weights_endmodel": 55,
        "weights_basemodel": 45,
        "licenses": 35,
        "modelcard": 30,
    }.get(code, 5 + (index * 3) % 15)
