import pytest

from openness.corrections.links import durable_link_hint, evidence_kind, revision_in

SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    "url",
    [
        "https://doi.org/10.1145/3630106.3659005",
        "https://arxiv.org/abs/2402.00838",
        "https://arxiv.org/pdf/2402.00838v2",
        f"https://huggingface.co/allenai/OLMo-7B/blob/{SHA}/README.md",
        f"https://github.com/allenai/OLMo/tree/{SHA[:12]}/configs",
        "https://web.archive.org/web/20240101000000/https://example.org/",
        "https://zenodo.org/records/15386042",
    ],
)
def test_durable_links_get_no_hint(url):
    assert durable_link_hint(url) == ""


@pytest.mark.parametrize(
    "url",
    [
        "https://huggingface.co/allenai/OLMo-7B",
        "https://huggingface.co/allenai/OLMo-7B/blob/main/README.md",
        "https://github.com/allenai/OLMo",
        "https://example.org/blog/olmo",
        "https://arxiv.org/list/cs.CL/recent",
    ],
)
def test_links_that_can_move_get_a_hint(url):
    assert durable_link_hint(url)


def test_a_hub_link_without_a_commit_hint_says_how_to_pin_it():
    assert "commit" in durable_link_hint("https://huggingface.co/org/model/blob/main/x")


def test_revision_in_reads_the_commit_from_a_pinned_link():
    assert revision_in(f"https://huggingface.co/o/m/resolve/{SHA}/config.json") == SHA
    assert revision_in("https://huggingface.co/o/m/blob/main/README.md") == ""


def test_evidence_kind_follows_the_host():
    assert evidence_kind("https://doi.org/10.1/x") == "paper"
    assert evidence_kind("https://arxiv.org/abs/2402.00838") == "preprint"
    assert evidence_kind("https://github.com/o/r") == "repository"
    assert evidence_kind("https://huggingface.co/datasets/o/d") == "dataset"
    assert evidence_kind("https://huggingface.co/o/m") == "model_card"
    assert evidence_kind("https://example.org/") == "other"
