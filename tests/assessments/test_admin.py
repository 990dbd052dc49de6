"""Curators' edits in the Django admin go through the service and leave revisions."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from openness.assessments import services
from openness.assessments.models import (
    Assessment,
    Criterion,
    Level,
    Methodology,
    Provenance,
    Revision,
    Score,
)
from openness.catalog.models import AIModel, ModelSlugAlias, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment():
    methodology = Methodology.objects.create(
        slug="osai",
        version="t",
        name="Test",
        effective_from=datetime(2026, 1, 1).date(),
        is_current=True,
    )
    criterion = Criterion.objects.create(
        methodology=methodology,
        code="weights_endmodel",
        group_code="availability",
        group_title="Availability",
        title="End model weights",
        question="Shared?",
        rubric_open="Shared.",
        rubric_partial="Gated.",
        rubric_closed="Not shared.",
        model_types=["text"],
    )
    org = Organisation.objects.create(slug="lab", name="Lab")
    model = AIModel.objects.create(
        slug="alpha", name="Alpha", organisation=org, model_types=["text"], is_curated=True
    )
    services.assessment_record(
        model=model,
        criterion=criterion,
        level=Level.PARTIAL,
        notes="Gated.",
        provenance=Provenance.CURATED,
        evidence=[services.EvidenceInput(url="https://example.org/w", title="Weights")],
        source="import",
        reason="initial import",
        at=datetime(2026, 1, 2, tzinfo=UTC),
    )
    services.scores_recompute(methodology=methodology)
    return Assessment.objects.get()


def change_form_data(assessment, **overrides):
    data = {
        "level": assessment.level,
        "notes": assessment.notes,
        "provenance": assessment.provenance,
        "evidence_lines": "https://example.org/w | Weights",
        "reason": "",
    }
    for prefix in ("evidence", "revisions"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def test_a_curators_edit_is_recorded_as_a_revision_and_rescored(
    admin_client, admin_user, assessment
):
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    response = admin_client.post(
        url,
        change_form_data(
            assessment,
            level="open",
            notes="Ungated since May.",
            evidence_lines=(
                "https://example.org/w | Weights\nhttps://example.org/blog | Announcement"
            ),
            reason="The gate was lifted.",
        ),
    )

    assert response.status_code == 302
    revision = Revision.objects.latest("created_at")
    assert (revision.source, revision.actor, revision.reason) == (
        "admin",
        admin_user,
        "The gate was lifted.",
    )
    assert (revision.old_level, revision.new_level) == ("partial", "open")
    assert [e["url"] for e in revision.new_evidence] == [
        "https://example.org/w",
        "https://example.org/blog",
    ]
    assert Score.objects.get().total == 1


def test_an_edit_without_a_reason_is_refused(admin_client, assessment):
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    response = admin_client.post(url, change_form_data(assessment, level="open"))

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert Revision.objects.count() == 1


def test_a_javascript_link_in_the_evidence_is_refused(admin_client, assessment):
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    response = admin_client.post(
        url, change_form_data(assessment, evidence_lines="javascript:alert(1) | x", reason="r")
    )

    assert response.status_code == 200
    assert "is not an http(s) URL" in response.content.decode()
    assert Revision.objects.count() == 1


def test_revisions_cannot_be_changed_or_deleted_in_the_admin(admin_client, assessment):
    revision = Revision.objects.get()
    change = reverse("admin:assessments_revision_change", args=[revision.pk])
    delete = reverse("admin:assessments_revision_delete", args=[revision.pk])

    assert admin_client.post(change, {"reason": "rewritten"}).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Revision.objects.get().reason == "initial import"


def test_renaming_a_models_slug_keeps_the_old_one_as_an_alias(admin_client, assessment):
    model = assessment.model
    url = reverse("admin:catalog_aimodel_change", args=[model.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "slug": "alpha-2",
            "organisation": model.organisation_id,
            "model_types": "text",
            "gated": "",
            "slug_aliases-TOTAL_FORMS": "0",
            "slug_aliases-INITIAL_FORMS": "0",
            "slug_aliases-MIN_NUM_FORMS": "0",
            "slug_aliases-MAX_NUM_FORMS": "1000",
        }
    )
    data.pop("base_model", None)
    data.pop("release_date", None)
    data.pop("hub_created_at", None)

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ModelSlugAlias.objects.get(slug="alpha").model == model
    model.refresh_from_db()
    assert model.slug == "alpha-2"


def admin_form_data(response) -> dict:
    """Everything a change form would post back unchanged: its fields and every inline's."""

    def values(form) -> dict:
        data = {}
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None:
                continue
            if isinstance(value, (list, tuple)):
                value = ",".join(map(str, value))
            data[form.add_prefix(name)] = value
        return data

    data = values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {
                formset.management_form.add_prefix(k): v
                for k, v in formset.management_form.initial.items()
            }
        )
        for form in formset.initial_forms:
            data.update(values(form))
    return data


def test_an_admin_edit_of_a_criterion_moves_the_data_version(
    admin_client, assessment, django_capture_on_commit_callbacks
):
    from openness.lib import data_version

    methodology = assessment.criterion.methodology
    url = reverse("admin:assessments_methodology_change", args=[methodology.pk])
    data = admin_form_data(admin_client.get(url))
    data["criteria-0-title"] = "Weights of the end model"
    before = data_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert Criterion.objects.get(pk=assessment.criterion_id).title == "Weights of the end model"
    assert data_version.current() > before


def test_an_admin_edit_of_a_model_moves_the_data_version(
    admin_client, assessment, django_capture_on_commit_callbacks
):
    from openness.lib import data_version

    url = reverse("admin:catalog_aimodel_change", args=[assessment.model_id])
    data = admin_form_data(admin_client.get(url))
    data["name"] = "Alpha Prime"
    before = data_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert AIModel.objects.get(pk=assessment.model_id).name == "Alpha Prime"
    assert data_version.current() > before
