"""Reads for the corrections pages, each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from openness.assessments import scoring
from openness.assessments.models import (
    Assessment,
    Criterion,
    Evidence,
    Methodology,
    Score,
    Track,
)
from openness.assessments.services import criteria_specs, current_methodology
from openness.catalog.models import AIModel
from openness.corrections.links import durable_link_hint
from openness.corrections.models import Correction, CorrectionEvent

Status = Correction.Status


def model_for_corrections(slug: str) -> AIModel | None:
    return AIModel.objects.filter(slug=slug).first()


def criteria_for_model(model: AIModel) -> QuerySet[Criterion]:
    """The current methodology's criteria that apply to the model, in the methodology's order."""
    try:
        methodology = current_methodology()
    except Methodology.DoesNotExist:
        return Criterion.objects.none()
    ids = [c.pk for c in methodology.criteria.all() if c.applies_to(model.model_types)]
    return Criterion.objects.filter(pk__in=ids).order_by("group_order", "order")


def current_assessment(model: AIModel, criterion: Criterion) -> Assessment | None:
    """The editorial judgment with its current evidence (two queries)."""
    return (
        Assessment.objects.filter(model=model, criterion=criterion, track=Track.EDITORIAL)
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.filter(retracted_at__isnull=True),
                to_attr="current_evidence",
            )
        )
        .first()
    )


def correction_by_token(token: str) -> Correction | None:
    if not token or len(token) > 64:
        return None
    return (
        Correction.objects.select_related("model", "criterion")
        .prefetch_related("events")
        .filter(token=token)
        .first()
    )


# Whether the model (a raw query's catalog_aimodel row, aliased `m`) has a public record of
# corrections: a column of the model page's query, so that the page need not ask for an empty
# record.
_DECIDED = ", ".join(f"'{status.value}'" for status in Correction.DECIDED_STATUSES)
HAS_RECORD_SQL = (  # the statuses are the model's constants
    "EXISTS (SELECT 1 FROM corrections_correction c "  # noqa: S608
    f"WHERE c.model_id = m.id AND c.status IN ({_DECIDED}))"
)


def _public_events() -> Prefetch:
    """A decided correction's events that the public record shows (not the submission)."""
    return Prefetch(
        "events",
        queryset=CorrectionEvent.objects.exclude(action__in=[CorrectionEvent.Action.SUBMITTED]),
    )


def model_record(model: AIModel) -> list[Correction]:
    """The public record: the model's decided corrections with their events (two queries).

    Pending corrections are left out: nothing a correction says shows before a decision.
    """
    return list(
        Correction.objects.filter(model=model, status__in=Correction.DECIDED_STATUSES)
        .select_related("criterion")
        .prefetch_related(_public_events())
        .order_by("-decided_at", "-id")
    )


RECORD_PAGE_SIZE = 50


class BadRecordCursor(ValueError):
    """A `before` cursor that this site did not write."""


def record_cursor(correction: Correction) -> str:
    return f"{correction.decided_at.isoformat()}~{correction.pk}"


def _record_position(cursor: str) -> tuple[datetime, int]:
    at, _, pk = cursor.rpartition("~")
    try:
        when = datetime.fromisoformat(at)
        number = int(pk) if pk.isascii() and pk.isdigit() else None
    except ValueError:
        when = number = None
    if when is None or number is None or when.tzinfo is None:
        raise BadRecordCursor("This page address holds a position the record never gave out.")
    return when, number


@dataclass
class RecordPage:
    """One page of the site-wide public record, newest decision first."""

    corrections: list[Correction]
    next_cursor: str  # "" on the last page


def public_record(before: str = "", *, size: int = RECORD_PAGE_SIZE) -> RecordPage:
    """Every decided correction on every model, newest decision first, a keyset page at a
    time (two queries: the page through its partial index, then its events)."""
    rows = Correction.objects.filter(status__in=Correction.DECIDED_STATUSES)
    if before:
        at, pk = _record_position(before)
        rows = rows.filter(Q(decided_at__lt=at) | Q(decided_at=at, pk__lt=pk))
    page = list(
        rows.select_related("model", "criterion")
        .prefetch_related(_public_events())
        .order_by("-decided_at", "-id")[: size + 1]
    )
    more = len(page) > size
    page = page[:size]
    return RecordPage(page, record_cursor(page[-1]) if more else "")


