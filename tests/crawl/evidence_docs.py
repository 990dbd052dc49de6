"""Documents for the evidence rules' tests: hand-made code repositories and cards, and the
recorded real ones read from fixtures/hub/ (see its README for where each fact comes from)."""

from pathlib import Path

from django.conf import settings

from openness.crawl.snapshot import FetchedDocument

from .conftest import RETRIEVED_AT

HUB_FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "hub"


def repo_doc(
    paths=(),
    *,
    name="example-org/example",
    license_id: str | None = "Apache-2.0",
    license_known=True,
    truncated=False,
    readme: str | None = "# Example\n\n## Usage\n\n## Training\n\n## Data preparation\n",
    readme_absent=False,
    error="",
) -> FetchedDocument:
    """A code repository as openness.crawl.github.repos reads one."""
    url = f"https://github.com/{name}"
    if error:
        return FetchedDocument(url=url, retrieved_at=RETRIEVED_AT, error=error)
    license_ = {"key": (license_id or "").lower(), "spdx_id": license_id, "name": license_id}
    return FetchedDocument(
        url=url,
        retrieved_at=RETRIEVED_AT,
        revision="a" * 40,
        text=readme,
        data={
            "full_name": name,
            "html_url": url,
            "default_branch": "main",
            "license_known": license_known,
            "license": license_ if (license_id and license_known) else None,
            "tree": {
                "sha": "a" * 40,
                "truncated": truncated,
                "paths": [[p, "blob"] for p in paths],
            },
            "readme_path": None if readme_absent else ("README.md" if readme else ""),
        },
    )


def card_doc(text: str | None = None, *, name: str = "", error: str = "", sha="d" * 40):
    """A dataset card: hand-made text, a recorded one by file name, or an error."""
    if name:
        text = (HUB_FIXTURES / "dataset-readmes" / f"{name}.md").read_text()
    return FetchedDocument(
        url=f"http://127.0.0.1:18300/datasets/x/resolve/{sha}/README.md",
        retrieved_at=RETRIEVED_AT,
        revision=sha,
        text=None if error else text,
        error=error,
    )
