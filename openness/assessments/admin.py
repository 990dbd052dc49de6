"""Curators edit assessments here; every save goes through the service and leaves a revision."""

from django import forms
from django.contrib import admin, messages

from openness.assessments.models import (
    Assessment,
    Criterion,
    Evidence,
    Methodology,
    Revision,
    Score,
)
from openness.assessments.services import EvidenceInput, assessment_record, scores_recompute
from openness.assessments.snapshots import snapshots_refresh
from openness.lib.data_version import BumpsDataVersion
from openness.lib.text import TextPolicyAdmin, refuse_unsafe_text
from openness.lib.urls import is_http_url


class CriterionInline(TextPolicyAdmin, admin.StackedInline):
    model = Criterion
    extra = 0


@admin.register(Methodology)
class MethodologyAdmin(TextPolicyAdmin, BumpsDataVersion, admin.ModelAdmin):
    list_display = ["name", "version", "effective_from", "effective_until", "is_current"]
    inlines = [CriterionInline]
    actions = ["recompute_scores"]

    @admin.action(description="Recompute stored scores and ranks")
    def recompute_scores(self, request, queryset):
        for methodology in queryset:
            count = scores_recompute(methodology=methodology)
            self.message_user(request, f"{methodology}: {count} scores recomputed.")


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    can_delete = False
    fields = [
        "url",
        "title",
        "kind",
        "revision",
        "retrieved_at",
        "rule",
        "added_at",
        "retracted_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    can_delete = False
    fields = ["created_at", "source", "actor", "actor_label", "old_level", "new_level", "reason"]
    readonly_fields = fields
    ordering = ["-created_at"]

    def has_add_permission(self, request, obj=None):
        return False


class AssessmentForm(forms.ModelForm):
    evidence_lines = forms.CharField(
        label="Evidence",
        required=False,
        validators=[refuse_unsafe_text],
        widget=forms.Textarea(attrs={"rows": 5, "cols": 100}),
        help_text="One source per line: URL | title. Removed lines are retracted, not deleted.",
    )
    reason = forms.CharField(
        label="Reason for this change",
        validators=[refuse_unsafe_text],
        widget=forms.Textarea(attrs={"rows": 2, "cols": 100}),
        help_text="Recorded in the assessment's public history.",
    )

    class Meta:
        model = Assessment
        fields = ["level", "notes", "provenance"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["evidence_lines"].initial = "\n".join(
                f"{e.url} | {e.title}" if e.title else e.url
                for e in self.instance.evidence.filter(retracted_at__isnull=True)
            )

    def clean_evidence_lines(self) -> list[tuple[str, str]]:
        parsed = []
        for number, line in enumerate(self.cleaned_data["evidence_lines"].splitlines(), 1):
            if not line.strip():
                continue
            url, _, title = (part.strip() for part in line.partition("|"))
            if not is_http_url(url):
                raise forms.ValidationError(f"Line {number}: {url[:100]!r} is not an http(s) URL.")
            parsed.append((url, title))
        return parsed


@admin.register(Assessment)
class AssessmentAdmin(TextPolicyAdmin, admin.ModelAdmin):
    form = AssessmentForm
    list_display = ["model", "criterion", "track", "level", "provenance", "needs_review"]
    list_filter = ["track", "level", "provenance", "needs_review", "criterion__methodology"]
    search_fields = ["model__name", "criterion__code"]
    inlines = [EvidenceInline, RevisionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        existing = {e.url: e for e in obj.evidence.filter(retracted_at__isnull=True)}
        evidence = []
        for url, title in form.cleaned_data["evidence_lines"]:
            old = existing.get(url)
            if old and old.title == title:
                evidence.append(EvidenceInput.from_snapshot(old.as_snapshot()))
            else:
                evidence.append(EvidenceInput(url=url, title=title))
        revision = assessment_record(
            model=obj.model,
            criterion=obj.criterion,
            track=obj.track,
            level=form.cleaned_data["level"],
            notes=form.cleaned_data["notes"],
            provenance=form.cleaned_data["provenance"],
            evidence=evidence,
            source=Revision.Source.ADMIN,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            actor_label=request.user.get_username(),
        )
        if revision is None:
            messages.info(request, "Nothing changed; no revision recorded.")
        else:
            scores_recompute(methodology=obj.criterion.methodology, track=obj.track)
            snapshots_refresh(methodology_id=obj.criterion.methodology_id, track=obj.track)


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "assessment", "source", "actor_label", "old_level", "new_level"]
    list_filter = ["source"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["rank", "model", "total", "methodology", "track", "computed_at"]
    list_filter = ["methodology", "track"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
