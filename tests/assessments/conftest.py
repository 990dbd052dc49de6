"""Fixtures for the assessments tests: the methodology definitions and copies of the index."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from openness.assessments.methodology_files import methodologies_load

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
INDEX = FIXTURES / "osai-index"
METHODOLOGIES = FIXTURES / "methodologies"


@pytest.fixture
def methodology(db):
    """The current EU OSAI Index methodology (2026-03), loaded from its definition file."""
    results = methodologies_load(directory=METHODOLOGIES)
    return next(r.methodology for r in results if r.methodology.is_current)


@pytest.fixture
def index_copy(tmp_path):
    """A writable copy of some of the index's files: `index_copy("OLMo.yaml", ...)`."""

    def make(*names: str) -> Path:
        folder = tmp_path / "osai-index"
        folder.mkdir(exist_ok=True)
        for name in ("PROVENANCE.md", *names):
            shutil.copy(INDEX / name, folder / name)
        return folder

    return make
