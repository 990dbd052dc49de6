"""axe-core finds no accessibility violation on any page type, on a 390-wide phone and a
1280-wide desktop. axe-core is the npm package the project's package-lock.json pins
(`npm ci` installs it; .ci/run does), injected into each page as a script file by Playwright:
the pages themselves stay CSP-clean."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from .page_types import PAGES

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (390, 1280)
# Every WCAG 2.x A and AA rule, and axe's best practices.
RUN_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture
def axe_source():
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing: .ci/run must install it with `npm ci`")
        pytest.skip("axe-core is not installed: run `npm ci` in the checkout")
    return AXE.read_text()


def violations_on(page, axe_source: str) -> list[str]:
    """axe-core's violations on the page, one line each: rule, impact and the elements."""
    # Evaluated as a function body, not added as a <script>: the page's CSP would refuse it.
    page.evaluate(f"() => {{ {axe_source}\n;window.__axe = axe; }}")
    results = page.evaluate("options => window.__axe.run(document, options)", RUN_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + json.dumps([node["target"] for node in v["nodes"][:5]])
        for v in results["violations"]
    ]


def test_no_page_type_has_an_axe_violation_on_a_phone_or_a_desktop(
    live_server, page_types_site, chromium, axe_source
):
    found = []
    for width in WIDTHS:
        page = chromium.new_page(viewport={"width": width, "height": 844 if width < 500 else 900})
        for path in PAGES:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            found.extend(f"{path} at {width}px: {line}" for line in violations_on(page, axe_source))
        page.close()
    assert found == [], "\n".join(found)
