"""hub_model_assess: automatic judgments written through the services, cited and idempotent."""

import pytest

from openness.assessments.models import (
    Assessment,
    Level,
    Provenance,
    Revision,
    Track,
)
from openness.catalog.models import AIModel, Organisation
from openness.crawl.rules.assess import hub_model_assess

pytestmark = pytest.mark.django_db


def make_model(repo: str, *, curated: bool = False, **fields) -> AIModel:
    owner = repo.split("/")[0]
    org, _ = Organisation.objects.get_or_create(slug=owner.lower(), defaults={"name": owner})
    return AIModel.objects.create(
        slug=repo.replace("/", "-").replace(".", "-").lower(),
        name=repo.split("/")[-1],
        organisation=org,
        end_model_repo=repo,
        is_curated=curated,
        **fields,
    )


def enriched(hub, name: str):
    item = hub.item(name)
    datasets = (
        {d: hub.dataset(d) for d in item.get("cardData", {}).get("datasets", [])}
        if isinstance(item.get("cardData"), dict)
        else {}
    )
    papers = {
        t.split(":", 1)[1]: hub.paper(t.split(":", 1)[1])
        for t in item.get("tags", [])
        if isinstance(t, str) and t.startswith("arxiv:")
    }
    return hub.snapshot(
        item, readme=hub.readme("full", sha=item["sha"]), datasets=datasets, papers=papers
    )


def test_it_writes_cited_automatic_assessments(hub, methodology):
    model = make_model("allenai/olmOCR-7B-0225-preview")
    outcome = hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))

    rows = Assessment.objects.filter(model=model)
    assert outcome.changed == rows.count() > 0
    assert outcome.unchanged == 0 and outcome.flagged == 0
    levels = {a.criterion.code: a.level for a in rows}
    assert levels["weights_endmodel"] == Level.OPEN
    assert levels["licenses"] == Level.PARTIAL
    assert levels["datasources_endmodel"] == Level.OPEN
    assert levels["preprint"] == Level.PARTIAL
    assert levels["modelcard"] == Level.OPEN
    assert levels["trainingcode"] == Level.PARTIAL
    for assessment in rows:
        assert assessment.track == Track.AUTOMATIC
        assert assessment.provenance == Provenance.AUTOMATIC
        assert assessment.reviewer_label.startswith("rule ")
        evidence = list(assessment.evidence.filter(retracted_at__isnull=True))
        assert evidence, assessment
        for item in evidence:
            assert item.url.startswith(("http://", "https://"))
            assert item.retrieved_at is not None
            assert "@" in item.rule
        revision = assessment.revisions.get()
        assert revision.source == Revision.Source.CRAWLER
        assert revision.context["sha"] == "0123456789abcdef0123456789abcdef01234567"
