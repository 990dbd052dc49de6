"""The frameworks on the model page and the methodology page: stored verdicts, the Model
Openness Tool's records beside them, and the argument for one model in plain words."""

from collections import Counter
from dataclasses import dataclass, field

from openness.assessments import scoring
from openness.assessments.frameworks.agreement import BASIS_ORDER, comparisons
from openness.assessments.frameworks.definitions import mof_definition, osaid_definition
from openness.assessments.frameworks.evidence import LicenseRecord
from openness.assessments.frameworks.mof import CLASS_NAMES, MofResult
from openness.assessments.frameworks.osaid import OsaidResult, Verdict
from openness.assessments.frameworks.services import model_verdicts_explained
from openness.assessments.models import (
    FrameworkVerdict,
    MotRecord,
    Score,
    Track,
)
from openness.catalog.models import AIModel
from openness.lib.raw_rows import raw_instances
from openness.web.lens import MOF_LABELS, OSAID_LABELS

TRACK_LABELS = {Track.EDITORIAL: "Curated evidence", Track.AUTOMATIC: "Hub evidence (automatic)"}


@dataclass
class TrackVerdicts:
    """Both verdicts of one track, in full (rebuilt from the page's stored levels)."""

    track: str
    label: str
    mof: MofResult
    osaid: OsaidResult
    licenses: list[tuple[str, LicenseRecord]]

    @property
    def mof_label(self) -> str:
        return MOF_LABELS[self.mof.name]

    @property
    def osaid_label(self) -> str:
        return self.osaid.label

    @property
    def next_class(self) -> str:
        return CLASS_NAMES.get(self.mof.next_level or 0, "")


@dataclass
class ModelFrameworks:
    tracks: list[TrackVerdicts]
    mot: list[MotRecord] = field(default_factory=list)
    plain_words: str = ""
    disagreement: str = ""

    @property
    def mot_primary(self) -> MotRecord | None:
        return self.mot[0] if self.mot else None


def _plain_words(model: AIModel, curated: TrackVerdicts, score: Score) -> str:
    """The argument for one model in plain words, from the curated evidence."""
    levels = score.levels
    weights = levels.get("weights_endmodel", "not_assessed")
    license_name = model.license_spdx or model.license_name or "no recorded license"
    if weights == "open":
        weights_text = f"Weights: downloadable under {license_name}."
    elif weights == "partial":
        weights_text = f"Weights: partly available (e.g. gated) under {license_name}."
    elif weights == "closed":
        weights_text = "Weights: not shared."
    else:
        weights_text = "Weights: not assessed."
    base, end = levels.get("datasources_basemodel"), levels.get("datasources_endmodel")
    if base == "open" and end == "open":
        data_text = "Training data: documented and available."
    elif "open" in (base, end) or "partial" in (base, end):
        data_text = "Training data: only partly documented or available."
    else:
        data_text = "Training data: not disclosed."
    osaid = {
        Verdict.CONFORMS: "it is open source AI",
        Verdict.DOES_NOT_CONFORM: "it is not open source AI",
        Verdict.CANNOT_TELL: "the evidence cannot tell whether it is open source AI",
    }[curated.osaid.verdict]
    mof = (
        "it reaches no MOF class"
        if curated.mof.name == "none"
        else f"its MOF class is {curated.mof_label}"
    )
    return (
        f"{weights_text} {data_text} So under the OSAID {osaid}; {mof}; the EU index scores "
        f"it {scoring.percent_text(score.total)}%."
    )


# What the page shows of the tool's records (not their components and detail, large JSON).
MOT_RECORDS_SQL = """
    SELECT id, file, name, mof_class, summary, match_basis, model_id
    FROM assessments_motrecord WHERE model_id = %s
"""


