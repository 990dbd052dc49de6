"""Methodologies, criteria, assessments, their evidence, their revisions and stored scores."""

import re
from collections.abc import Sequence

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models


class Level(models.TextChoices):
    OPEN = "open", "Open"
    PARTIAL = "partial", "Partially open"
    CLOSED = "closed", "Closed"
    NOT_ASSESSED = "not_assessed", "Not assessed"


class Provenance(models.TextChoices):
    AUTOMATIC = "automatic", "Automatic (from hub metadata)"
    CURATED = "curated", "Curated"
    COMMUNITY = "community", "Community correction"


class Track(models.TextChoices):
    """Which judgment a row holds: curated judgments and automatic ones sit side by side."""

    EDITORIAL = "editorial", "Curated index"
    AUTOMATIC = "automatic", "Hub catalog (automatic)"


class Methodology(models.Model):
    """A named, versioned set of criteria; every score says which version produced it."""

    slug = models.SlugField(max_length=50)
    version = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    effective_from = models.DateField()
    effective_until = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=False)
    source_url = models.URLField(max_length=500, blank=True)
    attribution = models.TextField(blank=True)
    license = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["slug", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="methodology_unique_version"),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(is_current=True),
                name="methodology_one_current_per_slug",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Criterion(models.Model):
    """One question a methodology asks of every model, with its rubric."""

    methodology = models.ForeignKey(Methodology, on_delete=models.PROTECT, related_name="criteria")
    code = models.SlugField(max_length=50)  # the EU index's `ref`
    group_code = models.SlugField(max_length=50)
    group_title = models.CharField(max_length=100)
    group_order = models.PositiveSmallIntegerField(default=0)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    question = models.TextField()
    rubric_open = models.TextField()
    rubric_partial = models.TextField()
    rubric_closed = models.TextField()
    model_types = ArrayField(models.CharField(max_length=20), default=list)

    class Meta:
        ordering = ["methodology", "group_order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="criterion_unique_code"),
        ]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return self.title

    def applies_to(self, model_types: list[str]) -> bool:
        """A criterion applies when it shares a type with the model (or the model has none)."""
        return not model_types or bool(set(self.model_types) & set(model_types))

    def rubric_for(self, level: str, model_types: Sequence[str] | None = None) -> str:
        """The rubric of a level, worded for the model's types (None: for any model)."""
        text = {
            Level.OPEN: self.rubric_open,
            Level.PARTIAL: self.rubric_partial,
            Level.CLOSED: self.rubric_closed,
        }.get(level, "")
        return rubric_worded_for(text, model_types)


# The EU index writes some rubrics for language models ("training data sources of base large
# language model"), though it applies them to image, video and audio models too. Pages show
# the model's own kind instead; the stored text stays the index's own.
_LLM_WORDING = re.compile(r"\blarge language model\b")
_KIND_WORDS = {"image": "image model", "video": "video model", "audio": "audio model"}


def rubric_worded_for(text: str, model_types: Sequence[str] | None) -> str:
    """`text` with "large language model" said as the model's kind: unchanged for text and
    code models, "image model" (video, audio) for a model of only that kind, and "model"
    where no single kind is meant (a page about every model, or several kinds)."""
    types = set(model_types or ())
    if types & {"text", "code"}:
        return text
    kinds = {_KIND_WORDS[t] for t in types if t in _KIND_WORDS}
    return _LLM_WORDING.sub(kinds.pop() if len(kinds) == 1 else "model", text)


class Assessment(models.Model):
    """The current judgment of one model on one criterion, in one track.

    Changed only through assessments.services, which appends a Revision for every change.
    """

    model = models.ForeignKey(
        "catalog.AIModel", on_delete=models.PROTECT, related_name="assessments"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="assessments")
    track = models.CharField(max_length=10, choices=Track.choices, default=Track.EDITORIAL)
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.NOT_ASSESSED)
    notes = models.TextField(blank=True)
    provenance = models.CharField(max_length=10, choices=Provenance.choices)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who reviewed it when that is not a user account: "EU OSAI Index", "rule weights@1".
    reviewer_label = models.CharField(max_length=200, blank=True)
    # Digest of the upstream record last imported into this row; re-imports compare against it.
    upstream_digest = models.CharField(max_length=64, blank=True)
    # Set when the evidence behind a curated judgment changed upstream and needs a human look.
    needs_review = models.BooleanField(default=False)
    review_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model", "criterion", "track"], name="assessment_unique_per_track"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} / {self.criterion.code} ({self.track}): {self.level}"


