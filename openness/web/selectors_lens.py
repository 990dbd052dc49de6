"""The definition lens: the models ranked by one definition (the EU index's score, the MOF
class or the OSAID verdict), read from the stored scores and verdicts."""

from dataclasses import dataclass

from openness.assessments.models import FrameworkVerdict, Score, Track
from openness.web.selectors_frameworks import MOF_LABELS, OSAID_LABELS

LENSES = {"eu": "EU index score", "mof": "MOF class", "osaid": "OSAID verdict"}
VERDICTS = {"mof": ["III", "II", "I", "none"], "osaid": list(OSAID_LABELS)}
HUB_LIMIT = 100


class LensError(ValueError):
    """A lens, track or verdict the page does not know."""


@dataclass(frozen=True)
class LensQuery:
    lens: str
    track: str
    verdict: str  # "" for every verdict

    def url_params(self, **changes) -> str:
        values = {"lens": self.lens, "track": self.track, "verdict": self.verdict} | changes
        return "&".join(f"{k}={v}" for k, v in values.items() if v)


def lens_query_parse(params) -> LensQuery:
    lens = params.get("lens", "osaid")
    track = params.get("track", "curated")
    verdict = params.get("verdict", "")
    if lens not in LENSES:
        raise LensError(f"Unknown lens {lens[:20]!r}: use eu, mof or osaid.")
    if track not in ("curated", "hub"):
        raise LensError(f"Unknown track {track[:20]!r}: use curated or hub.")
    if verdict and (lens == "eu" or verdict not in VERDICTS[lens]):
        raise LensError(f"{verdict[:20]!r} is not a verdict of the {LENSES[lens]}.")
    return LensQuery(lens, track, verdict)


@dataclass(frozen=True)
class LensRow:
    position: int
    slug: str
    name: str
    organisation: str
    mof: str
    osaid: str
    total: object  # Decimal or None


def lens_rows(query: LensQuery) -> tuple[list[LensRow], bool]:
    """The rows in the lens's order (best first, then EU score, then name); the Hub track is
    shown one verdict at a time, its first HUB_LIMIT models. Returns (rows, truncated)."""
    track = Track.EDITORIAL if query.track == "curated" else Track.AUTOMATIC
    framework = query.lens if query.lens != "eu" else "osaid"
    if track == Track.AUTOMATIC and not query.verdict and query.lens != "eu":
        return [], True
    verdicts = FrameworkVerdict.objects.filter(track=track)
    if query.verdict:
        anchor = verdicts.filter(framework=framework, verdict=query.verdict)
        limit = HUB_LIMIT + 1 if track == Track.AUTOMATIC else None
        model_ids = list(anchor.order_by("model_id").values_list("model_id", flat=True)[:limit])
        verdicts = verdicts.filter(model_id__in=model_ids)
    elif track == Track.AUTOMATIC:
        return [], True
    by_model: dict[int, dict] = {}
    for model_id, fw, verdict, order, name, slug, organisation in verdicts.values_list(
        "model_id",
        "framework",
        "verdict",
        "order",
        "model__name",
        "model__slug",
        "model__organisation__name",
    ):
        row = by_model.setdefault(
            model_id, {"name": name, "slug": slug, "organisation": organisation}
        )
        row[fw] = verdict
        row[f"{fw}_order"] = order
    totals = dict(
        Score.objects.filter(
            track=track, methodology__is_current=True, model_id__in=list(by_model)
        ).values_list("model_id", "total")
    )
    ordered = sorted(
        by_model.items(),
        key=lambda item: (
            -(item[1].get(f"{query.lens}_order", 0) if query.lens != "eu" else 0),
            -(totals.get(item[0]) or 0),
            item[1]["name"].casefold(),
            item[1]["slug"],
        ),
    )
    truncated = track == Track.AUTOMATIC and len(ordered) > HUB_LIMIT
    if track == Track.AUTOMATIC:
        ordered = ordered[:HUB_LIMIT]
    rows = [
        LensRow(
            position=position,
            slug=row["slug"],
            name=row["name"],
            organisation=row["organisation"],
            mof=MOF_LABELS.get(row.get("mof", ""), ""),
            osaid=OSAID_LABELS.get(row.get("osaid", ""), ""),
            total=totals.get(model_id),
        )
        for position, (model_id, row) in enumerate(ordered, start=1)
    ]
    return rows, truncated