def model_frameworks(model: AIModel, scores: dict[str, Score | None]) -> ModelFrameworks:
    """Everything the model page's frameworks section shows (two queries for a curated model,
    none for a Hub model): both verdicts of
    each scored track, rebuilt in full from the stored levels the page has already read (the
    same pure rules as the stored verdicts), and the Model Openness Tool's records."""
    tracks = []
    for track in (Track.EDITORIAL, Track.AUTOMATIC):
        score = scores.get(track)
        if score is None:
            continue
        evidence, mof, osaid = model_verdicts_explained(
            model=model, levels=score.levels, track=track
        )
        licenses = sorted(evidence.licenses.items())
        tracks.append(TrackVerdicts(track, TRACK_LABELS[track], mof, osaid, licenses))
    # The tool's records are matched to curated models only: Hub pages skip the query.
    records = raw_instances(MotRecord, MOT_RECORDS_SQL, [model.pk]) if model.is_curated else []
    mot = sorted(records, key=lambda r: (BASIS_ORDER.get(r.match_basis, 9), r.file))
    result = ModelFrameworks(tracks=tracks, mot=mot)
    curated = next((t for t in tracks if t.track == Track.EDITORIAL), None)
    if curated:
        result.plain_words = _plain_words(model, curated, scores[Track.EDITORIAL])
        if mot and mot[0].mof_class != curated.mof.name:
            result.disagreement = (
                f"The Model Openness Tool's own licenses for {mot[0].name} give "
                f"{MOF_LABELS.get(mot[0].mof_class, mot[0].mof_class).lower()}, while Openness "
                f"derives {curated.mof_label.lower()} from the EU index's evidence. The tool: "
                f"{mot[0].summary} Openness: {curated.mof.summary()}"
            )
    return result


def methodology_frameworks() -> dict:
    """The definitions as the methodology page explains them, the curated models' tallies,
    the agreement with the Model Openness Tool and the table of disagreements (three queries)."""
    verdicts = list(
        FrameworkVerdict.objects.filter(track=Track.EDITORIAL)
        .select_related("model")
        .only("model_id", "framework", "verdict", "summary", "model__name", "model__slug")
    )
    tally = Counter((v.framework, v.verdict) for v in verdicts)
    mof_tally = [(MOF_LABELS[k], tally[("mof", k)]) for k in ("III", "II", "I", "none")]
    osaid_tally = [(OSAID_LABELS[str(k)], tally[("osaid", str(k))]) for k in Verdict]
    records = list(
        MotRecord.objects.filter(model__isnull=False)
        .only("model_id", "file", "name", "mof_class", "summary", "match_basis")
        .order_by("file")
    )
    rows = comparisons(records=records, verdicts=verdicts)
    agreement = {"agreed": sum(r.agrees for r in rows), "total": len(rows)} if rows else None
    return {
        "mof": mof_definition(),
        "osaid": osaid_definition(),
        "mof_tally": mof_tally,
        "osaid_tally": osaid_tally,
        "agreement": agreement,
        "disagreements": disagreements(verdicts),
    }


def disagreements(verdicts: list[FrameworkVerdict], limit: int = 200) -> list[dict]:
    """Curated models that pass one definition and fail the other (the OSAID conforms but no MOF
    class, or a MOF class but the OSAID does not conform), with the EU index's score beside
    them (the index grades; it has no pass mark)."""
    rows: dict[int, dict] = {}
    for v in verdicts:
        rows.setdefault(v.model_id, {"model": v.model})[v.framework] = v.verdict
    result = []
    for row in rows.values():
        osaid_pass = row.get("osaid") == str(Verdict.CONFORMS)
        osaid_fail = row.get("osaid") == str(Verdict.DOES_NOT_CONFORM)
        mof_pass = row.get("mof") not in (None, "none")
        if (osaid_pass and not mof_pass) or (osaid_fail and mof_pass):
            row.update(
                osaid_pass=osaid_pass,
                mof_pass=mof_pass,
                mof_label=MOF_LABELS.get(row.get("mof"), ""),
                osaid_label=OSAID_LABELS.get(row.get("osaid"), ""),
            )
            result.append(row)
    scores = Score.objects.filter(
        track=Track.EDITORIAL,
        methodology__is_current=True,
        model_id__in=[r["model"].pk for r in result],
    ).values_list("model_id", "total")
    totals = dict(scores)
    for row in result:
        row["eu"] = totals.get(row["model"].pk)
    result.sort(key=lambda r: (-(r.get("eu") or 0), r["model"].name.casefold()))
    return result[:limit]
