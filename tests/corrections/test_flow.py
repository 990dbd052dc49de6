"""The whole flow through the real pages: submit, pending changes nothing, accept, see it."""

import re

from django.core import mail
from django.urls import reverse

from openness.assessments.models import Assessment, Revision, Score
from openness.corrections import selectors
from openness.corrections.models import Correction

from .factories import CODES

DOI = "https://doi.org/10.5555/beta-datasheet"


def _criterion_code():
    return CODES[8]  # closed for beta: a correction to open moves beta above alpha


def _submit(client, slug="beta", **overrides):
    data = {
        "criterion": _criterion_code(),
        "proposed_level": "open",
        "evidence_urls": f"{DOI}\nhttps://huggingface.co/beta/beta-7b",
        "explanation": "The datasheet is published with a DOI and covers every source.",
        "submitter_name": "Ada Reviewer",
        "submitter_email": "ada@example.org",
        "affiliation": "University of Somewhere",
        "conflict": "none",
        "conflict_details": "",
        "show_name": "on",
        "website": "",
    }
    # Upper-case keys are request META (REMOTE_ADDR), the rest form fields.
    meta = {k: v for k, v in overrides.items() if k.isupper()}
    data.update({k: v for k, v in overrides.items() if not k.isupper()})
    return client.post(reverse("corrections:new", args=[slug]), data, **meta)


def _page(client, url) -> str:
    """A page's HTML without what differs per request, to compare before and after.

    That is the CSRF token, the CSP nonce, and the x positions in the history chart, whose
    time axis ends at the moment of the request (the plotted values stay in the comparison).
    """
    html = client.get(url).content.decode()
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r' (points|cx)="[^"]*"', "", html)


def _state(world):
    beta = world["beta"]
    assessment = Assessment.objects.get(
        model=beta, criterion__code=_criterion_code(), track="editorial"
    )
    score = Score.objects.get(model=beta, methodology=world["methodology"], track="editorial")
    return {
        "level": assessment.level,
        "total": score.total,
        "rank": score.rank,
        "revisions": Revision.objects.filter(assessment=assessment).count(),
    }


