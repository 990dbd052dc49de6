"""Keyset pagination: every model exactly once, forwards and backwards, whatever the sort."""

import pytest

from openness.web import selectors

from . import factories


@pytest.fixture
def seven(methodology, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
    org = factories.organisation_create()
    levels = ["open", "open", "partial", "partial", "partial", "closed", "not_assessed"]
    for i, level in enumerate(levels):
        model = factories.model_create(f"M{i}", org, downloads=[5, 5, 1, None, 9, 5, 2][i])
        factories.assess(model, methodology, {"paper": level, "licenses": "open"})
    factories.recompute(methodology)


def walk(params: dict) -> tuple[list[str], list[str]]:
    """All slugs going forward page by page, then coming back from the last page."""
    forward, pages = [], []
    page = selectors.ranking_page(params)
    while True:
        pages.append(page)
        forward += [row.model.slug for row in page.rows]
        if not page.next_cursor:
            break
        page = selectors.ranking_page({**params, "after": page.next_cursor})
    backward = [row.model.slug for row in page.rows]
    while page.previous_cursor:
        page = selectors.ranking_page({**params, "before": page.previous_cursor})
        backward = [row.model.slug for row in page.rows] + backward
    return forward, backward


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"order": "asc"},
        {"sort": "criterion:paper"},
        {"sort": "criterion:paper", "order": "asc"},
        {"sort": "group:documentation"},
        {"sort": "downloads"},
        {"sort": "downloads", "order": "asc"},
        {"sort": "name", "order": "desc"},
    ],
)
def test_paging_visits_every_model_once_in_order_both_ways(seven, params):
    forward, backward = walk(params)
    assert len(forward) == 7 and len(set(forward)) == 7
    assert backward == forward
    first_page = [row.model.slug for row in selectors.ranking_page(params).rows]
    assert forward[:3] == first_page


def test_a_cursor_that_does_not_fit_the_sort_starts_from_the_top(seven):
    page = selectors.ranking_page({"sort": "downloads", "after": "not-a-number~x"})
    assert page.rows and "from the top" in " ".join(page.query.errors)


def test_page_links_promise_a_page_not_a_number_of_rows(seven, client):
    """The last page holds one row; its link back opens a whole page, and says only that."""
    page = selectors.ranking_page({})
    while page.next_cursor:
        after = page.next_cursor
        page = selectors.ranking_page({"after": after})
    assert len(page.rows) == 1
    html = client.get("/", {"after": after}).content.decode()
    assert "Previous page" in html and "Next page" not in html
    assert "Previous 1" not in html
    html = client.get("/").content.decode()
    assert "Next page" in html and "Previous page" not in html
