"""The models a reader ticks in the ranking to compare, kept in the address.

The ticks are parameters of the ranking's own address (m=slug, repeated: RankingQuery.compare),
so a search, a filter, a sort or another page keeps them, with htmx or without, and a chosen
set can be linked. This panel sits in the results: the chosen models by name, each with a
link that takes it out, the ticks of models not on this page as hidden fields of the filter
form, and the button that opens the comparison (the ranking redirects it to /compare/).
"""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from openness.web.ranking import COMPARE_MAX, RankingQuery


def chosen_panel_html(
    query: RankingQuery, chosen: list[tuple[str, str]], on_page: set[str]
) -> SafeString:
    """The panel for the chosen models [(slug, name)], in the order they were ticked."""
    path = reverse("web:ranking")
    model_url = reverse("web:model", args=["slug"]).removesuffix("slug/")
    carried = format_html_join(
        "",
        '<input type="hidden" name="m" value="{}" form="filters">',
        ((slug,) for slug, _ in chosen if slug not in on_page),
    )
    items = format_html_join(
        "",
        '<li><a href="{}{}/">{}</a> <a class="remove" href="{}" hx-get="{}">'
        'Remove<span class="visually-hidden"> {} from the comparison</span></a></li>',
        (
            (model_url, slug, name, url, url, name)
            for slug, name in chosen
            for url in [query.url(path, compare=tuple(s for s, _ in chosen if s != slug))]
        ),
    )
    if chosen:
        heading = format_html(
            '<p id="compare-chosen-heading">Chosen to compare ({} of at most {}):</p>'
            '<ul class="compare-chosen" aria-labelledby="compare-chosen-heading">{}</ul>',
            len(chosen),
            COMPARE_MAX,
            items,
        )
    else:
        heading = format_html(
            '<p class="compare-hint">{}</p>', "Tick 2 to 6 models in the table to compare them."
        )
    # Without JavaScript the button submits the filter form, ticks and all, with compare=1;
    # with htmx its own request carries the same (a submit through the form's htmx request
    # would not say which button sent it), and the answer is a redirect to /compare/.
    return format_html(
        '<div id="compare-choice" class="compare-choice">{}{}'
        '<p><button type="submit" form="filters" name="compare" value="1" '
        'hx-get="{}?compare=1" hx-include="#filters">'
        'Compare the ticked models</button><span class="wide-only"> criterion by criterion; '
        "the ticks stay while you search, filter and page.</span></p></div>",
        carried,
        heading,
        path,
    )
