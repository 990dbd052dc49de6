"""hub_model_assess: automatic judgments written through the services, cited and idempotent."""

from datetime import timedelta

import pytest
from django.db import connection, transaction

from openness.assessments import services
from openness.assessments.models import (
    Assessment,
    Evidence,
    Level,
    Provenance,
    Revision,
    Score,
    Track,
)
from openness.catalog.models import AIModel, Organisation
from openness.crawl.models import HubRepo
from openness.crawl.rules.assess import derived_models, hub_model_assess

pytestmark = pytest.mark.django_db


def make_model(repo: str, *, curated: bool = False, **fields) -> AIModel:
    """A catalog model naming its repository; a hub model with its crawled repository row,
    as the crawl makes them."""
    owner = repo.split("/")[0]
    org, _ = Organisation.objects.get_or_create(slug=owner.lower(), defaults={"name": owner})
    fields = {
        "slug": repo.replace("/", "-").replace(".", "-").lower(),
        "name": repo.split("/")[-1],
        **fields,
    }
    model = AIModel.objects.create(
        organisation=org, end_model_repo=repo, is_curated=curated, **fields
    )
    if not curated:
        moment = model.created_at
        HubRepo.objects.create(
            hub="huggingface", hub_uid=f"uid-{repo}", repo_id=repo, sha="s1", model=model,
            first_seen_at=moment, last_seen_at=moment, sha_changed_at=moment,
        )  # fmt: skip
    return model


def enriched(hub, name: str):
    item = hub.item(name)
    datasets = (
        {d: hub.dataset(d) for d in item["cardData"].get("datasets", [])}
        if isinstance(item.get("cardData"), dict)
        else {}
    )
    papers = {
        t.split(":", 1)[1]: hub.paper(t.split(":", 1)[1])
        for t in item.get("tags") or []
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
    # license@4: open weights and open data, the code not known: partial or open, not assessed.
    assert levels["licenses"] == Level.NOT_ASSESSED
    assert levels["datasources_endmodel"] == Level.PARTIAL  # no statement of completeness
    assert levels["preprint"] == Level.OPEN  # the paper's title names olmOCR
    assert levels["modelcard"] == Level.CLOSED  # headings with a line or two under each
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


def editorial(model: AIModel, methodology, code: str, level: str = Level.OPEN) -> Assessment:
    """A curated judgment, recorded the way the importer records it."""
    services.assessment_record(
        model=model,
        criterion=methodology.criteria.get(code=code),
        level=level,
        notes="Curated note.",
        provenance=Provenance.CURATED,
        evidence=[services.EvidenceInput(url="https://osai-index.eu/model", rule="")],
        source=Revision.Source.IMPORT,
        reason="import",
    )
    return Assessment.objects.get(model=model, criterion__code=code, track=Track.EDITORIAL)


def test_every_assessed_criterion_cites_evidence_with_url_and_retrieval_time(hub, methodology):
    for name in [
        "olmocr",
        "base_open",
        "gated_auto_llama",
        "gated_manual_other",
        "no_weights",
        "openrail_nc_data",
        "multi_license",
        "malformed_string_card",
    ]:
        item = hub.item(name)
        hub_model_assess(model=make_model(item["id"]), snapshot=enriched(hub, name))
    rows = Assessment.objects.filter(track=Track.AUTOMATIC).exclude(level=Level.NOT_ASSESSED)
    assert rows.count() > 20
    for assessment in rows:
        current = assessment.evidence.filter(retracted_at__isnull=True)
        assert current.exists(), assessment
        assert not current.filter(url="").exists()
        assert not current.filter(retrieved_at__isnull=True).exists()


def test_re_running_with_the_same_snapshot_creates_no_revision(hub, methodology):
    model = make_model("allenai/olmOCR-7B-0225-preview")
    snapshot = enriched(hub, "olmocr")
    first = hub_model_assess(model=model, snapshot=snapshot)
    revisions = Revision.objects.count()
    evidence = Evidence.objects.count()

    again = hub_model_assess(model=model, snapshot=snapshot)
    assert again.changed == 0 and again.unchanged == first.changed
    later = hub.snapshot(
        snapshot.item,
        readme=snapshot.readme,
        datasets=snapshot.datasets,
        papers=snapshot.papers,
        retrieved_at=hub.retrieved_at + timedelta(hours=1),
    )
    assert hub_model_assess(model=model, snapshot=later).changed == 0
    assert Revision.objects.count() == revisions
    assert Evidence.objects.count() == evidence


def test_a_list_only_re_crawl_keeps_the_enriched_judgments(hub, methodology):
    model = make_model("allenai/olmOCR-7B-0225-preview")
    hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))
    before = dict(Assessment.objects.filter(model=model).values_list("criterion__code", "level"))
    outcome = hub_model_assess(model=model, snapshot=hub.snapshot(hub.item("olmocr")))
    assert outcome.changed == 0
    after = dict(Assessment.objects.filter(model=model).values_list("criterion__code", "level"))
    assert after == before


