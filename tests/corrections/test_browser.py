"""The whole flow once in a real browser: Debian's Chromium driven by Playwright."""

import pytest

from openness.assessments.models import Assessment, Score
from openness.corrections.models import Correction

from .factories import make_moderator, make_ranked_world

pytestmark = pytest.mark.browser


def _watch_errors(page) -> list[str]:
    errors: list[str] = []
    # A missing favicon is the only request allowed to fail.
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and "favicon" not in (m.location or {}).get("url", "")
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_submit_then_moderate_then_see_it_in_the_record(live_server, chromium):
    world = make_ranked_world()
    moderator = make_moderator("browser-mod")
    beta_score = Score.objects.get(model=world["beta"], track="editorial")
    assert beta_score.rank == 2

    visitor = chromium.new_page()
    visitor_errors = _watch_errors(visitor)
    visitor.goto(f"{live_server.url}/models/beta/")
    assert "Rank 2" in visitor.locator(".score-card").first.inner_text()
    visitor.get_by_role("link", name="Suggest a correction to Paper").click()
    visitor.wait_for_url("**/models/beta/corrections/new/?criterion=paper")
    assert visitor.locator("h2#current-heading").inner_text() == "Current judgment: Paper"
    visitor.get_by_label("Open", exact=True).check()
    # The live hint (htmx) warns about a link that follows the latest version.
    visitor.locator("#id_evidence_urls").fill("https://huggingface.co/beta/beta-7b")
    visitor.locator("#link-hints .hint").wait_for(timeout=10000)
    assert "may change" in visitor.locator("#link-hints").inner_text()
    visitor.locator("#id_evidence_urls").fill(
        "https://doi.org/10.5555/beta-paper\nhttps://huggingface.co/beta/beta-7b"
    )
    visitor.get_by_label("Explanation").fill("The peer-reviewed paper describes every step.")
    visitor.get_by_label("Your name").fill("Grace Browser")
    visitor.get_by_label("I have no conflict of interest").check()
    visitor.get_by_label("Show my name in the public record").check()
    visitor.get_by_role("button", name="Submit for review").click()
    visitor.wait_for_url("**/corrections/status/**")
    assert "waiting for a moderator" in visitor.content()
    status_url = visitor.url

    # Pending: nothing changed.
    correction = Correction.objects.get()
    assert correction.status == "pending"
    beta_score.refresh_from_db()
    assert beta_score.rank == 2
    visitor.goto(f"{live_server.url}/models/beta/")
    assert "Rank 2" in visitor.locator(".score-card").first.inner_text()
    assert "Grace Browser" not in visitor.content()

    mod = chromium.new_page()
    mod_errors = _watch_errors(mod)
    mod.goto(f"{live_server.url}/moderation/corrections/")
    mod.locator("#id_username").fill(moderator.username)
    mod.locator("#id_password").fill("pw-for-tests-only")
    mod.locator("input[type=submit]").click()
    mod.wait_for_url("**/moderation/corrections/")
    mod.get_by_role("link", name=f"#{correction.pk}").click()
    mod.wait_for_url(f"**/moderation/corrections/{correction.pk}/")
    assert "Proposed judgment" in mod.content()
    mod.get_by_label("Notes shown with the judgment").fill("Paper checked.")
    mod.get_by_role("button", name="Accept and apply").click()
    mod.get_by_text("Accepted: the judgment, score and rank are updated.").wait_for()

    assessment = Assessment.objects.get(
        model=world["beta"], criterion__code="paper", track="editorial"
    )
    assert assessment.level == "open"
    beta_score.refresh_from_db()
    assert beta_score.rank == 1

    visitor.goto(f"{live_server.url}/models/beta/")
    assert "Rank 1" in visitor.locator(".score-card").first.inner_text()
    assert "by Grace Browser, accepted" in visitor.locator(".timeline").inner_text()
    record = visitor.locator("#corrections").inner_text()
    assert "Accepted" in record and "Grace Browser" in record and "Paper checked." in record
    visitor.goto(status_url)
    assert visitor.locator(".correction-status").inner_text() == "Accepted"

    # htmx loaded under the strict CSP and nothing was refused or threw.
    assert visitor_errors == [] and mod_errors == []
