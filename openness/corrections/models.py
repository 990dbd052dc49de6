"""Community corrections: a visitor's proposed judgment for one criterion, and its review."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from openness.assessments.models import Level, Track

MAX_EVIDENCE_URLS = 10


class Correction(models.Model):
    """A proposed judgment for one model on one criterion, pending until a moderator decides.

    Status changes only through corrections.services, each with a conditional update on
    `version` so that two moderators acting at once cannot both win.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        NEEDS_INFO = "needs_info", "More information requested"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        REVERTED = "reverted", "Accepted, then reverted"

    OPEN_STATUSES = (Status.PENDING, Status.NEEDS_INFO)
    DECIDED_STATUSES = (Status.ACCEPTED, Status.REJECTED, Status.REVERTED)

    model = models.ForeignKey(
        "catalog.AIModel", on_delete=models.PROTECT, related_name="corrections"
    )
    criterion = models.ForeignKey(
        "assessments.Criterion", on_delete=models.PROTECT, related_name="corrections"
    )
    track = models.CharField(max_length=10, choices=Track.choices, default=Track.EDITORIAL)
    proposed_level = models.CharField(max_length=12, choices=Level.choices)
    # The judgment as it stood when the correction was submitted, for the moderator's comparison.
    level_at_submission = models.CharField(max_length=12, choices=Level.choices, blank=True)
    evidence_urls = ArrayField(models.URLField(max_length=2000), default=list, blank=True)
    explanation = models.TextField()

    submitter_name = models.CharField(max_length=200, blank=True)
    submitter_email = models.EmailField(blank=True)
    affiliation = models.CharField(max_length=200, blank=True)
    has_conflict = models.BooleanField(default=False)
    conflict_details = models.TextField(blank=True)
    show_name = models.BooleanField(default=False)
    # HMAC of the client address: links a submitter's corrections without storing the address.
    ip_hash = models.CharField(max_length=64, db_index=True)
    # The private status link's secret (256 random bits). Kept, not hashed, so that decision
    # emails can carry the link; it grants only a view of this one correction and a reply.
    token = models.CharField(max_length=64, unique=True)
    # Digest of (model, criterion, level, evidence) to refuse a second identical open proposal.
    fingerprint = models.CharField(max_length=64)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Bumped on every status change; moderators' forms carry the version they saw.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The rejection reason, the question asked, or the moderator's note on acceptance.
    decision_note = models.TextField(blank=True)
    applied_revision = models.ForeignKey(
        "assessments.Revision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revert_revision = models.ForeignKey(
        "assessments.Revision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("moderate_correction", "Can accept, reject and revert corrections")]
        indexes = [
            # The moderation queue: open corrections, oldest first, filtered by status.
            models.Index(fields=["status", "created_at"], name="correction_queue"),
            # The public record on a model page: decided corrections of one model.
            models.Index(fields=["model", "status"], name="correction_model_record"),
            # The site-wide public record (selectors.public_record): decided corrections,
            # newest decision first, a keyset page at a time.
            models.Index(
                fields=["-decided_at", "-id"],
                name="correction_public_record",
                condition=models.Q(status__in=["accepted", "rejected", "reverted"]),
            ),
        ]
        constraints = [
            # Duplicate detection at submission, safe against two identical posts at once.
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=models.Q(status__in=["pending", "needs_info"]),
                name="correction_one_open_per_fingerprint",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.model_id}/{self.criterion_id} -> {self.proposed_level}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def public_name(self) -> str:
        """The submitter as the public record shows them: by name only if they agreed."""
        if self.show_name and self.submitter_name:
            return self.submitter_name
        return "An anonymous contributor"


class CorrectionEvent(models.Model):
    """An append-only record of one step in a correction's life: who, when, what and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        INFO_REQUESTED = "info_requested", "More information requested"
        INFO_ADDED = "info_added", "Submitter added information"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        REVERTED = "reverted", "Decision reverted"

    correction = models.ForeignKey(Correction, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.correction_id} {self.action} at {self.at:%Y-%m-%d %H:%M}"