def queue(filters: dict) -> QuerySet[Correction]:
    """The moderation queue, oldest first, narrowed by the filter form's cleaned data."""
    rows = Correction.objects.select_related("model", "criterion").order_by("created_at", "id")
    status = filters.get("status", "open")
    if status == "open":
        rows = rows.filter(status__in=Correction.OPEN_STATUSES)
    elif status:
        rows = rows.filter(status=status)
    if filters.get("model"):
        rows = rows.filter(model__slug=filters["model"])
    if filters.get("criterion"):
        rows = rows.filter(criterion__code=filters["criterion"])
    if filters.get("conflict") == "yes":
        rows = rows.filter(has_conflict=True)
    elif filters.get("conflict") == "no":
        rows = rows.filter(has_conflict=False)
    return rows


@dataclass
class Preview:
    """What accepting a correction would do to its model's score and rank in its track."""

    total: Decimal | None  # None: the model has no score in the track yet
    rank: int | None
    proposed_total: Decimal
    proposed_rank: int
    ranked: int  # models ranked in the track

    @property
    def total_text(self) -> str:
        return "no score" if self.total is None else f"{scoring.percent_text(self.total)}%"

    @property
    def proposed_total_text(self) -> str:
        return f"{scoring.percent_text(self.proposed_total)}%"

    @property
    def moves(self) -> bool:
        return (self.total, self.rank) != (self.proposed_total, self.proposed_rank)


# Models ranked before a score with the given total, name and slug: the order of
# assessments.services._rerank (total, lower-cased name, slug) written as one count.
_RANKED_BEFORE_SQL = """
SELECT count(*) FILTER (
           WHERE s.total > %(total)s OR (s.total = %(total)s AND
               (lower(m.name) COLLATE "C", m.slug COLLATE "C") < (%(name)s COLLATE "C", %(slug)s))
       ),
       count(*)
FROM assessments_score s JOIN catalog_aimodel m ON m.id = s.model_id
WHERE s.methodology_id = %(methodology)s AND s.track = %(track)s AND s.model_id <> %(model)s
"""


def decision_preview(correction: Correction) -> Preview | None:
    """The model's score and rank now, and if the correction were accepted (two queries),
    computed by the same pure scoring the stored scores come from."""
    try:
        methodology = current_methodology()
    except Methodology.DoesNotExist:
        return None
    model = correction.model
    stored = Score.objects.filter(
        model=model, methodology=methodology, track=correction.track
    ).first()
    levels = dict(stored.levels) if stored else {}
    levels[correction.criterion.code] = correction.proposed_level
    result = scoring.score(levels, criteria_specs(methodology), model.model_types)
    proposed = scoring.as_decimal(result.total)
    with connection.cursor() as cursor:
        cursor.execute(
            _RANKED_BEFORE_SQL,
            {
                "total": proposed,
                "name": model.name.lower(),
                "slug": model.slug,
                "methodology": methodology.pk,
                "track": correction.track,
                "model": model.pk,
            },
        )
        before, others = cursor.fetchone()
    return Preview(
        total=stored.total if stored else None,
        rank=stored.rank if stored else None,
        proposed_total=proposed,
        proposed_rank=before + 1,
        ranked=others + 1,
    )


@dataclass
class Review:
    """Everything a moderator needs to decide one correction."""

    correction: Correction
    assessment: Assessment | None
    earlier: list[Correction]
    link_hints: list[tuple[str, str]]
    preview: Preview | None = None


def review(correction_id: int) -> Review | None:
    """One correction, the live judgment beside it, and the submitter's other corrections."""
    correction = (
        Correction.objects.select_related("model", "criterion", "decided_by")
        .prefetch_related(
            Prefetch("events", queryset=CorrectionEvent.objects.select_related("actor"))
        )
        .filter(pk=correction_id)
        .first()
    )
    if correction is None:
        return None
    same_submitter = Q(ip_hash=correction.ip_hash)
    if correction.submitter_email:
        same_submitter |= Q(submitter_email__iexact=correction.submitter_email)
    earlier = list(
        Correction.objects.filter(same_submitter)
        .exclude(pk=correction.pk)
        .select_related("model", "criterion")
        .order_by("-created_at")[:50]
    )
    return Review(
        correction=correction,
        assessment=current_assessment(correction.model, correction.criterion),
        earlier=earlier,
        link_hints=[(url, durable_link_hint(url)) for url in correction.evidence_urls],
        preview=decision_preview(correction) if correction.is_open else None,
    )
