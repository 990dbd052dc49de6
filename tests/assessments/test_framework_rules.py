"""The MOF class and the OSAID verdict: pure rules on hand-made cases and on the real files."""

from pathlib import Path

import pytest
from django.conf import settings

from openness.assessments.frameworks.definitions import mof_definition, osaid_definition
from openness.assessments.frameworks.evidence import model_evidence, mof_component_evidence
from openness.assessments.frameworks.licensing import LicenseStatus, license_info
from openness.assessments.frameworks.mof import ComponentEvidence, ComponentStatus, mof_class
from openness.assessments.frameworks.mot import huggingface_repo, mot_file_parse, mot_files
from openness.assessments.frameworks.osaid import Outcome, Verdict, osaid_verdict

MOT = Path(settings.BASE_DIR) / "fixtures" / "mot" / "models"
OPEN_LEVELS = {
    code: "open"
    for code in (
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
    )
}


def released(license: str) -> ComponentEvidence:
    return ComponentEvidence(released=True, license=license)


def class_iii(**overrides) -> dict[str, ComponentEvidence]:
    components = {
        "Model architecture": released("Apache-2.0"),
        "Model parameters (Final)": released("CDLA-Permissive-2.0"),
        "Model card": released("CC-BY-4.0"),
        "Data card": released("CC-BY-4.0"),
        "Technical report": released("CC-BY-4.0"),
        "Evaluation results": released("CC-BY-4.0"),
    }
    components.update(overrides)
    return components


def test_the_right_kind_of_open_license_on_every_class_iii_component_gives_class_iii():
    result = mof_class(mof_definition(), class_iii())
    assert result.name == "III"
    assert not result.warnings
    assert "Training code" in [b.name for b in result.blockers]


def test_a_documentation_license_on_code_passes_with_a_warning():
    result = mof_class(mof_definition(), class_iii(**{"Model architecture": released("CC-BY-4.0")}))
    assert result.name == "III"
    [warning] = result.warnings
    assert warning.name == "Model architecture"
    assert warning.status is ComponentStatus.PASS_WITH_WARNING
    assert "not for code" in warning.reason


def test_a_custom_model_license_never_passes():
    for custom in ("Llama 3.1 Community License Agreement", "Gemma Terms of Use", "OpenRAIL"):
        result = mof_class(
            mof_definition(), class_iii(**{"Model parameters (Final)": released(custom)})
        )
        assert result.name == "none"
        [blocker] = result.blockers
        assert blocker.name == "Model parameters (Final)"
        assert blocker.status is ComponentStatus.NOT_OPEN


def test_a_component_without_a_license_or_not_released_does_not_count():
    unlicensed = mof_class(mof_definition(), class_iii(**{"Model card": released("unlicensed")}))
    assert unlicensed.name == "none"
    assert unlicensed.blockers[0].status is ComponentStatus.NO_LICENSE
    missing = class_iii()
    del missing["Data card"]
    result = mof_class(mof_definition(), missing)
    assert result.name == "none"
    assert result.blockers[0].status is ComponentStatus.NOT_RECORDED


def test_a_research_paper_stands_in_for_the_technical_report():
    components = class_iii(**{"Research paper": released("CC-BY-4.0")})
    del components["Technical report"]
    assert mof_class(mof_definition(), components).name == "III"


def test_classes_are_cumulative():
    code = "Apache-2.0"
    components = class_iii(
        **{
            "Training code": released(code),
            "Inference code": released(code),
            "Evaluation code": released(code),
            "Evaluation data": released("CC0-1.0"),
        }
    )
    assert mof_class(mof_definition(), components).name == "II"
    components.update(
        {
            "Datasets": released("ODC-By-1.0"),
            "Data preprocessing code": released("MIT"),
            "Model parameters (Intermediate)": released("CDLA-Permissive-2.0"),
            "Research paper": released("CC-BY-4.0"),
        }
    )
    assert mof_class(mof_definition(), components).name == "I"
    # Class I without class II's evaluation code is no class I, nor class II.
    components["Evaluation code"] = ComponentEvidence(released=False)
    assert mof_class(mof_definition(), components).name == "III"


def test_licenses_are_classified_by_kind():
    assert license_info("Apache 2.0").content_types == {"code", "document"}
    assert license_info("GPL-3.0-only").content_types == {"code"}
    assert license_info("ODC-By").content_types == {"data", "document"}
    assert license_info("Component not included").status is LicenseStatus.NONE
    assert (
        license_info("arXiv.org perpetual non-exclusive license 1.0").status
        is LicenseStatus.NOT_OPEN
    )
    assert (
        license_info("Apache-2.0 and BigScience RAIL License v1.0").status is LicenseStatus.NOT_OPEN
    )
    assert license_info("Apache-2.0, MIT").status is LicenseStatus.OPEN