def test_the_form_shows_the_current_judgment_of_the_chosen_criterion(client, world):
    response = client.get(
        reverse("corrections:new", args=["beta"]) + f"?criterion={_criterion_code()}"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Current judgment: Paper" in html
    assert 'value="paper" selected' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_an_unknown_model_is_a_404(client, world):
    assert client.get(reverse("corrections:new", args=["nope"])).status_code == 404


def test_a_submission_stays_pending_and_changes_nothing(client, world):
    before = _state(world)
    pages = [reverse("corrections:record", args=["beta"]), reverse("web:model", args=["beta"])]
    pages_before = [_page(client, url) for url in pages]

    response = _submit(client)

    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.status == "pending"
    assert response["Location"] == (
        reverse("corrections:status", args=[correction.token]) + "?submitted=1"
    )
    assert _state(world) == before
    assert [_page(client, url) for url in pages] == pages_before
    status_page = client.get(response["Location"]).content.decode()
    assert "waiting for a moderator" in status_page
    assert "Pending review" in status_page
    # The hub link is not pinned to a commit: the page says so without having blocked it.
    assert "Not a durable link" in status_page
    assert mail.outbox == []


def test_accepting_changes_level_score_rank_and_history_and_the_record_shows_it(
    client, world, moderator, django_capture_on_commit_callbacks
):
    before = _state(world)
    assert before["rank"] == 2
    page = client.get(reverse("web:model", args=["beta"])).content.decode()
    assert "Rank <strong>2</strong>" in page
    assert "No corrections have been decided for this model yet." in page
    suggest = reverse("corrections:new", args=["beta"]) + f"?criterion={_criterion_code()}"
    assert f'href="{suggest}"' in page
    _submit(client)
    correction = Correction.objects.get()

    client.force_login(moderator)
    review = client.get(reverse("corrections:review", args=[correction.pk])).content.decode()
    assert "Current judgment" in review and "Proposed judgment" in review
    preview = selectors.review(correction.pk).preview
    assert (preview.total, preview.rank) == (before["total"], before["rank"])
    assert preview.moves and preview.proposed_rank == 1 and preview.ranked == 3
    assert (
        f"from {preview.total_text}, rank 2 to <strong>{preview.proposed_total_text}, rank 1"
        "</strong> of 3 (Curated index)"
    ) in review
    assert 'class="decision-accept"' in review and 'class="decision-reject"' in review
    assert f'href="{DOI}" rel="nofollow ugc noopener"' in review
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("corrections:review", args=[correction.pk]),
            {
                "action": "accept",
                "version": correction.version,
                "note": "Checked the DOI.",
                "keep_evidence": "on",
            },
        )
    assert response.status_code == 302

    after = _state(world)
    assert after["level"] == "open"
    assert after["total"] > before["total"]
    assert after["rank"] == 1
    assert (after["total"], after["rank"]) == (preview.proposed_total, preview.proposed_rank)
    assert after["revisions"] == before["revisions"] + 1
    assert Score.objects.get(model=world["alpha"], track="editorial").rank == 2

    revision = Revision.objects.order_by("-id").first()
    assert revision.source == "correction"
    assert revision.new_provenance == "community"
    assert revision.actor == moderator
    assert "Ada Reviewer" in revision.actor_label and "mod" in revision.actor_label
    assert revision.context == {
        "correction": correction.pk,
        "submitter": "Ada Reviewer",
        "moderator": "mod",
    }
    assert {e["url"] for e in revision.new_evidence} >= {DOI}
    assert any(e["url"].startswith("https://example.org/") for e in revision.new_evidence)

    client.logout()
    record = client.get(reverse("corrections:record", args=["beta"])).content.decode()
    assert "Accepted" in record and "Ada Reviewer" in record and "Checked the DOI." in record
    assert "ada@example.org" not in record

    # The model page: new rank, the change in its timeline, and the public record.
    page = client.get(reverse("web:model", args=["beta"])).content.decode()
    assert "Rank <strong>1</strong>" in page
    assert f"Community correction #{correction.pk} by Ada Reviewer, accepted." in page
    assert 'id="corrections"' in page and "Checked the DOI." in page
    # The submitted link, now evidence of a community judgment, is marked as user-generated.
    assert f'href="{DOI}" rel="nofollow ugc noopener"' in page

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"] and "Accepted" in message.subject
    assert reverse("corrections:status", args=[correction.token]) in message.body


def test_the_record_hides_the_name_of_a_submitter_who_did_not_agree(client, world, moderator):
    _submit(client, show_name="")
    correction = Correction.objects.get()
    client.force_login(moderator)
    client.post(
        reverse("corrections:review", args=[correction.pk]),
        {"action": "reject", "version": correction.version, "note": "The DOI does not resolve."},
    )
    client.logout()
    record = client.get(reverse("corrections:record", args=["beta"])).content.decode()
    assert "Rejected" in record and "The DOI does not resolve." in record
    assert "Ada Reviewer" not in record and "An anonymous contributor" in record
    assert Revision.objects.filter(source="correction").count() == 0


def test_asking_for_information_lets_the_submitter_answer_on_the_status_page(
    client, world, moderator, django_capture_on_commit_callbacks
):
    _submit(client)
    correction = Correction.objects.get()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("corrections:review", args=[correction.pk]),
            {"action": "ask", "version": correction.version, "note": "Which section of the paper?"},
        )
    client.logout()
    assert "Which section of the paper?" in mail.outbox[0].body
    status_url = reverse("corrections:status", args=[correction.token])
    page = client.get(status_url).content.decode()
    assert "The moderator asks" in page and "Send your answer" in page

    response = client.post(status_url, {"note": "Section 3.2, table 4."})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == "pending"
    assert correction.events.last().note == "Section 3.2, table 4."
    # A second answer is refused: the correction is no longer waiting for information.
    again = client.post(status_url, {"note": "More."})
    assert again.status_code == 400
    assert "not waiting for information" in again.content.decode()


