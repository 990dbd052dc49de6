"""The methodology definitions (fixtures/methodologies/) and their loader."""

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from openness.assessments.methodology_files import (
    MethodologyFileError,
    methodologies_load,
    methodology_load,
)
from openness.assessments.models import Criterion, Methodology
from openness.lib import data_version

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
METHODOLOGIES = FIXTURES / "methodologies"
INDEX = FIXTURES / "osai-index"
TWELVE = [
    "datasources_basemodel",
    "datasources_endmodel",
    "weights_basemodel",
    "weights_endmodel",
    "trainingcode",
    "code",
    "hardware_architecture",
    "preprint",
    "paper",
    "modelcard",
    "datasheet",
    "licenses",
]


@pytest.mark.django_db
def test_it_loads_the_current_twelve_criteria_version():
    methodologies_load(directory=METHODOLOGIES)

    current = Methodology.objects.get(slug="osai", is_current=True)
    assert current.version == "2026-03"
    assert current.effective_from == date(2026, 3, 13)
    assert current.effective_until is None
    assert current.license == "CC-BY-4.0"
    assert current.source_url == "https://osai-index.eu/"
    assert "doi:10.5281/zenodo.15386042" in current.attribution
    assert "10.1145/3630106.3659005" in current.attribution
    criteria = list(current.criteria.all())
    assert [c.code for c in criteria] == TWELVE
    assert [(c.group_code, c.group_order) for c in criteria] == (
        [("availability", 1)] * 5 + [("documentation", 2)] * 6 + [("access", 3)]
    )
    assert all(c.model_types == ["text", "image", "code", "video", "audio"] for c in criteria)


@pytest.mark.django_db
def test_the_current_texts_are_the_index_texts():
    methodologies_load(directory=METHODOLOGIES)

    readme = (INDEX / "readme.md").read_text()
    questions = yaml.safe_load((INDEX / "_parameters-descriptions.yml").read_text())
    titles = {
        p["ref"]: p["name"].strip()
        for group in yaml.safe_load((INDEX / "_parameters.yml").read_text())
        for p in group["params"]
    }
    for criterion in Criterion.objects.filter(methodology__version="2026-03"):
        assert criterion.question == questions[criterion.code]["en"].strip()
        assert criterion.title == titles[criterion.code]
        assert f"🟩 {criterion.rubric_open}\n" in readme
        assert f"🟧 {criterion.rubric_partial}\n" in readme
        assert f"🟥 {criterion.rubric_closed}\n" in readme


@pytest.mark.django_db
def test_it_loads_the_earlier_fourteen_criteria_version_which_holds_no_assessments():
    methodologies_load(directory=METHODOLOGIES)

    earlier = Methodology.objects.get(slug="osai", version="2024")
    assert not earlier.is_current
    assert earlier.effective_until == date(2026, 3, 12)
    assert "holds no assessments under this version" in earlier.description
    codes = list(earlier.criteria.values_list("code", flat=True))
    assert codes == [*TWELVE[:-1], "package", "api", "licenses"]
    api = earlier.criteria.get(code="api")
    assert api.group_code == "access"
    assert api.rubric_partial == "Commerial or restricted-access user API is available."
    assert not earlier.criteria.filter(assessments__isnull=False).exists()


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    first = methodologies_load(directory=METHODOLOGIES)
    ids = set(Criterion.objects.values_list("id", "question"))

    second = methodologies_load(directory=METHODOLOGIES)

    assert all(r.created for r in first)
    assert not any(r.changed for r in second)
    assert set(Criterion.objects.values_list("id", "question")) == ids


@pytest.mark.django_db
def test_a_change_moves_the_data_version_and_loading_twice_does_not(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        methodologies_load(directory=METHODOLOGIES)
    version = data_version.current()
    assert version > 0
    with django_capture_on_commit_callbacks(execute=True):
        methodologies_load(directory=METHODOLOGIES)
    assert data_version.current() == version


@pytest.mark.django_db
def test_a_changed_file_updates_in_place_and_never_deletes_a_criterion(tmp_path):
    path = tmp_path / "osai-2026-03.yaml"
    shutil.copy(METHODOLOGIES / "osai-2026-03.yaml", path)
    methodology_load(path=path)
    paper = Criterion.objects.get(methodology__version="2026-03", code="paper")
    data = yaml.safe_load(path.read_text())
    documentation = data["groups"][1]
    documentation["criteria"] = [c for c in documentation["criteria"] if c["code"] != "datasheet"]
    for criterion in documentation["criteria"]:
        if criterion["code"] == "paper":
            criterion["question"] = "Is there a peer-reviewed paper?"
    path.write_text(yaml.safe_dump(data, sort_keys=False))

    result = methodology_load(path=path)

    assert result.criteria_updated == ["paper", "licenses"]  # licenses moved up one place
    assert result.criteria_not_in_file == ["datasheet"]
    paper.refresh_from_db()
    assert paper.question == "Is there a peer-reviewed paper?"
    assert Criterion.objects.filter(methodology__version="2026-03").count() == 12


@pytest.mark.django_db
def test_a_file_missing_a_rubric_is_refused_naming_the_file_and_criterion(tmp_path):
    path = tmp_path / "broken.yaml"
    data = yaml.safe_load((METHODOLOGIES / "osai-2026-03.yaml").read_text())
    del data["groups"][0]["criteria"][1]["rubric"]["partial"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))

    with pytest.raises(MethodologyFileError) as caught:
        methodology_load(path=path)

    assert str(caught.value) == (
        "broken.yaml: criterion datasources_endmodel rubric: `partial` is missing or empty"
    )
    assert not Methodology.objects.exists()


@pytest.mark.django_db
def test_a_new_current_version_takes_over_the_current_flag(tmp_path):
    methodologies_load(directory=METHODOLOGIES)
    data = yaml.safe_load((METHODOLOGIES / "osai-2026-03.yaml").read_text())
    data.update(version="2027-01", effective_from="2027-01-01")
    path = tmp_path / "osai-2027-01.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))

    methodology_load(path=path)

    assert list(Methodology.objects.filter(is_current=True).values_list("version", flat=True)) == [
        "2027-01"
    ]


@pytest.mark.django_db
def test_the_command_reports_what_it_loaded(capsys):
    call_command("load_methodologies")
    call_command("load_methodologies")

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("osai 2024: created; criteria added: datasources_basemodel")
    assert out[1].startswith("osai 2026-03: created")
    assert out[2:] == ["osai 2024: unchanged", "osai 2026-03: unchanged"]