def test_osaid_conforms_with_open_weights_code_and_data_under_osi_licenses():
    evidence = model_evidence(levels=OPEN_LEVELS, declared_license="Apache-2.0", recorded={})
    result = osaid_verdict(osaid_definition(), evidence)
    assert result.verdict is Verdict.CONFORMS


def test_osaid_does_not_conform_with_a_custom_weights_license_and_names_it():
    evidence = model_evidence(
        levels=OPEN_LEVELS, declared_license="Llama 3.1 Community License Agreement", recorded={}
    )
    result = osaid_verdict(osaid_definition(), evidence)
    assert result.verdict is Verdict.DOES_NOT_CONFORM
    [unmet] = result.deciding
    assert unmet.code == "parameters" and "not an open license" in unmet.reason


def test_osaid_cannot_tell_from_partial_data_information_or_an_unrecorded_code_license():
    levels = {**OPEN_LEVELS, "datasources_basemodel": "partial", "datasheet": "partial"}
    evidence = model_evidence(levels=levels, declared_license="MIT", recorded={})
    result = osaid_verdict(osaid_definition(), evidence)
    assert result.verdict is Verdict.CANNOT_TELL
    assert [r.code for r in result.deciding] == ["data_information"]
    levels = {**OPEN_LEVELS, "licenses": "partial"}
    evidence = model_evidence(levels=levels, declared_license="MIT", recorded={})
    result = osaid_verdict(osaid_definition(), evidence)
    assert result.verdict is Verdict.CANNOT_TELL
    assert [r.code for r in result.deciding] == ["code"]


def test_osaid_partial_code_does_not_conform_and_closed_weights_do_not_either():
    levels = {**OPEN_LEVELS, "trainingcode": "partial", "weights_endmodel": "closed"}
    evidence = model_evidence(levels=levels, declared_license="MIT", recorded={"code": "MIT"})
    result = osaid_verdict(osaid_definition(), evidence)
    assert result.verdict is Verdict.DOES_NOT_CONFORM
    assert {r.code for r in result.deciding} == {"parameters", "code"}
    assert {r.outcome for r in result.deciding} == {Outcome.NOT_MET}


def test_a_recorded_license_overrides_the_declared_one_and_the_judgment():
    evidence = model_evidence(
        levels=OPEN_LEVELS,
        declared_license="Apache-2.0",
        recorded={"parameters": "CC-BY-NC-4.0", "code": "MIT"},
    )
    assert evidence.licenses["parameters"].license == "CC-BY-NC-4.0"
    assert evidence.licenses["data"].judged_osi
    components = mof_component_evidence(mof_definition(), evidence)
    assert components["Model parameters (Final)"].license == "CC-BY-NC-4.0"
    assert components["Training code"].license == "MIT"
    # No criterion covers intermediate checkpoints: Openness cannot say they were released.
    assert components["Model parameters (Intermediate)"].released is None


def test_every_model_file_of_the_tool_parses():
    paths = mot_files(MOT)
    assert len(paths) == 273
    releases = [mot_file_parse(path=p) for p in paths]
    assert len({r.name for r in releases}) >= 270


@pytest.mark.parametrize(
    ("file", "expected", "blocker"),
    [
        ("OLMo-7B.yml", "none", "Model architecture"),
        ("Llama-3.1-8B.yml", "none", "Model architecture"),
        ("Mistral-7B-v0.1.yml", "none", "Model card"),
        ("Aquila-VL-2B.yml", "I", None),
    ],
)
def test_the_tools_own_files_classify_under_the_rules(file, expected, blocker):
    release = mot_file_parse(path=MOT / file)
    result = mof_class(mof_definition(), release.evidence(mof_definition()))
    assert result.name == expected
    if blocker:
        assert blocker in [b.name for b in result.blockers]


def test_a_llama_files_custom_license_never_counts():
    release = mot_file_parse(path=MOT / "Llama-3-8B.yml")
    result = mof_class(mof_definition(), release.evidence(mof_definition()))
    statuses = {c.name: c.status for c in result.components}
    assert result.name == "none"
    assert ComponentStatus.NOT_OPEN in statuses.values()


def test_hub_repositories_are_read_from_urls_and_ids():
    assert huggingface_repo("https://huggingface.co/allenai/OLMo-7B") == "allenai/OLMo-7B"
    assert huggingface_repo("mistralai/Mistral-7B-v0.1") == "mistralai/Mistral-7B-v0.1"
    assert huggingface_repo("https://github.com/x/y/tree/main") == ""
