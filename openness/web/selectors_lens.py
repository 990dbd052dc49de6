"""The definition lens: the models ranked by one definition (the EU index's score, the MOF
class or the OSAID verdict), read from the stored scores and verdicts."""

from dataclasses import dataclass

from openness.assessments.models import FrameworkVerdict, Score, Track
from openness.web.lens import LENSES, MOF_LABELS, OSAID_LABELS

# The /definitions/ page's filter choices, in the order the frameworks number them.
VERDICTS = {"mof": list(MOF_LABELS), "osaid": list(OSAID_LABELS)}
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


# The lens on the organisation, compare and criterion pages ------------------------------------


@dataclass(frozen=True)
class PageLens:
    """A page's definition lens (web.lens), parsed by ranking.lens_parse, and its links."""

    lens: str
    verdict: str
    errors: tuple[str, ...]
    links: list[tuple[str, str, str]]  # (code, label, address of the page under it)

    @property
    def framework(self) -> str:
        return "" if self.lens == "eu" else self.lens

    @property
    def label(self) -> str:
        return LENSES[self.lens]


def page_lens(params, path: str, keep: list[tuple[str, str]] = ()) -> PageLens:
    """The lens a page's query asks for, and the page's address under each lens (with the
    `keep` parameters, such as compare's models)."""
    from urllib.parse import urlencode

    from openness.web.ranking import lens_parse

    errors: list[str] = []
    lens, verdict = lens_parse(params, errors)
    links = []
    for code, label in LENSES.items():
        query = list(keep) + ([("lens", code)] if code != "eu" else [])
        links.append((code, label, f"{path}?{urlencode(query)}" if query else path))
    return PageLens(lens, verdict, tuple(errors), links)


def stored_verdicts(model_ids, track: str) -> dict[int, dict[str, str]]:
    """{model id: {framework: verdict code}} of the models in the track (one query)."""
    found: dict[int, dict[str, str]] = {}
    for model_id, framework, verdict in FrameworkVerdict.objects.filter(
        model_id__in=list(model_ids), track=track
    ).values_list("model_id", "framework", "verdict"):
        found.setdefault(model_id, {})[framework] = verdict
    return found


def lens_order(items, lens: PageLens, verdicts: dict[int, dict[str, str]], model_id, rank):
    """The items in the lens's order (the verdict's order, most open first, then `rank`),
    keeping only the lens's verdict if one is asked; unchanged under the EU lens."""
    from openness.web.lens import ORDERS

    if not lens.framework:
        return list(items)
    orders = ORDERS[lens.framework]

    def verdict_of(item) -> str:
        return verdicts.get(model_id(item), {}).get(lens.framework, "")

    kept = [i for i in items if not lens.verdict or verdict_of(i) == lens.verdict]
    return sorted(kept, key=lambda i: (-orders.get(verdict_of(i), -1), rank(i)))


def model_lens_lines(lens: PageLens, frameworks, scores: dict) -> list[tuple[str, str, str]]:
    """What the model page says under its lens, one line per scored track: (track label, the
    model's standing under the lens in words, the ranking's address under the lens filtered
    to that verdict). `frameworks` is selectors_frameworks.model_frameworks' result, `scores`
    the page's stored scores by track."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from openness.assessments import scoring
    from openness.web.lens import verdict_label
    from openness.web.ranking import TRACK_SLUGS

    lines = []
    for track in frameworks.tracks:
        query = {"track": TRACK_SLUGS[track.track]} if track.track != Track.EDITORIAL else {}
        if lens.framework:
            code = track.mof.name if lens.framework == "mof" else str(track.osaid.verdict)
            words = f"{LENSES[lens.lens]}: {verdict_label(lens.lens, code)}"
            query |= {"lens": lens.lens, "verdict": code}
        else:
            score = scores.get(track.track)
            if score is None:
                continue
            words = f"EU index score: {scoring.percent_text(score.total)}%, rank {score.rank}"
        address = reverse("web:ranking") + (f"?{urlencode(query)}" if query else "")
        lines.append((track.label, words, address))
    return lines
