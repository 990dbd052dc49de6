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
from openness.assessments.models import Methodology, Score, Track
from openness.assessments.services import current_methodology
from openness.catalog.models import AIModel
from openness.lib import data_version

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


def _verdict_rows(track: str, model_ids: Iterable[int] | None, methodology: Methodology):
    """(model_id, levels, declared license) of every scored model in the track."""
    scores = Score.objects.filter(methodology=methodology, track=track)
    if model_ids is not None:
        scores = scores.filter(model_id__in=list(model_ids))
    return (
        scores.order_by("model_id")
        .values_list("model_id", "levels", "model__license_name")
        .iterator(chunk_size=5000)
    )


def framework_verdicts_recompute(
    *,
    track: str = Track.EDITORIAL,
    model_ids: Iterable[int] | None = None,
    methodology: Methodology | None = None,
    batch_size: int = 5000,
) -> int:
    """Recompute the stored MOF class and OSAID verdict of every scored model in the track
    (or only `model_ids`) from its stored levels and recorded licenses. Returns rows written."""
    recorded: dict[int, dict[str, str]] = {}
    if model_ids is not None:
        model_ids = list(model_ids)
    if track == Track.EDITORIAL:
        licenses = ComponentLicense.objects.all()
        if model_ids is not None:
            licenses = licenses.filter(model_id__in=model_ids)
        for model_id, slot, text in licenses.values_list("model_id", "slot", "license_name"):
            recorded.setdefault(model_id, {})[slot] = text
    # Many models share their levels and license (most Hub models): judge each combination once.
    judged: dict[tuple, tuple] = {}
    versions = {"mof": mof_definition().version, "osaid": osaid_definition().version}
    written = 0
    batch: list[tuple] = []
    with transaction.atomic():
        now = timezone.now()
        for model_id, levels, declared in _verdict_rows(
            track, model_ids, methodology or current_methodology()
        ):
            own = recorded.get(model_id, {})
            key = (
                tuple(sorted((levels or {}).items())),
                declared or "",
                tuple(sorted(own.items())),
            )
            if key not in judged:
                judged[key] = _judged(levels or {}, declared or "", own, track)
            for framework, fields in zip(("mof", "osaid"), judged[key], strict=True):
                batch.append((model_id, framework, versions[framework], *fields))
            if len(batch) >= batch_size:
                written += _upsert(batch, track, now)
                batch = []
        if batch:
            written += _upsert(batch, track, now)
        transaction.on_commit(data_version.bump)
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


def model_verdicts_explained(*, model: AIModel, levels: dict, track: str) -> tuple:
    """(ModelEvidence, MofResult, OsaidResult) of one model, in full, for its page: the same
    pure rules as the stored verdicts, from the same evidence (one query)."""
    recorded = {}
    if track == Track.EDITORIAL and model.is_curated:
        recorded = dict(
            ComponentLicense.objects.filter(model=model).values_list("slot", "license_name")
        )
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
    (model_id, framework, version, track, verdict, "order", summary, detail, computed_at)
SELECT m, f, v, %s, vd, o, s, d::jsonb, %s
FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::int[], %s::text[], %s::text[])
    AS t(m, f, v, vd, o, s, d)
ON CONFLICT (model_id, framework, track) DO UPDATE SET
    version = EXCLUDED.version, verdict = EXCLUDED.verdict, "order" = EXCLUDED."order",
    summary = EXCLUDED.summary, detail = EXCLUDED.detail, computed_at = EXCLUDED.computed_at
WHERE (assessments_frameworkverdict.version, assessments_frameworkverdict.verdict,
       assessments_frameworkverdict.summary, assessments_frameworkverdict.detail)
    IS DISTINCT FROM (EXCLUDED.version, EXCLUDED.verdict, EXCLUDED.summary, EXCLUDED.detail)
"""


def _upsert(batch: list[tuple], track: str, now) -> int:
    """Write one batch of (model_id, framework, version, verdict, order, summary, detail)."""
    columns = [list(column) for column in zip(*batch, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [track, now, *columns])
    return len(batch)
