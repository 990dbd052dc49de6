"""The frameworks' writes: per-component licenses from the curated files, the Model Openness
Tool's records, and the stored verdicts (recomputed by an explicit call, like scores)."""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from openness.assessments.frameworks import matching
from openness.assessments.frameworks.definitions import mof_definition, osaid_definition
from openness.assessments.frameworks.evidence import (
    ModelEvidence,
    model_evidence,
    mof_component_evidence,
)
from openness.assessments.frameworks.mof import mof_class
from openness.assessments.frameworks.mot import MotFileError, mot_file_parse, mot_files
from openness.assessments.frameworks.osaid import Verdict, osaid_verdict
from openness.assessments.frameworks.records import ComponentLicense, MotRecord
from openness.assessments.models import Methodology, Track
from openness.assessments.services import current_methodology
from openness.catalog.models import AIModel
from openness.lib import data_version
from openness.lib.raw_rows import prepared_cursor

OSAI_DIR = Path(settings.BASE_DIR) / "fixtures" / "osai-index"
MOT_DIR = Path(settings.BASE_DIR) / "fixtures" / "mot" / "models"
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # both are safe loaders

# "Weights: MIT. Code: not released. Data: not disclosed." in the EU index's licenses notes.
_NOTE_PARTS = re.compile(
    r"\b(Weights|Code|Data):\s*(.*?)(?=\s*\b(?:Weights|Code|Data):|$)", re.DOTALL
)
_NOTE_SLOTS = {"Weights": "parameters", "Code": "code", "Data": "data"}
MOF_ORDER = {"I": 3, "II": 2, "III": 1, "none": 0}
OSAID_ORDER = {Verdict.CONFORMS: 2, Verdict.CANNOT_TELL: 1, Verdict.DOES_NOT_CONFORM: 0}


def licenses_from_notes(notes: str) -> dict[str, str]:
    """{slot: license as written} from notes in the "Weights: X. Code: Y. Data: Z." form."""
    found = {}
    for key, value in _NOTE_PARTS.findall(notes or ""):
        text = " ".join(value.split()).rstrip(".").strip()
        if text:
            found[_NOTE_SLOTS[key]] = text[:300]
    return found


@transaction.atomic
def component_licenses_import(*, directory: Path = OSAI_DIR) -> int:
    """Record the per-artefact licenses the curated files' `licenses` notes name; returns how
    many rows were written. Idempotent: a slot the notes no longer name is removed."""
    now = timezone.now()
    written = 0
    for model in AIModel.objects.filter(is_curated=True).exclude(osai_file=""):
        path = directory / model.osai_file
        if not path.exists():
            continue
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)  # noqa: S506
        cell = (data or {}).get("licenses") or {}
        notes = str(cell.get("notes") or "") if isinstance(cell, dict) else ""
        found = licenses_from_notes(notes)
        ComponentLicense.objects.filter(model=model, source="osai-index").exclude(
            slot__in=list(found)
        ).delete()
        for slot, text in found.items():
            ComponentLicense.objects.update_or_create(
                model=model,
                slot=slot,
                source="osai-index",
                defaults={
                    "license_name": text,
                    "source_file": model.osai_file,
                    "quote": notes,
                    "recorded_at": now,
                },
            )
            written += 1
    transaction.on_commit(data_version.bump)
    return written


@dataclass
class MotImportResult:
    imported: int = 0
    matched: list[tuple[str, str, str]] = field(default_factory=list)  # file, model slug, basis
    unmatched: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@transaction.atomic
def mot_import(*, directory: Path = MOT_DIR) -> MotImportResult:
    """Read every model file of the tool, classify it by the MOF's rules from the tool's own
    licenses, match it to a curated model (conservatively) and store it. Idempotent."""
    definition = mof_definition()
    now = timezone.now()
    result = MotImportResult()
    candidates = matching.catalog_candidates()
    seen = []
    for path in mot_files(directory):
        try:
            release = mot_file_parse(path=path)
        except MotFileError as exc:
            result.errors.append(str(exc))
            continue
        outcome = mof_class(definition, release.evidence(definition))
        match = matching.match_release(release, candidates)
        MotRecord.objects.update_or_create(
            file=release.file,
            defaults={
                "name": release.name,
                "producer": release.producer,
                "repository": release.repository[:500],
                "huggingface_repo": release.huggingface_repo,
                "distribution_license": release.distribution_license[:300],
                "components": release.components,
                "mof_class": outcome.name,
                "summary": outcome.summary(),
                "detail": _mof_detail(outcome),
                "model_id": match.model_id if match else None,
                "match_basis": match.basis if match else "",
                "imported_at": now,
            },
        )
        seen.append(release.file)
        result.imported += 1
        if match:
            result.matched.append((release.file, match.slug, match.basis))
        else:
            result.unmatched.append(release.file)
    transaction.on_commit(data_version.bump)
    return result


