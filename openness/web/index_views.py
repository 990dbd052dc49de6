"""What changed in the index: its upstream history by month, as a page and an Atom feed."""

from django.contrib.syndication.views import Feed
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_safe

from openness.assessments.osai_history.git_source import UPSTREAM_REPOSITORY
from openness.lib.feeds import XmlSafeAtom1Feed, tag_uri
from openness.lib.text import xml_text
from openness.web.caching import cached_public_page
from openness.web.rendering_index import months_html
from openness.web.selectors_index import Month, index_months


@require_safe
@cached_public_page
def index_changes(request):
    months = index_months()
    context = {
        "months": months,
        "months_html": months_html(months),
        "upstream": UPSTREAM_REPOSITORY,
    }
    return render(request, "web/index_changes.html", context)


def _movements(title: str, movements, page_url: str) -> str:
    if not movements:
        return ""
    items = format_html_join(
        "",
        "<li>{} {}</li>",
        (
            (
                m.name,
                "; ".join(xml_text(c.subject) for c in m.commits[:3]),
            )
            for m in movements
        ),
    )
    return format_html("<h3>{}</h3><ul>{}</ul>", title, items)


class IndexChangesFeed(Feed):
    """One entry per month of the index's history: who entered, left, rose and fell, and why."""

    feed_type = XmlSafeAtom1Feed
    title = "Openness: what changed in the EU Open Source AI Index"
    subtitle = "Per month: the models that entered, left, rose and fell, with the index's reasons."

    def link(self):
        return reverse("web:index-changes")

    def items(self):
        return [m for m in index_months() if m.commits or not m.quiet][:24]

    def item_title(self, item: Month) -> str:
        return xml_text(
            f"{item.key}: {len(item.entered)} entered, {len(item.left)} left, "
            f"{len(item.rose)} rose, {len(item.fell)} fell ({len(item.commits)} commits)"
        )

    def item_description(self, item: Month) -> str:
        url = self.item_link(item)
        parts = [
            _movements("Entered", item.entered, url),
            _movements("Left", item.left, url),
            _movements("Rose", item.rose, url),
            _movements("Fell", item.fell, url),
        ]
        commits = format_html_join(
            "",
            '<li><a href="{}">{}</a> {}</li>',
            ((c.url, c.sha[:7], xml_text(c.subject)) for c in item.commits[:50]),
        )
        return xml_text("".join(parts) + (f"<h3>Commits</h3><ul>{commits}</ul>" if commits else ""))

    def item_link(self, item: Month) -> str:
        return f"{reverse('web:index-changes')}#month-{item.key}"

    def item_guid(self, item: Month) -> str:
        return tag_uri("index-month", item.key)

    item_guid_is_permalink = False

    def item_pubdate(self, item: Month):
        return item.commits[-1].recorded_at if item.commits else None

    def item_updateddate(self, item: Month):
        return item.commits[-1].recorded_at if item.commits else None

    def item_author_name(self, item: Month) -> str:
        return "EU Open Source AI Index"
