"""Over every automatic judgment on the real-data gold set: none is contradicted by its own
evidence. Never open when gated, never open on a license that is not open (the weights', or a
read code repository's or dataset's), no licence level that a part not read could change,
training data never open without a statement of completeness, no preprint from a paper that
does not match, no paper closed beside a paper about the model and none open or partial on a
record that does not say it was peer reviewed."""

from pathlib import Path

import pytest
from django.conf import settings

from openness.assessments.models import Assessment, Evidence, Level, Track
from openness.crawl import services
from openness.crawl.models import CrawlRun, HubRepo
from openness.crawl.rules import documentation, licensing, projectlicense
from openness.crawl.rules.base import gated
from openness.crawl.testhub import TestHub

pytestmark = pytest.mark.django_db
GOLD = Path(settings.BASE_DIR) / "fixtures" / "hub-gold"


@pytest.fixture
def gold_crawled(crawl_settings, methodology):
    if not (GOLD / "models").is_dir():
        pytest.skip("fixtures/hub-gold is not in this checkout")
    with TestHub(GOLD) as running:
        crawl_settings.HUB_ENDPOINT = running.url
        crawl_settings.HUB_LIST_PAGE_SIZE = 100
        run = services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
        assert run.status == CrawlRun.Status.SUCCEEDED
        pks = list(HubRepo.objects.order_by("-downloads", "pk").values_list("pk", flat=True))
        services.crawl_enrich(repo_pks=pks)
    return {r.model_id: r for r in HubRepo.objects.select_related("snapshot_record")}


def contradictions(assessment: Assessment, snapshot) -> list[str]:
    code, item = assessment.criterion.code, snapshot.item
    found = []
    if code == "paper":
        found += _paper_contradictions(assessment, snapshot)
    if code == "licenses" and assessment.level != Level.NOT_ASSESSED:
        # license@4: a level only when the parts not read could not change it.
        shown = projectlicense.parts(snapshot) or []
        least = projectlicense.rubric_level([p.least for p in shown])
        most = projectlicense.rubric_level([p.most for p in shown])
        if least != most:
            found.append(f"licenses {assessment.level} though unknown parts allow {least}-{most}")
    if assessment.level != Level.OPEN:
        return found
    if code == "weights_endmodel" and gated(item) != "no":
        found.append(f"open weights while gated is {item.get('gated')!r}")
    if code == "licenses":
        licenses = licensing.declared_licenses(item) or []
        if not licenses or not licensing.decisive(licenses).category.is_open:
            found.append("open license criterion on a license that is not open")
        # license@3: open only when every part that was read is under an open license.
        found += [
            f"open license criterion though {part.name} is not under an open license"
            for part in projectlicense.parts(snapshot) or []
            if part.known and not part.shown_open
        ]
    if code == "datasources_endmodel":
        kinds = {e.kind for e in assessment.evidence.all()}
        if Evidence.Kind.MODEL_CARD not in kinds:
            found.append("open training data without a statement of completeness")
    if code == "preprint":
        for evidence in assessment.evidence.filter(kind=Evidence.Kind.PREPRINT):
            arxiv_id = evidence.url.rsplit("/", 1)[-1]
            # preprint@5 cites a paper from the tags' records or from those the card cites.
            doc = snapshot.papers.get(arxiv_id) or snapshot.cited_papers.get(arxiv_id)
            data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
            if not documentation.paper_matches(snapshot.repo_id, data):
                found.append(f"preprint from {arxiv_id}, which does not match the model")
    return found


def _paper_contradictions(assessment: Assessment, snapshot) -> list[str]:
    """paper@2 never calls a Hub paper record peer reviewed, and closed never stands beside
    a linked paper about the model."""
    if assessment.level in (Level.OPEN, Level.PARTIAL):
        return [f"paper {assessment.level} though no record says a paper was peer reviewed"]
    if assessment.level != Level.CLOSED:
        return []
    found = []
    for arxiv_id in documentation.arxiv_ids(snapshot.item):
        doc = snapshot.papers.get(arxiv_id)
        data = doc.data if doc is not None and isinstance(doc.data, dict) else None
        if data is None:
            found.append(f"paper closed though the record of {arxiv_id} was not read")
        elif documentation.paper_matches(snapshot.repo_id, data):
            found.append(f"paper closed beside {arxiv_id}, a paper about the model")
    return found


def test_no_judgment_on_the_gold_set_is_contradicted_by_its_own_evidence(gold_crawled):
    rows = Assessment.objects.filter(track=Track.AUTOMATIC).select_related("criterion")
    checked, problems = 0, []
    for assessment in rows.prefetch_related("evidence"):
        repo = gold_crawled.get(assessment.model_id)
        if repo is None or not hasattr(repo, "snapshot_record"):
            continue
        checked += 1
        snapshot = services.stored_snapshot(repo)
        problems += [
            f"{repo.repo_id} {assessment.criterion.code}: {p}"
            for p in contradictions(assessment, snapshot)
        ]
    assert checked > 0
    assert problems == []


def test_the_loopback_hub_serves_no_recording_notes():
    if not (GOLD / "models").is_dir():
        pytest.skip("fixtures/hub-gold is not in this checkout")
    import json
    from urllib.request import urlopen

    repo_id = json.loads(next(iter(sorted((GOLD / "models").glob("*.json")))).read_text())["id"]
    with TestHub(GOLD) as running, urlopen(f"{running.url}/api/models/{repo_id}") as response:
        served = json.loads(response.read())
    assert served["id"] == repo_id and "_id" in served
    assert not [k for k in served if k.startswith("_") and k != "_id"]
