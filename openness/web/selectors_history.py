"""Reads for the journalist-facing pages: as-of requests, permalinks, badges and citations."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from openness.assessments.history import AsOfError, as_of_parse, model_as_of, model_diff
from openness.assessments.models import Methodology, Score, Track
from openness.catalog.models import AIModel, ModelSlugAlias
from openness.lib import site
from openness.web.citations import Citation, citation_for
from openness.web.lens import EU, ORDERS, verdict_label

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


AS_OF_RANKING_LIMIT = 1000  # rows an as-of ranking page shows (the curated index has ~200)


@dataclass(frozen=True)
class RankingAsOfPage:
    """The curated ranking as it stood at the end of a day."""

    day: date
    methodology: Methodology | None
    rows: list  # history.RankingRowAsOf with .model attached
    total: int
    models: dict[int, AIModel]
    criteria: list
    lens: str = "eu"
    verdict: str = ""
    # Under a framework's lens: each shown model's verdict on that day, (code, in words).
    verdicts: dict[int, tuple[str, str]] = field(default_factory=dict)


def ranking_as_of_page(day: date, *, lens: str = EU, verdict: str = "") -> RankingAsOfPage:
    """Rebuild the curated ranking of `day` (cached per day and history version); under a
    framework's lens (web.lens) ordered by the verdicts rebuilt from that day's levels, then
    by that day's rank, and filtered by one verdict if asked."""
    from openness.assessments.frameworks.history import verdicts_of_levels
    from openness.assessments.history import methodology_in_force, ranking_as_of

    methodology = methodology_in_force(day=day)
    if methodology is None:
        return RankingAsOfPage(day, None, [], 0, {}, [], lens, verdict)
    rows = ranking_as_of(methodology=methodology, day=day)
    codes: dict[int, str] = {}
    if lens != EU:
        judged = verdicts_of_levels(levels_by_model={r.model_id: r.levels for r in rows})
        index = 0 if lens == "mof" else 1
        codes = {
            model_id: (pair[0].name if index == 0 else str(pair[1].verdict))
            for model_id, pair in judged.items()
        }
        rows = sorted(rows, key=lambda r: (-ORDERS[lens][codes[r.model_id]], r.rank))
        if verdict:
            rows = [r for r in rows if codes[r.model_id] == verdict]
    shown = rows[:AS_OF_RANKING_LIMIT]
    models = AIModel.objects.select_related("organisation").in_bulk([r.model_id for r in shown])
    criteria = list(methodology.criteria.all())
    verdicts = {
        r.model_id: (codes[r.model_id], verdict_label(lens, codes[r.model_id]))
        for r in shown
        if codes
    }
    return RankingAsOfPage(
        day, methodology, shown, len(rows), models, criteria, lens, verdict, verdicts
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
