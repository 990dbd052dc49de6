"""Rule license@4: the weights', the training code's and the training data's licenses together,
on real-data facts from the gold set (fixtures/hub-gold: every fact carries its source URL in
the record's `_sources`). Code repositories are read through the GitHub client from the
loopback GitHub, as enrichment reads them."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from openness.assessments.models import Evidence, Level
from openness.crawl.github import repos
from openness.crawl.rules import projectlicense
from openness.crawl.snapshot import FetchedDocument, HubSnapshot
from openness.crawl.testhub import TestHub

from .conftest import _forget_rate_limits

GOLD = Path(django_settings.BASE_DIR) / "fixtures" / "hub-gold"
AT = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.skipif(not (GOLD / "models").is_dir(), reason="no gold set")


def gold(folder: str, repo_id: str) -> dict:
    return json.loads((GOLD / folder / f"{repo_id.replace('/', '__')}.json").read_text())


def dataset(dataset_id: str) -> FetchedDocument:
    return FetchedDocument(
        url=f"https://huggingface.co/datasets/{dataset_id}",
        retrieved_at=AT,
        data=gold("datasets", dataset_id),
    )


@pytest.fixture(scope="module")
def code():
    """Gold code repositories fetched through the GitHub client: {"owner/name": document}."""
    with TestHub(GOLD) as hub, pytest.MonkeyPatch.context() as patch:
        patch.setattr(django_settings, "GITHUB_API_URL", f"{hub.url}/github-api")
        patch.setattr(django_settings, "HUB_BACKOFF_SECONDS", 0)
        patch.setattr(django_settings, "HUB_RATE_LIMIT_RESERVE", 0)
        cache.clear()
        _forget_rate_limits()
        names = (
            "suno-ai/bark",
            "databrickslabs/dolly",
            "deep-floyd/IF",
            "bigscience-workshop/xmtf",
        )
        return {name: repos.fetch_repository(*name.split("/")) for name in names}


def snapshot(repo_id: str, *, code_docs=(), datasets=()) -> HubSnapshot:
    item = {k: v for k, v in gold("models", repo_id).items() if not k.startswith("_")}
    return HubSnapshot(
        hub="huggingface",
        endpoint="https://huggingface.co",
        repo_id=repo_id,
        sha=item.get("sha", ""),
        retrieved_at=AT,
        item=item,
        readme=FetchedDocument(url="x", retrieved_at=AT, text="# card\n"),
        code_repos={doc.url: doc for doc in code_docs},
        datasets={d: dataset(d) for d in datasets},
    )


def test_open_weights_and_open_code_beside_a_card_that_shares_no_data_are_partial(code):
    # suno/bark: license:mit (its Hub page header); suno-ai/bark: MIT (its LICENSE), linked by
    # the curated Bark.yaml; no dataset declared and a card that documents none: two parts of
    # three open, the rubric's partial. The index rates Bark's licenses partial too, though its
    # note reads "Code: not released" (suno-ai/bark holds inference code): the rule takes a
    # linked repository's license for the code's, as license@3 did.
    judgment = projectlicense.judge(snapshot("suno/bark", code_docs=[code["suno-ai/bark"]]))
    assert judgment.rule == "license@7"
    assert judgment.level == Level.PARTIAL
    assert (
        "Partial by the rubric: the weights open, the training code open, the training data "
        "not open" in judgment.notes
    )
    assert {e.kind for e in judgment.evidence} >= {Evidence.Kind.LICENSE, Evidence.Kind.MODEL_CARD}


def test_open_weights_alone_are_not_assessed():
    # suno/bark without its code repository: the weights' MIT license alone, and the experts
    # rate such evidence open, partial or closed (docs/rules.md, "Fourth round").
    judgment = projectlicense.judge(snapshot("suno/bark"))
    assert judgment.level == Level.NOT_ASSESSED
    assert "between closed and partial: it rests on the training code" in judgment.notes


def test_a_declared_dataset_without_a_license_keeps_the_project_partial(code):
    # databricks/dolly-v2-7b: mit; databrickslabs/dolly: Apache-2.0; its declared dataset
    # databricks/databricks-dolly-15k is known only from an old commit, with no license key.
    judgment = projectlicense.judge(
        snapshot(
            "databricks/dolly-v2-7b",
            code_docs=[code["databrickslabs/dolly"]],
            datasets=["databricks/databricks-dolly-15k"],
        )
    )
    assert judgment.level == Level.PARTIAL
    assert "the training code open, the training data not open" in judgment.notes
    assert "databricks/databricks-dolly-15k: none declared" in judgment.notes


def test_restricted_weights_with_code_of_no_open_license_are_closed(code):
    # DeepFloyd/IF-I-XL-v1.0: license:deepfloyd-if-license; deep-floyd/IF: GitHub reports
    # NOASSERTION (its own license text, not an OSI one); no dataset declared and a card that
    # documents none. The index rates it partial (on the LAION data's CC-BY, which the Hub
    # does not show); the rule sees at most one part that could be open, so closed.
    judgment = projectlicense.judge(
        snapshot("DeepFloyd/IF-I-XL-v1.0", code_docs=[code["deep-floyd/IF"]])
    )
    assert judgment.level == Level.CLOSED
    assert "deepfloyd-if-license" in judgment.notes


def test_a_code_license_that_could_not_be_read_leaves_open_and_partial_undecided(code):
    # bigscience/mt0-xxl: apache-2.0; datasets bigscience/xP3 (apache-2.0) and mc4 (odc-by)
    # are open; bigscience-workshop/xmtf's license is unknown in the gold set.
    judgment = projectlicense.judge(
        snapshot(
            "bigscience/mt0-xxl",
            code_docs=[code["bigscience-workshop/xmtf"]],
            datasets=["bigscience/xP3", "mc4"],
        )
    )
    assert judgment.level == Level.NOT_ASSESSED
    assert (
        "(the weights open, the training data open) leave the level between partial and open"
        in (judgment.notes)
    )


def test_before_enrichment_the_weights_license_alone_is_not_assessed():
    not_enriched = snapshot("databricks/dolly-v2-7b")
    object.__setattr__(not_enriched, "readme", None)
    judgment = projectlicense.judge(not_enriched)
    assert judgment.level == Level.NOT_ASSESSED
    assert "not read (the model was not enriched)" in judgment.notes
