"""Honest Hub scores in headless Chromium (Debian's), at a phone's and a desktop's width: the
Hub leaderboard shows each range and its coverage and filters by coverage through htmx; a Hub
model page says why each criterion is not assessed and takes a request for assessment.

Screenshots go to a temporary directory (printed; never committed), taken with the caret left
as it is: hiding it would inject a style, which the site's CSP refuses (and reports)."""

import tempfile
from pathlib import Path

import pytest

from openness.crawl.models import HubRepo

from . import factories, honest_data

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.mkdtemp(prefix="openness-honest-shots-"))


@pytest.fixture
def hub(transactional_db):
    return honest_data.build(factories.methodology_create())


@pytest.mark.parametrize("width", [390, 1280])
def test_a_hub_model_page_and_the_hub_leaderboard_show_coverage_and_why(
    live_server, chromium, hub, width
):
    page = chromium.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            message.type in ("error", "warning")
            and "favicon" not in (message.location or {}).get("url", "")
            and problems.append(f"{page.url}: console {message.type}: {message.text[:120]}")
        ),
    )

    # The Hub leaderboard: ranked by the lower end, each range and its coverage shown.
    page.goto(f"{live_server.url}/?track=hub")
    assert page.locator("#ranking-rule").is_visible()
    assert "ranked by the lower end" in page.locator("#ranking-rule").inner_text()
    rows = page.locator("#results tbody tr")
    assert rows.count() == 3
    first = rows.first
    assert first.locator("th").inner_text() == "OLMo"
    assert first.locator("td.total").inner_text() == "45.8\u201387.5"
    assert first.locator("td.coverage").inner_text() == "7 of 12"
    heading = page.locator("#results thead th", has_text="Assessed")
    assert heading.locator("a").get_attribute("title") == "Criteria assessed, of those that apply"
    # No page scrolls sideways: the table scrolls inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=SHOTS / f"hub-leaderboard-{width}.png", full_page=True, caret="initial")

    # The minimum-coverage filter: htmx swaps the table in place and the address keeps it.
    page.evaluate("window.__kept = true")
    if width < 768:  # on a phone the filters are folded into a disclosure
        page.locator(".filters-more > summary").click()
    page.get_by_label("Criteria assessed").select_option("75")
    page.wait_for_url("**min_coverage=75**")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")
    assert page.evaluate("window.__kept === true")  # no full page load
    assert rows.first.locator("th").inner_text() == "Mistral-7B-v0.1"
    assert rows.first.locator("td.coverage").inner_text() == "9 of 12"
    page.screenshot(
        path=SHOTS / f"hub-leaderboard-min75-{width}.png", full_page=True, caret="initial"
    )
    # The same address without JavaScript: a complete page with the same rows.
    page.reload()
    assert page.get_by_label("Criteria assessed").input_value() == "75"
    assert rows.count() == 1

    # A Hub model page: the range, the coverage, and why each criterion is not assessed.
    page.goto(f"{live_server.url}/models/tiny-llama/")
    card = page.locator(".score-card", has_text="Hub catalog (automatic)")
    assert "8.3" in card.locator(".big-score").inner_text()
    assert "91.7" in card.locator(".big-score").inner_text()
    assert "2 of 12 applicable criteria assessed" in card.inner_text()
    modelcard = page.locator("#c-modelcard")
    why = modelcard.locator("p.why")
    assert why.is_visible()
    assert "Below the enrichment threshold" in why.inner_text()
    assert "12 downloads, fewer than the 10,000" in why.inner_text()
    paper = page.locator("#c-paper p.why")  # paper@1 reads the card and the paper records
    assert "Below the enrichment threshold" in paper.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    modelcard.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"hub-model-{width}.png", full_page=True, caret="initial")

    # Request assessment from the criterion, confirm, and the page then says it is waiting.
    why.get_by_role("link", name="Request assessment of Modelcard").click()
    page.wait_for_url("**/models/tiny-llama/request-assessment/?criterion=modelcard")
    page.get_by_role("button", name="Request assessment of tiny-llama-<x>").click()
    outcome = page.locator("#request-outcome")
    assert "the request is queued" in outcome.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=SHOTS / f"hub-request-{width}.png", full_page=True, caret="initial")
    assert HubRepo.objects.get(repo_id="somebody/tiny-llama").enrich_requested_at is not None
    page.goto(f"{live_server.url}/models/tiny-llama/")
    assert "Assessment requested" in page.locator("#c-modelcard p.why").inner_text()

    assert problems == []
    print(f"screenshots in {SHOTS}")
