"""Enrichment reads the new evidence: dataset cards, the config, linked code repositories;
each lands on the snapshot with its URL, retrieval time and revision, and in the judgments."""

import pytest
from django.core.cache import cache

from openness.assessments.models import Assessment, Evidence, Track
from openness.catalog.models import AIModel, Organisation
from openness.crawl import coderepos, services
from openness.crawl.huggingface.hub import HuggingFaceHub
from openness.crawl.models import CrawlError, CrawlRun, HubRepo
from openness.crawl.rules import coderepo
from openness.crawl.testhub import Fault

pytestmark = pytest.mark.django_db


@pytest.fixture
def swept(crawl_settings, methodology):
    cache.clear()
    run = services.crawl_listing(kind=CrawlRun.Kind.SWEEP)
    assert run.status == CrawlRun.Status.SUCCEEDED
    return run


def automatic(repo_id: str, criterion: str) -> Assessment:
    return Assessment.objects.get(
        model__end_model_repo=repo_id, track=Track.AUTOMATIC, criterion__code=criterion
    )


def snapshot_of(repo_id: str):
    hub = HuggingFaceHub()
    item, _ = hub.model_info(repo_id)
    return hub.snapshot(repo_id=repo_id, sha=item["sha"], item=item)


def test_the_snapshot_holds_the_dataset_cards_at_the_dataset_commit(crawl_settings):
    snapshot = snapshot_of("tiiuae/falcon-7b")
    record = snapshot.datasets["tiiuae/falcon-refinedweb"]
    card = snapshot.dataset_cards["tiiuae/falcon-refinedweb"]
    assert card.error == ""
    assert card.revision == record.revision
    assert card.url.endswith(
        f"/datasets/tiiuae/falcon-refinedweb/resolve/{record.revision}/README.md"
    )
    assert "public extract" in card.text
    assert card.retrieved_at is not None


def test_the_snapshot_holds_config_json_when_the_file_list_names_it(crawl_settings, testhub):
    snapshot = snapshot_of("EleutherAI/pythia-6.9b")
    assert snapshot.config.data["num_hidden_layers"] == 32
    assert snapshot.config.revision == snapshot.sha
    assert f"/EleutherAI/pythia-6.9b/resolve/{snapshot.sha}/config.json" in testhub.state.requests


def test_the_api_config_summary_saves_the_request(crawl_settings, testhub):
    testhub.state.model_update(
        "EleutherAI/pythia-6.9b", config={"architectures": ["GPTNeoXForCausalLM"]}
    )
    snapshot = snapshot_of("EleutherAI/pythia-6.9b")
    assert snapshot.config.data == {"architectures": ["GPTNeoXForCausalLM"]}
    assert not [r for r in testhub.state.requests if r.endswith("/config.json")]


def test_code_repositories_come_from_paper_records_and_the_card(crawl_settings):
    snapshot = snapshot_of("EleutherAI/pythia-6.9b")
    assert coderepos.code_repo_links(snapshot) == ["https://github.com/EleutherAI/pythia"]


def test_tooling_links_are_left_out_and_the_models_own_repositories_come_first(hub):
    readme = hub.readme("full")
    text = (
        "Run it with https://github.com/ggerganov/llama.cpp or "
        "https://github.com/huggingface/transformers.\n"
        "Awesome list: https://github.com/someone/awesome-llms\n"
        "Training code: https://github.com/example-org/trainer.\n"
    )
    from dataclasses import replace

    snapshot = hub.snapshot(
        {"id": "example-org/model-7b", "sha": "1" * 40, "tags": []},
        readme=replace(readme, text=text),
    )
    assert coderepos.code_repo_links(snapshot) == [
        "https://github.com/example-org/trainer",
        "https://github.com/someone/awesome-llms",
    ]


def test_a_tooling_repository_is_kept_for_the_account_that_owns_it(hub):
    # lmsys/vicuna-13b-v1.5's card names https://github.com/lm-sys/FastChat as its repository
    # (fixtures/hub-gold/readmes/lmsys__vicuna-13b-v1.5.md): the Hub account "lmsys" is the
    # GitHub owner "lm-sys". For anyone else's model FastChat stays tooling.
    from dataclasses import replace

    text = "Training and serving code: https://github.com/lm-sys/FastChat\n"
    readme = replace(hub.readme("full"), text=text)
    own = hub.snapshot({"id": "lmsys/vicuna-13b-v1.5", "sha": "1" * 40, "tags": []}, readme=readme)
    other = hub.snapshot({"id": "example-org/chat-7b", "sha": "1" * 40, "tags": []}, readme=readme)
    assert coderepos.code_repo_links(own) == ["https://github.com/lm-sys/FastChat"]
    assert coderepos.code_repo_links(other) == []


