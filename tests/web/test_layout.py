"""Every page type fits the screen: no sideways page scroll from a 360-wide phone to a
1440-wide desktop (a wide table scrolls inside its own box). Screenshots of each page at
each width go to $SCREENSHOTS_DIR when it is set (artefacts of a run, not committed)."""

import os
from pathlib import Path

import pytest

from .page_types import PAGES

pytestmark = pytest.mark.browser

WIDTHS = (360, 390, 768, 1024, 1280, 1440)


def test_no_page_scrolls_sideways_at_any_width(live_server, page_types_site, chromium):
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
