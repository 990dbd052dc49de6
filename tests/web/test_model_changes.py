"""The changes page: a model compared between two days, from the scripted history."""

import pytest
from builders import scripted_history
from django.core.cache import cache


@pytest.fixture
def scripted(db):
    cache.clear()
    return scripted_history()


def test_the_changes_page_shows_levels_scores_ranks_and_revisions_between_two_days(
    client, scripted
):
    response = client.get("/models/olmo/changes/", {"from": "2026-03-14", "to": "2026-04-02"})
    assert response.status_code == 200
    page = response.context["page"]
    assert {c.criterion.code for c in page.diff.changes} == {"licenses", "weights_basemodel"}
    assert (page.diff.before.rank, page.diff.after.rank) == (1, 2)
    html = response.content.decode()
    assert "weights withdrawn" in html and "license changed" in html
    assert "https://www.apache.org/licenses/LICENSE-2.0" in html


@pytest.mark.parametrize(
    "params",
    [{"from": "2026-04-02", "to": "2026-03-14"}, {"from": "soon"}, {"to": "2999-01-01"}],
)
def test_bad_dates_get_a_400_page(client, scripted, params):
    response = client.get("/models/olmo/changes/", params)
    assert response.status_code == 400
    assert response.templates[0].name == "web/as_of_invalid.html"
