"""Reads for the journalist-facing pages: as-of requests, permalinks, badges and citations."""

import re
from dataclasses import dataclass, replace
from datetime import date
from threading import Lock

from cachetools import LRUCache
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from openness.assessments import scoring
from openness.assessments.history import AsOfError, as_of_parse, model_as_of, model_diff
from openness.assessments.models import Methodology, Score, Track
from openness.catalog.models import MODEL_TYPES, AIModel, ModelSlugAlias, Organisation
from openness.lib import site
from openness.web import selectors_organisations
from openness.web.citations import Citation, citation_for
from openness.web.lens import ORDERS
from openness.web.ranking import PAGE_SIZE, RankingQuery, ranking_query_parse
from openness.web.selectors import (
    MethodologyContext,
    RowModel,
    RowOrganisation,
    RowScore,
    methodology_current_context,
    row_maker,
)

SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class ModelRenamed(Exception):
    """The slug is a model's former slug: the caller answers 301 to the current one."""

    def __init__(self, model: AIModel):
        super().__init__(model.slug)
        self.model = model


def model_by_slug(slug: str) -> AIModel:
    """The model, or ModelRenamed for a former slug, or Http404."""
    model = AIModel.objects.select_related("organisation").filter(slug=slug).first()
    if model is not None:
        return model
    alias = ModelSlugAlias.objects.select_related("model").filter(slug=slug).first()
    if alias is not None:
        raise ModelRenamed(alias.model)
    raise Http404(f"No model {slug!r}.")


def renamed_url(request: HttpRequest, view_name: str, model: AIModel) -> str:
    """The current URL for a renamed model, keeping the query (as_of survives a rename)."""
    url = reverse(view_name, args=[model.slug])
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


def as_of_from_request(request: HttpRequest, name: str = "as_of") -> date | None:
    """The requested day, None when absent; AsOfError (a 400 page) when malformed."""
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    return as_of_parse(raw)


def current_score(model: AIModel, methodology: Methodology | None = None) -> Score | None:
    """The model's curated score, else its automatic (Hub) one: what badges and cards show."""
    scores = Score.objects.select_related("methodology").filter(model=model)
    if methodology is not None:
        scores = scores.filter(methodology=methodology)
    else:
        scores = scores.filter(methodology__is_current=True, methodology__slug="osai")
    found = {score.track: score for score in scores}
    return found.get(Track.EDITORIAL) or found.get(Track.AUTOMATIC)


def model_citation(model: AIModel, as_of: date | None) -> Citation:
    return citation_for(
        title=f"{model.name}: openness assessment",
        path=reverse("web:model", args=[model.slug]),
        as_of=as_of,
        accessed=timezone.now().date(),
    )


@dataclass(frozen=True)
class ModelDiffPage:
    """What the model changes page shows."""

    model: AIModel
    day_from: date
    day_to: date
    diff: object  # history.ModelDiff


def model_diff_page(model: AIModel, raw_from: str | None, raw_to: str | None) -> ModelDiffPage:
    """Parse the two dates (defaults: a year ago, today) and compare the model between them."""
    today = timezone.now().date()
    day_to = as_of_parse(raw_to) if raw_to else today
    if raw_from:
        day_from = as_of_parse(raw_from)
    else:
        day_from = (
            day_to.replace(year=day_to.year - 1)
            if day_to.month != 2
            else day_to.replace(year=day_to.year - 1, day=min(day_to.day, 28))
        )
    if day_from > day_to:
        raise AsOfError(
            f"'from' ({day_from}) is after 'to' ({day_to}): give the earlier date first."
        )
    diff = model_diff(model=model, day_from=day_from, day_to=day_to)
    return ModelDiffPage(model=model, day_from=day_from, day_to=day_to, diff=diff)


def model_as_of_page(model: AIModel, day: date):
    return model_as_of(model=model, day=day)


AS_OF_PAGE_SIZE = PAGE_SIZE  # rows a page of an as-of ranking shows, as the live ranking's
# What the live ranking's address may hold that a past day's stored ranking cannot answer: a
# snapshot holds each model's levels at the end of the day, not its license class, gated
# downloads or who judged it then; a past ranking is in that day's rank order (or a lens's), and
# compare keeps its own as-of page.
AS_OF_NOT_APPLIED = {
    "license": "the license class",
    "provenance": "who judged",
    "gated": "gated downloads",
    "sort": "the sort (a past ranking is in that day's order)",
    "m": "the models ticked to compare (compare has its own as-of page)",
}


