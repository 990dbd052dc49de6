"""The definition lens on the organisation, compare, criterion and as-of ranking pages."""

import pytest
from django.utils import timezone

from openness.catalog.models import AIModel

from .test_frameworks_pages import FIVE, _load_five


@pytest.fixture
def five(db, tmp_path):
    _load_five(tmp_path)


def _order(html: str, slugs) -> list[str]:
    return sorted(slugs, key=lambda slug: html.index(f'href="/models/{slug}/'))


def test_the_organisation_page_ranks_its_models_by_the_lens(client, five):
    organisation = AIModel.objects.get(slug="olmo").organisation.slug
    html = client.get(f"/organisations/{organisation}/?lens=osaid").content.decode()
    assert 'class="verdict verdict-osaid-conforms">conforms</td>' in html
    assert 'aria-current="true">OSAID verdict</a>' in html
    assert "by the OSAID verdict (most open first), then rank" in html
    plain = client.get(f"/organisations/{organisation}/").content.decode()
    assert "verdict-osaid" not in plain
    only = client.get(f"/organisations/{organisation}/?lens=osaid&verdict=does_not_conform")
    assert "verdict-osaid-conforms" not in only.content.decode()


def test_the_compare_page_shows_both_verdicts_and_orders_columns_by_the_lens(client, five):
    html = client.get("/compare/?m=bloomz&m=olmo").content.decode()
    assert 'class="verdict verdict-mof-none">No class</td>' in html
    assert 'class="verdict verdict-osaid-does_not_conform">Does not conform</td>' in html
    assert _order(html, ["bloomz", "olmo"]) == ["bloomz", "olmo"]  # as asked
    lensed = client.get("/compare/?m=bloomz&m=olmo&lens=osaid").content.decode()
    assert _order(lensed, ["bloomz", "olmo"]) == ["olmo", "bloomz"]
    assert 'href="/compare/?m=bloomz&amp;m=olmo&amp;lens=mof"' in lensed


def test_the_criterion_page_orders_each_level_by_the_lens(client, five):
    html = client.get("/criteria/trainingcode/?lens=osaid").content.decode()
    assert "OSAID verdict: conforms" in html
    assert "OSAID verdict: does not conform" in html
    bad = client.get("/criteria/trainingcode/?lens=fsf").content.decode()
    assert "Ignored lens=&#x27;fsf&#x27;" in bad


def test_the_ranking_as_of_a_day_rebuilds_the_verdicts_under_the_lens(client, five):
    day = timezone.now().date().isoformat()
    html = client.get(f"/?as_of={day}&lens=osaid").content.decode()
    assert 'class="verdict verdict-osaid-conforms">conforms</td>' in html
    assert _order(html, FIVE)[0] == "olmo"
    only = client.get(f"/?as_of={day}&lens=osaid&verdict=conforms").content.decode()
    assert only.count('class="verdict verdict-osaid-') == 1
    plain = client.get(f"/?as_of={day}").content.decode()
    assert "verdict-osaid" not in plain and 'aria-current="true">EU index score</a>' in plain