class Evidence(models.Model):
    """A cited source behind an assessment. Never deleted: withdrawn evidence gets retracted_at."""

    class Kind(models.TextChoices):
        MODEL_CARD = "model_card", "Model card"
        LICENSE = "license", "License text"
        PAPER = "paper", "Paper"
        PREPRINT = "preprint", "Preprint"
        REPOSITORY = "repository", "Code repository"
        DATASET = "dataset", "Dataset"
        HUB_METADATA = "hub_metadata", "Hub metadata"
        WEBSITE = "website", "Website"
        DOCUMENTATION = "documentation", "Documentation"
        OTHER = "other", "Other"

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="evidence")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    excerpt = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    retrieved_at = models.DateTimeField(null=True, blank=True)
    revision = models.CharField(max_length=100, blank=True)  # a commit sha, version or DOI
    rule = models.CharField(max_length=100, blank=True)  # "weights@1" for automatic evidence
    added_at = models.DateTimeField()
    retracted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "id"]
        indexes = [
            # Model pages list the current evidence of each assessment.
            models.Index(
                fields=["assessment"],
                condition=models.Q(retracted_at__isnull=True),
                name="evidence_current",
            ),
        ]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title or self.url

    def as_snapshot(self) -> dict:
        """The plain form stored in revisions."""
        return {
            "url": self.url,
            "title": self.title,
            "excerpt": self.excerpt,
            "kind": self.kind,
            "retrieved_at": self.retrieved_at.isoformat() if self.retrieved_at else None,
            "revision": self.revision,
            "rule": self.rule,
        }


class Revision(models.Model):
    """An append-only record of one change to an assessment: who, when, what and why.

    The database refuses UPDATE and DELETE on this table (see migration 0002).
    """

    class Source(models.TextChoices):
        IMPORT = "import", "Import of curated data"
        ADMIN = "admin", "Curator edit"
        CRAWLER = "crawler", "Hub crawler"
        CORRECTION = "correction", "Community correction"
        REVERT = "revert", "Revert"
        SERVICE = "service", "Service"

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="revisions")
    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices)
    reason = models.TextField()
    old_level = models.CharField(max_length=12, choices=Level.choices, blank=True)
    new_level = models.CharField(max_length=12, choices=Level.choices)
    old_notes = models.TextField(blank=True)
    new_notes = models.TextField(blank=True)
    old_provenance = models.CharField(max_length=10, blank=True)
    new_provenance = models.CharField(max_length=10)
    old_evidence = models.JSONField(default=list)
    new_evidence = models.JSONField(default=list)
    # Free-form pointers: {"correction": 12}, {"osai_file": "OLMo.yaml"}, {"reverts": 40}.
    context = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # As-of rebuilds: the latest revision of each assessment at or before a moment.
            models.Index(fields=["assessment", "created_at"], name="revision_asof"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.old_level or '-'} -> {self.new_level} ({self.source})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Revisions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Revisions are append-only.")

    @classmethod
    def between(
        cls, before: dict | None, *, level: str, notes: str, provenance: str, evidence, **fields
    ) -> "Revision":
        """An unsaved revision from `before` (a state(); None for a new assessment) to the
        given level, notes, provenance and evidence snapshots; `fields` are the rest (when,
        who, why, the assessment)."""
        before = before or {}
        return cls(
            old_level=before.get("level", ""),
            new_level=level,
            old_notes=before.get("notes", ""),
            new_notes=notes,
            old_provenance=before.get("provenance", ""),
            new_provenance=provenance,
            old_evidence=before.get("evidence", []),
            new_evidence=evidence,
            **fields,
        )

    def state(self) -> dict:
        """The assessment as it stood right after this revision."""
        return {
            "level": self.new_level,
            "notes": self.new_notes,
            "provenance": self.new_provenance,
            "evidence": self.new_evidence,
            "at": self.created_at,
        }


