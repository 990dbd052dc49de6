"""The leaderboard's query language: parse the address bar into a RankingQuery, and back.

Every view of the leaderboard is a URL. Parsing never raises: a bad value is dropped and
reported in `errors`, so a mistyped link still shows a ranking and says what was ignored.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from openness.assessments import vocabulary
from openness.assessments.models import Level, Provenance, Track
from openness.web.lens import EU, LENSES, VERDICTS, verdict_label

PAGE_SIZE = 50
SEARCH_MAX_LENGTH = 100
# Models ticked for comparison, carried in the address (m=slug, repeated) while the reader
# searches, filters and pages; compare shows at most this many.
COMPARE_MAX = 6
ORGANISATION_MAX_LENGTH = 300  # Organisation.name's

# Sort keys that do not depend on the methodology, with the direction each starts in.
FIXED_SORTS = {
    "total": "desc",
    "name": "asc",
    "released": "desc",
    "created": "desc",
    "downloads": "desc",
    "coverage": "desc",
    "match": "desc",
}
SORT_LABELS = {
    "total": "Total score",
    "name": "Name",
    "released": "Release date",
    "created": "Date created on the Hub",
    "downloads": "Downloads",
    "coverage": "Coverage (criteria assessed)",
    "match": "Best match for the search",
}
# Sorts that only a search can have: its similarity to each model's name.
SEARCH_SORTS = ("match",)

LICENSE_CLASSES = {
    "osi": "OSI-approved license",
    "spdx-other": "Other SPDX license (not OSI-approved)",
    "custom": "Custom or unlisted license",
    "none": "No license stated",
}
GATED_CHOICES = {"yes": "Gated", "no": "Not gated"}
# The minimum-coverage filter's choices: whole percentages of applicable criteria assessed.
COVERAGE_CHOICES = {
    25: "At least a quarter assessed",
    50: "At least half assessed",
    75: "At least three quarters assessed",
    100: "Every criterion assessed",
}
# A level's place in a sort by a criterion: open first.
LEVEL_ORDER = {Level.OPEN: 3, Level.PARTIAL: 2, Level.CLOSED: 1, Level.NOT_ASSESSED: 0}
LEVEL_FILTERS = (Level.OPEN, Level.PARTIAL, Level.CLOSED, Level.NOT_ASSESSED)
# The track's name in the address (`?track=hub`), the public one (assessments.vocabulary).
TRACK_PARAMS = vocabulary.TRACKS_BY_NAME
TRACK_SLUGS = vocabulary.TRACK_NAMES


@dataclass(frozen=True)
class RankingQuery:
    """One view of the leaderboard: track, filters, sort and page position."""

    track: str = Track.EDITORIAL
    q: str = ""
    model_type: str = ""
    org: str = ""
    license: str = ""
    provenance: str = ""
    gated: str = ""
    released_from: datetime.date | None = None
    released_to: datetime.date | None = None
    levels: dict[str, str] = field(default_factory=dict)  # {criterion code: level}
    # Only scores with at least this share of their applicable criteria assessed, as a whole
    # percentage (scoring.coverage_percent); 0 keeps every score.
    min_coverage: int = 0
    # The definition lens (web.lens): under `mof` or `osaid` the "total" sort ranks by the
    # framework's stored verdict, then the EU rank; `verdict` keeps one verdict of that lens.
    lens: str = EU
    verdict: str = ""
    sort: str = "total"
    order: str = "desc"
    after: str = ""
    before: str = ""
    compare: tuple[str, ...] = ()  # slugs of the models ticked for comparison
    errors: tuple[str, ...] = ()

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.q
            or self.model_type
            or self.org
            or self.license
            or self.provenance
            or self.gated
            or self.released_from
            or self.released_to
            or self.levels
            or self.min_coverage
            or self.verdict
        )

    @property
    def framework(self) -> str:
        """The framework the lens reads ("" under the EU index's own lens)."""
        return "" if self.lens == EU else self.lens

    @property
    def filter_count(self) -> int:
        """How many filters other than the search are set (the ranking's filter disclosure
        says it), each criterion's level counting as one."""
        fields = (self.model_type, self.org, self.license, self.provenance, self.gated)
        dates = (self.released_from, self.released_to)
        return (
            sum(1 for value in (*fields, *dates) if value)
            + len(self.levels)
            + bool(self.min_coverage)
        )

    def params(self, **changes) -> dict[str, str | tuple[str, ...]]:
        """The query string parameters of this view (defaults left out), with changes; the
        selection for comparison is the one repeated parameter (m, a tuple)."""
        query = replace(self, **changes) if changes else self
        out: dict[str, str] = {}
        if query.track != Track.EDITORIAL:
            out["track"] = TRACK_SLUGS[query.track]
        for name in ("q", "model_type", "org", "license", "provenance", "gated"):
            if getattr(query, name):
                out[name] = getattr(query, name)
        if query.released_from:
            out["released_from"] = query.released_from.isoformat()
        if query.released_to:
            out["released_to"] = query.released_to.isoformat()
        for code, level in sorted(query.levels.items()):
            out[f"level_{code}"] = level
        if query.min_coverage:
            out["min_coverage"] = str(query.min_coverage)
        if query.lens != EU:
            out["lens"] = query.lens
        if query.verdict:
            out["verdict"] = query.verdict
        if query.sort != "total" or query.order != default_order(query.sort):
            out["sort"] = query.sort
            out["order"] = query.order
        if query.after:
            out["after"] = query.after
        elif query.before:
            out["before"] = query.before
        if query.compare:
            out["m"] = query.compare
        return out

    def url(self, path: str, **changes) -> str:
        params = self.params(**changes)
        return f"{path}?{urlencode(params, doseq=True)}" if params else path

    def sort_url(self, path: str, sort: str) -> str:
        """The link a column header offers: sort by it, or reverse it when it is the sort."""
        if sort == self.sort:
            order = "asc" if self.order == "desc" else "desc"
        else:
            order = default_order(sort)
        return self.url(path, sort=sort, order=order, after="", before="")


def default_order(sort: str) -> str:
    if sort in FIXED_SORTS:
        return FIXED_SORTS[sort]
    return "desc"  # groups and criteria: most open first


def ranking_query_parse(
    params, *, criteria_codes: list[str], group_codes: list[str], model_types: list[str]
) -> RankingQuery:
    """A RankingQuery from request.GET; unknown or malformed values are reported, not fatal."""
    errors: list[str] = []

    def choice(name: str, allowed) -> str:
        value = params.get(name, "").strip()
        if value and value not in allowed:
            errors.append(f"Ignored {name}={value[:40]!r}: not one of the offered choices.")
            return ""
        return value

    track = TRACK_PARAMS.get(params.get("track", "curated"))
    if track is None:
        errors.append("Ignored an unknown track; showing the curated index.")
        track = Track.EDITORIAL

    q = " ".join(params.get("q", "").split())
    if len(q) > SEARCH_MAX_LENGTH:
        errors.append(f"The search was cut to {SEARCH_MAX_LENGTH} characters.")
        q = q[:SEARCH_MAX_LENGTH]

    if q and not has_search_key(q):
        errors.append(f"The search {q[:40]!r} has no letter or digit, so it matches no model.")

    # An organisation's name, slug or Hub account, resolved by the selector (ranking_page).
    org = " ".join(params.get("org", "").split())
    if len(org) > ORGANISATION_MAX_LENGTH:
        errors.append("Ignored the organisation filter: longer than any organisation's name.")
        org = ""

    def date(name: str) -> datetime.date | None:
        raw = params.get(name, "").strip()
        if not raw:
            return None
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            errors.append(f"Ignored {name}={raw[:20]!r}: use a date like 2025-01-31.")
            return None

    levels: dict[str, str] = {}
    for code in criteria_codes:
        value = params.get(f"level_{code}", "").strip()
        if not value:
            continue
        if value not in LEVEL_FILTERS:
            errors.append(f"Ignored level_{code}={value[:20]!r}: not a level.")
            continue
        levels[code] = value

    min_coverage = 0
    raw_coverage = params.get("min_coverage", "").strip().removesuffix("%")
    if raw_coverage:
        if raw_coverage.isascii() and raw_coverage.isdigit() and int(raw_coverage) <= 100:
            min_coverage = int(raw_coverage)
        else:
            errors.append(
                f"Ignored min_coverage={raw_coverage[:20]!r}: use a whole percentage, 0 to 100."
            )

    lens, verdict = lens_parse(params, errors)

    sorts = (
        list(FIXED_SORTS)
        + [f"group:{code}" for code in group_codes]
        + [f"criterion:{code}" for code in criteria_codes]
    )
    sort = params.get("sort", "total").strip() or "total"
    if sort not in sorts:
        errors.append(f"Ignored sort={sort[:40]!r}: not a column of this ranking.")
        sort = "total"
    elif sort in SEARCH_SORTS and not has_search_key(q):
        errors.append("Ignored the sort by best match: there is no search to match.")
        sort = "total"
    order = params.get("order", "").strip() or default_order(sort)
    if order not in {"asc", "desc"}:
        errors.append("Ignored the order: use asc or desc.")
        order = default_order(sort)

    after = params.get("after", "").strip()[:400]

    ticked = params.getlist("m") if hasattr(params, "getlist") else params.get("m", ())
    if isinstance(ticked, str):
        ticked = [ticked]
    compare = tuple(dict.fromkeys(s.strip() for s in ticked if _is_slug(s.strip())))
    if len(compare) > COMPARE_MAX:
        errors.append(f"Only {COMPARE_MAX} models can be compared; kept the first {COMPARE_MAX}.")
        compare = compare[:COMPARE_MAX]
    before = "" if after else params.get("before", "").strip()[:400]

    released_from, released_to = date("released_from"), date("released_to")
    if released_from and released_to and released_from > released_to:
        errors.append("The release dates were swapped: 'from' came after 'to'.")
        released_from, released_to = released_to, released_from

    return RankingQuery(
        track=track,
        q=q,
        model_type=choice("model_type", model_types),
        org=org,
        license=choice("license", LICENSE_CLASSES),
        provenance=choice("provenance", Provenance.values),
        gated=choice("gated", GATED_CHOICES),
        released_from=released_from,
        released_to=released_to,
        levels=levels,
        min_coverage=min_coverage,
        lens=lens,
        verdict=verdict,
        sort=sort,
        order=order,
        after=after,
        before=before,
        compare=compare,
        errors=tuple(errors),
    )


def lens_parse(params, errors: list[str]) -> tuple[str, str]:
    """(lens, verdict) from the query; what is not understood is reported in `errors`. A verdict
    of the other framework (left in the form when the lens changed) is dropped silently."""
    lens = params.get("lens", "").strip() or EU
    if lens not in LENSES:
        errors.append(f"Ignored lens={lens[:20]!r}: use eu, mof or osaid.")
        lens = EU
    verdict = params.get("verdict", "").strip()
    if verdict and verdict not in VERDICTS.get(lens, ()):
        if not any(verdict in verdicts for verdicts in VERDICTS.values()):
            errors.append(f"Ignored verdict={verdict[:20]!r}: not a verdict of the {LENSES[lens]}.")
        elif lens == EU:
            errors.append("Ignored the verdict: choose the MOF or OSAID lens to filter by one.")
        verdict = ""
    return lens, verdict


def lens_controls(query: RankingQuery, link) -> dict:
    """The definition lens's controls (templates/web/_ranking_lens.html) for a ranking's
    query: each lens with the address `link(lens)` gives, and the chosen lens's verdicts."""
    return {
        "lenses": [(code, label, link(code)) for code, label in LENSES.items()],
        "verdicts": [
            (code, verdict_label(query.lens, code)) for code in VERDICTS.get(query.lens, [])
        ],
        "label": LENSES[query.lens],
    }


def _is_slug(value: str) -> bool:
    return 0 < len(value) <= 250 and all(ch.isalnum() or ch in "-_." for ch in value)


def has_search_key(term: str) -> bool:
    """Whether the term keeps anything once the search key drops all but letters and digits
    (openness_search_key, assessments/migrations/0010: Python's isalnum and PostgreSQL's
    [:alnum:] both follow Unicode's letters and digits)."""
    return any(ch.isalnum() for ch in term)


def name_key(name: str) -> str:
    """A name as a reader may type it: case, spaces and punctuation ignored."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


# Cursor values: the sort key of a row, written into `after`/`before` as text.
CURSOR_SEPARATOR = "~"


def cursor_encode(values: list) -> str:
    parts = []
    for value in values:
        if isinstance(value, datetime.date):  # datetimes are dates too
            parts.append(value.isoformat())
        else:
            parts.append(str(value))
    return CURSOR_SEPARATOR.join(parts)


def cursor_decode(raw: str, kinds: list[str]) -> list | None:
    """The values of a cursor for keys of the given kinds, or None when it does not parse.

    Only the first key can be free text (a name), so the text is split from the right.
    """
    parts = raw.rsplit(CURSOR_SEPARATOR, len(kinds) - 1)
    if len(parts) != len(kinds):
        return None
    values = []
    try:
        for kind, part in zip(kinds, parts, strict=True):
            if kind == "int":
                values.append(int(part))
            elif kind == "decimal":
                values.append(Decimal(part))
            elif kind == "date":
                values.append(datetime.date.fromisoformat(part))
            elif kind == "datetime":
                values.append(datetime.datetime.fromisoformat(part))
            else:
                values.append(part)
    except (ValueError, InvalidOperation):
        return None
    return values