def test_it_never_touches_editorial_rows(hub, methodology):
    model = make_model("allenai/olmOCR-7B-0225-preview", curated=True)
    curated = editorial(model, methodology, "licenses", Level.OPEN)
    before = (curated.level, curated.notes, curated.provenance, curated.updated_at)

    hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))
    curated.refresh_from_db()
    assert (curated.level, curated.notes, curated.provenance, curated.updated_at) == before
    assert curated.revisions.count() == 1
    assert not curated.needs_review  # first crawl: nothing recorded to compare with
    automatic = Assessment.objects.get(
        model=model, criterion__code="licenses", track=Track.AUTOMATIC
    )
    assert automatic.level == Level.NOT_ASSESSED  # license@4: the code's license not known


def test_a_changed_license_on_a_curated_model_flags_its_editorial_licenses(hub, methodology):
    model = make_model("allenai/olmOCR-7B-0225-preview", curated=True)
    curated_license = editorial(model, methodology, "licenses")
    curated_weights = editorial(model, methodology, "weights_endmodel")
    hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))

    item = hub.item("olmocr")
    item["cardData"]["license"] = "llama3"
    item["tags"] = [t for t in item["tags"] if not t.startswith("license:")] + ["license:llama3"]
    outcome = hub_model_assess(model=model, snapshot=hub.snapshot(item))

    assert outcome.flagged == 1
    curated_license.refresh_from_db()
    assert curated_license.needs_review
    assert "declared license 'apache-2.0' -> 'llama3'" in curated_license.review_reason
    # license@4 leaves both levels undecided (the code's license not known): the declared
    # license's change alone flags the editorial row.
    assert "now not_assessed (was not_assessed)" in curated_license.review_reason
    assert curated_license.level == Level.OPEN  # flagged, never overwritten
    curated_weights.refresh_from_db()
    assert not curated_weights.needs_review


def test_a_new_sha_flags_the_curated_criteria_whose_automatic_judgment_moved(hub, methodology):
    model = make_model("allenai/olmOCR-7B-0225-preview", curated=True)
    curated_weights = editorial(model, methodology, "weights_endmodel")
    curated_card = editorial(model, methodology, "modelcard")
    hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))

    item = hub.item("olmocr")
    item["sha"] = "f" * 40
    item["gated"] = "manual"
    outcome = hub_model_assess(model=model, snapshot=hub.snapshot(item))

    assert outcome.flagged == 1
    curated_weights.refresh_from_db()
    assert curated_weights.needs_review
    assert "hub revision 0123456789ab -> ffffffffffff" in curated_weights.review_reason
    curated_card.refresh_from_db()
    assert not curated_card.needs_review


def test_an_unchanged_re_crawl_of_a_curated_model_flags_nothing(hub, methodology):
    model = make_model("allenai/olmOCR-7B-0225-preview", curated=True)
    editorial(model, methodology, "licenses")
    hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))
    assert hub_model_assess(model=model, snapshot=enriched(hub, "olmocr")).flagged == 0
    assert not Assessment.objects.filter(needs_review=True).exists()


