"""The definition lens in a real browser: the model pages of OLMo, Llama 3.1, Mistral, BLOOMZ
and DeepSeek-R1 and the ranking under each lens, at a phone's and a desktop's width, and the
lens changed through htmx. Screenshots go to $SCREENSHOTS_DIR when it is set (artefacts of a
run, not committed), as in test_layout."""

import os
from pathlib import Path

import pytest

from .test_frameworks_pages import FIVE, _load_five

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)  # a phone, a desktop
OSAID = {slug: "conforms" if slug == "olmo" else "does not conform" for slug in FIVE}


def _shot(page, name: str) -> None:
    shots = os.environ.get("SCREENSHOTS_DIR")
    if shots:
        page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)


def _fits(page) -> bool:
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return scroll <= inner


def test_the_five_models_and_the_ranking_under_each_lens(
    live_server, transactional_db, tmp_path, chromium
):
    _load_five(tmp_path)
    problems: list[str] = []
    for width in WIDTHS:
        page = chromium.new_page(viewport={"width": width, "height": 900})
        page.on("pageerror", lambda error: problems.append(str(error)))
        for slug in FIVE:
            for lens in ("eu", "mof", "osaid"):
                response = page.goto(f"{live_server.url}/models/{slug}/?lens={lens}")
                assert response.status == 200
                standing = page.locator(".model-lens .lens-verdicts").inner_text()
                expected = {
                    "eu": "EU index score: ",
                    "mof": "MOF class: No class",
                    "osaid": f"OSAID verdict: {OSAID[slug]}",
                }[lens]
                assert expected in standing, (slug, lens, standing)
                current = page.locator('.model-lens a[aria-current="true"]').inner_text()
                assert current == {"eu": "EU index score", "mof": "MOF class"}.get(
                    lens, "OSAID verdict"
                )
                if not _fits(page):
                    problems.append(f"/models/{slug}/?lens={lens} scrolls sideways at {width}")
                _shot(page, f"lens-model-{slug}-{lens}-{width}")
        for lens in ("eu", "mof", "osaid"):
            page.goto(f"{live_server.url}/?lens={lens}")
            rows = page.locator("table.ranking-table tbody tr")
            assert rows.count() == 5
            first = rows.first.locator("th a").get_attribute("href")
            if lens == "osaid":
                assert first == "/models/olmo/"
                assert rows.first.locator("td.verdict").inner_text() == "conforms"
            if lens == "eu":
                assert page.locator("td.verdict").count() == 0
            assert page.locator("#f-lens").input_value() == lens
            if not _fits(page):
                problems.append(f"/?lens={lens} scrolls sideways at {width}")
            _shot(page, f"lens-ranking-{lens}-{width}")
        page.close()
    assert not problems, problems


def test_choosing_a_lens_updates_the_ranking_in_place_and_the_address(
    live_server, transactional_db, tmp_path, chromium
):
    _load_five(tmp_path)
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/")
    page.select_option("#f-lens", "osaid")
    page.wait_for_url("**/?lens=osaid")
    page.wait_for_selector("#f-verdict")
    first = page.locator("table.ranking-table tbody tr").first
    assert first.locator("th a").get_attribute("href") == "/models/olmo/"
    page.select_option("#f-verdict", "conforms")
    page.wait_for_url("**/?lens=osaid&verdict=conforms")
    assert page.locator("table.ranking-table tbody tr").count() == 1
    _shot(page, "lens-ranking-htmx-osaid-conforms-1280")
    page.close()


def test_an_organisations_hub_models_are_paged_under_the_lens(
    live_server, transactional_db, chromium
):
    from django.core.management import call_command

    from openness.assessments.frameworks.services import framework_verdicts_recompute
    from openness.assessments.models import FrameworkVerdict, Track

    from . import factories

    factories.methodology_create()
    call_command("synthetic_catalog", models=120, batch=120, per_organisation=120)
    framework_verdicts_recompute(track="automatic")
    verdicts = FrameworkVerdict.objects.filter(framework="osaid", track=Track.AUTOMATIC)
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/organisations/synthetic-org-1/?lens=osaid")
    rows = "#t-automatic ~ .table-scroll tbody tr"
    seen = []
    while True:
        links = page.locator(f"{rows} th a").evaluate_all("a => a.map(x => x.textContent)")
        seen += links
        following = page.locator('#t-automatic ~ nav.pager a[rel="next"]')
        if not following.count():
            break
        following.click()
        page.wait_for_url("**after=*#t-automatic")
        assert page.locator(rows).first.is_visible()
    assert len(seen) == len(set(seen)) == 120 == verdicts.count()
    _shot(page, "organisation-hub-paged-osaid-1280")
    page.close()
