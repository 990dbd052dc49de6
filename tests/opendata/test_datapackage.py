"""Each dump's Frictionless data package, and the dump's vocabulary (curated/hub, percent)."""

import csv
import io
import json
import zipfile
from datetime import UTC, datetime
from decimal import Decimal

import frictionless
import pytest
from builders import scripted_history
from django.core.cache import cache

from openness.assessments.models import Score, Track
from openness.opendata import datapackage, dumps


@pytest.fixture
def scripted(db, settings, tmp_path):
    settings.DUMPS_ROOT = tmp_path / "dumps"
    cache.clear()
    return scripted_history()


def _rewritten(source, target, *, changes):
    """A copy of the zip `source` with some members replaced."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, changes.get(item.filename, old.read(item.filename)))
    return target


def test_a_dump_carries_a_data_package_that_frictionless_validates(scripted):
    dump = dumps.dump_create(now=datetime(2026, 12, 5, 3, 17, tzinfo=UTC))
    with zipfile.ZipFile(dump.path) as archive:
        inside = json.loads(archive.read("datapackage.json"))
    beside = json.loads((dump.path.parent / "openness-2026-12-05.datapackage.json").read_text())
    assert inside == beside and dump.datapackage == "openness-2026-12-05.datapackage.json"
    assert inside["licenses"][0]["name"] == "CC-BY-4.0"
    assert {s["path"] for s in inside["sources"]} >= {
        "https://osai-index.eu/",
        "https://doi.org/10.5281/zenodo.15386042",
        "https://doi.org/10.1145/3630106.3659005",
    }
    assert [r["name"] for r in inside["resources"]] == [table for table, _ in dumps.TABLES]
    for resource in inside["resources"]:
        assert all(field["description"] for field in resource["schema"]["fields"])
    report = frictionless.Package(str(dump.path)).validate()
    assert report.valid, report.flatten(["resourceName", "type", "note"])[:10]


def test_frictionless_finds_a_cell_that_breaks_the_package(scripted, tmp_path):
    dump = dumps.dump_create()
    with zipfile.ZipFile(dump.path) as archive:
        scores = archive.read("scores.csv").decode()
    header, first, *rest = scores.splitlines()
    cells = next(csv.reader([first]))
    cells[header.split(",").index("total")] = "lots"
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    broken = "\n".join([header, out.getvalue().strip(), *rest]) + "\n"
    bad = _rewritten(dump.path, tmp_path / "openness-bad.zip", changes={"scores.csv": broken})
    report = frictionless.Package(str(bad)).validate()
    assert not report.valid
    assert "type-error" in {e[0] for e in report.flatten(["type"])}


def test_every_published_column_says_what_it_means():
    for table, model in dumps.TABLES:
        assert set(dumps._columns(model)) == set(datapackage.MEANINGS[table]), table


def test_the_dump_names_tracks_and_gives_scores_as_the_site_does(scripted):
    dump = dumps.dump_create()
    stored = Score.objects.get(model=scripted["olmo"], track=Track.EDITORIAL)
    with zipfile.ZipFile(dump.path) as archive:
        data = json.loads(archive.read("data.json"))
        scores = list(csv.DictReader(io.StringIO(archive.read("scores.csv").decode())))
        assessments = list(csv.DictReader(io.StringIO(archive.read("assessments.csv").decode())))
    assert data["format_version"] == 2
    row = next(r for r in scores if int(r["model_id"]) == scripted["olmo"].pk)
    assert row["track"] == "curated"
    assert row["total"] == "87.5000" and stored.total == pytest.approx(0.875)
    assert json.loads(row["groups"]) == {
        code: str((Decimal(value) * 100).quantize(Decimal("0.0001")))
        for code, value in stored.groups.items()
    }
    assert {a["track"] for a in assessments} <= {"curated", "hub"}
    assert {a["track"] for a in data["assessments"]} <= {"curated", "hub"}


def test_a_dump_of_format_1_still_loads(scripted, tmp_path, monkeypatch):
    """Dumps written before 2026-12-05 hold the database's codes and fractions."""
    from opendata.test_dumps import _empty_database as empty_database
    from opendata.test_dumps import _snapshot as snapshot

    before = snapshot()
    monkeypatch.setattr(dumps, "PUBLIC_VALUES", {})
    monkeypatch.setattr(dumps, "FORMAT_VERSION", 1)
    old = dumps.dump_create()
    monkeypatch.undo()
    with zipfile.ZipFile(old.path) as archive:
        assert json.loads(archive.read("data.json"))["format_version"] == 1
        assert "editorial" in archive.read("scores.csv").decode()
    empty_database()
    dumps.dump_load(path=old.path)
    assert snapshot() == before


def test_an_unknown_track_or_a_percentage_out_of_range_is_refused_and_loads_nothing(
    scripted, tmp_path
):
    from opendata.test_dumps import _empty_database as empty_database

    dump = dumps.dump_create()
    with zipfile.ZipFile(dump.path) as archive:
        text = archive.read("data.json").decode()
    empty_database()
    for wrong, message in (
        (text.replace('"track": "curated"', '"track": "editorial"', 1), "unknown track"),
        (text.replace('"total": "87.5000"', '"total": "875"', 1), "out of 0 to 100"),
    ):
        assert wrong != text
        bad = _rewritten(dump.path, tmp_path / "bad.zip", changes={"data.json": wrong})
        with pytest.raises(dumps.DumpError, match=message):
            dumps.dump_load(path=bad)
        assert not Score.objects.exists()


def test_the_download_page_lists_and_serves_each_data_package(client, scripted):
    dumps.dump_create(now=datetime(2026, 12, 4, tzinfo=UTC))
    dumps.dump_create(now=datetime(2026, 12, 5, tzinfo=UTC))
    html = client.get("/data/").content.decode()
    assert 'href="/data/dumps/openness-2026-12-05.datapackage.json"' in html
    assert 'href="/data/dumps/openness-2026-12-04.datapackage.json"' in html
    response = client.get("/data/dumps/openness-2026-12-05.datapackage.json")
    assert response.status_code == 200
    package = json.loads(b"".join(response.streaming_content))
    assert package["name"] == "openness-2026-12-05"
    assert client.get("/data/dumps/openness-2026-12-05.other.json").status_code == 404
