"""Reads for the index's own history: "what changed in the index" by month, and a model's
score steps since 2024 across methodology versions (replayed upstream commits, osai_history)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache

from openness.assessments import scoring
from openness.assessments.history import (
    _history_version,
    methodologies_in_force,
    rankings_on_days,
)
from openness.assessments.models import Methodology, Revision, Track, UpstreamCommit
from openness.assessments.services import criteria_specs
from openness.catalog.models import AIModel


@dataclass
class ScoreStep:
    """The curated total from `at` on, and the change that set it."""

    at: datetime.datetime
    total: Decimal
    reason: str = ""
    url: str = ""  # the upstream commit, when the change came from the index
    methodology: str = ""


def _subject(text: str) -> str:
    lines = (text or "").strip().splitlines()
    return lines[0][:200] if lines else ""


def score_steps_cached(model: AIModel) -> list[ScoreStep]:
    """score_steps, kept in the shared cache under the latest revision's id (a new revision
    makes a new key): rebuilding a replayed history's steps was about a third of a curated
    model page's cost."""
    key = f"index:score-steps:{model.pk}:{_history_version()}"
    steps = cache.get(key)
    if steps is None:
        steps = score_steps(model)
        cache.set(key, steps, timeout=3600)
    return steps


def score_steps(model: AIModel) -> list[ScoreStep]:
    """The model's curated total after every change, each scored under the methodology of the
    criteria it changed (osai 2024 until 2026-03-12, then 2026-03), with its reason."""
    methodologies = {m.pk: m for m in Methodology.objects.filter(slug="osai")}
    specs = {pk: criteria_specs(m) for pk, m in methodologies.items()}
    rows = (
        Revision.objects.filter(assessment__model=model, assessment__track=Track.EDITORIAL)
        .order_by("created_at", "id")
        .values_list(
            "created_at",
            "assessment__criterion__methodology_id",
            "assessment__criterion__code",
            "new_level",
            "reason",
            "context",
        )
    )
    levels: dict[int, dict[str, str]] = defaultdict(dict)
    steps: list[ScoreStep] = []
    for at, methodology_id, code, level, reason, context in rows:
        if methodology_id not in methodologies:
            continue
        levels[methodology_id][code] = level
        methodology = methodologies[methodology_id]
        if methodology.effective_until and at.date() > methodology.effective_until:
            continue  # a past version's criteria written late: not what the page said then
        total = scoring.as_decimal(
            scoring.score(levels[methodology_id], specs[methodology_id], model.model_types).total
        )
        url = (context or {}).get("upstream_url", "")
        step = ScoreStep(at, total, _subject(reason), url, methodology.version)
        if steps and steps[-1].at == at:
            steps[-1] = step  # one commit touches several criteria at the same moment
        elif not steps or steps[-1].total != total or steps[-1].methodology != step.methodology:
            steps.append(step)
    return steps


@dataclass(frozen=True)
class CommitRef:
    """An upstream commit as the month pages show it (light to cache)."""

    sha: str
    subject: str
    url: str
    author: str
    recorded_at: datetime.datetime


@dataclass
class Movement:
    model_id: int
    name: str
    slug: str
    before: Decimal | None
    after: Decimal | None
    commits: list[CommitRef] = field(default_factory=list)


@dataclass
class Month:
    """One month of the index: who entered, left, rose and fell, and the commits behind it."""

    start: datetime.date
    end: datetime.date
    methodology: str
    entered: list[Movement] = field(default_factory=list)
    left: list[Movement] = field(default_factory=list)
    rose: list[Movement] = field(default_factory=list)
    fell: list[Movement] = field(default_factory=list)
    commits: list[CommitRef] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.start.strftime("%Y-%m")

    @property
    def quiet(self) -> bool:
        return not (self.entered or self.left or self.rose or self.fell)


def _month_ends(first: datetime.date, last: datetime.date) -> list[tuple]:
    months = []
    start = first.replace(day=1)
    while start <= last:
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        months.append((start, min(following - datetime.timedelta(days=1), last)))
        start = following
    return months


# Each process keeps the months of the last history state it read, so that the page and its
# feed do not fetch and unpickle 0.2 MB (some 5,000 objects) from the shared cache on every
# request; the copy serves while the shared entry exists (one small EXISTS), so emptying the
# shared cache empties it too.
_process_months: dict[str, list] = {}


def index_months(*, today: datetime.date | None = None) -> list[Month]:
    """Every month since the first replayed commit, newest first (cached per history state)."""
    key = f"index-months:{_history_version()}:{today}"
    months = _process_months.get(key)
    if months is None or not cache.has_key(key):
        months = cache.get(key)
        if months is None:
            months = _index_months(today=today)
            cache.set(key, months, timeout=3600)
        _process_months.clear()
        _process_months[key] = months
    return months


def _index_months(*, today: datetime.date | None) -> list[Month]:
    commits = [
        CommitRef(sha, _subject(message), url, author, recorded_at)
        for sha, message, url, author, recorded_at in UpstreamCommit.objects.order_by(
            "position", "id"
        ).values_list("sha", "message", "url", "author", "recorded_at")
    ]
    if not commits:
        return []
    today = today or datetime.date.today()
    models_by_commit: dict[str, set[int]] = defaultdict(set)
    for model_id, sha, shas in (
        Revision.objects.filter(context__has_key="upstream_url")
        .exclude(context__has_key="carried_over")
        .values_list(
            "assessment__model_id", "context__upstream_commit", "context__upstream_commits"
        )
        .distinct()
    ):
        # A change a merge published names every branch commit behind it.
        for each in shas or [sha]:
            models_by_commit[each].add(model_id)
    months: list[Month] = []
    previous: dict[int, tuple] = {}
    first_day = commits[0].recorded_at.date()
    ends = _month_ends(first_day, max(today, commits[-1].recorded_at.date()))
    in_force = methodologies_in_force(days=[end for _start, end in ends])
    # Each month's end read from its stored snapshot, all at once, not through the day cache.
    rankings = rankings_on_days([(end, m) for end, m in in_force.items() if m is not None])
    for start, end in ends:
        methodology = in_force[end]
        rows = rankings.get(end, [])
        current = {r.model_id: (r.name, r.slug, r.total_decimal) for r in rows}
        month = Month(start, end, methodology.version if methodology else "")
        month.commits = [c for c in commits if start <= c.recorded_at.date() <= end]
        touched: dict[int, list[CommitRef]] = defaultdict(list)
        for commit in month.commits:
            for model_id in models_by_commit.get(commit.sha, ()):
                touched[model_id].append(commit)
        for model_id, (name, slug, total) in current.items():
            if model_id not in previous:
                month.entered.append(Movement(model_id, name, slug, None, total, touched[model_id]))
                continue
            before = previous[model_id][2]
            if total > before:
                month.rose.append(Movement(model_id, name, slug, before, total, touched[model_id]))
            elif total < before:
                month.fell.append(Movement(model_id, name, slug, before, total, touched[model_id]))
        for model_id, (name, slug, total) in previous.items():
            if model_id not in current:
                month.left.append(Movement(model_id, name, slug, total, None, touched[model_id]))
        for group in (month.entered, month.left):
            group.sort(key=lambda m: m.name.lower())
        month.rose.sort(key=lambda m: (m.before - m.after, m.name.lower()))
        month.fell.sort(key=lambda m: (m.after - m.before, m.name.lower()))
        months.append(month)
        previous = current
    months.reverse()
    return months