def test_a_judgment_the_metadata_can_no_longer_make_is_retracted_to_not_assessed(hub, methodology):
    model = make_model("allenai/olmOCR-7B-0225-preview")
    hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))
    item = hub.item("olmocr")
    item["tags"] = [t for t in item["tags"] if not t.startswith("arxiv:")]
    hub_model_assess(model=model, snapshot=hub.snapshot(item))
    preprint = Assessment.objects.get(model=model, criterion__code="preprint")
    assert preprint.level == Level.NOT_ASSESSED
    assert preprint.revisions.count() == 2
    assert preprint.evidence.filter(retracted_at__isnull=True).get().url.startswith("http")


def test_not_assessed_judgments_are_kept_with_what_the_rule_looked_at(hub, methodology):
    """A rule that read the metadata and could not decide says why: its note is stored (the
    model page shows it), and the score counts the criterion as not assessed."""
    model = make_model("example-org/card-only")
    hub_model_assess(model=model, snapshot=hub.snapshot(hub.item("no_weights")))
    undecided = Assessment.objects.filter(model=model, level=Level.NOT_ASSESSED)
    assert undecided.exists()
    assert all(a.notes and a.provenance == Provenance.AUTOMATIC for a in undecided)
    score = Score.objects.get(model=model, track=Track.AUTOMATIC)
    decided = Assessment.objects.filter(model=model).exclude(level=Level.NOT_ASSESSED).count()
    assert score.assessed == decided < score.applicable
    # Re-running on the same snapshot writes nothing new.
    before = Revision.objects.filter(assessment__model=model).count()
    hub_model_assess(model=model, snapshot=hub.snapshot(hub.item("no_weights")))
    assert Revision.objects.filter(assessment__model=model).count() == before


def test_a_community_correction_on_the_automatic_track_stands(hub, methodology):
    model = make_model("allenai/olmOCR-7B-0225-preview")
    services.assessment_record(
        model=model,
        criterion=methodology.criteria.get(code="weights_endmodel"),
        level=Level.CLOSED,
        notes="Corrected by a reader.",
        provenance=Provenance.COMMUNITY,
        evidence=[services.EvidenceInput(url="https://example.org/proof")],
        source=Revision.Source.CORRECTION,
        reason="correction",
        track=Track.AUTOMATIC,
    )
    outcome = hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))
    assert outcome.skipped >= 1
    row = Assessment.objects.get(model=model, criterion__code="weights_endmodel")
    assert (row.level, row.provenance) == (Level.CLOSED, Provenance.COMMUNITY)


def test_it_links_a_fine_tune_to_its_base_and_the_bases_assessment(hub, methodology):
    base = make_model("Qwen/Qwen2-VL-7B-Instruct")
    hub_model_assess(model=base, snapshot=enriched(hub, "base_open"))
    model = make_model("allenai/olmOCR-7B-0225-preview")
    hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))

    model.refresh_from_db()
    assert model.base_model_repo == "Qwen/Qwen2-VL-7B-Instruct"
    assert model.base_model == base
    weights_base = Assessment.objects.get(model=model, criterion__code="weights_basemodel")
    assert weights_base.level == Level.OPEN
    assert "Qwen/Qwen2-VL-7B-Instruct" in weights_base.notes
    assert weights_base.evidence.filter(url__endswith=base.get_absolute_url()).exists()


def test_the_curated_model_naming_a_base_repository_is_the_base_before_its_hub_model(
    hub, methodology
):
    hub_base = make_model("Qwen/Qwen2-VL-7B-Instruct")
    curated_base = make_model(
        "Qwen/Qwen2-VL-7B-Instruct", curated=True, slug="qwen2-vl-curated", name="Qwen2-VL"
    )
    model = make_model("allenai/olmOCR-7B-0225-preview")
    hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))
    model.refresh_from_db()
    assert model.base_model == curated_base != hub_base


def test_a_fine_tune_of_an_unknown_base_records_the_repo_only(hub, methodology):
    model = make_model("example-org/llama-tune")
    hub_model_assess(model=model, snapshot=hub.snapshot(hub.item("gated_auto_llama")))
    model.refresh_from_db()
    assert model.base_model_repo == "meta-llama/Llama-3.1-8B-Instruct"
    assert model.base_model is None
    assert (
        not Assessment.objects.filter(model=model, criterion__code="weights_basemodel")
        .exclude(level=Level.NOT_ASSESSED)
        .exists()
    )


