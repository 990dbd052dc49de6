"""The ranking and a model page on a 390-wide phone and a 1280-wide desktop, in Debian's
Chromium: on a phone each model is a card (rank, name, organisation, total with its coverage,
a line of levels per group) under a folded filter form, so that the first model shows on the
first screen; on a desktop the table scrolls in its own box with the model column in view; a
model page starts with its criteria by group in both tracks. Screenshots go to
$SCREENSHOTS_DIR when it is set (artefacts of a run, not committed)."""

import os
from pathlib import Path

import pytest

from openness.assessments.models import Track

from . import factories

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def shot(page, name: str) -> None:
    shots = os.environ.get("SCREENSHOTS_DIR")
    if shots:
        page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True, caret="initial")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def ranked(transactional_db):
    """Six curated models of mixed levels and types; the first is also on the Hub track with
    7 of 12 criteria assessed (a range 45.8-87.5)."""
    methodology = factories.methodology_create()
    org = factories.organisation_create("Allen Institute for AI", slug="ai2")
    levels = ["open", "partial", "closed", "open", "open", "partial"]
    models = []
    for i in range(6):
        model = factories.model_create(
            f"Model {i}", org, slug=f"m{i}", model_types=["code" if i % 2 else "text"]
        )
        factories.assess(
            model,
            methodology,
            {c.code: levels[(i + n) % 6] for n, c in enumerate(methodology.criteria.all())},
        )
        models.append(model)
    codes = [c.code for c in methodology.criteria.all()]
    hub_levels = dict(zip(codes[:7], ["open"] * 4 + ["partial"] * 3, strict=True))
    factories.assess(
        models[0], methodology, hub_levels, track=Track.AUTOMATIC, provenance="automatic"
    )
    factories.recompute(methodology)
    return models


def test_on_a_phone_each_model_is_a_card_below_a_folded_filter_form(live_server, chromium, ranked):
    page = chromium.new_page(viewport=PHONE)
    page.goto(live_server.url + "/")
    disclosure = page.locator("details.filters-more")
    summary = disclosure.locator("> summary")
    assert summary.inner_text() == "Filters and sort · none active"
    assert not page.locator("#f-type").is_visible()  # folded, but in the form
    assert page.locator("#results thead").is_hidden()
    card = page.locator("#results tbody tr").first
    box = card.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], "the first card is below the fold"
    assert box["width"] <= PHONE["width"] - 30
    assert card.locator(".rank").inner_text().endswith("1")
    assert card.locator("th").inner_text() == ranked[0].name or card.locator("th").is_visible()
    assert card.locator(".col-org").inner_text() == "Allen Institute for AI"
    assert card.locator(".total").is_visible()
    # One line per group: its name and score, then its criteria's letters in order.
    groups = card.locator("td.group")
    assert [groups.nth(i).inner_text().split()[0] for i in range(3)] == [
        "Availability",
        "Documentation",
        "Access",
    ]
    marks = card.locator("td.crit")
    assert marks.count() == 12
    lines = {round(marks.nth(i).bounding_box()["y"]) for i in range(12)}
    assert len(lines) == 3
    first_mark = marks.first.locator(".mark")
    assert first_mark.get_attribute("title") == "Base Model Data: Open"
    assert first_mark.locator(".visually-hidden").inner_text() == "Base Model Data: Open"
    assert card.locator(".date").is_hidden()
    assert no_sideways_scroll(page)
    shot(page, "responsive-ranking-phone")

    # Filter through the disclosure: htmx swaps the cards in place, the summary counts the
    # filter, and the address keeps it.
    page.evaluate("window.__kept = true")
    summary.click()
    page.select_option("#f-type", "code")
    page.wait_for_url("**model_type=code**")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 3")
    assert page.evaluate("window.__kept === true")
    assert page.locator("#filters-active").inner_text() == " · 1 active"
    assert page.locator("#filters-active").count() == 1
    shot(page, "responsive-ranking-phone-filtered")
    # The same address without JavaScript: the count is in the page as served.
    page.reload()
    assert "1 active" in page.locator(".filters-more > summary").inner_text()
    assert page.locator("#results tbody tr").count() == 3


def test_on_a_phone_the_hub_card_shows_the_range_and_coverage(live_server, chromium, ranked):
    page = chromium.new_page(viewport=PHONE)
    page.goto(live_server.url + "/?track=hub")
    card = page.locator("#results tbody tr").first
    assert card.locator(".total").inner_text() == "45.8\u201387.5"
    assert card.locator(".coverage").inner_text() == "7 of 12"
    after = page.evaluate(
        "getComputedStyle(document.querySelector('#results td.coverage'), '::after').content"
    )
    assert after == '" assessed"'
    # The rule is one sentence with its explanation folded: the first model's name and score
    # show on the first screen.
    total = card.locator(".total").bounding_box()
    assert total["y"] + total["height"] <= PHONE["height"], "the first score is below the fold"
    assert "ranked by the lower end" in page.locator("#ranking-rule > summary").inner_text()
    assert no_sideways_scroll(page)
    shot(page, "responsive-ranking-hub-phone")


def test_an_organisation_page_lists_its_models_as_cards_on_a_phone(live_server, chromium, ranked):
    page = chromium.new_page(viewport=PHONE)
    page.goto(live_server.url + "/organisations/ai2/")
    cards = page.locator("section", has_text="In the curated index").locator("tbody tr")
    assert cards.count() == 6
    assert cards.first.locator("td.crit").count() == 12
    assert page.locator("table thead").first.is_hidden()
    assert no_sideways_scroll(page)
    shot(page, "responsive-organisation-phone")


