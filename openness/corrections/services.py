"""Every write to corrections: submission, the submitter's reply, and moderators' decisions.

A decision claims the correction with one conditional UPDATE on (status, version); when two
moderators act at once exactly one UPDATE changes a row and the other gets CorrectionConflict.
Accepting writes the assessment only through assessments.services.assessment_record.

A decision that changes an assessment first takes that assessment's lock
(assessments.services.assessment_lock), then claims, then reads what it depends on (the
evidence an accept keeps, the latest revision a revert checks) and stamps its time: decisions
on one assessment apply one after the other, and the latest revision is always the present.
"""

import hashlib
import secrets

from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from openness.assessments.models import (
    Assessment,
    Criterion,
    Level,
    Provenance,
    Revision,
    Track,
)
from openness.assessments.services import (
    EvidenceInput,
    assessment_lock,
    assessment_record,
    scores_recompute,
)
from openness.assessments.snapshots import snapshots_refresh
from openness.catalog.models import AIModel
from openness.corrections.links import evidence_kind, revision_in
from openness.corrections.models import Correction, CorrectionEvent
from openness.lib import site
from openness.lib.text import clean_text

Status = Correction.Status
Action = CorrectionEvent.Action


class DuplicateCorrection(Exception):
    """An identical correction is already waiting for review."""


class CorrectionConflict(Exception):
    """Someone else changed the correction first; the message says what it is now."""


def _fingerprint(*, model: AIModel, criterion: Criterion, level: str, urls: list[str]) -> str:
    key = "|".join([str(model.pk), str(criterion.pk), level, *sorted(set(urls))])
    return hashlib.sha256(key.encode()).hexdigest()


def correction_submit(
    *,
    model: AIModel,
    criterion: Criterion,
    proposed_level: str,
    evidence_urls: list[str],
    explanation: str,
    submitter_name: str,
    submitter_email: str,
    affiliation: str,
    has_conflict: bool,
    conflict_details: str,
    show_name: bool,
    ip_hash: str,
) -> Correction:
    """Store a pending correction; it changes nothing else until a moderator accepts it."""
    if proposed_level not in Level.values:
        raise ValueError(f"unknown level {proposed_level!r}")
    now = timezone.now()
    current = (
        Assessment.objects.filter(model=model, criterion=criterion, track=Track.EDITORIAL)
        .values_list("level", flat=True)
        .first()
    )
    correction = Correction(
        model=model,
        criterion=criterion,
        track=Track.EDITORIAL,
        proposed_level=proposed_level,
        level_at_submission=current or Level.NOT_ASSESSED,
        evidence_urls=evidence_urls,
        # The form refuses what the text policy refuses; this keeps other callers to it too.
        explanation=clean_text(explanation),
        submitter_name=clean_text(submitter_name, multiline=False),
        submitter_email=submitter_email,
        affiliation=clean_text(affiliation, multiline=False),
        has_conflict=has_conflict,
        conflict_details=clean_text(conflict_details) if has_conflict else "",
        show_name=show_name and bool(submitter_name),
        ip_hash=ip_hash,
        token=secrets.token_urlsafe(32),
        fingerprint=_fingerprint(
            model=model, criterion=criterion, level=proposed_level, urls=evidence_urls
        ),
        created_at=now,
    )
    try:
        with transaction.atomic():
            correction.save()
            CorrectionEvent.objects.create(correction=correction, at=now, action=Action.SUBMITTED)
    except IntegrityError as error:
        if "correction_one_open_per_fingerprint" in str(error):
            raise DuplicateCorrection from None
        raise
    return correction


def correction_add_information(*, correction: Correction, note: str) -> None:
    """The submitter answers a moderator's question; the correction returns to the queue."""
    with transaction.atomic():
        changed = Correction.objects.filter(
            pk=correction.pk, status=Status.NEEDS_INFO, version=correction.version
        ).update(status=Status.PENDING, version=F("version") + 1)
        if changed != 1:
            raise CorrectionConflict("This correction is no longer waiting for information.")
        CorrectionEvent.objects.create(
            correction=correction, at=timezone.now(), action=Action.INFO_ADDED, note=note
        )