def test_curated_lineage_is_kept(hub, methodology):
    model = make_model(
        "allenai/olmOCR-7B-0225-preview", curated=True, base_model_repo="Qwen/Curated-Base"
    )
    hub_model_assess(model=model, snapshot=hub.snapshot(hub.item("olmocr")))
    model.refresh_from_db()
    assert model.base_model_repo == "Qwen/Curated-Base"


def test_it_recomputes_the_models_automatic_score(hub, methodology):
    model = make_model("allenai/olmOCR-7B-0225-preview")
    hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))
    score = Score.objects.get(model=model, track=Track.AUTOMATIC)
    assert score.levels["weights_endmodel"] == Level.OPEN
    assert score.rank == 1


def test_a_batching_caller_can_leave_the_score_to_later(hub, methodology):
    model = make_model("allenai/olmOCR-7B-0225-preview")
    hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"), recompute_score=False)
    assert not Score.objects.filter(model=model).exists()


def test_a_base_assessed_after_its_fine_tune_names_the_fine_tune_to_re_assess(hub, methodology):
    model = make_model("allenai/olmOCR-7B-0225-preview")
    hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))
    assert (
        not Assessment.objects.filter(model=model, criterion__code="weights_basemodel")
        .exclude(level=Level.NOT_ASSESSED)
        .exists()
    )

    base = make_model("Qwen/Qwen2-VL-7B-Instruct")
    outcome = hub_model_assess(model=base, snapshot=enriched(hub, "base_open"))
    assert outcome.derived_model_ids == [model.id]

    hub_model_assess(model=model, snapshot=enriched(hub, "olmocr"))
    model.refresh_from_db()
    assert model.base_model == base
    weights_base = Assessment.objects.get(model=model, criterion__code="weights_basemodel")
    assert weights_base.level == Level.OPEN
    assert hub_model_assess(model=base, snapshot=enriched(hub, "base_open")).derived_model_ids == []


def test_an_unchanged_re_run_stays_within_a_few_queries(
    hub, methodology, django_assert_max_num_queries
):
    model = make_model("allenai/olmOCR-7B-0225-preview", curated=True)
    snapshot = enriched(hub, "olmocr")
    hub_model_assess(model=model, snapshot=snapshot, methodology=methodology)
    # savepoint pair, criteria, base lookup (a curated model, then a hub repository), history,
    # automatic rows and their evidence: nothing per judgment when nothing changed.
    with django_assert_max_num_queries(8):
        hub_model_assess(model=model, snapshot=snapshot, methodology=methodology)


def test_a_new_base_re_points_the_link(hub, methodology):
    old_base = make_model("Qwen/Qwen2-VL-7B-Instruct")
    model = make_model("allenai/olmOCR-7B-0225-preview")
    hub_model_assess(model=model, snapshot=hub.snapshot(hub.item("olmocr")))
    model.refresh_from_db()
    assert model.base_model == old_base

    item = hub.item("olmocr")
    item["baseModels"] = {"relation": "finetune", "models": [{"id": "org/elsewhere"}]}
    item["cardData"]["base_model"] = "org/elsewhere"
    item["tags"] = [t for t in item["tags"] if not t.startswith("base_model:")]
    hub_model_assess(model=model, snapshot=hub.snapshot(item))
    model.refresh_from_db()
    assert model.base_model_repo == "org/elsewhere"
    assert model.base_model is None


def test_derived_models_are_found_through_their_indexes_not_a_catalog_scan(methodology):
    base = make_model("Qwen/Qwen2-VL-7B-Instruct")
    linked = make_model("a/linked", base_model=base)
    named = make_model("a/named", base_model_repo="Qwen/Qwen2-VL-7B-Instruct")
    make_model("a/other", base_model_repo="Qwen/Other")
    assert list(derived_models(base)) == [linked, named]
    sql, params = derived_models(base).values_list("id").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # With whole-table reads priced out (a scan, or a walk of the primary key), a plan
        # still reads the whole table only if no index can answer the conditions.
        cursor.execute(
            "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; "
            "SET LOCAL enable_indexonlyscan = off"
        )
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan and "BitmapOr" in plan
    assert "aimodel_base_model_repo" in plan and "aimodel_base_model " in plan
