"""The text policy at every write path: the EU index import, the admin, the crawler, the
assessment service that every writer goes through, and the correction form."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from openness.assessments import services
from openness.assessments.models import Assessment, Criterion, Level, Provenance, Revision
from openness.assessments.osai_import import osai_import
from openness.catalog.models import AIModel, Organisation
from openness.crawl.huggingface.items import item_facts
from openness.lib.text import text_problems

pytestmark = pytest.mark.django_db

HOSTILE = "A\x07B\u200bC\U000e0041D\uffffE\ue000F\u0378G" + "\u0301" * 4000 + "\u202eH"


def test_the_index_import_strips_what_the_policy_refuses(methodology, index_copy):
    folder = index_copy("OLMo.yaml")
    path = folder / "OLMo.yaml"
    text = path.read_text()
    # YAML's double-quoted escapes: a BEL, a zero-width space, a noncharacter, private use.
    text = text.replace(
        "notes: Open LLM trained from scratch by Allen AI.",
        'notes: "Open\\a LLM\\u200b trained\\uffff from\\ue000 scratch."',
    )
    text = text.replace("    name: OLMo\n", '    name: "OL\\u202eMo\\u200b"\n', 1)
    path.write_text(text)
    report = osai_import(path=folder, methodology=methodology, at=datetime(2026, 4, 1, tzinfo=UTC))
    assert [f.status for f in report.files] == ["created"]
    model = AIModel.objects.get(slug="olmo")
    assert model.name == "OLMo"
    assert model.description == "Open LLM trained from scratch."
    for assessment in Assessment.objects.filter(model=model):
        assert text_problems(assessment.notes) == []


def test_the_assessment_service_cleans_notes_reason_labels_and_evidence(methodology):
    org = Organisation.objects.create(slug="lab", name="Lab")
    model = AIModel.objects.create(slug="m", name="M", organisation=org, model_types=["text"])
    criterion = Criterion.objects.filter(methodology=methodology).first()
    revision = services.assessment_record(
        model=model,
        criterion=criterion,
        level=Level.OPEN,
        notes=HOSTILE,
        provenance=Provenance.CURATED,
        evidence=[
            services.EvidenceInput(url="https://example.org/", title=HOSTILE, excerpt=HOSTILE)
        ],
        source=Revision.Source.ADMIN,
        reason=HOSTILE,
        actor_label=HOSTILE,
    )
    stored = Assessment.objects.get(pk=revision.assessment_id)
    evidence = stored.evidence.get()
    for value in (
        stored.notes, stored.reviewer_label, revision.reason, revision.actor_label,
        revision.new_notes, evidence.title, evidence.excerpt,
    ):  # fmt: skip
        assert text_problems(value) == [], value[:40]
        assert value.startswith("ABCDEFG\u0301")


def test_the_admin_refuses_what_the_policy_refuses(admin_client):
    org = Organisation.objects.create(slug="lab", name="Lab")
    url = reverse("admin:catalog_organisation_change", args=[org.pk])
    response = admin_client.post(url, {"name": "Lab\u200b\U000e0041", "slug": "lab"})
    assert response.status_code == 200
    assert "U+200B" in response.content.decode()
    org.refresh_from_db()
    assert org.name == "Lab"
    response = admin_client.post(url, {"name": "Lab renamed", "slug": "lab"})
    assert response.status_code == 302


def test_the_crawler_cleans_the_text_of_a_listing_item():
    facts = item_facts(
        {
            "_id": "1",
            "id": "org/model",
            "author": "org\u200b\x07",
            "pipeline_tag": "text\ufeff-generation",
            "tags": ["license:mit\U000e0041", "en\ue000"],
            "cardData": {"license": "apache\u202e-2.0"},
        }
    )
    assert facts.author == "org"
    assert facts.pipeline_tag == "text-generation"
    assert facts.tags == ("license:mit", "en")
    assert facts.license == "apache-2.0"