def _claim(*, correction_id: int, seen_version: int, from_statuses, **changes) -> Correction:
    """The conditional update every decision starts with; CorrectionConflict if it lost."""
    changed = Correction.objects.filter(
        pk=correction_id, status__in=list(from_statuses), version=seen_version
    ).update(version=F("version") + 1, **changes)
    current = Correction.objects.select_related(
        "model", "criterion__methodology", "decided_by"
    ).get(pk=correction_id)
    if changed != 1:
        who = f" by {current.decided_by.get_username()}" if current.decided_by else ""
        raise CorrectionConflict(
            "Another moderator acted on this correction first: it is now "
            f"“{current.get_status_display()}”{who}. Nothing you submitted was applied; "
            "review it again below."
        )
    return current


def _lock_assessment_of(correction_id: int) -> None:
    """Take the lock of the assessment a correction proposes to change (see the docstring)."""
    target = Correction.objects.values("model_id", "criterion_id", "track").get(pk=correction_id)
    assessment_lock(**target)


def _credit(correction: Correction, moderator) -> str:
    return (
        f"Correction #{correction.pk} by {correction.public_name()}, "
        f"accepted by {moderator.get_username()}"
    )[:200]


def correction_accept(
    *, correction_id: int, seen_version: int, moderator, notes: str, keep_evidence: bool
) -> Correction:
    """Apply the proposal as a new editorial revision (provenance community), then re-score."""
    with transaction.atomic():
        _lock_assessment_of(correction_id)
        now = timezone.now()
        correction = _claim(
            correction_id=correction_id,
            seen_version=seen_version,
            from_statuses=Correction.OPEN_STATUSES,
            status=Status.ACCEPTED,
            decided_at=now,
            decided_by=moderator,
            decision_note=notes,
        )
        evidence: list[EvidenceInput] = []
        if keep_evidence:
            assessment = Assessment.objects.filter(
                model=correction.model, criterion=correction.criterion, track=correction.track
            ).first()
            if assessment is not None:
                evidence = [
                    EvidenceInput.from_snapshot(e.as_snapshot())
                    for e in assessment.evidence.filter(retracted_at__isnull=True)
                ]
        evidence += [
            EvidenceInput(
                url=url,
                kind=evidence_kind(url),
                revision=revision_in(url),
                retrieved_at=correction.created_at,
            )
            for url in correction.evidence_urls
        ]
        revision = assessment_record(
            model=correction.model,
            criterion=correction.criterion,
            level=correction.proposed_level,
            notes=notes,
            provenance=Provenance.COMMUNITY,
            evidence=evidence,
            source=Revision.Source.CORRECTION,
            reason=(
                f"Community correction #{correction.pk} by {correction.public_name()}, "
                f"accepted. {notes}"
            ).strip(),
            track=correction.track,
            actor=moderator,
            actor_label=_credit(correction, moderator),
            context={
                "correction": correction.pk,
                "submitter": correction.public_name(),
                "moderator": moderator.get_username(),
            },
            at=now,
        )
        if revision is not None:
            Correction.objects.filter(pk=correction.pk).update(applied_revision=revision)
            correction.applied_revision = revision
        _rescore(correction)
        _record_and_notify(correction, Action.ACCEPTED, moderator, notes, now)
    return correction


def correction_reject(*, correction_id: int, seen_version: int, moderator, reason: str):
    """Close the correction with a reason for the submitter and the public record."""
    with transaction.atomic():
        now = timezone.now()
        correction = _claim(
            correction_id=correction_id,
            seen_version=seen_version,
            from_statuses=Correction.OPEN_STATUSES,
            status=Status.REJECTED,
            decided_at=now,
            decided_by=moderator,
            decision_note=reason,
        )
        _record_and_notify(correction, Action.REJECTED, moderator, reason, now)
    return correction


def correction_request_information(
    *, correction_id: int, seen_version: int, moderator, question: str
) -> Correction:
    """Ask the submitter a question; they answer on their status page."""
    with transaction.atomic():
        now = timezone.now()
        correction = _claim(
            correction_id=correction_id,
            seen_version=seen_version,
            from_statuses=[Status.PENDING, Status.NEEDS_INFO],
            status=Status.NEEDS_INFO,
            decision_note=question,
        )
        _record_and_notify(correction, Action.INFO_REQUESTED, moderator, question, now)
    return correction


