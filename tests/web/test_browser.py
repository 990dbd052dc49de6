"""The leaderboard in headless Chromium: htmx updates the table in place and keeps the URL."""

import pytest

from . import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(chromium):
    """A page that records JavaScript errors, console errors and warnings (CSP violations)."""
    page = chromium.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            message.type in ("error", "warning")
            and problems.append(f"console {message.type}: {message.text}")
        ),
    )
    page.problems = problems
    return page


@pytest.fixture
def catalog(transactional_db):
    methodology = factories.methodology_create()
    names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]
    for i in range(60):
        org = factories.organisation_create(f"Org {names[i % 6]}")
        model = factories.model_create(
            f"{names[i % 6]} {i:02d}", org, model_types=["code"] if i % 6 == 0 else ["text"]
        )
        levels = ["open", "partial", "closed"]
        factories.assess(
            model,
            methodology,
            {c.code: levels[(i + n) % 3] for n, c in enumerate(methodology.criteria.all())},
        )
    factories.recompute(methodology)
    return methodology


def first_row_name(page) -> str:
    return page.locator("#results tbody tr th").first.inner_text()


def rank_cells(page) -> list[str]:
    return page.locator("#results tbody tr td.num:nth-child(2)").all_inner_texts()


def test_filter_sort_page_and_search_update_the_table_through_htmx(
    live_server, catalog, browser_page
):
    page = browser_page
    page.goto(live_server.url + "/")
    assert page.locator("#results tbody tr").count() == 50
    # A marker in the window survives htmx swaps and vanishes on a full page load.
    page.evaluate("window.__notReloaded = true")

    page.fill("#q", "alpha")
    page.wait_for_url("**/?q=alpha")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 10")
    assert all("Alpha" in n for n in page.locator("#results tbody th").all_inner_texts())
    assert page.evaluate("window.__notReloaded") is True

    page.fill("#q", "")
    page.wait_for_url(live_server.url + "/")
    page.select_option("#f-type", "code")
    page.wait_for_url("**/?model_type=code")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 10")

    page.select_option("#f-type", "")
    page.wait_for_url(live_server.url + "/")
    page.click("#results thead a:text-is('Model')")
    page.wait_for_url("**/?sort=name&order=asc")
    page.wait_for_function("document.querySelector('#results tbody th').innerText === 'Alpha 00'")
    assert page.locator("#f-sort").input_value() == "name"  # the form follows the header link

    page.click("#results thead a:text-is('Rank')")
    page.wait_for_url(live_server.url + "/")
    page.click("#results thead a:text-is('Rank')")
    page.wait_for_url("**/?sort=total&order=asc")
    page.wait_for_function(
        "document.querySelector('#results tbody td.num:nth-child(2)').innerText === '60'"
    )
    page.click("#results thead a:text-is('Rank')")
    page.wait_for_url(live_server.url + "/")
    page.wait_for_function(
        "document.querySelector('#results tbody td.num:nth-child(2)').innerText === '1'"
    )

    page.click("a[rel=next]")
    page.wait_for_url("**/?after=50")
    page.wait_for_function(
        "document.querySelector('#results tbody td.num:nth-child(2)').innerText === '51'"
    )
    assert rank_cells(page)[-1] == "60"
    assert page.evaluate("window.__notReloaded") is True

    # Back restores the previous view, and a reload of any view renders the same table.
    page.go_back()
    page.wait_for_url(live_server.url + "/")
    page.wait_for_function(
        "document.querySelector('#results tbody td.num:nth-child(2)').innerText === '1'"
    )
    page.go_forward()
    page.wait_for_url("**/?after=50")
    page.reload()
    assert rank_cells(page)[0] == "51"
    assert page.evaluate("window.__notReloaded") is None

    assert page.problems == []


def test_a_reloaded_search_and_the_other_pages_have_no_console_errors(
    live_server, catalog, browser_page
):
    page = browser_page
    page.goto(live_server.url + "/?q=bravo&sort=name&order=desc")
    assert first_row_name(page) == "Bravo 55"
    page.click("a[href^='/models/']")
    page.wait_for_selector("h1")
    assert page.locator("article.criterion").count() == 12
    for path in ("/methodology/", "/compare/?m=x", "/?track=hub", "/criteria/paper/"):
        page.goto(live_server.url + path)
    assert page.problems == []
    page.goto(live_server.url + "/no-such-page/")
    assert page.locator("h1").inner_text() == "Page not found"
    # Chromium reports the 404 status itself, and nothing else.
    assert all("404" in problem for problem in page.problems)
