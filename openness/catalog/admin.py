from django.contrib import admin

from openness.catalog.models import AIModel, ModelSlugAlias, Organisation
from openness.lib.data_version import BumpsDataVersion
from openness.lib.text import TextPolicyAdmin


@admin.register(Organisation)
class OrganisationAdmin(TextPolicyAdmin, BumpsDataVersion, admin.ModelAdmin):
    list_display = ["name", "slug", "hub_author"]
    search_fields = ["name", "slug", "hub_author"]
    prepopulated_fields = {"slug": ["name"]}


class ModelSlugAliasInline(TextPolicyAdmin, admin.TabularInline):
    model = ModelSlugAlias
    extra = 0
    readonly_fields = ["created_at"]


@admin.register(AIModel)
class AIModelAdmin(TextPolicyAdmin, BumpsDataVersion, admin.ModelAdmin):
    list_display = ["name", "organisation", "is_curated", "release_date", "end_model_repo"]
    list_filter = ["is_curated", "performance_class"]
    search_fields = ["name", "slug", "end_model_repo", "organisation__name"]
    raw_id_fields = ["organisation", "base_model"]
    inlines = [ModelSlugAliasInline]

    def save_model(self, request, obj, form, change):
        # A changed slug keeps the old one as an alias, so that published links still resolve.
        if change and "slug" in form.changed_data:
            old_slug = form.initial.get("slug")
            if old_slug and old_slug != obj.slug:
                ModelSlugAlias.objects.update_or_create(slug=old_slug, defaults={"model": obj})
        super().save_model(request, obj, form, change)
