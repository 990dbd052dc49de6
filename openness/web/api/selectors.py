"""Reads for the JSON API: each returns plain data and the moment it last changed."""

from datetime import datetime

from django.db.models import F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Lower
from django.urls import NoReverseMatch, reverse

from openness.assessments import vocabulary
from openness.assessments.models import (
    Assessment,
    Criterion,
    Evidence,
    FrameworkVerdict,
    Methodology,
    Revision,
    Score,
    Track,
)
from openness.catalog.models import MODEL_TYPES, AIModel, ModelSlugAlias, Organisation
from openness.lib import site
from openness.web import selectors_organisations
from openness.web.api.frameworks import frameworks_data
from openness.web.api.http import ApiError
from openness.web.api.pagination import cursor_decode, cursor_encode
from openness.web.lens import EU, FRAMEWORK_LENSES, LENSES, VERDICTS
from openness.web.selectors import methodology_current_context

UNRANKED = 2_147_483_647  # sorts models without a score after every ranked one
HISTORY_LIMIT = 500

MODEL_SORTS = {
    # sort: (annotation expression name, descending)
    "rank": ("rank_key", False),
    "name": ("name_key", False),
    "-name": ("name_key", True),
    "-updated": ("updated_at", True),
}


def absolute(path: str) -> str:
    return site.site_url() + path


def page_url(name: str, *args) -> str | None:
    """The absolute URL of a site page, or None where the site has no such page."""
    try:
        return absolute(reverse(name, args=args))
    except NoReverseMatch:
        return None


def methodology_current(slug: str = "osai") -> Methodology:
    methodology = Methodology.objects.filter(slug=slug, is_current=True).first()
    if methodology is None:
        raise ApiError(404, "not_found", f"No current methodology {slug!r}.")
    return methodology


def methodology_label(methodology: Methodology) -> str:
    return f"{methodology.slug}@{methodology.version}"


def coverage(assessed: int, applicable: int) -> float:
    """The share of applicable criteria assessed, in percent like the totals."""
    return float(vocabulary.coverage_percent(assessed, applicable))


def _percent(value) -> float:
    return float(vocabulary.percent(value))


def track_param(params) -> tuple[str, str | None]:
    """The stored track a `track` parameter names, and a deprecation note when it uses a
    former name (editorial, automatic): those still work, with the note."""
    name = params.get("track") or vocabulary.CURATED
    if name in vocabulary.DEPRECATED_TRACK_NAMES:
        current = vocabulary.DEPRECATED_TRACK_NAMES[name]
        note = (
            f"track={name} is deprecated since 2026-12-05: use track={current}, the name the "
            "pages, the CSV and the dumps use (see the changelog at /api/#changelog)."
        )
        return vocabulary.TRACKS_BY_NAME[current], note
    if name not in vocabulary.TRACKS_BY_NAME:
        raise ApiError(
            400,
            "invalid_parameter",
            f"track must be one of {', '.join(vocabulary.TRACKS_BY_NAME)}.",
        )
    return vocabulary.TRACKS_BY_NAME[name], None


def score_data(score: Score | None) -> dict | None:
    if score is None:
        return None
    return {
        "methodology": methodology_label(score.methodology),
        "track": vocabulary.track_name(score.track),
        "total": _percent(score.total),
        "total_upper": _percent(score.total_upper),
        "points": score.points / 2,
        "applicable": score.applicable,
        "assessed": score.assessed,
        "coverage": coverage(score.assessed, score.applicable),
        "rank": score.rank,
        "groups": {code: _percent(value) for code, value in score.groups.items()},
        "computed_at": score.computed_at,
    }


def model_summary(model: AIModel, score: Score | None) -> dict:
    return {
        "slug": model.slug,
        "name": model.name,
        "url": absolute(reverse("api:model", args=[model.slug])),
        "html_url": page_url("web:model", model.slug),
        "organisation": {
            "slug": model.organisation.slug,
            "name": model.organisation.name,
            "url": absolute(reverse("api:organisation", args=[model.organisation.slug])),
        },
        "model_types": list(model.model_types or []),
        "release_date": model.release_date,
        "release_date_precision": model.release_date_precision,
        "license": {"name": model.license_name, "spdx": model.license_spdx or None},
        "is_curated": model.is_curated,
        "end_model_repo": model.end_model_repo,
        "score": score_data(score),
        "updated_at": model.updated_at,
    }


def _flag(value: str | None, name: str) -> bool | None:
    if value in (None, ""):
        return None
    if value in ("true", "false"):
        return value == "true"
    raise ApiError(400, "invalid_parameter", f"{name} must be true or false.")


