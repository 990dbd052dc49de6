"""In a browser, at a phone's and a desktop's width, with htmx and without JavaScript: the
search forgives, the organisation filter takes a name with suggestions, the ticks for
comparison survive a search and a filter, and the compare page finds models by name.
Screenshots go to $SCREENSHOTS_DIR when it is set (artefacts of a run, not committed)."""

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from . import factories, search_data

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)


@pytest.fixture
def site(transactional_db):
    return search_data.catalog_create(factories.methodology_create())


def _shot(page, name: str, width: int) -> None:
    shots = os.environ.get("SCREENSHOTS_DIR")
    if shots:
        page.screenshot(path=str(Path(shots) / f"search-{name}-{width}.png"), full_page=True)


def _ticked(page) -> set[str]:
    return set(parse_qs(urlsplit(page.url).query).get("m", []))


def _wait_ticked(page, expected: set[str]) -> None:
    """Wait until the address holds exactly these ticks (htmx pushes it after the swap)."""
    page.wait_for_function(
        "wanted => { const m = new URLSearchParams(location.search).getAll('m');"
        " return m.length === wanted.length && wanted.every(w => m.includes(w)); }",
        arg=sorted(expected),
    )


def _rows(page) -> list[str]:
    return page.eval_on_selector_all(
        "#results input[type=checkbox][name=m]", "boxes => boxes.map(b => b.value)"
    )


def _unfold_filters(page) -> None:
    """On a phone the filters are folded into a disclosure (the search stays outside it)."""
    if not page.is_visible("#f-org"):
        page.locator(".filters-more > summary").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_with_htmx_the_ticks_survive_search_and_filters_then_compare(
    live_server, site, chromium, width
):
    page = chromium.new_page(viewport={"width": width, "height": 900})
    page.goto(live_server.url + "/?track=hub")
    page.check("#cmp-llama-31")
    _wait_ticked(page, {"llama-31"})
    page.check("#cmp-allenai-olmo-2-1124-7b")
    _wait_ticked(page, {"llama-31", "allenai-olmo-2-1124-7b"})
    # A forgiving search: "llama3" finds Meta's Llama 3 models; both ticks stay.
    with page.expect_response(lambda r: "q=llama3" in r.url):
        page.fill("#q", "llama3")
    page.wait_for_function("() => location.search.includes('q=llama3')")
    assert set(_rows(page)) == {
        "llama-31",
        "meta-llama-meta-llama-3-8b-instruct",
        "quantfactory-meta-llama-3-8b-instruct-gguf",
    }
    assert page.is_checked("#cmp-llama-31")
    assert _ticked(page) == {"llama-31", "allenai-olmo-2-1124-7b"}
    assert "OLMo-2-1124-7B" in page.inner_text("#compare-choice")
    # The organisation by name, with the curated organisations as suggestions.
    options = page.eval_on_selector_all("#organisation-names option", "o => o.map(x => x.value)")
    assert {"Meta", "Ai2", "Mistral AI"} <= set(options)
    _unfold_filters(page)
    with page.expect_response(lambda r: "org=" in r.url):
        page.fill("#f-org", "Meta")
        page.dispatch_event("#f-org", "change")
    page.wait_for_function("() => location.search.includes('org=meta')")
    assert set(_rows(page)) == {"llama-31", "meta-llama-meta-llama-3-8b-instruct"}
    assert _ticked(page) == {"llama-31", "allenai-olmo-2-1124-7b"}
    _shot(page, "ranking-ticks-htmx", width)
    page.click("#compare-choice button")
    page.wait_for_url("**/compare/**")
    assert _ticked(page) == {"llama-31", "allenai-olmo-2-1124-7b"}
    assert page.locator(".compare-table").is_visible()
    # The finder: matches follow the typing, closest name first, each with an Add link.
    with page.expect_response(lambda r: "find=" in r.url):
        page.fill("#find", "mistral 7b")
    page.wait_for_selector("#find-results li")
    assert page.inner_text("#find-results li >> nth=0").startswith("Mistral-7B-v0.1")
    _shot(page, "compare-finder-htmx", width)
    page.click("#find-results li >> nth=0 >> a.add")
    page.wait_for_function("() => location.search.includes('mistralai-mistral-7b-v0-1')")
    assert page.locator(".compare-table thead th").count() == 4  # criterion + three models
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_the_same_works_as_plain_forms_and_links(
    live_server, site, chromium, width
):
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto(live_server.url + "/?track=hub&q=LLaMA-3")
    assert "meta-llama-meta-llama-3-8b-instruct" in _rows(page)
    page.check("#cmp-llama-31")
    page.check("#cmp-meta-llama-meta-llama-3-8b-instruct")
    page.click("#filters button[type=submit]")  # Apply: the ticks go into the address
    assert _ticked(page) == {"llama-31", "meta-llama-meta-llama-3-8b-instruct"}
    page.fill("#q", "")
    _unfold_filters(page)
    page.fill("#f-org", "Mistral AI")
    page.click("#filters button[type=submit]")
    assert set(_rows(page)) == {"mistralai-mistral-7b-instruct-v0-1", "mistralai-mistral-7b-v0-1"}
    assert _ticked(page) == {"llama-31", "meta-llama-meta-llama-3-8b-instruct"}
    page.check("#cmp-mistralai-mistral-7b-v0-1")
    _shot(page, "ranking-ticks-nojs", width)
    page.click("#compare-choice button")
    assert urlsplit(page.url).path == "/compare/"
    assert _ticked(page) == {
        "llama-31",
        "meta-llama-meta-llama-3-8b-instruct",
        "mistralai-mistral-7b-v0-1",
    }
    page.fill("#find", "olmo 2")
    page.click(".compare-find button[type=submit]")
    assert "OLMo-2-1124-7B" in page.inner_text("#find-results")
    _shot(page, "compare-finder-nojs", width)
    page.click("#find-results a.add")
    assert "allenai-olmo-2-1124-7b" in _ticked(page)
    page.goto(live_server.url + "/organisations/allenai/")
    assert urlsplit(page.url).path == "/organisations/ai2/"
    assert "OLMo-2-1124-7B" in page.inner_text("main")
    _shot(page, "organisation-merged", width)
    context.close()
