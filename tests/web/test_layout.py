"""Every page type fits the screen: no sideways page scroll from a 360-wide phone to a
1440-wide desktop (a wide table scrolls inside its own box). Screenshots of each page at
each width go to $SCREENSHOTS_DIR when it is set (artefacts of a run, not committed)."""

import os
from pathlib import Path

import pytest

from openness.assessments.models import Track

from . import factories

pytestmark = pytest.mark.browser

WIDTHS = (360, 390, 768, 1024, 1280, 1440)


@pytest.fixture
def site(transactional_db):
    methodology = factories.methodology_create()
    org = factories.organisation_create(
        "An Organisation With A Rather Long Name For A Phone", slug="long-org"
    )
    levels = ["open", "partial", "closed", "not_assessed"]
    models = []
    for i in range(8):
        model = factories.model_create(
            f"Model-With-A-Long-Unbroken-Name-{i:02d}-Instruct-GGUF", org, slug=f"m{i}"
        )
        factories.assess(
            model,
            methodology,
            {c.code: levels[(i + n) % 4] for n, c in enumerate(methodology.criteria.all())},
        )
        factories.assess(
            model, methodology, "partial", track=Track.AUTOMATIC, provenance="automatic"
        )
        models.append(model)
    factories.recompute(methodology)
    return models


PAGES = (
    "/",
    "/?track=hub",
    "/models/m0/",
    "/models/m0/changes/",
    "/models/m0/share/",
    "/compare/?m=m0&m=m1&m=m2&m=m3&m=m4&m=m5",
    "/organisations/",
    "/organisations/long-org/",
    "/criteria/paper/",
    "/methodology/",
    "/data/",
    "/api/",
    "/corrections/",
    "/models/m0/corrections/",
)


def test_no_page_scrolls_sideways_at_any_width(live_server, site, chromium):
    shots = os.environ.get("SCREENSHOTS_DIR")
    overflowing = []
    for width in WIDTHS:
        page = chromium.new_page(viewport={"width": width, "height": 800})
        for path in PAGES:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            scroll, inner = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll > inner:
                overflowing.append(f"{path} at {width}px: {scroll} > {inner}")
            if shots:
                name = path.strip("/").replace("/", "_").replace("?", "_") or "ranking"
                page.screenshot(path=str(Path(shots) / f"{name}-{width}.png"), full_page=True)
        page.close()
    assert overflowing == [], "\n".join(overflowing)