def models_page(params, *, limit: int) -> tuple[dict, datetime | None]:
    """One page of models with their current scores, filtered and sorted by the query."""
    sort = params.get("sort") or "rank"
    if sort not in MODEL_SORTS:
        raise ApiError(400, "invalid_parameter", f"sort must be one of {', '.join(MODEL_SORTS)}.")
    track, deprecation = track_param(params)
    methodology = methodology_current()
    queryset = AIModel.objects.select_related("organisation")
    if organisation := (params.get("organisation") or "").strip():
        # As on the pages: a slug, a name or a Hub account, with the Hub accounts the
        # organisation owns (web.selectors_organisations).
        found = selectors_organisations.organisation_find(
            organisation[:300], methodology_current_context()
        )
        if found is None:
            raise ApiError(
                400,
                "invalid_parameter",
                f"organisation: no organisation is called {organisation[:60]!r} (a slug, a "
                "name or a Hub account; see /api/v1/organisations).",
            )
        queryset = queryset.filter(organisation_id__in=found.ids)
    if model_type := params.get("type"):
        if model_type not in MODEL_TYPES:
            raise ApiError(
                400, "invalid_parameter", f"type must be one of {', '.join(MODEL_TYPES)}."
            )
        queryset = queryset.filter(model_types__contains=[model_type])
    curated = _flag(params.get("curated"), "curated")
    if curated is not None:
        queryset = queryset.filter(is_curated=curated)
    if license_id := params.get("license"):
        queryset = queryset.filter(license_spdx__iexact=license_id)
    if query := (params.get("q") or "").strip():
        if len(query) > 200:
            raise ApiError(400, "invalid_parameter", "q is limited to 200 characters.")
        queryset = queryset.filter(Q(name__icontains=query) | Q(slug__icontains=query))

    lens = params.get("lens") or EU
    if lens not in LENSES:
        raise ApiError(400, "invalid_parameter", f"lens must be one of {', '.join(LENSES)}.")
    if verdict := params.get("verdict"):
        if lens == EU:
            raise ApiError(400, "invalid_parameter", "verdict needs lens=mof or lens=osaid.")
        if verdict not in VERDICTS[lens]:
            raise ApiError(
                400,
                "invalid_parameter",
                f"verdict under lens={lens} must be one of {', '.join(VERDICTS[lens])}.",
            )
    if lens != EU:
        # Only the models judged under the lens's framework in this track (every scored one).
        queryset = queryset.filter(
            framework_verdicts__framework=lens, framework_verdicts__track=track
        )
        if verdict:
            queryset = queryset.filter(framework_verdicts__verdict=verdict)

    field, descending = MODEL_SORTS[sort]
    cursor_sort = sort if lens == EU or sort != "rank" else f"{lens}:rank"
    key = cursor_decode(params.get("cursor", ""), sort=cursor_sort)
    if sort == "rank" and lens != EU:
        rows = _in_lens_order(queryset, methodology, track, key, limit + 1)
    elif sort == "rank":
        rows = _in_rank_order(queryset, methodology, track, key, limit + 1)
    else:
        queryset = queryset.annotate(name_key=Lower("name"))
        if key is not None:
            queryset = queryset.filter(_after(field, descending, key))
        order = [F(field).desc(), F("pk").desc()] if descending else [F(field).asc(), F("pk").asc()]
        rows = list(queryset.order_by(*order)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    score_by_model = {
        s.model_id: s
        for s in Score.objects.filter(
            model__in=rows, methodology=methodology, track=track
        ).select_related("methodology")
    }
    verdicts: dict[int, dict[str, str | None]] = {
        m.pk: dict.fromkeys(FRAMEWORK_LENSES) for m in rows
    }
    judged_at = []
    for model_id, framework, code, computed_at in FrameworkVerdict.objects.filter(
        model__in=rows, track=track
    ).values_list("model_id", "framework", "verdict", "computed_at"):
        verdicts[model_id][framework] = code
        judged_at.append(computed_at)
    next_cursor = None
    if more:
        last = rows[-1]
        value = getattr(last, field)
        if cursor_sort != sort:
            cursor_key = [last.lens_order, last.rank_key, last.pk]
        else:
            cursor_key = [value.isoformat() if isinstance(value, datetime) else value, last.pk]
        next_cursor = cursor_encode(sort=cursor_sort, key=cursor_key)
    changed = [m.updated_at for m in rows] + [s.computed_at for s in score_by_model.values()]
    changed += judged_at
    payload = {
        "data": [
            {**model_summary(m, score_by_model.get(m.pk)), "verdicts": verdicts[m.pk]} for m in rows
        ],
        "next_cursor": next_cursor,
        "methodology": methodology_label(methodology),
        "track": vocabulary.track_name(track),
        "lens": lens,
    }
    if deprecation:
        payload["deprecation"] = deprecation
    return payload, max(changed, default=None)


def _in_lens_order(
    models: QuerySet, methodology: Methodology, track: str, key: list | None, wanted: int
) -> list[AIModel]:
    """Up to `wanted` models (already narrowed to one framework's verdicts in the track) after
    the cursor in the lens's order: the verdict's order, most open first, then the EU rank
    (web.lens). Models without a score in the track have no verdict and are not listed."""
    ranked = models.filter(scores__methodology=methodology, scores__track=track).annotate(
        rank_key=F("scores__rank"), lens_order=F("framework_verdicts__order")
    )
    if key is not None:
        if len(key) != 3 or not all(isinstance(v, int) for v in key):
            raise ApiError(400, "invalid_cursor", "The cursor is malformed.")
        order, rank, pk = key
        ranked = ranked.filter(
            Q(lens_order__lt=order)
            | Q(lens_order=order, rank_key__gt=rank)
            | Q(lens_order=order, rank_key=rank, pk__gt=pk)
        )
    return list(ranked.order_by("-lens_order", "rank_key", "pk")[:wanted])


def _in_rank_order(
    models: QuerySet, methodology: Methodology, track: str, key: list | None, wanted: int
) -> list[AIModel]:
    """Up to `wanted` models after the cursor in rank order: the track's ranked models first,
    then the models without a score in it, by id (their rank key is UNRANKED).

    Two keyset reads, each along an index (the leaderboard's rank index, then the primary
    key), instead of ordering every model in the catalog by a subquery (13 s at 3,000,000
    models)."""
    if key is not None and (len(key) != 2 or not all(isinstance(v, int) for v in key)):
        raise ApiError(400, "invalid_cursor", "The cursor is malformed.")
    after_rank, after_pk = key if key is not None else (None, None)
    rows: list[AIModel] = []
    if after_rank is None or after_rank < UNRANKED:
        ranked = models.filter(scores__methodology=methodology, scores__track=track).annotate(
            rank_key=F("scores__rank")
        )
        if after_rank is not None:
            ranked = ranked.filter(_after("rank_key", False, key))
        rows = list(ranked.order_by("rank_key", "pk")[:wanted])
        after_pk = None  # the unranked models, if the page reaches them, from the first one
    if len(rows) < wanted:
        # A scalar subquery, not NOT EXISTS: PostgreSQL turns the latter into an anti join
        # that reads the whole score index (175 ms at 3,000,000 models); this one probes the
        # unique (model, methodology, track) index once per model, in id order, until the page
        # is full.
        scored = Score.objects.filter(model=OuterRef("pk"), methodology=methodology, track=track)
        unranked = (
            models.alias(rank_in_track=Subquery(scored.values("rank")[:1]))
            .filter(rank_in_track__isnull=True)
            .annotate(rank_key=Value(UNRANKED, output_field=IntegerField()))
        )
        if after_pk is not None:
            unranked = unranked.filter(pk__gt=after_pk)
        rows += unranked.order_by("pk")[: wanted - len(rows)]
    return rows


def _after(field: str, descending: bool, key: list) -> Q:
    """Rows strictly after the cursor's (value, id) in the page order."""
    if len(key) != 2 or not isinstance(key[1], int):
        raise ApiError(400, "invalid_cursor", "The cursor is malformed.")
    value, pk = key
    if field == "updated_at":
        try:
            value = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise ApiError(400, "invalid_cursor", "The cursor is malformed.") from None
    op = "lt" if descending else "gt"
    # The first condition, implied by the second, lets the sort's index start at the cursor
    # instead of walking every row before it.
    return Q(**{f"{field}__{op}e": value}) & (
        Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"pk__{op}": pk})
    )