def _mof_detail(outcome) -> dict:
    return {
        "components": [c.as_dict() for c in outcome.components],
        "blockers": [c.name for c in outcome.blockers],
        "next_class": {3: "III", 2: "II", 1: "I"}.get(outcome.next_level or 0, ""),
        "warnings": [c.name for c in outcome.warnings],
    }


def verdicts_for(evidence: ModelEvidence) -> tuple:
    """(MofResult, OsaidResult) for one model's evidence: the pure rules, in one place."""
    mof = mof_class(mof_definition(), mof_component_evidence(mof_definition(), evidence))
    return mof, osaid_verdict(osaid_definition(), evidence)


# The evidence of each scored model of a track, with the key of what a verdict is derived from:
# its levels, its declared license, (curated track) the licenses recorded per component, and
# the definitions' versions. A row whose stored key still matches is skipped unless `full`.
_EVIDENCE = """
SELECT s.model_id, s.levels, m.license_name, r.recorded,
    md5(concat_ws('|', %s::text, s.levels::text, m.license_name, r.recorded::text)) AS key
FROM assessments_score s
JOIN catalog_aimodel m ON m.id = s.model_id
LEFT JOIN LATERAL (
    SELECT jsonb_object_agg(c.slot, c.license_name ORDER BY c.slot, c.source) AS recorded
    FROM assessments_componentlicense c
    WHERE %s AND c.model_id = s.model_id
) r ON true
LEFT JOIN assessments_frameworkverdict fv
    ON fv.model_id = s.model_id AND fv.track = s.track AND fv.framework = 'mof'
WHERE s.methodology_id = %s AND s.track = %s {only}
"""


def _evidence_rows(
    track: str, model_ids: list[int] | None, methodology: Methodology, *, full: bool
):
    """(model_id, levels, declared license, recorded licenses, evidence key) of each scored
    model in the track (or of `model_ids`) whose stored verdicts were derived from other
    evidence (every one when `full`), read in chunks through a server-side cursor."""
    versions = f"{mof_definition().version}/{osaid_definition().version}"
    only, params = "", [versions, track == Track.EDITORIAL, methodology.pk, track]
    if model_ids is not None:
        only += " AND s.model_id = ANY(%s)"
        params.append(model_ids)
    if not full:
        # Both verdicts are written together: the MOF's row stands for the pair.
        only += (
            " AND fv.evidence_key IS DISTINCT FROM md5(concat_ws('|', %s::text, s.levels::text,"
            " m.license_name, r.recorded::text))"
        )
        params.append(versions)
    with connection.chunked_cursor() as cursor:
        cursor.execute(_EVIDENCE.format(only=only), params)
        while rows := cursor.fetchmany(5000):
            for model_id, levels, declared, recorded, key in rows:
                if isinstance(levels, str):  # Django's connection reads jsonb as text
                    levels = json.loads(levels)
                if isinstance(recorded, str):
                    recorded = json.loads(recorded)
                yield model_id, levels or {}, declared or "", recorded or {}, key


# A recompute that writes this many rows refreshes the table's statistics itself.
ANALYZE_AFTER_ROWS = 10_000


