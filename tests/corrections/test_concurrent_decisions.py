"""Two moderators deciding the same correction at the same moment: exactly one wins."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from openness.assessments.models import Revision, Score
from openness.corrections.models import Correction, CorrectionEvent

from .factories import make_moderator, make_ranked_world
from .test_flow import _submit

ACTIONS = {
    "accept": {"action": "accept", "note": "Looks right.", "keep_evidence": "on"},
    "reject": {"action": "reject", "note": "Not convincing."},
    "ask": {"action": "ask", "note": "Which page?"},
}


def _race(url: str, posts: list[tuple[Client, dict]]) -> list[int]:
    """POST each form from its own thread (own database connection), released together."""
    barrier = threading.Barrier(len(posts))
    statuses: list[int] = [0] * len(posts)

    def run(index: int, client: Client, data: dict) -> None:
        try:
            barrier.wait(timeout=10)
            statuses[index] = client.post(url, data).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, client, data))
        for i, (client, data) in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("first", "second"),
    [("accept", "reject"), ("accept", "accept"), ("reject", "ask"), ("ask", "accept")],
)
def test_exactly_one_of_two_simultaneous_decisions_wins(first, second):
    make_ranked_world()
    moderators = [make_moderator("mod-a"), make_moderator("mod-b")]
    submitter = Client()
    _submit(submitter)
    correction = Correction.objects.get()
    clients = []
    for user in moderators:
        client = Client()
        client.force_login(user)
        clients.append(client)
    url = reverse("corrections:review", args=[correction.pk])

    statuses = _race(
        url,
        [
            (clients[0], {**ACTIONS[first], "version": correction.version}),
            (clients[1], {**ACTIONS[second], "version": correction.version}),
        ],
    )

    assert sorted(statuses) == [302, 409]
    winner = ACTIONS[[first, second][statuses.index(302)]]["action"]
    correction.refresh_from_db()
    assert correction.version == 2
    expected_status = {"accept": "accepted", "reject": "rejected", "ask": "needs_info"}[winner]
    assert correction.status == expected_status
    decisions = CorrectionEvent.objects.filter(correction=correction).exclude(action="submitted")
    assert decisions.count() == 1
    applied = Revision.objects.filter(source="correction").count()
    assert applied == (1 if winner == "accept" else 0)


@pytest.mark.django_db(transaction=True)
def test_the_losing_moderator_is_told_who_won():
    make_ranked_world()
    winner, loser = make_moderator("first-mod"), make_moderator("second-mod")
    _submit(Client())
    correction = Correction.objects.get()
    url = reverse("corrections:review", args=[correction.pk])
    a, b = Client(), Client()
    a.force_login(winner)
    b.force_login(loser)
    assert a.post(url, {**ACTIONS["reject"], "version": 1}).status_code == 302
    response = b.post(url, {**ACTIONS["accept"], "version": 1})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Another moderator acted on this correction first" in html
    assert "by first-mod" in html


@pytest.mark.django_db(transaction=True)
def test_two_moderators_accepting_different_corrections_at_once_both_succeed():
    world = make_ranked_world()
    moderators = [make_moderator("mod-a"), make_moderator("mod-b")]
    _submit(Client())
    _submit(Client(), slug="gamma", REMOTE_ADDR="10.1.1.1")
    first, second = Correction.objects.order_by("id")
    clients = []
    for user in moderators:
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(2)
    statuses = [0, 0]

    def run(index, correction):
        try:
            barrier.wait(timeout=10)
            statuses[index] = (
                clients[index]
                .post(
                    reverse("corrections:review", args=[correction.pk]),
                    {**ACTIONS["accept"], "version": 1},
                )
                .status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate([first, second])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302, 302]
    ranks = dict(
        Score.objects.filter(methodology=world["methodology"], track="editorial").values_list(
            "model__slug", "rank"
        )
    )
    assert sorted(ranks.values()) == [1, 2, 3]
    assert ranks["beta"] == 1