def model_get(slug: str) -> AIModel:
    """The model with this slug; a renamed model's old slug raises a redirect marker."""
    model = AIModel.objects.select_related("organisation", "base_model").filter(slug=slug).first()
    if model is not None:
        return model
    alias = ModelSlugAlias.objects.select_related("model").filter(slug=slug).first()
    if alias is not None:
        raise ModelMoved(alias.model.slug)
    raise ApiError(404, "not_found", f"No model {slug!r}.")


class ModelMoved(Exception):
    """The slug is an old name of a model: answer with a permanent redirect."""

    def __init__(self, slug: str):
        super().__init__(slug)
        self.slug = slug


def evidence_data(evidence: Evidence) -> dict:
    return {
        "url": evidence.url,
        "title": evidence.title,
        "excerpt": evidence.excerpt,
        "kind": evidence.kind,
        "retrieved_at": evidence.retrieved_at,
        "revision": evidence.revision,
        "rule": evidence.rule,
        "added_at": evidence.added_at,
    }


def assessment_data(assessment: Assessment) -> dict:
    return {
        "track": vocabulary.track_name(assessment.track),
        "level": assessment.level,
        "notes": assessment.notes,
        "provenance": assessment.provenance,
        "reviewed_at": assessment.reviewed_at,
        "reviewer": assessment.reviewer_label
        or (assessment.reviewed_by.get_username() if assessment.reviewed_by else ""),
        "needs_review": assessment.needs_review,
        "updated_at": assessment.updated_at,
        "evidence": [evidence_data(e) for e in assessment.current_evidence],
    }


