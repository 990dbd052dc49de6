"""The frameworks' definition files (fixtures/frameworks/) and their loader's validation."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from openness.assessments.frameworks.definitions import (
    DefinitionFileError,
    mof_definition,
    mof_definition_parse,
    osaid_definition,
    osaid_definition_parse,
)

FRAMEWORKS = Path(settings.BASE_DIR) / "fixtures" / "frameworks"
METHODOLOGY = Path(settings.BASE_DIR) / "fixtures" / "methodologies" / "osai-2026-03.yaml"
CRITERIA = frozenset(
    c["code"] for g in yaml.safe_load(METHODOLOGY.read_text())["groups"] for c in g["criteria"]
)


def _write(tmp_path, name, data) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_mof_file_has_the_tools_17_components_in_three_classes():
    mof = mof_definition()
    assert mof.version == "1.0" and mof.license == "MIT"
    assert len(mof.components) == 17
    assert [c.name for c in mof.required_for(3)] == [
        "Model architecture",
        "Model parameters (Final)",
        "Model card",
        "Data card",
        "Technical report",
        "Evaluation results",
    ]
    assert len(mof.required_for(2)) == 10 and len(mof.required_for(1)) == 14
    assert mof.alternatives == {"Technical report": ("Research paper",)}


def test_the_mof_components_match_the_tools_own_list():
    tool = yaml.safe_load(
        (Path(settings.BASE_DIR) / "fixtures/mot/config/mof.settings.components.yml").read_text()
    )["components"]
    ours = {c.name: c for c in mof_definition().components}
    for item in tool:
        component = ours[item["name"]]
        assert component.content_type == item["content_type"]
        assert component.mof_class == item["class"]
        assert component.required == item["required"]


def test_the_osaid_file_has_its_three_requirements_mapped_to_criteria():
    osaid = osaid_definition()
    assert [r.code for r in osaid.requirements] == ["parameters", "code", "data_information"]
    assert osaid.source_url.startswith("https://opensource.org/")
    assert all(r.evidence.criteria for r in osaid.requirements)


def test_it_refuses_a_component_with_an_unknown_content_type(tmp_path):
    data = yaml.safe_load((FRAMEWORKS / "mof-1.0.yaml").read_text())
    data["components"][0]["content_type"] = "weights"
    with pytest.raises(DefinitionFileError, match=r"Model architecture.*content_type"):
        mof_definition_parse(path=_write(tmp_path, "mof.yaml", data))


def test_it_refuses_a_mapping_to_a_criterion_the_methodology_lacks(tmp_path):
    data = yaml.safe_load((FRAMEWORKS / "mof-1.0.yaml").read_text())
    data["components"][1]["evidence"]["criteria"] = ["weights"]
    with pytest.raises(DefinitionFileError, match="unknown criteria weights"):
        mof_definition_parse(path=_write(tmp_path, "mof.yaml", data), known_criteria=CRITERIA)


def test_it_refuses_an_unknown_license_slot_and_a_missing_class(tmp_path):
    data = yaml.safe_load((FRAMEWORKS / "mof-1.0.yaml").read_text())
    data["components"][0]["evidence"]["license"] = "weights"
    with pytest.raises(DefinitionFileError, match=r"evidence\.license"):
        mof_definition_parse(path=_write(tmp_path, "a.yaml", data))
    data = yaml.safe_load((FRAMEWORKS / "mof-1.0.yaml").read_text())
    data["components"] = [c for c in data["components"] if c["class"] != 2]
    with pytest.raises(DefinitionFileError, match="class 2 has no required component"):
        mof_definition_parse(path=_write(tmp_path, "b.yaml", data))


def test_it_refuses_broken_yaml_a_wrong_slug_and_a_non_http_source(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("slug: [mof", encoding="utf-8")
    with pytest.raises(DefinitionFileError, match=r"broken\.yaml: not valid YAML"):
        mof_definition_parse(path=broken)
    data = yaml.safe_load((FRAMEWORKS / "osaid-1.0.yaml").read_text())
    with pytest.raises(DefinitionFileError, match="`slug` must be 'mof'"):
        mof_definition_parse(path=_write(tmp_path, "c.yaml", data))
    data["source_url"] = "ftp://example.org/"
    with pytest.raises(DefinitionFileError, match="not an http"):
        osaid_definition_parse(path=_write(tmp_path, "d.yaml", data))


def test_it_refuses_an_osaid_file_missing_a_requirement(tmp_path):
    data = yaml.safe_load((FRAMEWORKS / "osaid-1.0.yaml").read_text())
    data["requirements"] = data["requirements"][:2]
    with pytest.raises(DefinitionFileError, match="requirements must be exactly"):
        osaid_definition_parse(path=_write(tmp_path, "e.yaml", data))
