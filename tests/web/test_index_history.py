"""The index's full history (678 upstream commits) replayed once, checked against the files,
and read in a browser: past rankings, model pages, the score chart and the upstream links.

One test, because the replay is the expensive part (about a minute) and every check reads the
same replayed database: the targets of issue 19 first, then the pages in Chromium.
"""

import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.text import slugify

from openness.assessments.history import methodology_in_force, ranking_as_of
from openness.assessments.methodology_files import methodologies_load
from openness.assessments.models import (
    Assessment,
    Methodology,
    RankingSnapshot,
    Track,
    UpstreamCommit,
)
from openness.assessments.osai_history.replay import osai_history_replay
from openness.assessments.osai_import import TEMPLATE_FILE, osai_file_parse, osai_import
from openness.assessments.services import revision_backfill
from openness.assessments.snapshots import snapshots_refresh
from openness.catalog.models import AIModel
from tests.assessments.independent_index import commit_in_force, criteria_in_force, totals_at
from tests.history_repo import BUNDLE, INDEX

pytestmark = pytest.mark.browser

UPSTREAM = "https://github.com/Language-Technology-Assessment/main-database/commit/"
SAMPLE_DAYS = [
    "2024-09-12",  # the first commit, in the opening-up-chatgpt format
    "2024-10-16",  # "updated database in yaml 2.0": the nested format
    "2024-12-31",
    "2025-03-11",  # `architecture` renamed `hardware_architecture` the day before
    "2025-06-30",
    "2025-10-01",
    "2026-01-15",
    "2026-03-13",  # methodology 2026-03 in force: 12 criteria
    "2026-04-30",
    "2026-06-12",  # the last commit
]


def check_the_last_commit_equals_the_current_import(methodology: Methodology) -> None:
    files = sorted(p for p in INDEX.glob("*.yaml") if p.name != TEMPLATE_FILE)
    assert len(files) == 193
    live = AIModel.objects.filter(is_curated=True, withdrawn_at__isnull=True)
    assert sorted(live.values_list("osai_file", flat=True)) == [p.name for p in files]
    criteria = tuple(methodology.criteria.values_list("code", flat=True))
    assessments = {
        (a.model.osai_file, a.criterion.code): a
        for a in Assessment.objects.filter(
            track=Track.EDITORIAL, criterion__methodology=methodology
        )
        .select_related("model", "criterion")
        .prefetch_related("evidence")
    }
    for path in files:
        record, _issues = osai_file_parse(path=path, criteria=criteria)
        model = AIModel.objects.get(osai_file=path.name)
        assert model.slug == slugify(path.stem)
        for key, value in record.fields.items():
            assert getattr(model, key) == value, (path.name, key)
        assert model.organisation.name == record.organisation_name
        for code, cell in record.cells.items():
            assessment = assessments[(path.name, code)]
            assert (assessment.level, assessment.notes) == (cell.level, cell.notes), (
                path.name,
                code,
            )
            urls = [e.url for e in assessment.evidence.all() if e.retracted_at is None]
            assert sorted(urls) == sorted(cell.links), (path.name, code)
    # And the import of today's files finds nothing to change.
    report = osai_import(path=INDEX, methodology=methodology)
    assert (report.count("unchanged"), report.assessments_changed) == (193, 0)


def check_past_rankings_against_the_files(git_dir: Path) -> None:
    for text in SAMPLE_DAYS:
        day = date.fromisoformat(text)
        totals, unclear = totals_at(git_dir, commit_in_force(git_dir, day), criteria_in_force(day))
        rows = ranking_as_of(methodology=methodology_in_force(day=day), day=day)
        replayed = Counter(row.total for row in rows)
        # Every model scored the same; a file the independent reading finds ambiguous (an
        # unknown class, a missing criterion) is ranked on its last sound cells: only counted.
        assert len(rows) == len(totals) + len(unclear), text
        assert not Counter(totals) - replayed, text
        if not unclear:
            assert replayed == Counter(totals), text