def revision_data(revision: Revision) -> dict:
    return {
        "id": revision.pk,
        "at": revision.created_at,
        "criterion": revision.assessment.criterion.code,
        "methodology": methodology_label(revision.assessment.criterion.methodology),
        "track": vocabulary.track_name(revision.assessment.track),
        "source": revision.source,
        "actor": revision.actor_label or (revision.actor.get_username() if revision.actor else ""),
        "reason": revision.reason,
        "old_level": revision.old_level or None,
        "new_level": revision.new_level,
        "old_notes": revision.old_notes,
        "new_notes": revision.new_notes,
        "evidence_before": revision.old_evidence,
        "evidence_after": revision.new_evidence,
        "upstream_commit": (revision.context or {}).get("upstream_url") or None,
    }


def model_detail(model: AIModel) -> tuple[dict, datetime | None]:
    """One model with every criterion of the current methodology, its evidence and history."""
    methodology = methodology_current()
    scores = list(Score.objects.filter(model=model).select_related("methodology"))
    # The headline score, as on the model's page, badge and card: the curated track's, or the
    # Hub track's for a model the curated index does not hold (its `track` says which).
    in_force = {s.track: s for s in scores if s.methodology_id == methodology.pk}
    current = in_force.get(Track.EDITORIAL) or in_force.get(Track.AUTOMATIC)
    assessments = (
        Assessment.objects.filter(model=model, criterion__methodology=methodology)
        .select_related("reviewed_by")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.filter(retracted_at__isnull=True),
                to_attr="current_evidence",
            )
        )
    )
    by_criterion: dict[int, dict] = {}
    for assessment in assessments:
        track = vocabulary.track_name(assessment.track)
        by_criterion.setdefault(assessment.criterion_id, {})[track] = assessment_data(assessment)
    criteria = [
        {
            "code": criterion.code,
            "title": criterion.title,
            "group": criterion.group_code,
            "question": criterion.question,
            "assessments": by_criterion.get(criterion.pk, {}),
        }
        for criterion in methodology.criteria.all()
    ]
    revisions = list(
        Revision.objects.filter(assessment__model=model)
        .select_related("assessment__criterion__methodology", "actor")
        .order_by("-created_at", "-id")[:HISTORY_LIMIT]
    )
    data = model_summary(model, current)
    data.update(
        {
            "description": model.description,
            "link": model.link or None,
            "base_model": model.base_model.slug if model.base_model else None,
            "base_model_repo": model.base_model_repo,
            "former_slugs": list(model.slug_aliases.values_list("slug", flat=True)),
            "scores": [score_data(s) for s in scores],
            "methodology": methodology_label(methodology),
            "criteria": criteria,
            "history": [revision_data(r) for r in revisions],
            "frameworks": frameworks_data(model),
        }
    )
    moments = [model.updated_at] + [s.computed_at for s in scores]
    if revisions:
        moments.append(revisions[0].created_at)
    return {"data": data}, max(moments)


def organisation_data(organisation: Organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "link": organisation.link or None,
        "url": absolute(reverse("api:organisation", args=[organisation.slug])),
        "html_url": page_url("web:organisation", organisation.slug),
        "model_count": organisation.model_count,
    }