def test_a_curated_models_own_links_come_first(hub, methodology):
    from openness.assessments import services as assessment_services
    from openness.assessments.models import Level, Provenance, Revision
    from openness.assessments.services import EvidenceInput

    org = Organisation.objects.create(slug="ai2", name="Ai2", hub_author="allenai")
    model = AIModel.objects.create(slug="olmo", name="OLMo", organisation=org, is_curated=True)
    assessment_services.assessment_record(
        model=model,
        criterion=methodology.criteria.get(code="trainingcode"),
        level=Level.OPEN,
        notes="",
        provenance=Provenance.CURATED,
        source=Revision.Source.IMPORT,
        reason="test",
        evidence=[
            EvidenceInput(url="https://github.com/allenai/OLMo-core", kind=Evidence.Kind.REPOSITORY)
        ],
        track=Track.EDITORIAL,
    )
    snapshot = hub.snapshot(
        {"id": "allenai/Olmo-3.1-32B-Think", "sha": "1" * 40, "tags": []},
        papers={"x": hub.paper("2502.18443")},
    )
    links = coderepos.code_repo_links(snapshot, model)
    assert links[0] == "https://github.com/allenai/OLMo-core"


def test_enrichment_judges_code_from_the_repository_and_architecture_from_the_config(swept):
    repo = HubRepo.objects.get(repo_id="EleutherAI/pythia-6.9b")
    run = services.crawl_enrich(repo_pks=[repo.pk])
    assert run.items_updated == 1
    training = automatic("EleutherAI/pythia-6.9b", "trainingcode")
    assert training.level == "partial"
    cited = training.evidence.filter(
        rule=coderepo.TRAININGCODE_RULE, url__startswith="https://github.com/"
    )
    assert cited.exists()
    assert {e.revision for e in cited} == {"11d61e2cdee49893cd609a9607e26134a55e3c82"}
    assert all(e.retrieved_at is not None for e in cited)
    code = automatic("EleutherAI/pythia-6.9b", "code")
    assert code.level == "partial"
    hardware = automatic("EleutherAI/pythia-6.9b", "hardware_architecture")
    # architecture@2: the card names no training hardware and a preprint is linked that may.
    assert hardware.level == "not_assessed"
    config = hardware.evidence.get(rule="architecture@3", kind=Evidence.Kind.HUB_METADATA)
    assert '"layers": 32' in config.excerpt


def test_enrichment_reads_dataset_cards_into_datasheet_and_training_data(swept):
    repo = HubRepo.objects.get(repo_id="tiiuae/falcon-7b")
    services.crawl_enrich(repo_pks=[repo.pk])
    sheet = automatic("tiiuae/falcon-7b", "datasheet")
    assert sheet.level == "partial"
    data = automatic("tiiuae/falcon-7b", "datasources_endmodel")
    assert data.level != "open"
    assert data.evidence.filter(rule="datacards@1", excerpt__contains="public extract").exists()


def test_github_failing_costs_those_documents_only(swept, testhub):
    testhub.state.fault_add(Fault(kind="status", match="/github-api/", status=503, times=100))
    repo = HubRepo.objects.get(repo_id="EleutherAI/pythia-6.9b")
    run = services.crawl_enrich(repo_pks=[repo.pk])
    assert run.status == CrawlRun.Status.SUCCEEDED and run.items_updated == 1
    error = CrawlError.objects.get(run=run, stage="code")
    assert error.url == "https://github.com/EleutherAI/pythia" and "503" in error.message
    assert not Assessment.objects.filter(
        model__end_model_repo="EleutherAI/pythia-6.9b", criterion__code="code"
    ).exists()


NEW_RULES = (
    coderepo.TRAININGCODE_RULE,
    coderepo.CODE_RULE,
    "datasheet@4",
    "architecture@3",
    "datacards@1",
)


def test_every_new_judgment_cites_a_pinned_source_and_is_never_open_against_its_evidence(swept):
    every = list(HubRepo.objects.values_list("pk", flat=True))
    run = services.crawl_enrich(repo_pks=every)
    assert run.status == CrawlRun.Status.SUCCEEDED
    judged = Evidence.objects.filter(assessment__track=Track.AUTOMATIC, rule__in=NEW_RULES)
    assert judged.values("rule").distinct().count() == len(NEW_RULES)
    for evidence in judged.select_related("assessment"):
        assert evidence.url.startswith("http") and evidence.retrieved_at is not None, evidence
        assert evidence.excerpt and len(evidence.excerpt) <= 300, evidence
        if evidence.assessment.level != "not_assessed":
            assert evidence.revision, evidence  # pinned: a commit, tree or dataset sha
    for assessment in Assessment.objects.filter(
        track=Track.AUTOMATIC, level="open", evidence__rule__in=NEW_RULES
    ).distinct():
        licenses = assessment.evidence.filter(kind=Evidence.Kind.LICENSE)
        for evidence in licenses:
            assert '"spdx_id": "' in evidence.excerpt, evidence  # a license GitHub read
            assert "NOASSERTION" not in evidence.excerpt
        assert "gated" not in assessment.notes.lower() or "not gated" in assessment.notes.lower()
