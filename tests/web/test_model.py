import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from openness.assessments.models import Track
from openness.assessments.services import EvidenceInput
from openness.catalog.models import ModelSlugAlias

from . import factories

CARD = EvidenceInput(
    url="https://huggingface.co/allenai/olmo/blob/abc/README.md",
    title="OLMo model card",
    excerpt="All training data is released as Dolma.",
    kind="model_card",
    retrieved_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
    revision="abc1234",
)


@pytest.fixture
def olmo(methodology):
    base = factories.model_create("OLMo base", slug="olmo-base")
    model = factories.model_create(
        "OLMo", base.organisation, slug="olmo", base_model=base, license_spdx="Apache-2.0"
    )
    derived = factories.model_create("OLMo tuned", slug="olmo-tuned", base_model=model)
    earlier = timezone.now() - datetime.timedelta(days=30)
    factories.assess(model, methodology, "partial", evidence=(CARD,), at=earlier)
    factories.assess(model, methodology, {"paper": "open"}, evidence=(CARD,), reason="paper out")
    factories.assess(model, methodology, "closed", track=Track.AUTOMATIC, provenance="automatic")
    factories.assess(derived, methodology, "open")
    factories.recompute(methodology)
    return model


def test_it_shows_every_criterion_with_level_rubric_notes_and_evidence(client, olmo):
    response = client.get(reverse("web:model", args=["olmo"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="criterion"') == 12
    assert "Partially open" in html and "Some of the training data sources" in html
    assert "Notes on paper" in html
    assert (
        '<a href="https://huggingface.co/allenai/olmo/blob/abc/README.md" rel="nofollow noopener">'
        in html
    )
    assert "All training data is released as Dolma." in html
    assert "retrieved 2026-06-01" in html and "abc1234" in html
    assert "Curated" in html and "last reviewed" in html


def test_a_moderators_change_names_them_as_reviewer_and_in_the_timeline(
    client, olmo, django_user_model
):
    from openness.assessments import services

    moderator = django_user_model.objects.create_user("moderator-ana", password="x" * 20)
    criterion = olmo.assessments.get(criterion__code="paper", track=Track.EDITORIAL).criterion
    services.assessment_record(
        model=olmo,
        criterion=criterion,
        level="partial",
        notes="Only a preprint.",
        provenance="community",
        evidence=[],
        source="correction",
        reason="a reviewed correction",
        actor=moderator,
        reviewed_at=timezone.now(),
    )
    html = client.get("/models/olmo/").content.decode()
    sections, timeline = html.split('<ol class="timeline"', 1)
    assert re.search(r"last reviewed \d{4}-\d\d-\d\d by moderator-ana", sections)
    assert "a reviewed correction" in timeline and "by moderator-ana" in timeline


def test_it_starts_with_every_criterion_by_group_in_both_tracks(client, olmo):
    response = client.get("/models/olmo/")
    html = response.content.decode()
    top, evidence = html.split('id="criteria-heading"', 1)
    assert "Each criterion, curated and automatic" in top
    assert top.count('<li class="glance-tile') == 12
    assert '<a href="#c-paper" class="glance-name">' in top
    assert 'id="c-paper"' in evidence
    groups = response.context["glance"]
    assert [g.title for g in groups] == ["Availability", "Documentation", "Access"]
    assert [len(g.tiles) for g in groups] == [5, 6, 1]
    paper = next(t for g in groups for t in g.tiles if t.code == "paper")
    assert [(lv.track_words, lv.label) for lv in paper.levels] == [
        ("Curated", "Open"),
        ("Automatic", "Closed"),
    ]
    assert paper.first_level == "open"
    documentation = groups[1]
    assert [s.track_words for s in documentation.scores] == ["Curated", "Automatic"]
    assert "Hub catalog (automatic)" in html


def test_a_model_of_one_track_shows_its_levels_without_track_names(client, methodology):
    model = factories.model_create("Solo", slug="solo")
    factories.assess(model, methodology, "open")
    factories.recompute(methodology)
    html = client.get("/models/solo/").content.decode()
    top = html.split('id="criteria-heading"', 1)[0]
    assert top.count('<li class="glance-tile tile-open">') == 12
    assert 'class="glance-track"' not in top
    assert "Rank <strong>1</strong>" in top


def test_it_links_a_correction_per_criterion(client, olmo):
    html = client.get("/models/olmo/").content.decode()
    assert 'href="/models/olmo/corrections/new/?criterion=paper"' in html
    assert html.count("/corrections/new/?criterion=") == 12


def test_it_shows_lineage_both_ways_and_the_timeline(client, olmo):
    response = client.get("/models/olmo/")
    html = response.content.decode()
    assert '<a href="/models/olmo-base/">OLMo base</a>' in html
    assert '<a href="/models/olmo-tuned/">OLMo tuned</a>' in html
    assert "paper out" in html
    history = response.context["page"].history[Track.EDITORIAL]
    assert [str(p.total) for p in history] == ["0.500000", "0.541667"]
    assert "<svg" in html and "<title" in html and "The figures as a table" in html


def test_its_timeline_lists_each_change_newest_first_with_text_escaped(client, olmo, methodology):
    factories.assess(olmo, methodology, {"paper": "closed"}, reason="<b>retracted</b> & why")
    html = client.get("/models/olmo/").content.decode()
    timeline = html[html.index('<ol class="timeline" reversed>') :]
    timeline = timeline[: timeline.index("</ol>")]
    newest = timeline[: timeline.index("</li>")]
    assert "Paper" in newest and "(Curated index)" in newest
    assert "Open → Closed" in newest and "· Service" in newest
    assert '<div class="reason">&lt;b&gt;retracted&lt;/b&gt; &amp; why</div>' in newest
    assert '<time datetime="20' in newest
    assert timeline.count("<li>") == 12 + 1 + 12 + 1


def test_an_old_slug_redirects_permanently(client, olmo):
    ModelSlugAlias.objects.create(slug="olmo-old", model=olmo)
    response = client.get("/models/olmo-old/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/models/olmo/"


def test_an_unknown_slug_is_a_404_in_the_sites_design(client, olmo):
    response = client.get("/models/nothing-here/")
    assert response.status_code == 404
    assert b"Page not found" in response.content and b"<footer" in response.content


def test_its_selector_runs_a_fixed_number_of_queries(client, olmo, django_assert_num_queries):
    # model (with whether it has a public record of corrections), methodology, criteria,
    # scores, assessments, evidence, derived models, their scores, revisions, base chain; the
    # record itself (and its events) only when there are decided corrections
    with django_assert_num_queries(10):
        client.get("/models/olmo/")


def test_a_curated_index_models_page_reads_its_steps_once_and_then_a_fixed_number_of_queries(
    client, olmo, django_assert_num_queries
):
    from openness.catalog.models import AIModel

    AIModel.objects.filter(pk=olmo.pk).update(osai_file="OLMo.yaml", is_curated=True)
    first = client.get("/models/olmo/")
    steps = first.context["page"].history[Track.EDITORIAL]
    assert [str(s.total) for s in steps] == ["0.500000", "0.541667"]
    assert steps[-1].reason == "paper out"  # the index's steps, with their reasons
    # The page's eight (model, scores, assessments, evidence, derived models, their scores,
    # revisions, base chain: the methodology is held since the first request); the history
    # version (the steps' cache key), the components' licenses and the Model Openness Tool's
    # records. The steps come from the shared cache, not from a replay of the revisions.
    with django_assert_num_queries(11):
        again = client.get("/models/olmo/")
    assert again.context["page"].history[Track.EDITORIAL] == steps
