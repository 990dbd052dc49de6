"""The definition lens: which definition of open a page ranks and filters by.

`eu` (the default) is the EU index's graded score; `mof` the Model Openness Framework's class;
`osaid` the Open Source AI Definition's verdict. Under a framework's lens a ranking is ordered
by the stored verdict's `order` (FrameworkVerdict: higher is more open), then by the EU index's
own rank (its total, then name and slug), so models of one class or verdict keep the EU
index's order among themselves:

- MOF: class I (open science), II (open tooling), III (open model), no class;
- OSAID: conforms, cannot tell, does not conform.

The same codes are used in the address (`?lens=mof&verdict=II`), the API, the CSV and the dumps.
"""

from openness.assessments.frameworks.osaid import VERDICT_LABELS
from openness.assessments.frameworks.services import MOF_ORDER, OSAID_ORDER

EU = "eu"
LENSES = {EU: "EU index score", "mof": "MOF class", "osaid": "OSAID verdict"}
FRAMEWORK_LENSES = ("mof", "osaid")

MOF_LABELS = {
    "III": "Class III (open model)",
    "II": "Class II (open tooling)",
    "I": "Class I (open science)",
    "none": "No class",
}
OSAID_LABELS = {str(verdict): label for verdict, label in VERDICT_LABELS.items()}
LABELS = {"mof": MOF_LABELS, "osaid": OSAID_LABELS}
# Each verdict's place in a lens's order (higher is more open), as stored in FrameworkVerdict.
ORDERS = {
    "mof": dict(MOF_ORDER),
    "osaid": {str(verdict): order for verdict, order in OSAID_ORDER.items()},
}
# A lens's verdicts, most open first: the order of its filter's choices and of its ranking.
VERDICTS = {
    lens: sorted(orders, key=orders.__getitem__, reverse=True) for lens, orders in ORDERS.items()
}


def verdict_label(lens: str, verdict: str | None) -> str:
    """A verdict in words; a model without a stored verdict reads as not judged."""
    if not verdict:
        return "not judged"
    return LABELS[lens].get(verdict, verdict)
