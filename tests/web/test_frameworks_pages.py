"""The three definitions on the model page, its as-of version and the methodology page; the
five models of the argument in a real browser."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from openness.assessments.frameworks.services import (
    component_licenses_import,
    framework_verdicts_recompute,
    mot_import,
)
from openness.assessments.methodology_files import methodologies_load

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
FIVE = {
    "olmo": ("OLMo.yaml", "Class", "Conforms"),
    "llama-31": ("llama-3.1.yaml", "No class", "Does not conform"),
    "mistral": ("Mistral.yaml", "No class", "Does not conform"),
    "bloomz": ("bloomz.yaml", "No class", "Does not conform"),
    "deepseek-r1": ("deepseek-R1.yaml", "No class", "Does not conform"),
}


def _load_five(tmp_path) -> None:
    methodologies_load(directory=FIXTURES / "methodologies")
    folder = tmp_path / "osai-index"
    folder.mkdir()
    for name in ("PROVENANCE.md", *(f for f, _, _ in FIVE.values())):
        shutil.copy(FIXTURES / "osai-index" / name, folder / name)
    call_command("import_osai", path=folder, verbosity=0, stdout=StringIO())
    component_licenses_import(directory=folder)
    mot_import()
    framework_verdicts_recompute()


@pytest.fixture
def five(db, tmp_path):
    _load_five(tmp_path)


def test_the_model_page_shows_three_verdicts_and_the_argument_in_plain_words(client, five):
    text = client.get("/models/olmo/").content.decode()
    assert "Which “open”? Three definitions" in text
    assert (
        "Weights: downloadable under Apache-2.0. Training data: documented and available." in text
    )
    assert "So under the OSAID it is open source AI; it reaches no MOF class" in text
    assert "the EU index scores it 95.8%" in text
    assert "Between it and class III" in text and "Technical report" in text
    assert "Model Openness Tool\u2019s own record" in text


def test_the_model_page_names_the_custom_license_that_blocks_bloomz(client, five):
    text = client.get("/models/bloomz/").content.decode()
    assert "So under the OSAID it is not open source AI" in text
    assert "BigScience RAIL License v1.0: not an open license" in text
    assert "Licenses read: code: Apache-2.0" in text


def test_the_as_of_page_rebuilds_the_verdicts(client, five):
    from django.utils import timezone

    day = timezone.now().date().isoformat()
    text = client.get(f"/models/olmo/?as_of={day}").content.decode()
    assert "Which “open”, on that day" in text
    assert "Conforms: parameters, code and data information" in text


def test_the_methodology_page_explains_both_definitions_and_where_they_disagree(client, five):
    text = client.get("/methodology/").content.decode()
    assert "Model Openness Framework, version 1.0" in text
    assert "Open Source AI Definition, version 1.0" in text
    assert "Where the definitions disagree" in text
    assert 'href="/models/olmo/">OLMo</a>' in text
    assert "for 5 of the 5 curated models the tool also covers" in text


@pytest.mark.browser
def test_the_five_models_pages_show_their_verdicts_in_chromium(
    live_server, transactional_db, tmp_path, chromium
):
    _load_five(tmp_path)
    page = chromium.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    for slug, (_file, mof, osaid) in FIVE.items():
        page.goto(f"{live_server.url}/models/{slug}/")
        section = page.locator("section.frameworks")
        assert section.is_visible()
        text = section.inner_text()
        assert mof in text and osaid in text, slug
        assert "So under the OSAID" in text
        assert "Model Openness Tool\u2019s own record" in text, slug
    for lens in ("eu", "mof", "osaid"):
        page.goto(f"{live_server.url}/definitions/?lens={lens}")
        assert page.locator("table tbody tr").count() == 5
        assert page.locator('a[aria-current="page"]').count() == 1
    assert not problems


def test_the_api_gives_each_tracks_stored_verdicts_in_the_pages_vocabulary(client, five):
    body = client.get("/api/v1/models/bloomz").json()["data"]
    verdicts = {(v["framework"], v["track"]): v for v in body["frameworks"]}
    assert verdicts["osaid", "curated"]["verdict"] == "does_not_conform"
    assert "RAIL" in verdicts["osaid", "curated"]["summary"]
    assert verdicts["mof", "curated"]["verdict"] == "none"
    assert verdicts["mof", "curated"]["version"] == "1.0"


def test_the_definitions_page_ranks_by_the_chosen_lens(client, five):
    html = client.get("/definitions/?lens=osaid").content.decode()
    # OLMo is the one that conforms: first under the OSAID lens.
    first = html.index('href="/models/olmo/"')
    assert all(first < html.index(f'href="/models/{slug}/"') for slug in FIVE if slug != "olmo")
    assert 'aria-current="page">OSAID verdict' in html
    only = client.get("/definitions/?lens=osaid&verdict=conforms").content.decode()
    assert 'href="/models/olmo/"' in only and 'href="/models/bloomz/"' not in only
    mof = client.get("/definitions/?lens=mof&verdict=none").content.decode()
    assert mof.count("<tr>") == 6  # the heading row and five models
    hub = client.get("/definitions/?lens=mof&track=hub").content.decode()
    assert "choose a verdict" in hub


def test_the_definitions_page_refuses_an_unknown_lens_or_verdict(client, five):
    assert client.get("/definitions/?lens=fsf").status_code == 400
    assert client.get("/definitions/?lens=mof&verdict=conforms").status_code == 400
