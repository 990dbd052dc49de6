"""The definition lens on the organisation, compare, criterion and as-of ranking pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openness.assessments.history import methodology_in_force, ranking_as_of
from openness.catalog.models import AIModel
from openness.lib import data_version
from openness.web import selectors_history
from openness.web.selectors_history import VERDICTS_HELD

from .test_frameworks_pages import FIVE, _load_five


@pytest.fixture
def five(db, tmp_path):
    _load_five(tmp_path)


def _order(html: str, slugs) -> list[str]:
    return sorted(slugs, key=lambda slug: html.index(f'href="/models/{slug}/'))


def test_the_organisation_page_ranks_its_models_by_the_lens(client, five):
    organisation = AIModel.objects.get(slug="olmo").organisation.slug
    html = client.get(f"/organisations/{organisation}/?lens=osaid").content.decode()
    assert 'class="verdict verdict-osaid-conforms">conforms</td>' in html
    assert 'aria-current="true">OSAID verdict</a>' in html
    assert "by the OSAID verdict (most open first), then rank" in html
    plain = client.get(f"/organisations/{organisation}/").content.decode()
    assert "verdict-osaid" not in plain
    only = client.get(f"/organisations/{organisation}/?lens=osaid&verdict=does_not_conform")
    assert "verdict-osaid-conforms" not in only.content.decode()


def test_the_compare_page_shows_both_verdicts_and_orders_columns_by_the_lens(client, five):
    html = client.get("/compare/?m=bloomz&m=olmo").content.decode()
    assert 'class="verdict verdict-mof-none">No class</td>' in html
    assert 'class="verdict verdict-osaid-does_not_conform">Does not conform</td>' in html
    assert _order(html, ["bloomz", "olmo"]) == ["bloomz", "olmo"]  # as asked
    lensed = client.get("/compare/?m=bloomz&m=olmo&lens=osaid").content.decode()
    assert _order(lensed, ["bloomz", "olmo"]) == ["olmo", "bloomz"]
    assert 'href="/compare/?m=bloomz&amp;m=olmo&amp;lens=mof"' in lensed


def test_the_criterion_page_orders_each_level_by_the_lens(client, five):
    html = client.get("/criteria/trainingcode/?lens=osaid").content.decode()
    assert "OSAID verdict: conforms" in html
    assert "OSAID verdict: does not conform" in html
    bad = client.get("/criteria/trainingcode/?lens=fsf").content.decode()
    assert "Ignored lens=&#x27;fsf&#x27;" in bad


def test_the_ranking_as_of_a_day_rebuilds_the_verdicts_under_the_lens(client, five):
    day = timezone.now().date().isoformat()
    html = client.get(f"/?as_of={day}&lens=osaid").content.decode()
    assert 'class="verdict verdict-osaid-conforms">conforms</td>' in html
    assert _order(html, FIVE)[0] == "olmo"
    only = client.get(f"/?as_of={day}&lens=osaid&verdict=conforms").content.decode()
    assert only.count('class="verdict verdict-osaid-') == 1
    plain = client.get(f"/?as_of={day}").content.decode()
    assert "verdict-osaid" not in plain and 'aria-current="true">EU index score</a>' in plain


# An organisation with more Hub models than one page: each track of its page is paged as the
# leaderboard filtered to it is, under the lens, over all of the organisation's models.


def _day_rows():
    day = timezone.now().date()
    methodology = methodology_in_force(day=day)
    return ranking_as_of(methodology=methodology, day=day), (methodology.pk, day)


def test_a_past_days_verdicts_are_held_for_its_rows_until_the_data_version_moves(five):
    rows, day_key = _day_rows()
    olmo = AIModel.objects.get(slug="olmo")
    codes = selectors_history._verdict_codes(rows, "osaid", day_key)
    assert codes[olmo.pk] == "conforms"
    assert selectors_history._verdict_codes(rows, "osaid", day_key) is codes
    # Today's declared license counts in a past day's verdict: a change of it is seen once
    # its commit moves the data version, without a restart.
    AIModel.objects.filter(pk=olmo.pk).update(license_name="Llama 3.1 Community License")
    data_version.bump()
    judged = selectors_history._verdict_codes(rows, "osaid", day_key)
    assert judged[olmo.pk] == "does_not_conform"
    # Other rows for the same day (the history moved) are judged again too.
    assert selectors_history._verdict_codes(list(rows), "osaid", day_key) is not judged


def test_the_process_holds_at_most_verdicts_held_days_of_verdicts_dropping_the_least_recent(five):
    rows, (methodology_pk, day) = _day_rows()
    selectors_history._verdicts_held.clear()
    keys = [(methodology_pk, day - timedelta(days=n)) for n in range(VERDICTS_HELD + 1)]
    for key in keys:
        selectors_history._verdict_codes(rows, "mof", key)
    assert len(selectors_history._verdicts_held) == VERDICTS_HELD
    assert (*keys[0], "mof") not in selectors_history._verdicts_held
    assert (*keys[1], "mof") in selectors_history._verdicts_held


@pytest.fixture
def hub_organisation(methodology):
    from django.core.management import call_command

    from openness.assessments.frameworks.services import framework_verdicts_recompute

    call_command("synthetic_catalog", models=120, batch=120, per_organisation=120)
    framework_verdicts_recompute(track="automatic")
    return AIModel.objects.filter(slug__startswith="synthetic-").first().organisation.slug


def _hub_pages(slug: str, lens: str, verdict: str = "") -> list[list[str]]:
    from openness.assessments.models import Track
    from openness.web import selectors

    pages, after = [], ""
    while True:
        page = selectors.organisation_page(
            slug, lens=lens, verdict=verdict, track=Track.AUTOMATIC, after=after
        )
        hub = page.tracks[1]
        pages.append([row.model.slug for row in hub.rows])
        assert hub.count == len(_verdicts(slug, lens, verdict))
        if not hub.next_cursor:
            return pages
        after = hub.next_cursor


def _verdicts(slug: str, lens: str, verdict: str = "") -> dict[str, tuple[int, int]]:
    """{model slug: (the verdict's order, the Hub rank)} of the organisation's Hub models."""
    from openness.assessments.models import FrameworkVerdict, Score, Track

    verdicts = FrameworkVerdict.objects.filter(
        model__organisation__slug=slug, track=Track.AUTOMATIC, framework=lens
    )
    if verdict:
        verdicts = verdicts.filter(verdict=verdict)
    orders = dict(verdicts.values_list("model__slug", "order"))
    ranks = dict(
        Score.objects.filter(model__slug__in=orders, track=Track.AUTOMATIC).values_list(
            "model__slug", "rank"
        )
    )
    return {slug: (orders[slug], ranks[slug]) for slug in orders}


@pytest.mark.parametrize("lens", ["mof", "osaid"])
def test_an_organisation_page_pages_all_its_hub_models_in_the_lenss_order(hub_organisation, lens):
    pages = _hub_pages(hub_organisation, lens)
    assert [len(page) for page in pages] == [50, 50, 20]
    every = [slug for page in pages for slug in page]
    known = _verdicts(hub_organisation, lens)
    assert len(set(every)) == 120 == len(known)
    # Most open verdict first, then the EU rank: the whole organisation's order, not a page's.
    assert every == sorted(known, key=lambda slug: (-known[slug][0], known[slug][1]))


def test_an_organisation_pages_verdict_filter_keeps_that_verdict_across_its_pages(
    hub_organisation,
):
    every = _verdicts(hub_organisation, "osaid")
    assert {order for order, _ in every.values()} == {0, 1}  # two verdicts among them
    for verdict in ("cannot_tell", "does_not_conform"):
        kept = [slug for page in _hub_pages(hub_organisation, "osaid", verdict) for slug in page]
        assert sorted(kept) == sorted(_verdicts(hub_organisation, "osaid", verdict))


def test_an_organisation_pages_links_page_its_hub_track_under_the_lens(client, hub_organisation):
    import re

    address = f"/organisations/{hub_organisation}/"
    html = client.get(f"{address}?lens=osaid").content.decode()
    assert "120 models" in html
    following = re.search(r'<a rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert following.startswith(f"{address}?track=hub&lens=osaid&after=")
    assert following.endswith("#t-automatic")
    pager = re.search(r'<nav class="pager" aria-label="Pages of the Hub.*?</nav>', html).group(0)
    assert "hx-get" not in pager  # plain links: the organisation page has no htmx target
    second = client.get(following.removesuffix("#t-automatic")).content.decode()
    assert 'rel="prev"' in second and "First page" in second
    first = _hub_pages(hub_organisation, "osaid")
    assert re.findall(r'href="/models/(synthetic-[^/"]+)/"', second) == first[1]
    # A page position that does not fit the lens's order is reported, and the page starts over.
    bad = client.get(f"{address}?track=hub&lens=osaid&after=nonsense").content.decode()
    assert "Ignored a page position" in bad
