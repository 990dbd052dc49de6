"""The frameworks on the model page and the methodology page: stored verdicts, the Model
Openness Tool's records beside them, and the argument for one model in plain words."""

from collections import Counter
from dataclasses import dataclass, field

from openness.assessments.frameworks.agreement import BASIS_ORDER, comparisons
from openness.assessments.frameworks.definitions import mof_definition, osaid_definition
from openness.assessments.frameworks.osaid import VERDICT_LABELS, Verdict
from openness.assessments.models import (
    FrameworkVerdict,
    MotRecord,
    Score,
    Track,
)
from openness.catalog.models import AIModel

MOF_LABELS = {"III": "Class III (open model)", "II": "Class II (open tooling)"}
MOF_LABELS |= {"I": "Class I (open science)", "none": "No class"}
OSAID_LABELS = {str(k): v for k, v in VERDICT_LABELS.items()}
TRACK_LABELS = {Track.EDITORIAL: "Curated evidence", Track.AUTOMATIC: "Hub evidence (automatic)"}


@dataclass
class TrackVerdicts:
    track: str
    label: str
    mof: FrameworkVerdict | None = None
    osaid: FrameworkVerdict | None = None

    @property
    def mof_label(self) -> str:
        return MOF_LABELS.get(self.mof.verdict, self.mof.verdict) if self.mof else ""

    @property
    def osaid_label(self) -> str:
        return OSAID_LABELS.get(self.osaid.verdict, "") if self.osaid else ""

    @property
    def blockers(self) -> list[dict]:
        """The components between the model and the next class, with why."""
        if not self.mof:
            return []
        names = set(self.mof.detail.get("blockers", []))
        return [c for c in self.mof.detail.get("components", []) if c["name"] in names]

    @property
    def next_class(self) -> str:
        return self.mof.detail.get("next_class", "") if self.mof else ""

    @property
    def warnings(self) -> list[dict]:
        if not self.mof:
            return []
        names = set(self.mof.detail.get("warnings", []))
        return [c for c in self.mof.detail.get("components", []) if c["name"] in names]


@dataclass
class ModelFrameworks:
    tracks: list[TrackVerdicts]
    mot: list[MotRecord] = field(default_factory=list)
    plain_words: str = ""
    disagreement: str = ""
    licenses: list[dict] = field(default_factory=list)  # {"slot", "license", "basis"}

    @property
    def mot_primary(self) -> MotRecord | None:
        return self.mot[0] if self.mot else None


def _plain_words(model: AIModel, curated: TrackVerdicts, score: Score | None) -> str:
    """The argument for one model in plain words, from the curated evidence."""
    levels = score.levels if score else {}
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
    parts = [weights_text, data_text]
    if curated.osaid:
        osaid = {
            str(Verdict.CONFORMS): "it is open source AI",
            str(Verdict.DOES_NOT_CONFORM): "it is not open source AI",
            str(Verdict.CANNOT_TELL): "the evidence cannot tell whether it is open source AI",
        }[curated.osaid.verdict]
        mof = curated.mof_label.lower() if curated.mof else "not derived"
        parts.append(f"So under the OSAID {osaid}; its MOF class is {mof}")
    if score:
        parts[-1] += f"; the EU index scores it {score.total * 100:.0f}%."
    elif len(parts) == 3:
        parts[-1] += "."
    return " ".join(parts)


def model_frameworks(model: AIModel, score: Score | None) -> ModelFrameworks:
    """Everything the model page's frameworks section shows (two queries); `score` is the
    curated score the page has already read."""
    by_track = {t: TrackVerdicts(t, TRACK_LABELS[t]) for t in (Track.EDITORIAL, Track.AUTOMATIC)}
    for verdict in FrameworkVerdict.objects.filter(model=model):
        setattr(by_track[verdict.track], verdict.framework, verdict)
    tracks = [t for t in by_track.values() if t.mof or t.osaid]
    mot = sorted(
        MotRecord.objects.filter(model=model),
        key=lambda r: (
            BASIS_ORDER.get(r.match_basis, 9),
            r.file,
        ),
    )
    curated = by_track[Track.EDITORIAL]
    result = ModelFrameworks(tracks=tracks, mot=mot)
    if curated.mof:
        result.licenses = curated.mof.detail.get("licenses", [])
    if curated.mof or curated.osaid:
        result.plain_words = _plain_words(model, curated, score)
    if curated.mof and mot and mot[0].mof_class != curated.mof.verdict:
        result.disagreement = (
            f"The Model Openness Tool's own licenses for {mot[0].name} give "
            f"{MOF_LABELS.get(mot[0].mof_class, mot[0].mof_class).lower()}, while Openness derives "
            f"{curated.mof_label.lower()} from the EU index's evidence. The tool: "
            f"{mot[0].summary} Openness: {curated.mof.summary}"
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