@dataclass(frozen=True)
class RankingAsOfPage:
    """One page of the curated ranking as it stood at the end of a day, filtered."""

    day: date
    methodology: Methodology | None
    query: RankingQuery  # what applies to a past day: search, organisation, type, dates, levels
    rows: list  # selectors.Row, each with the day's rank, levels and (under a lens) verdict
    count: int  # models of that day matching the filters
    ranked: int  # models ranked that day
    context: MethodologyContext | None  # the day's methodology and its criteria by group
    organisation: Organisation | None = None
    position: int = 0  # rows before this page's first
    errors: tuple[str, ...] = ()
    not_applied: tuple[str, ...] = ()  # the address's filters a past day cannot answer

    @property
    def criteria(self) -> list:
        return self.context.criteria if self.context else []

    @property
    def lens(self) -> str:
        return self.query.lens

    @property
    def verdict(self) -> str:
        return self.query.verdict

    @property
    def next_position(self) -> int | None:
        end = self.position + len(self.rows)
        return end if end < self.count else None

    @property
    def previous_position(self) -> int | None:
        return max(self.position - AS_OF_PAGE_SIZE, 0) if self.position else None


def _as_of_query(params, context: MethodologyContext | None) -> tuple[RankingQuery, int, list]:
    """The live ranking's query read for a past day (the day's criteria for the level filters),
    with what a day cannot answer dropped and named, and the page's position (`after`, a count
    of rows: a day's ranking does not move, so no keyset is needed)."""
    query = ranking_query_parse(
        params,
        criteria_codes=context.codes if context else [],
        group_codes=[g.code for g in context.groups] if context else [],
        model_types=list(MODEL_TYPES),
    )
    asked = {
        "license": params.get("license", "").strip(),
        "provenance": params.get("provenance", "").strip(),
        "gated": params.get("gated", "").strip(),
        "sort": params.get("sort", "").strip() not in ("", "total")
        or params.get("order", "").strip() not in ("", "desc"),
        "m": query.compare,
    }
    not_applied = [label for name, label in AS_OF_NOT_APPLIED.items() if asked[name]]
    # The live ranking's complaints about what is not applied here at all (the sort, the
    # number of models to compare) would only repeat the sentence above.
    unasked = ("Ignored sort=", "Ignored the sort", "Ignored the order", "Only ")
    errors = [e for e in query.errors if not e.startswith(unasked)]
    position = 0
    if query.after:
        if query.after.isascii() and query.after.isdigit():
            position = int(query.after)
        else:
            errors.append("Ignored a page position that is not a number of rows; from the top.")
    query = replace(
        query,
        license="",
        provenance="",
        gated="",
        sort="total",
        order="desc",
        after="",
        before="",
        compare=(),
        errors=tuple(errors),
    )
    return query, position, not_applied


def _search_key_matches(term: str) -> RawSQL:
    """Whether a model's and its organisation's names hold the search's term, both as search
    keys (openness_search_key: what the live ranking compares with Score.search_key)."""
    return RawSQL(
        "openness_search_key(catalog_aimodel.name || ' ' || catalog_organisation.name) "
        "LIKE '%%' || openness_search_key(%s) || '%%'",
        (term,),
        output_field=BooleanField(),
    )


_AS_OF_MODEL_COLUMNS = (
    *("pk", "slug", "name", "model_types", "release_date", "release_date_precision"),
    *("downloads", "gated", "license_name", "license_spdx", "hub_created_at"),
    *("organisation__slug", "organisation__name"),
)


def _as_of_models(ids: list[int], query: RankingQuery, organisation_ids) -> dict[int, RowModel]:
    """The catalog columns of the given models that pass the query's catalog filters (today's
    names, types and release dates, as every as-of page reads them: docs/history.md)."""
    models = AIModel.objects.filter(pk__in=ids)
    if query.q:
        models = models.alias(hit=_search_key_matches(query.q)).filter(hit=True)
    if organisation_ids is not None:
        models = models.filter(organisation_id__in=organisation_ids)
    if query.model_type:
        models = models.filter(model_types__contains=[query.model_type])
    if query.released_from:
        models = models.filter(release_date__gte=query.released_from)
    if query.released_to:
        models = models.filter(release_date__lte=query.released_to)
    return {
        pk: RowModel(*values, organisation=RowOrganisation(org_slug, org_name))
        for pk, *values, org_slug, org_name in models.values_list(*_AS_OF_MODEL_COLUMNS)
    }


