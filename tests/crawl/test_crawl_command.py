from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from openness.crawl.models import CrawlRun, HubRepo
from openness.crawl.testhub import Fault

from .conftest import FIXTURE_MODELS

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("crawl", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_sweep_prints_a_summary_with_the_item_errors(crawl_settings):
    output = run("sweep")
    assert f"created {len(FIXTURE_MODELS)}" in output
    assert "Full sweep #" in output and "succeeded" in output
    assert "broken-user/bad-carddata: malformed fields" in output


def test_a_failed_sweep_says_why_and_how_to_resume(crawl_settings, testhub):
    testhub.state.fault_add(Fault(kind="status", status=503, match="cursor=", times=10))
    with pytest.raises(CommandError, match=r"503.*Run the same command again to resume"):
        run("sweep")
    testhub.state.faults.clear()
    run("sweep")
    assert HubRepo.objects.count() == len(FIXTURE_MODELS)
    assert CrawlRun.objects.count() == 1


def test_enrich_reads_a_model_not_crawled_yet(crawl_settings, methodology):
    output = run("enrich", "allenai/Olmo-3.1-32B-Think")
    assert "Enrichment #" in output and "updated 1" in output
    assert HubRepo.objects.get(repo_id="allenai/Olmo-3.1-32B-Think").enriched_sha


def test_enrich_names_a_model_the_hub_does_not_know(crawl_settings, methodology):
    with pytest.raises(CommandError, match="nobody/nothing: RepositoryNotFoundError"):
        run("enrich", "nobody/nothing")


def test_a_listing_takes_no_repository_ids(crawl_settings):
    with pytest.raises(CommandError, match="takes no repository ids"):
        run("sweep", "allenai/Olmo-3.1-32B-Think")
