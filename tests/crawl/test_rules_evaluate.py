"""rules_evaluate: the rules against the EU index's curated levels, on a fixture hub folder."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from openness.assessments.models import Level
from openness.catalog.models import AIModel, Organisation
from openness.crawl import evaluation
from openness.crawl.models import HubRepo

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(
    r"^overall: agreement \d+\.\d% of \d+ decided pairs, coverage \d+\.\d%, "
    r"open-but-closed \d+, spearman (-?\d\.\d\d|n/a)$"
)


def test_it_crawls_a_folder_compares_with_the_curated_files_and_leaves_no_trace(methodology):
    out = StringIO()
    call_command("rules_evaluate", hub_dir=Path(settings.BASE_DIR) / "fixtures" / "hub", stdout=out)
    lines = out.getvalue().splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]
    assert any(line.startswith("weights_endmodel ") for line in lines)
    assert "disagreements (curated | automatic)" in lines
    assert not HubRepo.objects.exists() and not AIModel.objects.exists()


def test_it_refuses_a_database_that_holds_a_catalog(methodology):
    org = Organisation.objects.create(slug="o", name="O")
    AIModel.objects.create(slug="m", name="M", organisation=org)
    with pytest.raises(CommandError, match="scratch database"):
        call_command("rules_evaluate", hub_dir=Path(settings.BASE_DIR) / "fixtures" / "hub")


def test_expected_levels_come_from_the_curated_files(methodology):
    expected = evaluation.expectations(
        curated_dir=Path(settings.BASE_DIR) / "fixtures" / "osai-index", methodology=methodology
    )
    # fixtures/osai-index/smollm.yaml links HuggingFaceTB/SmolLM3-3B as its end model and
    # rates its licenses open; its base, SmolLM3-3B-Base, is compared on weights and data only.
    assert expected["HuggingFaceTB/SmolLM3-3B"]["licenses"].level == Level.OPEN
    assert expected["HuggingFaceTB/SmolLM3-3B"]["licenses"].file == "smollm.yaml"
    assert set(expected["HuggingFaceTB/SmolLM3-3B-Base"]) <= set(evaluation.BASE_CRITERIA)


def test_a_judgment_resting_on_an_unknown_fact_is_left_out():
    unknown = evaluation.Unknowns(fields=frozenset({"gated"}))
    judged = evaluation.Judged(Level.PARTIAL)
    assert evaluation.excluded_because("weights_endmodel", judged, unknown) == "gating unknown"
    partial_list = evaluation.Unknowns(siblings_partial=True)
    closed = evaluation.Judged(Level.CLOSED)
    assert evaluation.excluded_because("weights_endmodel", closed, partial_list)
    assert not evaluation.excluded_because("weights_endmodel", judged, partial_list)


def test_spearman_ranks_ties_at_their_mean():
    assert evaluation.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert evaluation.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert evaluation.spearman([0.5, 0.5, 1.0], [0.1, 0.2, 0.9]) == pytest.approx(0.866, abs=1e-3)
    assert evaluation.spearman([1, 1, 1], [1, 2, 3]) is None