def framework_verdicts_recompute(
    *,
    track: str = Track.EDITORIAL,
    model_ids: Iterable[int] | None = None,
    methodology: Methodology | None = None,
    batch_size: int = 5000,
    full: bool = False,
) -> int:
    """Recompute the stored MOF class and OSAID verdict of the scored models in the track (or
    only `model_ids`) from their stored levels and recorded licenses. Only the models whose
    evidence moved since their verdicts were written are judged again, unless `full` (after a
    change of the rules themselves). Returns the number of rows written."""
    if model_ids is not None:
        model_ids = list(model_ids)
    # Many models share their levels and license (most Hub models): judge each combination once.
    judged: dict[tuple, tuple] = {}
    versions = {"mof": mof_definition().version, "osaid": osaid_definition().version}
    written = 0
    batch: list[tuple] = []
    with transaction.atomic():
        now = timezone.now()
        rows = _evidence_rows(track, model_ids, methodology or current_methodology(), full=full)
        for model_id, levels, declared, own, evidence_key in rows:
            key = (tuple(sorted(levels.items())), declared, tuple(sorted(own.items())))
            if key not in judged:
                judged[key] = _judged(levels, declared, own, track)
            for framework, fields in zip(("mof", "osaid"), judged[key], strict=True):
                batch.append((model_id, framework, versions[framework], *fields, evidence_key))
            if len(batch) >= batch_size:
                written += _upsert(batch, track, now)
                batch = []
        if batch:
            written += _upsert(batch, track, now)
        if written:
            transaction.on_commit(data_version.bump)
    if written >= ANALYZE_AFTER_ROWS:
        # Fresh statistics for the lens's statements (web/ranking_sql.lens_steps), which are
        # planned from each verdict's share: written without them, a Hub page under a lens
        # took 1-5 s instead of a few ms at 100,000 models (docs/benchmarks.md, "The lens,
        # organisation pages, suggestions and /crawl/"). Autovacuum would come to it only
        # after a tenth of the table had changed, and not at all where it is off.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE assessments_frameworkverdict")
    return written


def _judged(levels: dict, declared: str, recorded: dict, track: str) -> tuple[tuple, tuple]:
    """The stored fields of both verdicts for one combination of evidence: the verdict, its
    sort key, the summary naming what decides it, and a compact detail (pages that show one
    model rebuild the full detail from the evidence with the same pure rules)."""
    evidence = model_evidence(
        levels=levels, declared_license=declared, recorded=recorded, track=track
    )
    mof, osaid = verdicts_for(evidence)
    mof_detail = {
        "blockers": [c.name for c in mof.blockers],
        "warnings": [c.name for c in mof.warnings],
    }
    osaid_detail = {"requirements": {r.code: str(r.outcome) for r in osaid.requirements}}
    return (
        (mof.name, MOF_ORDER[mof.name], mof.summary(), json.dumps(mof_detail)),
        (str(osaid.verdict), OSAID_ORDER[osaid.verdict], osaid.summary(), json.dumps(osaid_detail)),
    )


COMPONENT_LICENSES_SQL = (
    "SELECT slot, license_name FROM assessments_componentlicense WHERE model_id = %s"
)


def model_verdicts_explained(*, model: AIModel, levels: dict, track: str) -> tuple:
    """(ModelEvidence, MofResult, OsaidResult) of one model, in full, for its page: the same
    pure rules as the stored verdicts, from the same evidence (one query)."""
    recorded = {}
    if track == Track.EDITORIAL and model.is_curated:
        # Every curated model page runs it: a prepared statement, not a queryset to build.
        with prepared_cursor() as cursor:
            cursor.execute(COMPONENT_LICENSES_SQL, [model.pk])
            recorded = dict(cursor.fetchall())
    evidence = model_evidence(
        levels=levels or {},
        declared_license=model.license_name or "",
        recorded=recorded,
        track=track,
    )
    return (evidence, *verdicts_for(evidence))


# One statement per batch, the rows passed as arrays; a row whose verdict, summary and detail
# are unchanged is left alone (no new row version, no index update), so that a recompute after a
# crawl writes only what moved.
_UPSERT = """
INSERT INTO assessments_frameworkverdict
    (model_id, framework, version, track, verdict, "order", summary, detail, computed_at,
     evidence_key)
SELECT m, f, v, %s, vd, o, s, d::jsonb, %s, k
FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::int[], %s::text[], %s::text[],
            %s::text[])
    AS t(m, f, v, vd, o, s, d, k)
ON CONFLICT (model_id, framework, track) DO UPDATE SET
    version = EXCLUDED.version, verdict = EXCLUDED.verdict, "order" = EXCLUDED."order",
    summary = EXCLUDED.summary, detail = EXCLUDED.detail, computed_at = EXCLUDED.computed_at,
    evidence_key = EXCLUDED.evidence_key
WHERE (assessments_frameworkverdict.version, assessments_frameworkverdict.verdict,
       assessments_frameworkverdict.summary, assessments_frameworkverdict.detail,
       assessments_frameworkverdict.evidence_key)
    IS DISTINCT FROM (EXCLUDED.version, EXCLUDED.verdict, EXCLUDED.summary, EXCLUDED.detail,
                      EXCLUDED.evidence_key)
"""


def _upsert(batch: list[tuple], track: str, now) -> int:
    """Write one batch of (model_id, framework, version, verdict, order, summary, detail,
    evidence key)."""
    columns = [list(column) for column in zip(*batch, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [track, now, *columns])
    return len(batch)
