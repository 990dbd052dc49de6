"""Time a full import of the EU OSAI Index (193 files) and a no-op re-import.

Runs against a scratch database (Django's test database, created and destroyed here), so the
development data is untouched:  uv run python benchmarks/osai_import.py
"""

import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openness.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from openness.assessments.methodology_files import methodologies_load  # noqa: E402
from openness.assessments.models import Revision  # noqa: E402
from openness.assessments.osai_import import osai_import  # noqa: E402


def main() -> None:
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        methodologies_load(directory=BASE_DIR / "fixtures" / "methodologies")
        index = BASE_DIR / "fixtures" / "osai-index"
        started = time.perf_counter()
        full = osai_import(path=index)
        full_seconds = time.perf_counter() - started
        revisions = Revision.objects.count()
        started = time.perf_counter()
        again = osai_import(path=index)
        noop_seconds = time.perf_counter() - started
        assert again.assessments_changed == 0 and Revision.objects.count() == revisions
        print(
            f"full import: {len(full.files)} files, {full.assessments_changed} assessments, "
            f"{full.scores_written} scores in {full_seconds:.2f} s; "
            f"no-op re-import: {noop_seconds:.2f} s ({again.count('unchanged')} files unchanged)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
