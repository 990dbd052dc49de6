"""Corrections in the admin are read-only: decisions are taken in the moderation queue."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from openness.corrections.models import Correction, CorrectionEvent


class CorrectionEventInline(admin.TabularInline):
    model = CorrectionEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["id", "model", "criterion", "proposed_level", "status", "created_at"]
    list_filter = ["status", "has_conflict", "proposed_level"]
    search_fields = ["model__name", "model__slug", "submitter_email", "submitter_name"]
    list_select_related = ["model", "criterion"]
    exclude = ["token"]
    readonly_fields = ["moderation_link"]
    inlines = [CorrectionEventInline]

    @admin.display(description="Moderate")
    def moderation_link(self, obj):
        url = reverse("corrections:review", args=[obj.pk])
        return format_html('<a href="{}">Open in the moderation queue</a>', url)

    def get_readonly_fields(self, request, obj=None):
        names = [f.name for f in self.model._meta.fields if f.name != "token"]
        return ["moderation_link", *names]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
