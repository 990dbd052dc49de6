"""The GitHub client against the loopback hub's GitHub fake: conditional requests, the shared
limiter, 404, retries, truncated trees and licenses GitHub could not read."""

import time

import pytest

from openness.crawl.github import client, repos
from openness.crawl.testhub import Fault


@pytest.fixture
def github(crawl_settings, testhub):
    """The fake's state, with a clean ETag store."""
    from django.core.cache import cache

    cache.clear()
    return testhub.state.github


def api(settings, path: str) -> str:
    return f"{settings.GITHUB_API_URL}{path}"


def test_it_reads_a_repository_its_tree_and_readme(github, settings):
    doc = repos.fetch_repository("allenai", "OLMo")
    assert doc.error == ""
    assert doc.url == "https://github.com/allenai/OLMo"
    assert doc.revision == "8ec280970204d46b7ba4f16d03ba3aa258515f65"  # the tree's sha
    assert doc.data["license"]["spdx_id"] == "Apache-2.0"
    assert doc.data["license_known"] is True
    assert ["scripts/train.py", "blob"] in doc.data["tree"]["paths"]
    assert doc.data["readme_path"] == "README.md"
    assert "## Reproducibility" in doc.text
    assert doc.retrieved_at is not None


def test_a_second_request_sends_the_etag_and_reuses_the_stored_copy_on_304(github, settings):
    url = api(settings, "/repos/allenai/OLMo")
    first = client.get_json(url)
    used = github.used
    second = client.get_json(url)
    assert first.from_cache is False and first.etag
    assert second.from_cache is True
    assert second.data == first.data
    assert github.used == used  # a 304 is not counted against the quota, as on GitHub


def test_without_a_stored_copy_no_conditional_request_is_sent(github, settings):
    from django.core.cache import cache

    url = api(settings, "/repos/allenai/OLMo")
    client.get_json(url)
    cache.clear()
    assert client.get_json(url).from_cache is False


def test_rate_limit_headers_reach_the_shared_limiter(github, settings):
    client.get_json(api(settings, "/repos/allenai/OLMo"))
    state = client.limiter().state("core")
    assert state is not None
    assert state["remaining"] == github.quota - github.used
    assert 0 < state["reset_in"] <= github.window


def test_a_rate_limited_answer_makes_every_worker_wait_for_the_reset(github, settings, testhub):
    testhub.state.fault_add(Fault(kind="429", match="/github-api/repos/allenai/OLMo", reset=2))
    started = time.monotonic()
    answer = client.get_json(api(settings, "/repos/allenai/OLMo"))
    assert answer.data["full_name"] == "allenai/OLMo"
    assert time.monotonic() - started >= 1.0  # waited on the limiter for the reset (1-2 s)
    hits = [r for r in testhub.state.requests if r == "/github-api/repos/allenai/OLMo"]
    assert len(hits) == 2


def test_a_missing_repository_is_not_found(github, settings):
    with pytest.raises(client.NotFound):
        client.get_json(api(settings, "/repos/nobody/nothing"))
    doc = repos.fetch_repository("nobody", "nothing")
    assert doc.error == "NotFound" and doc.data is None


def test_server_errors_are_retried(github, settings, testhub):
    testhub.state.fault_add(
        Fault(kind="status", match="/github-api/repos/EleutherAI/pythia", status=503, times=1)
    )
    doc = repos.fetch_repository("EleutherAI", "pythia")
    assert doc.error == ""
    hits = [r for r in testhub.state.requests if r == "/github-api/repos/EleutherAI/pythia"]
    assert len(hits) == 2


def test_retries_run_out_into_an_error_note_not_an_exception(github, settings, testhub):
    testhub.state.fault_add(
        Fault(kind="status", match="/github-api/repos/EleutherAI/pythia", status=502, times=10)
    )
    doc = repos.fetch_repository("EleutherAI", "pythia")
    assert "HTTP 502" in doc.error
    assert doc.data is None


def test_a_slow_answer_times_out_and_is_retried(github, settings, testhub):
    settings.GITHUB_TIMEOUT_SECONDS = 1
    testhub.state.fault_add(
        Fault(kind="slow", match="/github-api/repos/allenai/OLMo/readme", delay=1.5)
    )
    doc = repos.fetch_repository("allenai", "OLMo")
    assert doc.error == "" and "Reproducibility" in doc.text


def test_a_truncated_tree_is_marked_so(github, settings):
    doc = repos.fetch_repository("EleutherAI", "pythia")
    assert doc.data["tree"]["truncated"] is True


def test_a_license_github_could_not_read_is_unknown_not_none(github, settings):
    answer = client.get_json(api(settings, "/repos/meta-llama/llama"))
    assert "license" not in answer.data  # listed in _unknown: served without the key
    doc = repos.fetch_repository("meta-llama", "llama")
    assert doc.data["license_known"] is False and doc.data["license"] is None


def test_the_fake_never_serves_underscore_keys(github, settings):
    answer = client.get_json(api(settings, "/repos/allenai/OLMo"))
    tree = client.get_json(
        api(settings, "/repos/allenai/OLMo/git/trees/main"), params={"recursive": "1"}
    )
    assert not [k for k in answer.data if k.startswith("_")]
    assert not [k for k in tree.data if k.startswith("_")]


def test_without_recursive_the_tree_is_the_top_level(github, settings):
    tree = client.get_json(api(settings, "/repos/allenai/OLMo/git/trees/main")).data
    assert all("/" not in entry["path"] for entry in tree["tree"])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/allenai/OLMo", ("allenai", "OLMo")),
        ("https://github.com/allenai/OLMo.git", ("allenai", "OLMo")),
        (
            "https://www.github.com/EleutherAI/gpt-neox/tree/main/configs",
            ("EleutherAI", "gpt-neox"),
        ),
        ("https://github.com/QwenLM", None),
        ("https://github.com/orgs/allenai/repositories", None),
        ("https://gitlab.com/a/b", None),
        ("javascript:alert(1)//github.com/a/b", None),
    ],
)
def test_repository_urls_are_read_strictly(url, expected):
    assert repos.repository_of(url) == expected
