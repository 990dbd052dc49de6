"""The Atom feed of decided community corrections, newest decision first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from openness.corrections import selectors
from openness.corrections.models import Correction
from openness.lib.feeds import XmlSafeAtom1Feed, tag_uri

FEED_LENGTH = 50


class DecidedCorrectionsFeed(Feed):
    """Every decision on a community correction: accepted, rejected or reverted."""

    feed_type = XmlSafeAtom1Feed
    title = "Openness: decided corrections"
    subtitle = "Community corrections that moderators accepted, rejected or reverted, with why."

    def link(self):
        return reverse("corrections:public")

    def items(self):
        return selectors.public_record(size=FEED_LENGTH).corrections

    def item_title(self, item: Correction) -> str:
        return (
            f"{item.model.name}: {item.criterion.title} → {item.get_proposed_level_display()} "
            f"({item.get_status_display().lower()})"
        )

    def item_description(self, item: Correction) -> str:
        links = format_html_join(
            "", '<li><a href="{}">{}</a></li>', ((url, url) for url in item.evidence_urls)
        )
        # What the public record on the model's page shows: the decision and its reason.
        return format_html(
            "<p>{}{}</p>{}",
            item.get_status_display(),
            f": {item.decision_note}" if item.decision_note else "",
            format_html("<ul>{}</ul>", links) if links else "",
        )

    def item_link(self, item: Correction) -> str:
        return reverse("corrections:record", args=[item.model.slug])

    def item_guid(self, item: Correction) -> str:
        return tag_uri("correction", item.pk, item.status)

    item_guid_is_permalink = False

    def item_pubdate(self, item: Correction):
        return item.decided_at

    def item_updateddate(self, item: Correction):
        return item.decided_at

    def item_author_name(self, item: Correction) -> str:
        return item.public_name()