def organisations_page(params, *, limit: int) -> tuple[dict, datetime | None]:
    from django.db.models import Count

    queryset = Organisation.objects.annotate(model_count=Count("models")).order_by("slug")
    key = cursor_decode(params.get("cursor", ""), sort="slug")
    if key is not None:
        if len(key) != 1 or not isinstance(key[0], str):
            raise ApiError(400, "invalid_cursor", "The cursor is malformed.")
        queryset = queryset.filter(slug__gt=key[0])
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    payload = {
        "data": [organisation_data(o) for o in rows],
        "next_cursor": cursor_encode(sort="slug", key=[rows[-1].slug]) if more else None,
    }
    return payload, max((o.created_at for o in rows), default=None)


def organisation_detail(slug: str) -> tuple[dict, datetime | None]:
    from django.db.models import Count

    organisation = Organisation.objects.annotate(model_count=Count("models")).filter(slug=slug)
    organisation = organisation.first()
    if organisation is None:
        raise ApiError(404, "not_found", f"No organisation {slug!r}.")
    models = list(organisation.models.order_by("slug").values_list("slug", "name", "updated_at"))
    data = organisation_data(organisation)
    data["notes"] = organisation.notes
    data["models"] = [
        {"slug": s, "name": n, "url": absolute(reverse("api:model", args=[s]))}
        for s, n, _u in models
    ]
    moments = [organisation.created_at] + [u for _s, _n, u in models]
    return {"data": data}, max(moments)


def criterion_data(criterion: Criterion) -> dict:
    return {
        "code": criterion.code,
        "title": criterion.title,
        "group": criterion.group_code,
        "group_title": criterion.group_title,
        "question": criterion.question,
        "rubric": {
            "open": criterion.rubric_open,
            "partial": criterion.rubric_partial,
            "closed": criterion.rubric_closed,
        },
        "model_types": list(criterion.model_types),
        "html_url": page_url("web:criterion", criterion.code),
    }


def methodology_data(methodology: Methodology, *, with_criteria: bool) -> dict:
    data = {
        "id": methodology_label(methodology),
        "slug": methodology.slug,
        "version": methodology.version,
        "name": methodology.name,
        "description": methodology.description,
        "effective_from": methodology.effective_from,
        "effective_until": methodology.effective_until,
        "is_current": methodology.is_current,
        "source_url": methodology.source_url or None,
        "license": methodology.license,
        "attribution": methodology.attribution,
    }
    if with_criteria:
        data["criteria"] = [criterion_data(c) for c in methodology.criteria.all()]
    return data


def criteria_list(params) -> tuple[dict, datetime | None]:
    label = params.get("methodology") or ""
    if label:
        slug, _, version = label.partition("@")
        methodology = Methodology.objects.filter(slug=slug, version=version).first()
        if methodology is None:
            raise ApiError(
                404, "not_found", f"No methodology {label!r}: use slug@version, e.g. osai@2026-03."
            )
    else:
        methodology = methodology_current()
    payload = {
        "methodology": methodology_label(methodology),
        "data": [criterion_data(c) for c in methodology.criteria.all()],
    }
    return payload, None


def methodologies_list() -> tuple[dict, datetime | None]:
    methodologies = Methodology.objects.prefetch_related("criteria").order_by(
        "slug", "-effective_from"
    )
    return {"data": [methodology_data(m, with_criteria=True) for m in methodologies]}, None


def model_as_of_data(model: AIModel, raw_day: str) -> tuple[dict, datetime | None]:
    """A model's curated judgments, scores and rank as they stood at the end of a past day."""
    from openness.assessments.history import AsOfError, as_of_parse, end_of_day, model_as_of

    try:
        day = as_of_parse(raw_day)
    except AsOfError as error:
        raise ApiError(400, "invalid_date", str(error)) from None
    state = model_as_of(model=model, day=day)
    criteria = [
        {
            "code": row.criterion.code,
            "title": row.criterion.title,
            "group": row.criterion.group_code,
            "level": row.level,
            "notes": row.notes,
            "provenance": row.state["provenance"] if row.state else None,
            "since": row.state["at"] if row.state else None,
            "evidence": row.evidence,
        }
        for row in state.criteria
    ]
    data = {
        "slug": model.slug,
        "name": model.name,
        "url": absolute(reverse("api:model", args=[model.slug])),
        "html_url": absolute(reverse("web:model", args=[model.slug])) + f"?as_of={day}",
        "as_of": day,
        "assessed": state.existed,
        "methodology": methodology_label(state.methodology) if state.methodology else None,
        "total": _percent(state.total) if state.total is not None else None,
        "groups": {code: _percent(value) for code, value in state.groups.items()},
        "rank": state.rank,
        "ranked": state.ranked,
        "criteria": criteria,
    }
    return {"data": data}, min(end_of_day(day), model.updated_at)