def test_reverting_an_acceptance_restores_the_old_judgment_as_a_new_revision(
    client, world, moderator
):
    before = _state(world)
    _submit(client)
    correction = Correction.objects.get()
    client.force_login(moderator)
    url = reverse("corrections:review", args=[correction.pk])
    client.post(url, {"action": "accept", "version": 1, "note": "ok", "keep_evidence": "on"})
    response = client.post(url, {"action": "revert", "version": 2, "note": "Mistaken DOI."})
    assert response.status_code == 302

    after = _state(world)
    assert after["level"] == before["level"]
    assert after["total"] == before["total"] and after["rank"] == before["rank"]
    assert after["revisions"] == before["revisions"] + 2
    revert = Revision.objects.order_by("-id").first()
    assert revert.source == "revert"
    assert revert.context["reverts"] == Correction.objects.get().applied_revision_id
    assert (
        "Reverted on" in client.get(reverse("corrections:record", args=["beta"])).content.decode()
    )
    assert Correction.objects.get().status == "reverted"


def test_a_rejection_can_be_reverted_back_into_the_queue(client, world, moderator):
    _submit(client)
    correction = Correction.objects.get()
    client.force_login(moderator)
    url = reverse("corrections:review", args=[correction.pk])
    client.post(url, {"action": "reject", "version": 1, "note": "No."})
    client.post(url, {"action": "revert", "version": 2, "note": "Rejected by mistake."})
    correction.refresh_from_db()
    assert correction.status == "pending"
    assert [e.action for e in correction.events.all()] == ["submitted", "rejected", "reverted"]


def test_a_revert_is_refused_when_the_judgment_changed_again_since(client, world, moderator):
    from openness.assessments.services import assessment_record

    _submit(client)
    correction = Correction.objects.get()
    client.force_login(moderator)
    url = reverse("corrections:review", args=[correction.pk])
    client.post(url, {"action": "accept", "version": 1, "note": "ok"})
    correction.refresh_from_db()
    assessment_record(
        model=correction.model,
        criterion=correction.criterion,
        level="partial",
        notes="Curator edit",
        provenance="curated",
        evidence=[],
        source="admin",
        reason="Later edit",
    )
    response = client.post(url, {"action": "revert", "version": 2, "note": "Undo"})
    assert response.status_code == 409
    assert "changed again" in response.content.decode()
    correction.refresh_from_db()
    assert correction.status == "accepted"


def test_a_stale_form_is_told_another_moderator_acted_first(client, world, moderator):
    _submit(client)
    correction = Correction.objects.get()
    client.force_login(moderator)
    url = reverse("corrections:review", args=[correction.pk])
    client.post(url, {"action": "reject", "version": 1, "note": "No."})
    response = client.post(url, {"action": "accept", "version": 1, "note": "Yes."})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Another moderator acted on this correction first" in html
    assert "Rejected" in html
    assert Revision.objects.filter(source="correction").count() == 0


def test_a_not_assessed_proposal_needs_no_links(client, world):
    response = _submit(client, proposed_level="not_assessed", evidence_urls="")
    assert response.status_code == 302
    assert Correction.objects.get().evidence_urls == []


def test_the_status_link_is_unguessable_and_private(client, world):
    _submit(client)
    correction = Correction.objects.get()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", correction.token)
    response = client.get(reverse("corrections:status", args=[correction.token]))
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert client.get(reverse("corrections:status", args=["x" * 43])).status_code == 404


def test_without_a_published_methodology_the_form_says_so(client, db):
    from openness.catalog.models import AIModel, Organisation

    org = Organisation.objects.create(slug="o", name="O")
    AIModel.objects.create(slug="lonely", name="Lonely", organisation=org)
    response = client.get(reverse("corrections:new", args=["lonely"]))
    assert response.status_code == 200
    assert "No methodology is published yet" in response.content.decode()
    assert _submit(client, slug="lonely").status_code == 400
    assert not Correction.objects.exists()


def test_a_rejection_email_carries_the_reason_and_none_goes_without_an_address(
    client, world, moderator, django_capture_on_commit_callbacks
):
    _submit(client)
    _submit(client, submitter_email="", evidence_urls="https://doi.org/10.1/other")
    with_email, without_email = Correction.objects.order_by("id")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        for correction in (with_email, without_email):
            client.post(
                reverse("corrections:review", args=[correction.pk]),
                {"action": "reject", "version": 1, "note": "The paper is a preprint."},
            )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    assert "Rejected" in mail.outbox[0].subject
    assert "The paper is a preprint." in mail.outbox[0].body
