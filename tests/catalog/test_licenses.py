"""License names normalised to SPDX ids where they are one."""

import pytest

from openness.catalog.licenses import spdx_id_for


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
