"""Open data dumps: contents, license, archive, and a round trip into an empty database."""

import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from builders import scripted_history
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

from openness.assessments.models import (
    Assessment,
    Criterion,
    Evidence,
    Methodology,
    Revision,
    Score,
)
from openness.catalog.models import AIModel, ModelSlugAlias, Organisation
from openness.opendata import dumps
from openness.opendata.tasks import dump_create_task


@pytest.fixture
def scripted(db, settings, tmp_path):
    settings.DUMPS_ROOT = tmp_path / "dumps"
    cache.clear()
    data = scripted_history()
    ModelSlugAlias.objects.create(slug="olmo-1", model=data["olmo"])
    return data


def test_a_dump_holds_json_csv_readme_and_the_license(scripted):
    dump = dumps.dump_create(now=datetime(2026, 4, 3, 3, 17, tzinfo=UTC))
    assert dump.name == "openness-2026-04-03.zip"
    with zipfile.ZipFile(dump.path) as archive:
        names = set(archive.namelist())
        assert {"data.json", "README.md", "LICENSE.txt", "models.csv", "evidence.csv"} <= names
        data = json.loads(archive.read("data.json"))
        readme = archive.read("README.md").decode()
        evidence = list(csv.DictReader(io.StringIO(archive.read("evidence.csv").decode())))
    assert data["license"]["data_license"]["id"] == "CC-BY-4.0"
    assert data["counts"]["revisions"] == Revision.objects.count() == len(data["revisions"])
    # The scores' search text is derived (the database keeps it): not published.
    assert data["scores"] and not any("search" in row for row in data["scores"])
    assert "CC-BY-4.0" in readme and "osai-index.eu" in readme
    assert {row["url"] for row in evidence} >= {"https://www.apache.org/licenses/LICENSE-2.0"}
    assert dump.sha256 == dumps._sha256(dump.path)


def test_the_archive_keeps_one_dump_per_day_up_to_the_limit(scripted, settings):
    settings.DUMPS_KEEP = 2
    for day in (1, 2, 3, 3):
        dumps.dump_create(now=datetime(2026, 4, day, tzinfo=UTC))
    assert [d.name for d in dumps.dumps_list()] == [
        "openness-2026-04-03.zip",
        "openness-2026-04-02.zip",
    ]
    assert dumps.dump_path("../settings.py") is None
    assert dumps.dump_path("openness-2026-04-01.zip") is None


def test_the_beat_task_writes_a_dump(scripted, settings):
    assert "opendata-dump-daily" in settings.CELERY_BEAT_SCHEDULE
    name = dump_create_task()
    assert dumps.dump_path(name) is not None


def _snapshot() -> dict:
    return {
        "models": list(AIModel.objects.order_by("pk").values()),
        "organisations": list(Organisation.objects.order_by("pk").values()),
        "aliases": list(ModelSlugAlias.objects.order_by("pk").values()),
        "assessments": list(Assessment.objects.order_by("pk").values()),
        "evidence": list(Evidence.objects.order_by("pk").values()),
        "revisions": list(Revision.objects.order_by("pk").values()),
        "scores": list(Score.objects.order_by("pk").values()),
        "methodologies": list(Methodology.objects.order_by("pk").values()),
        "criteria": list(Criterion.objects.order_by("pk").values()),
    }


def _empty_database():
    """Delete everything the dump holds (TRUNCATE: the append-only trigger guards row deletes)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "TRUNCATE assessments_score, assessments_revision, assessments_evidence,"
            " assessments_assessment, assessments_criterion, assessments_methodology,"
            " catalog_modelslugalias, catalog_aimodel, catalog_organisation CASCADE"
        )


def test_a_dump_loaded_into_an_empty_database_gives_back_the_same_data(scripted):
    before = _snapshot()
    dump = dumps.dump_create()
    _empty_database()
    assert AIModel.objects.count() == 0
    call_command("opendata_load", str(dump.path), stdout=io.StringIO())
    # Score.search included: the database filled it again from the loaded names.
    assert _snapshot() == before
    # New rows after a load get fresh ids (the sequences moved past the loaded ones).
    organisation = Organisation.objects.create(slug="new", name="New")
    assert organisation.pk > max(o["id"] for o in before["organisations"])


def test_loading_into_a_database_with_data_is_refused_and_changes_nothing(scripted):
    dump = dumps.dump_create()
    count = Revision.objects.count()
    with pytest.raises(CommandError, match="not empty"):
        call_command("opendata_load", str(dump.path))
    assert Revision.objects.count() == count


def test_a_broken_archive_is_refused_with_a_reason(db, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a readable Openness dump"):
        call_command("opendata_load", str(bad))
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("data.json", json.dumps({"format": "something", "format_version": 1}))
    with pytest.raises(CommandError, match="not an Openness dump"):
        call_command("opendata_load", str(other))


def test_a_dump_of_imported_index_files_round_trips(db, settings, tmp_path):
    """Real data: a few of the EU index's files, imported, dumped and loaded back."""
    import shutil
    from pathlib import Path

    from openness.assessments.methodology_files import methodologies_load
    from openness.assessments.osai_import import osai_import

    fixtures = Path(settings.BASE_DIR) / "fixtures"
    folder = tmp_path / "osai-index"
    folder.mkdir()
    for path in sorted((fixtures / "osai-index").glob("*.yaml"))[1:9]:
        shutil.copy(path, folder / path.name)
    shutil.copy(fixtures / "osai-index" / "PROVENANCE.md", folder / "PROVENANCE.md")
    settings.DUMPS_ROOT = tmp_path / "dumps"
    methodologies_load(directory=fixtures / "methodologies")
    osai_import(path=folder)
    assert Evidence.objects.exists()
    before = _snapshot()
    dump = dumps.dump_create()
    _empty_database()
    dumps.dump_load(path=dump.path)
    assert _snapshot() == before


def test_a_load_streams_the_dump_in_batches(scripted, monkeypatch):
    before = _snapshot()
    dump = dumps.dump_create()
    _empty_database()
    monkeypatch.setattr(dumps, "LOAD_BATCH_ROWS", 3)  # many batches per table
    counts = dumps.dump_load(path=dump.path)
    assert _snapshot() == before
    assert counts["organisations"] == len(before["organisations"])


def test_a_truncated_or_strange_dump_is_refused_and_loads_nothing(scripted, tmp_path):
    dump = dumps.dump_create()
    with zipfile.ZipFile(dump.path) as archive:
        text = archive.read("data.json").decode()
    _empty_database()
    truncated = tmp_path / "truncated.zip"
    with zipfile.ZipFile(truncated, "w") as archive:
        archive.writestr("data.json", text[: len(text) // 2])
    with pytest.raises(CommandError, match="not a readable Openness dump"):
        call_command("opendata_load", str(truncated))
    assert AIModel.objects.count() == 0
    strange = tmp_path / "strange.zip"
    with zipfile.ZipFile(strange, "w") as archive:
        archive.writestr("data.json", text.replace('"organisations":[', '"people":[', 1))
    with pytest.raises(CommandError, match="unexpected table 'people'"):
        call_command("opendata_load", str(strange))
    assert Organisation.objects.count() == 0