def ranking_as_of_page(day: date, params=None) -> RankingAsOfPage:
    """A page of the curated ranking of `day` for the ranking's address (request.GET): the day's
    stored levels scored and ranked (cached per day and history version), under a framework's
    lens ordered by the verdicts rebuilt from that day's levels, then by that day's rank, and
    filtered by what a past day can answer (AS_OF_NOT_APPLIED names the rest)."""
    from openness.assessments.history import methodology_in_force, ranking_as_of

    params = params if params is not None else {}
    methodology = methodology_in_force(day=day)
    context = None
    if methodology is not None:
        context = MethodologyContext(methodology=methodology, criteria=_criteria(methodology))
    query, position, not_applied = _as_of_query(params, context)
    if methodology is None:
        return RankingAsOfPage(day, None, query, [], 0, 0, None, errors=query.errors)
    errors = list(query.errors)
    day_rows = ranking_as_of(methodology=methodology, day=day)
    rows = day_rows
    codes: dict[int, str] = {}
    if query.framework:
        codes = _verdict_codes(day_rows, query.framework, (methodology.pk, day))
        orders = ORDERS[query.framework]
        rows = sorted(rows, key=lambda r: (-orders[codes[r.model_id]], r.rank))
        if query.verdict:
            rows = [r for r in rows if codes[r.model_id] == query.verdict]
    if query.levels:
        wanted = query.levels.items()
        rows = [
            r for r in rows if all(r.levels.get(code, "not_assessed") == lv for code, lv in wanted)
        ]
    if query.min_coverage:
        rows = [
            r
            for r in rows
            if scoring.coverage_percent(r.result.assessed, r.result.applicable)
            >= query.min_coverage
        ]
    organisation, organisation_ids = None, None
    if query.org:
        found = selectors_organisations.organisation_find(query.org, methodology_current_context())
        if found is None:
            errors.append(selectors_organisations.not_found_text(query.org))
            organisation_ids = ()
        else:
            organisation, organisation_ids = found.organisation, found.ids
            query = replace(query, org=organisation.slug)
    catalog_filtered = bool(
        query.q or query.org or query.model_type or query.released_from or query.released_to
    )
    if catalog_filtered:
        models = _as_of_models([r.model_id for r in rows], query, organisation_ids)
        rows = [r for r in rows if r.model_id in models]
    if position >= len(rows) and rows:
        errors.append("Ignored a page position beyond the last model; from the top.")
        position = 0
    shown = rows[position : position + AS_OF_PAGE_SIZE]
    if not catalog_filtered:
        models = _as_of_models([r.model_id for r in shown], query, None)
    make = row_maker(context)
    page_rows = []
    for r in shown:
        result = r.result
        score = RowScore(
            rank=r.rank,
            total=r.total_decimal,
            groups={code: scoring.as_decimal(value) for code, value in result.groups.items()},
            levels=r.levels,
            assessed=result.assessed,
            applicable=result.applicable,
            total_upper=scoring.as_decimal(result.upper),
        )
        row = make(score, models[r.model_id])
        if codes:
            setattr(row, query.framework, codes[r.model_id])
        page_rows.append(row)
    return RankingAsOfPage(
        day,
        methodology,
        replace(query, errors=tuple(errors)),
        page_rows,
        len(rows),
        len(day_rows),
        context,
        organisation,
        position,
        tuple(errors),
        tuple(not_applied),
    )


# The verdicts of the past rankings this process judged last, by methodology, day and lens, with
# the rows they were judged from and the data version (web.selectors.MethodologyContext.token:
# today's licenses count in a verdict): judging two hundred models is most of a lens's page.
VERDICTS_HELD = 64
_verdicts_held: LRUCache[tuple, tuple[list, str, dict[int, str]]] = LRUCache(VERDICTS_HELD)
_verdicts_lock = Lock()