def check_stored_past_rankings_follow_a_revision_learnt_later(methodology_2024) -> None:
    """The replay stored one ranking per day that changed; the rebuild reproduces them; a
    revision recorded after the replay rewrites the days it changes and nothing else."""
    call_command("ranking_snapshots", "--check")
    stored = dict(
        RankingSnapshot.objects.filter(methodology=methodology_2024).values_list("day", "pk")
    )
    levels = dict(
        RankingSnapshot.objects.filter(methodology=methodology_2024).values_list("day", "levels")
    )
    olmo = AIModel.objects.get(slug="olmo")
    assessment = Assessment.objects.get(
        model=olmo, criterion__methodology=methodology_2024, criterion__code="datasheet"
    )
    at = datetime(2025, 3, 15, 9, tzinfo=UTC)
    before = assessment.revisions.filter(created_at__lte=at).order_by("-created_at", "-id")[0]
    new_level = "closed" if before.new_level != "closed" else "open"
    revision_backfill(
        assessment_id=assessment.pk,
        before=before.state(),
        level=new_level,
        notes="A correction learnt late.",
        provenance="curated",
        evidence=[],
        source="import",
        reason="history learnt late",
        actor_label="EU OSAI Index",
        context={},
        at=at,
    )
    later = assessment.revisions.filter(created_at__gt=at).order_by("created_at", "id").first()
    until = later.created_at.date() if later else date.max
    report = snapshots_refresh()
    after_levels = dict(
        RankingSnapshot.objects.filter(methodology=methodology_2024).values_list("day", "levels")
    )
    after_pks = dict(
        RankingSnapshot.objects.filter(methodology=methodology_2024).values_list("day", "pk")
    )
    key = str(olmo.pk)
    for day, pk in stored.items():
        assert after_pks[day] == pk, day  # no day was deleted and made again
        if day < at.date() or day >= until:
            assert after_levels[day] == levels[day], day
        else:
            assert after_levels[day][key]["datasheet"] == new_level, day
            rest = {**after_levels[day], key: {**after_levels[day][key], "datasheet": None}}
            old = {**levels[day], key: {**levels[day][key], "datasheet": None}}
            assert rest == old, day
    changed = [d for d in stored if at.date() <= d < until]
    added = 0 if at.date() in stored else 1
    assert (report.inserted, report.updated) == (added, len(changed))
    call_command("ranking_snapshots", "--check")


@pytest.fixture
def history(transactional_db, tmp_path):
    methodologies_load(directory=Path(INDEX.parent / "methodologies"))
    report = osai_history_replay(source=BUNDLE)
    git_dir = tmp_path / "index.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(git_dir)], check=True)
    subprocess.run(
        ["git", f"--git-dir={git_dir}", "fetch", "--quiet", str(BUNDLE), "main:main"], check=True
    )
    return report, git_dir


def test_the_full_history_tells_the_real_story(live_server, history, chromium):
    report, git_dir = history
    assert report.commits_total == report.commits_replayed == 678
    assert UpstreamCommit.objects.count() == 678
    methodology = Methodology.objects.get(slug="osai", is_current=True)
    check_the_last_commit_equals_the_current_import(methodology)
    check_past_rankings_against_the_files(git_dir)
    assert osai_history_replay(source=BUNDLE).commits_replayed == 0

    page = chromium.new_page()
    base = live_server.url
    # OLMo (olmo-2.yaml from 2024-12-19, OLMo.yaml since): its page then, and today.
    page.goto(f"{base}/models/olmo/?as_of=2025-01-01")
    assert "as of 1 January 2025" in page.locator("h1").inner_text()
    assert "no curated assessment" not in page.content()
    assert "2024 (from 2024-06-01" in page.locator(".banner-as-of").inner_text()
    then = page.locator(".big-score").inner_text()
    page.goto(f"{base}/models/olmo/")
    chart = page.locator("figure.chart").first
    assert chart.locator("circle.dot").count() >= 6
    rows = chart.locator("tbody tr")
    assert rows.first.locator("td").first.text_content().startswith("2024-12-19")
    links = chart.locator("a.upstream-commit")
    assert links.count() >= 6
    assert links.first.get_attribute("href").startswith(UPSTREAM)
    assert page.locator(".big-score").first.inner_text() != then

    page.goto(f"{base}/models/llama-31/?as_of=2025-01-01")
    assert "Rank" in page.locator(".score-card").inner_text()
    page.goto(f"{base}/models/llama-31/")
    assert page.locator("figure.chart circle.dot").count() >= 3

    page.goto(f"{base}/models/olmo/changes/?from=2024-12-01&to=2026-06-30")
    commit_links = page.locator("a.upstream-commit")
    assert commit_links.count() >= 6
    assert all(
        href.startswith(UPSTREAM)
        for href in commit_links.evaluate_all("links => links.map(a => a.href)")
    )

    page.goto(f"{base}/?as_of=2025-01-01")
    ranked = len(
        ranking_as_of(methodology=methodology_in_force(day=date(2025, 1, 1)), day=date(2025, 1, 1))
    )
    assert page.locator("table tbody tr").count() == min(ranked, 50)  # a page of 50
    assert f"· {ranked} models" in page.locator("#results-heading").inner_text()

    page.goto(f"{base}/models/chatgpt/")
    assert "Withdrawn" in page.locator(".withdrawn").inner_text()
    assert "16 October 2024" in page.locator(".withdrawn").inner_text()

    page.goto(f"{base}/index/changes/")
    assert page.locator("#month-2024-12 h3", has_text="Entered").count() == 1
    assert page.locator("#month-2024-10 h3", has_text="Left").count() == 1
    response = page.request.get(f"{base}/index/changes/feed/")
    feed = ET.fromstring(response.body())
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) >= 12
    page.close()
    # Last, because it records a revision in the past.
    check_stored_past_rankings_follow_a_revision_learnt_later(
        Methodology.objects.get(slug="osai", version="2024")
    )
