"""What a cited URL is: kind, readable title, revision pin and Hugging Face repository."""

import pytest

from openness.assessments.osai_links import (
    evidence_kind,
    evidence_revision,
    evidence_title,
    hf_model_repo,
)


@pytest.mark.parametrize(
    ("url", "kind", "title"),
    [
        (
            "https://huggingface.co/datasets/allenai/dolma3_mix-5.5T-1125",
            "dataset",
            "Hugging Face dataset allenai/dolma3_mix-5.5T-1125",
        ),
        ("https://arxiv.org/abs/2402.00838", "preprint", "arXiv 2402.00838"),
        ("https://arxiv.org/pdf/2402.00838v4.pdf", "preprint", "arXiv 2402.00838v4"),
        (
            "https://huggingface.co/papers/2512.13961",
            "preprint",
            "Hugging Face paper page 2512.13961",
        ),
        ("https://github.com/allenai/OLMo-core", "repository", "GitHub allenai/OLMo-core"),
        (
            "https://github.com/allenai/OLMo/blob/main/LICENSE",
            "license",
            "GitHub allenai/OLMo (license file)",
        ),
        (
            "https://huggingface.co/allenai/Olmo-3.1-32B-Think#model-description",
            "model_card",
            "Hugging Face model allenai/Olmo-3.1-32B-Think",
        ),
        (
            "https://aclanthology.org/2024.acl-long.841/",
            "paper",
            "aclanthology.org/2024.acl-long.841",
        ),
        ("https://openreview.net/forum?id=2ezugTT9kU#discussion", "paper", "openreview.net/forum"),
        ("https://huggingface.co/allenai", "website", "huggingface.co/allenai"),
        ("https://allenai.org", "website", "allenai.org"),
    ],
)
def test_a_url_gets_a_kind_and_a_short_title(url, kind, title):
    assert evidence_kind(url) == kind
    assert evidence_title(url) == title


def test_a_long_title_is_shortened():
    title = evidence_title("https://example.org/" + "a" * 200)
    assert len(title) == 80
    assert title.endswith("…")


@pytest.mark.parametrize(
    ("url", "repo"),
    [
        ("https://huggingface.co/allenai/Olmo-3-1125-32B", "allenai/Olmo-3-1125-32B"),
        ("https://www.huggingface.co/google/gemma-3-27b-it/tree/main", "google/gemma-3-27b-it"),
        ("https://huggingface.co/datasets/allenai/dolma", ""),
        ("https://huggingface.co/collections/allenai/olmo-3", ""),
        ("https://huggingface.co/allenai", ""),
        ("https://github.com/allenai/OLMo", ""),
    ],
)
def test_only_a_model_repository_url_names_a_hub_repository(url, repo):
    assert hf_model_repo(url) == repo


def test_a_commit_or_arxiv_version_is_a_revision_pin_and_a_branch_is_not():
    sha = "0123456789abcdef0123456789abcdef01234567"
    assert evidence_revision(f"https://github.com/a/b/blob/{sha}/README.md") == sha
    assert evidence_revision("https://huggingface.co/a/b/blob/main/README.md") == ""
    assert evidence_revision("https://arxiv.org/abs/2402.00838v2") == "v2"
    assert evidence_revision("https://arxiv.org/abs/2402.00838") == ""