def correction_revert(*, correction_id: int, seen_version: int, moderator, reason: str):
    """Undo a decision without deleting anything.

    An accepted correction's change is undone by a new revision (source revert) restoring the
    judgment it replaced; a rejected correction goes back to the queue.
    """
    with transaction.atomic():
        _lock_assessment_of(correction_id)
        now = timezone.now()
        before = Correction.objects.only("status").get(pk=correction_id)
        if before.status == Status.REJECTED:
            try:
                with transaction.atomic():
                    correction = _claim(
                        correction_id=correction_id,
                        seen_version=seen_version,
                        from_statuses=[Status.REJECTED],
                        status=Status.PENDING,
                        decided_at=None,
                        decided_by=None,
                        decision_note="",
                    )
            except IntegrityError:
                raise CorrectionConflict(
                    "An identical correction is already open; this one stays rejected."
                ) from None
            _record_and_notify(correction, Action.REVERTED, moderator, reason, now, notify=False)
            return correction

        correction = _claim(
            correction_id=correction_id,
            seen_version=seen_version,
            from_statuses=[Status.ACCEPTED],
            status=Status.REVERTED,
        )
        applied = correction.applied_revision
        if applied is not None:
            latest = (
                Revision.objects.filter(assessment_id=applied.assessment_id)
                .order_by("-created_at", "-id")
                .first()
            )
            if latest is None or latest.pk != applied.pk:
                # Raising rolls back the claim above: nothing changes.
                raise CorrectionConflict(
                    "The judgment changed again after this correction was applied; "
                    "revert that later change first, or edit the assessment directly."
                )
            revert = assessment_record(
                model=correction.model,
                criterion=correction.criterion,
                level=applied.old_level or Level.NOT_ASSESSED,
                notes=applied.old_notes,
                provenance=applied.old_provenance or Provenance.COMMUNITY,
                evidence=[EvidenceInput.from_snapshot(s) for s in applied.old_evidence],
                source=Revision.Source.REVERT,
                reason=f"Reverted community correction #{correction.pk}. {reason}".strip(),
                track=correction.track,
                actor=moderator,
                actor_label=f"Revert of correction #{correction.pk} by {moderator.get_username()}",
                context={"correction": correction.pk, "reverts": applied.pk},
                at=now,
            )
            if revert is not None:
                Correction.objects.filter(pk=correction.pk).update(revert_revision=revert)
                correction.revert_revision = revert
            _rescore(correction)
        _record_and_notify(correction, Action.REVERTED, moderator, reason, now)
    return correction


def _rescore(correction: Correction) -> None:
    """Recompute the model's stored score and re-rank its track, one decision at a time.

    Re-ranking rewrites every rank in the track; two decisions re-ranking at once could lock
    the same rows in different orders and deadlock, so they queue on an advisory lock that
    is held until the decision's transaction ends.
    """
    methodology = correction.criterion.methodology
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            [f"openness:rerank:{methodology.pk}:{correction.track}"],
        )
    scores_recompute(
        methodology=methodology, track=correction.track, model_ids=[correction.model_id]
    )
    snapshots_refresh(methodology_id=methodology.pk, track=correction.track)


def _record_and_notify(
    correction: Correction, action: str, moderator, note: str, now, *, notify: bool = True
) -> None:
    CorrectionEvent.objects.create(
        correction=correction, at=now, action=action, actor=moderator, note=note
    )
    if notify and correction.submitter_email:
        transaction.on_commit(lambda: _send_decision_email(correction, action, note), robust=True)


def _send_decision_email(correction: Correction, action: str, note: str) -> None:
    context = {
        "correction": correction,
        "action": CorrectionEvent.Action(action).label,
        "note": note,
        "status_url": site.site_url() + reverse("corrections:status", args=[correction.token]),
    }
    send_mail(
        subject=f"Your correction to {correction.model.name}: {context['action']}",
        message=render_to_string("corrections/decision_email.txt", context),
        from_email=None,
        recipient_list=[correction.submitter_email],
        fail_silently=False,
    )