def test_on_a_desktop_the_table_scrolls_in_its_box_with_the_model_column_in_view(
    live_server, chromium, ranked
):
    page = chromium.new_page(viewport={"width": 1024, "height": 900})
    page.goto(live_server.url + "/")
    assert page.locator("#f-type").is_visible()  # the form is unfolded
    assert page.locator(".filters-more > summary").is_hidden()
    assert page.locator("#results thead").is_visible()
    box = page.locator(".table-scroll").first
    width, scroll_width = box.evaluate("b => [b.clientWidth, b.scrollWidth]")
    assert scroll_width > width  # the table is wider than its box...
    assert no_sideways_scroll(page)  # ...and only the box scrolls
    assert page.locator(".scroll-hint").is_visible()
    name = page.locator("#results tbody th").first
    before = name.bounding_box()["x"]
    box.evaluate("b => { b.scrollLeft = 400; }")
    page.wait_for_function("document.querySelector('.table-scroll').scrollLeft > 0")
    assert name.bounding_box()["x"] == pytest.approx(box.bounding_box()["x"] + 1, abs=2)
    assert name.bounding_box()["x"] <= before
    assert name.is_visible()
    shot(page, "responsive-ranking-desktop-scrolled")


def test_a_model_page_starts_with_its_criteria_by_group_in_both_tracks(
    live_server, chromium, ranked
):
    for viewport in (PHONE, DESKTOP, {"width": 360, "height": 780}):
        page = chromium.new_page(viewport=viewport)
        page.goto(live_server.url + "/models/m0/")
        tiles = page.locator(".glance-tile")
        assert tiles.count() == 12
        groups = page.locator(".glance-group h3")
        assert groups.nth(0).inner_text().startswith("Availability")
        assert "curated" in groups.nth(0).inner_text()
        assert "automatic" in groups.nth(0).inner_text()
        first = tiles.first
        assert first.locator(".glance-name").inner_text() == "Base Model Data"
        levels = first.locator(".glance-level")
        assert [" ".join(levels.nth(i).inner_text().split()) for i in range(2)] == [
            "Curated Open",
            "Automatic Open",
        ]
        # Score and rank come first, then the picture, then the evidence.
        cards = page.locator(".score-card")
        assert cards.count() == 2
        assert "Rank 1" in cards.first.inner_text()
        assert "7 of 12" in cards.nth(1).inner_text()
        picture_top = page.locator(".glance-groups").bounding_box()["y"]
        evidence_top = page.locator("#criteria-heading").bounding_box()["y"]
        assert picture_top < evidence_top
        if viewport is DESKTOP:
            assert picture_top < viewport["height"]
        first.locator("a").click()
        page.wait_for_url("**#c-datasources_basemodel")
        assert page.locator("#c-datasources_basemodel").is_visible()
        assert no_sideways_scroll(page)
        page.goto(live_server.url + "/models/m0/")
        shot(page, f"responsive-model-{viewport['width']}")
        page.close()


def test_the_ranking_as_of_a_day_is_cards_on_a_phone_and_filters_in_place(
    live_server, chromium, ranked
):
    from datetime import UTC, datetime

    today = datetime.now(UTC).date().isoformat()
    page = chromium.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/?as_of={today}")
    assert page.locator(".filters-more > summary").inner_text() == "Filters · none active"
    assert not page.locator("#f-type").is_visible()  # folded, but in the form
    assert page.locator("#results thead").is_hidden()
    card = page.locator("#results tbody tr").first
    assert card.locator(".rank").inner_text().endswith("1")
    assert card.locator("th a").get_attribute("href").endswith(f"/?as_of={today}")
    assert card.locator(".col-org").inner_text() == "Allen Institute for AI"
    assert card.locator(".total").is_visible()
    marks = card.locator("td.crit")
    assert marks.count() == 12
    assert len({round(marks.nth(i).bounding_box()["y"]) for i in range(12)}) == 3
    assert card.bounding_box()["width"] <= PHONE["width"] - 30
    assert no_sideways_scroll(page)
    shot(page, "responsive-ranking-as-of-phone")

    # The search filters the day's cards in place; the address keeps the day and the search.
    page.evaluate("window.__kept = true")
    page.fill("#q", "model 3")
    page.wait_for_url("**q=model+3**")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")
    assert page.evaluate("window.__kept === true")
    assert f"as_of={today}" in page.url
    assert page.locator("#results tbody th").inner_text() == "Model 3"
    # The day's own form (a whole page for another day) keeps the search the swap brought.
    assert page.locator("#day-filters input[name=q]").get_attribute("value") == "model 3"
    page.locator("#as-of").focus()  # leaving the search sends its change: let it land first
    page.wait_for_load_state("networkidle")
    with page.expect_navigation(wait_until="load"):
        page.locator("form.date-range button").click()
    assert page.evaluate("window.__kept === undefined")  # a page load, not a swap
    assert page.locator("#q").input_value() == "model 3"
    assert page.locator("#results tbody tr").count() == 1
    page.locator(".filters-more > summary").click()
    page.select_option("#f-type", "text")
    page.wait_for_url("**model_type=text**")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 0")
    assert page.locator("#filters-active").inner_text() == " · 1 active"
    # The same address without JavaScript.
    page.reload()
    assert "No model of that day matches these filters" in page.locator("#results").inner_text()
    page.close()

    desktop = chromium.new_page(viewport=DESKTOP)
    desktop.goto(f"{live_server.url}/?as_of={today}&lens=osaid&license=osi")
    assert desktop.locator("#results thead").is_visible()
    assert desktop.locator("#results tbody tr").count() == 6
    notice = desktop.locator("#results").inner_text()
    assert "Not applied to a past day: the license class" in notice
    assert desktop.locator("#results thead th.verdict").inner_text() == "OSAID verdict"
    assert no_sideways_scroll(desktop)
    shot(desktop, "responsive-ranking-as-of-desktop")
    desktop.close()
