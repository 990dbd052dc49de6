"""Feeds and CSVs stay valid whatever characters the data holds: text stored before the text
policy (or by a path that bypassed it) with every character class in names, notes and
submitter names. The feeds are parsed with a real XML parser, the CSVs with csv."""

import csv
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime

import pytest
from builders import scripted_history
from django.core.cache import cache

from openness.assessments.models import Assessment, Revision, Score
from openness.catalog.models import AIModel, Organisation
from openness.opendata import dumps

ATOM = "{http://www.w3.org/2005/Atom}"
# One of each class: C0 and C1 controls, format characters (zero width, bidi, BOM, tags),
# noncharacters, private use, unassigned, separators, 4,000 combining marks. (PostgreSQL text
# cannot hold NUL, nor UTF-8 a lone surrogate: those never reach the database.)
EVERY_CLASS = (
    "\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f"
    "\u200b\u200d\u202e\u2066\ufeff\U000e0041"
    "\ufdd0\ufffe\uffff\U0001fffe\U0010ffff"
    "\ue000\U000f0000\u0378\u2028\u2029"
    "x" + "\u0301" * 4000
)
# Names are short columns (200 or 300 characters): the same classes with fewer marks.
IN_A_NAME = EVERY_CLASS[: EVERY_CLASS.index("x") + 1] + "\u0301" * 60
FORMULAS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tlead", "\rlead"]


@pytest.fixture
def hostile(db):
    """The scripted history, then every text a reader sees overwritten behind the services'
    back, as data stored before the policy would be."""
    cache.clear()
    data = scripted_history()
    olmo, pythia = data["olmo"], data["pythia"]
    AIModel.objects.filter(pk=olmo.pk).update(
        name=FORMULAS[0] + IN_A_NAME, license_name=FORMULAS[1] + IN_A_NAME
    )
    AIModel.objects.filter(pk=pythia.pk).update(name=FORMULAS[3] + IN_A_NAME)
    Organisation.objects.filter(pk=olmo.organisation_id).update(name=FORMULAS[2] + IN_A_NAME)
    Organisation.objects.filter(pk=pythia.organisation_id).update(name=FORMULAS[4] + "x")
    Assessment.objects.update(notes=FORMULAS[5] + EVERY_CLASS)
    # Revisions are append-only (a trigger refuses updates): a new one per assessment instead.
    for assessment in Assessment.objects.all():
        latest = assessment.revisions.order_by("-created_at", "-id").first()
        Revision.objects.create(
            assessment=assessment,
            created_at=latest.created_at.replace(microsecond=1),
            source=latest.source,
            old_level=latest.new_level,
            new_level=latest.new_level,
            new_provenance=latest.new_provenance,
            new_evidence=latest.new_evidence,
            new_notes="notes " + EVERY_CLASS,
            reason="reason " + EVERY_CLASS,
            actor_label="Correction #1 by Submitter " + IN_A_NAME,
        )
    return data


def parsed_feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)  # raises on anything XML 1.0 cannot carry


@pytest.mark.parametrize(
    "url", ["/feeds/changes/", "/models/olmo/feed/", "/organisations/eleutherai/feed/"]
)
def test_the_feeds_stay_well_formed_xml(client, hostile, url):
    root = parsed_feed(client, url)
    entries = root.findall(f"{ATOM}entry")
    assert entries
    newest = entries[0]
    assert newest.find(f"{ATOM}author/{ATOM}name").text.startswith("Correction #1 by")
    assert "reason" in newest.find(f"{ATOM}summary").text
    for entry in entries:
        assert entry.find(f"{ATOM}title").text


def test_a_model_feed_title_keeps_the_readable_part_of_a_hostile_name(client, hostile):
    root = parsed_feed(client, "/models/olmo/feed/")
    assert root.find(f"{ATOM}title").text.startswith(
        'Openness: changes to =HYPERLINK("http://evil")'
    )


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return [row for row in rows if row and not row[0].startswith("#")]


def test_ranking_csv_cells_are_never_formulas(client, hostile):
    header, *rows = csv_rows(client.get("/ranking.csv"))
    assert len(rows) == Score.objects.filter(track="editorial").count() == 2
    assert all(len(row) == len(header) for row in rows)
    by_slug = {row[header.index("slug")]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_slug["olmo"]["name"].startswith("'=HYPERLINK")
    assert by_slug["olmo"]["organisation"].startswith("'-2+3")
    assert by_slug["olmo"]["license"].startswith("'+1+1")
    assert by_slug["pythia"]["name"].startswith("'@SUM")
    assert by_slug["pythia"]["organisation"] == "'\tleadx"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell[:20]


def test_the_dumps_csvs_are_never_formulas_and_parse(hostile, settings, tmp_path):
    settings.DUMPS_ROOT = tmp_path / "dumps"
    dump = dumps.dump_create(now=datetime(2026, 4, 3, 3, 17, tzinfo=UTC))
    with zipfile.ZipFile(dump.path) as archive:
        data = json.loads(archive.read("data.json"))
        tables = {
            name: list(csv.reader(io.StringIO(archive.read(f"{name}.csv").decode(), newline="")))
            for name in ("organisations", "models", "assessments", "revisions")
        }
    for name, (header, *rows) in tables.items():
        assert rows, name
        for row in rows:
            assert len(row) == len(header), name
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell[:20])
    header = tables["models"][0]
    models = {row[header.index("slug")]: row for row in tables["models"][1:]}
    assert models["olmo"][header.index("name")].startswith("'=HYPERLINK")
    # data.json keeps the stored text as it is: JSON has no formulas.
    assert any(m["name"].startswith("=HYPERLINK") for m in data["models"])
