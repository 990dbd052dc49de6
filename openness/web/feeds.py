"""Atom feeds of changes to the curated index: all of them, per model, per organisation."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from openness.assessments.models import Level, Revision, Track
from openness.catalog.models import AIModel, Organisation
from openness.lib.feeds import XmlSafeAtom1Feed, tag_uri
from openness.lib.text import xml_text

FEED_LENGTH = 50
LEVEL_LABELS = dict(Level.choices)


def _changes():
    return (
        Revision.objects.filter(assessment__track=Track.EDITORIAL)
        .select_related("assessment__model", "assessment__criterion")
        .order_by("-created_at", "-id")
    )


class ChangesFeed(Feed):
    """Every change to the curated assessments, newest first."""

    feed_type = XmlSafeAtom1Feed
    title = "Openness: changes to the index"
    subtitle = "Every change to a curated assessment: level, notes or evidence, with the reason."

    def link(self):
        return reverse("web:ranking")

    def items(self):
        return _changes()[:FEED_LENGTH]

    def item_title(self, item: Revision) -> str:
        model = item.assessment.model.name
        criterion = item.assessment.criterion.title
        old = LEVEL_LABELS.get(item.old_level, "new")
        new = LEVEL_LABELS.get(item.new_level, item.new_level)
        if item.old_level == item.new_level:
            return xml_text(f"{model}: {criterion} ({new}), notes or evidence changed")
        return xml_text(f"{model}: {criterion} {old} → {new}")

    def item_description(self, item: Revision) -> str:
        from django.utils.html import format_html, format_html_join

        links = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            ((e["url"], e["title"] or e["url"]) for e in item.new_evidence),
        )
        # Reasons quote upstream commit messages: XML 1.0 cannot hold every character in them.
        upstream = (item.context or {}).get("upstream_url", "")
        return xml_text(
            format_html(
                "<p>{}</p><p>{}</p>{}{}",
                item.reason,
                item.new_notes,
                format_html("<ul>{}</ul>", links) if links else "",
                format_html('<p><a href="{}">Upstream commit</a></p>', upstream)
                if upstream
                else "",
            )
        )

    def item_link(self, item: Revision) -> str:
        # The model page as it read right after this change: a permalink that keeps its meaning.
        url = reverse("web:model", args=[item.assessment.model.slug])
        return f"{url}?as_of={item.created_at.date().isoformat()}"

    def item_guid(self, item: Revision) -> str:
        return tag_uri("revision", item.pk)

    item_guid_is_permalink = False

    def item_pubdate(self, item: Revision):
        return item.created_at

    def item_updateddate(self, item: Revision):
        return item.created_at

    def item_author_name(self, item: Revision) -> str:
        return item.actor_label or (item.actor.get_username() if item.actor_id else "Openness")


class ModelChangesFeed(ChangesFeed):
    """Changes to one model's curated assessments."""

    def get_object(self, request, slug):
        return get_object_or_404(AIModel, slug=slug)

    def title(self, obj):
        return f"Openness: changes to {obj.name}"

    def link(self, obj):
        return reverse("web:model", args=[obj.slug])

    def items(self, obj):
        return _changes().filter(assessment__model=obj)[:FEED_LENGTH]


class OrganisationChangesFeed(ChangesFeed):
    """Changes to the curated assessments of one organisation's models."""

    def get_object(self, request, slug):
        return get_object_or_404(Organisation, slug=slug)

    def title(self, obj):
        return f"Openness: changes to models by {obj.name}"

    def link(self, obj):
        return reverse("web:organisation", args=[obj.slug])

    def items(self, obj):
        return _changes().filter(assessment__model__organisation=obj)[:FEED_LENGTH]
