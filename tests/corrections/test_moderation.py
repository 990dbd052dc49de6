"""The moderation queue and review page: who may see them, filters, what a moderator sees."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from openness.corrections.models import Correction

from .factories import CODES
from .test_flow import _submit


@pytest.fixture
def three_corrections(client, world):
    _submit(client)
    _submit(
        client,
        slug="alpha",
        criterion=CODES[10],
        proposed_level="partial",
        conflict="declared",
        conflict_details="I work for Alpha Lab.",
        submitter_email="",
        REMOTE_ADDR="10.0.0.9",
    )
    _submit(
        client,
        slug="gamma",
        criterion=CODES[3],
        proposed_level="closed",
        evidence_urls="https://doi.org/10.1/g",
    )
    return list(Correction.objects.order_by("created_at", "id"))


def test_the_migration_creates_the_moderators_group_with_the_moderate_permission(db):
    group = Group.objects.get(name="moderators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"moderate_correction", "view_correction"} <= codenames


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("corrections:queue"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_outside_the_moderators_group_are_refused(client, world):
    user = User.objects.create_user("staff", password="pw-for-tests-only", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("corrections:queue")).status_code == 403


def test_moderators_who_are_not_staff_are_refused(client, moderator):
    moderator.is_staff = False
    moderator.save()
    client.force_login(moderator)
    assert client.get(reverse("corrections:queue")).status_code == 403


def test_the_queue_lists_open_corrections_oldest_first(moderator_client, three_corrections):
    html = moderator_client.get(reverse("corrections:queue")).content.decode()
    positions = [html.index(f">#{c.pk}<") for c in three_corrections]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"model": "alpha", "status": "open"}, [1]),
        ({"criterion": CODES[3], "status": "open"}, [2]),
        ({"conflict": "yes", "status": "open"}, [1]),
        ({"conflict": "no", "status": "open"}, [0, 2]),
        ({"status": "rejected"}, []),
        ({"status": ""}, [0, 1, 2]),
    ],
)
def test_the_queue_filters(moderator_client, three_corrections, query, expected):
    response = moderator_client.get(reverse("corrections:queue"), query)
    shown = [
        i for i, c in enumerate(three_corrections) if f">#{c.pk}<" in response.content.decode()
    ]
    assert shown == expected


def test_an_htmx_filter_request_gets_only_the_rows(moderator_client, three_corrections):
    response = moderator_client.get(
        reverse("corrections:queue"), {"model": "alpha"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="queue-rows"')
    assert "<html" not in html


def test_the_review_shows_both_judgments_the_links_and_earlier_corrections(
    moderator_client, three_corrections
):
    first, _, third = three_corrections
    html = moderator_client.get(reverse("corrections:review", args=[third.pk])).content.decode()
    assert "Current judgment" in html and "Proposed judgment" in html
    assert 'rel="nofollow ugc noopener"' in html
    # Same email (and same address) as the first correction: listed as an earlier one.
    assert reverse("corrections:review", args=[first.pk]) in html
    conflicted = three_corrections[1]
    html = moderator_client.get(
        reverse("corrections:review", args=[conflicted.pk])
    ).content.decode()
    assert "I work for Alpha Lab." in html
    assert "None." in html  # another address and no email: no earlier corrections


def test_a_reject_without_a_reason_is_refused(moderator_client, three_corrections):
    correction = three_corrections[0]
    response = moderator_client.post(
        reverse("corrections:review", args=[correction.pk]),
        {"action": "reject", "version": 1, "note": "  "},
    )
    assert response.status_code == 400
    assert "a reason for the submitter" in response.content.decode()
    correction.refresh_from_db()
    assert correction.status == "pending"


def test_an_unknown_correction_is_a_404(moderator_client, db):
    assert moderator_client.get(reverse("corrections:review", args=[999])).status_code == 404
    response = moderator_client.post(
        reverse("corrections:review", args=[999]), {"action": "reject", "version": 1, "note": "x"}
    )
    assert response.status_code == 404


def test_the_admin_shows_corrections_read_only_with_a_link_to_moderate(client, three_corrections):
    admin_user = User.objects.create_superuser("root", "root@example.org", "pw-for-tests-only")
    client.force_login(admin_user)
    correction = three_corrections[0]
    url = reverse("admin:corrections_correction_change", args=[correction.pk])
    html = client.get(url).content.decode()
    assert reverse("corrections:review", args=[correction.pk]) in html
    assert correction.token not in html
    assert client.get(reverse("admin:corrections_correction_add")).status_code == 403
