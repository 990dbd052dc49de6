"""Each selector behind a page runs a fixed number of queries, however many rows it returns."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openness.corrections import selectors
from openness.corrections.models import Correction

from .factories import CODES
from .test_flow import _submit


def _decide_all(client, moderator):
    client.force_login(moderator)
    for correction in Correction.objects.all():
        client.post(
            f"/moderation/corrections/{correction.pk}/",
            {"action": "reject", "version": correction.version, "note": "No."},
        )
    client.logout()


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_model_record_takes_two_queries_for_any_number_of_corrections(client, world, moderator):
    _submit(client)
    _decide_all(client, moderator)
    one = _queries(lambda: [list(c.events.all()) for c in selectors.model_record(world["beta"])])
    for i, code in enumerate(CODES[:5]):
        _submit(client, criterion=code, evidence_urls=f"https://doi.org/10.1/{i}")
    _decide_all(client, moderator)
    record = selectors.model_record(world["beta"])
    assert len(record) == 6
    many = _queries(lambda: [list(c.events.all()) for c in selectors.model_record(world["beta"])])
    assert one == many == 2


def test_model_record_leaves_out_pending_corrections(client, world):
    _submit(client)
    assert selectors.model_record(world["beta"]) == []


def test_review_takes_a_fixed_number_of_queries(client, world, moderator):
    _submit(client)
    correction = Correction.objects.get()
    few = _queries(lambda: selectors.review(correction.pk))
    for i, code in enumerate(CODES[:4]):
        _submit(client, criterion=code, evidence_urls=f"https://doi.org/10.2/{i}")
    # Five for the correction, its events, assessment, evidence and earlier corrections; four
    # for the preview (methodology, criteria, stored score, the count of models ranked before).
    assert _queries(lambda: selectors.review(correction.pk)) == few == 9
    assert len(selectors.review(correction.pk).earlier) == 4


def test_the_queue_takes_one_query(client, world):
    for i, code in enumerate(CODES[:3]):
        _submit(client, criterion=code, evidence_urls=f"https://doi.org/10.3/{i}")

    def read():
        return [(c.model.name, c.criterion.title) for c in selectors.queue({"status": "open"})]

    assert _queries(read) == 1


def test_the_factory_codes_are_the_current_methodologys_criteria_in_order(world):
    codes = list(
        world["methodology"]
        .criteria.order_by("group_order", "order")
        .values_list("code", flat=True)
    )
    assert codes == CODES