def _verdict_codes(day_rows: list, lens: str, day_key: tuple) -> dict[int, str]:
    """Each model's verdict code under `lens` from its levels on the day (and today's
    licenses), judged once per process for a day's rows (history.ranking_as_of holds them, so
    the same rows are the same object) and data version."""
    from openness.assessments.frameworks.history import verdicts_of_levels

    token = methodology_current_context().token
    key = (*day_key, lens)
    with _verdicts_lock:
        held = _verdicts_held.get(key)
    if held is not None and held[0] is day_rows and held[1] == token:
        return held[2]
    judged = verdicts_of_levels(levels_by_model={r.model_id: r.levels for r in day_rows})
    codes = {
        model_id: (mof.name if lens == "mof" else str(osaid.verdict))
        for model_id, (mof, osaid) in judged.items()
    }
    with _verdicts_lock:
        _verdicts_held[key] = (day_rows, token, codes)
    return codes


def _criteria(methodology: Methodology) -> list:
    """A day's methodology's criteria, in the order of the live ranking's columns: read once
    per data version in this process and kept with the current methodology's context, so a
    methodology loaded again (which moves the data version) shows its new texts at once."""
    return methodology_current_context().derive(
        f"as-of:criteria:{methodology.pk}",
        lambda: list(methodology.criteria.order_by("group_order", "order", "code")),
    )


@dataclass(frozen=True)
class CompareAsOfPage:
    """Up to six models side by side as they stood at the end of a day."""

    day: date
    methodology: Methodology | None
    states: list  # history.LevelsAsOf, in the order asked
    missing: list[str]
    criteria: list

    @property
    def rows(self) -> list[tuple]:
        return [
            (criterion, [state.levels.get(criterion.code, "not_assessed") for state in self.states])
            for criterion in self.criteria
        ]


def compare_as_of_page(slugs: list[str], day: date, limit: int = 6) -> CompareAsOfPage:
    from openness.assessments.history import (
        LevelsAsOf,
        methodology_in_force,
        models_levels_as_of,
    )

    unique = list(dict.fromkeys(s.strip() for s in slugs if s.strip()))[:limit]
    valid = [s for s in unique if SLUG.fullmatch(s)]  # anything else cannot name a model
    found = AIModel.objects.select_related("organisation").in_bulk(valid, field_name="slug")
    models = [found[s] for s in unique if s in found]
    missing = [s for s in unique if s not in found]
    methodology = methodology_in_force(day=day)
    if methodology is None:  # before any methodology: every model "not assessed yet"
        states = [LevelsAsOf(m, {}, None, None, 0) for m in models]
        return CompareAsOfPage(day, None, states, missing, [])
    # Levels, totals and ranks of the day's stored ranking: no notes or evidence to read.
    states = models_levels_as_of(models=models, methodology=methodology, day=day)
    criteria = list(methodology.criteria.all())
    return CompareAsOfPage(day, methodology, states, missing, criteria)


def share_context(
    model: AIModel, score: Score | None, methodology: Methodology | None = None
) -> dict:
    """OpenGraph/Twitter tags and share links for a model page (templates/web/_share_meta.html)."""

    from openness.web.badges import badge_facts

    facts = badge_facts(model, score, methodology)
    return {
        "share_model": model,
        "share_title": f"{model.name} — Openness",
        "share_description": facts.title,
        "share_url": site.site_url() + reverse("web:model", args=[model.slug]),
        "share_image": site.site_url() + reverse("web:model-image", args=[model.slug]),
    }


def ranking_citation(day: date | None = None) -> Citation:
    """The curated ranking, pinned to `day` (today when None)."""
    return citation_for(
        title="Ranking of AI models by openness",
        path=reverse("web:ranking"),
        as_of=day,
        accessed=timezone.now().date(),
    )


def compare_citation(models: list[AIModel], day: date | None = None) -> Citation | None:
    """A comparison of the given models, pinned to `day` (today when None)."""
    if len(models) < 2:
        return None
    return citation_for(
        title="Comparison of " + ", ".join(m.name for m in models),
        path=reverse("web:compare"),
        as_of=day,
        accessed=timezone.now().date(),
        params=[("m", m.slug) for m in models],
    )