class Score(models.Model):
    """A model's stored total and group scores and rank under one methodology and track.

    Written only by assessments.services.scores_recompute; pages read it, never compute it.
    """

    model = models.ForeignKey("catalog.AIModel", on_delete=models.CASCADE, related_name="scores")
    methodology = models.ForeignKey(Methodology, on_delete=models.PROTECT, related_name="scores")
    track = models.CharField(max_length=10, choices=Track.choices)
    total = models.DecimalField(max_digits=7, decimal_places=6)
    # Exact figures behind `total`: points are half-points (open = 2, partial = 1).
    points = models.PositiveIntegerField()
    applicable = models.PositiveIntegerField()
    # How much of `total` is known (scoring.score): the applicable criteria judged open,
    # partial or closed, and the total if every one not assessed were open. `total` (the EU
    # index's figure, not assessed = closed) is the lower end of the range [total, total_upper].
    assessed = models.PositiveIntegerField(default=0)
    total_upper = models.DecimalField(max_digits=7, decimal_places=6, default=0)
    groups = models.JSONField(default=dict)  # {"availability": "0.700000", ...}
    levels = models.JSONField(default=dict)  # {"weights_endmodel": "open", ...}
    rank = models.PositiveIntegerField()
    computed_at = models.DateTimeField()
    # The model's name and its organisation's, for the leaderboard's text search, so that a
    # search reads this one table in rank order. Kept by PostgreSQL triggers (migration 0004):
    # filled when a score is inserted, rewritten when a model or an organisation is renamed,
    # whatever wrote the change (the ORM, the crawler's COPY and upserts, an import).
    search = models.TextField(default="", db_default="", blank=True, editable=False)
    # The database also keeps `search_key`, the search text as a reader's term is compared
    # with it: lower case, accents and everything but letters and digits dropped ("OLMo 2
    # (7B)" -> "olmo27b"), so that "olmo 2", "OLMo-2" and "olmo2" find the same rows. A stored
    # generated column with a trigram index (migration 0008, openness_search_key), read by raw
    # SQL only (web.ranking_sql, web.selectors_search): no field here, never written by Python.

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model", "methodology", "track"], name="score_unique_per_track"
            ),
        ]
        indexes = [
            # The leaderboard: one methodology and track, in rank order.
            models.Index(fields=["methodology", "track", "rank"], name="score_leaderboard"),
            # (The trigram index on search_key, score_search_key, is migration 0008's: the
            # leaderboard's search and the compare finder read the few rows of a rare term.)
        ]

    def __str__(self) -> str:
        return f"{self.model} #{self.rank} {self.total}"

    @property
    def not_assessed(self) -> int:
        return max(0, self.applicable - self.assessed)

    @property
    def is_complete(self) -> bool:
        """Every applicable criterion assessed: the range is one figure."""
        return self.assessed >= self.applicable


class UpstreamCommit(models.Model):
    """One commit of the EU index's data repository, replayed into revisions (osai_history).

    A commit is recorded once it is replayed, so a later run skips it: the replay is
    incremental and idempotent.
    """

    sha = models.CharField(max_length=40, unique=True)
    committed_at = models.DateTimeField()
    # When its revisions are dated: the commit's time, never earlier than the commit before it.
    recorded_at = models.DateTimeField(db_index=True)
    author = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)
    url = models.URLField(max_length=300)
    position = models.PositiveIntegerField()  # order of replay
    files_changed = models.JSONField(default=list)  # [{"status": "M", "file": ..., "old": ...}]
    # Cells the main-line commit changed (a merge counts the cells its branch commits made).
    cells_changed = models.PositiveIntegerField(default=0)
    issues = models.JSONField(default=list)  # malformed cells and files, reported and skipped
    replayed_at = models.DateTimeField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.sha[:7]} {self.committed_at:%Y-%m-%d} {self.subject}"

    @property
    def subject(self) -> str:
        return self.message.strip().splitlines()[0] if self.message.strip() else ""


class RankingSnapshot(models.Model):
    """The level of every criterion of every model of a methodology's track at the end of a
    day on which one of them changed: derived from the revisions (assessments/snapshots.py),
    as Score is from the assessments. The as-of pages read the one in force on a day."""

    methodology = models.ForeignKey(Methodology, on_delete=models.CASCADE, related_name="+")
    track = models.CharField(max_length=12, choices=Track.choices)
    day = models.DateField()
    # {"<model id>": {"<criterion code>": "<level>"}}: the levels at the end of `day`.
    levels = models.JSONField()

    class Meta:
        constraints = [
            # Also the index of the as-of read: the latest day at or before the one asked.
            models.UniqueConstraint(
                fields=["methodology", "track", "day"], name="ranking_snapshot_unique_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.methodology_id} {self.track} {self.day}"


class RankingSnapshotStale(models.Model):
    """The first day from which a track's snapshots no longer reflect its revisions: written by
    a trigger on every insert of a curated revision (migration 0008), cleared by the refresh."""

    methodology = models.ForeignKey(Methodology, on_delete=models.CASCADE, related_name="+")
    track = models.CharField(max_length=12, choices=Track.choices)
    since = models.DateField()

    class Meta:
        constraints = [
            # The trigger's ON CONFLICT target: one mark per track, moved to the earliest day.
            models.UniqueConstraint(
                fields=["methodology", "track"], name="ranking_snapshot_stale_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.methodology_id} {self.track} since {self.since}"


# The frameworks' tables live with their code (assessments/frameworks/records.py).
from openness.assessments.frameworks.records import (  # noqa: E402, F401
    ComponentLicense,
    FrameworkVerdict,
    MotRecord,
)
