"""A model's evidence as the frameworks read it: the criteria levels of one track, and the
license of each kind of artefact (parameters, code, data, documentation) where one is recorded.

Pure. The levels are the EU index's criteria (curated track) or the Hub rules' (automatic
track); the licenses come from the curated files' `licenses` notes (assessments.ComponentLicense),
the model's declared license, or, for code and data, the EU index's own `licenses` judgment
("the project is fully covered by OSI-approved licenses, including all data sources and
training pipeline code").
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from openness.assessments.frameworks.definitions import MofDefinition
from openness.assessments.frameworks.mof import ComponentEvidence

# Criteria whose `partial` still means the artefact exists (a partial model card is a model
# card; gated weights are released weights). For the others (training code, data sources),
# `partial` means only some of it was released, and the criterion does not say which part.
PARTIAL_MEANS_RELEASED = frozenset(
    {
        "modelcard",
        "datasheet",
        "preprint",
        "paper",
        "code",
        "hardware_architecture",
        "weights_endmodel",
        "weights_basemodel",
    }
)
# How the EU index's own licenses judgment is shown when it stands in for a code or data license.
JUDGED_OSI = "OSI-approved (the EU index's licenses judgment: open)"


@dataclass(frozen=True)
class LicenseRecord:
    """The license of one kind of artefact and where Openness read it."""

    license: str
    basis: str
    judged_osi: bool = False  # no named license: the EU index judged it OSI-approved


@dataclass(frozen=True)
class ModelEvidence:
    """Everything the frameworks read about one model in one track."""

    levels: Mapping[str, str]
    licenses: Mapping[str, LicenseRecord] = field(default_factory=dict)
    track: str = "editorial"

    def level(self, code: str) -> str:
        return self.levels.get(code) or "not_assessed"


def model_evidence(
    *,
    levels: Mapping[str, str],
    declared_license: str,
    recorded: Mapping[str, str],
    track: str = "editorial",
) -> ModelEvidence:
    """Gather the license of each slot: a recorded component license first, then the model's
    declared license for the parameters, then the EU index's licenses judgment for code and
    data (curated track only: the Hub rules' licenses level judges the weights alone)."""
    licenses: dict[str, LicenseRecord] = {}
    for slot, text in recorded.items():
        if text:
            licenses[slot] = LicenseRecord(text, "recorded in the EU index's licenses notes")
    if "parameters" not in licenses and declared_license:
        basis = (
            "the end model's license in the EU index"
            if track == "editorial"
            else "the license the Hub repository declares"
        )
        licenses["parameters"] = LicenseRecord(declared_license, basis)
    if track == "editorial" and levels.get("licenses") == "open":
        for slot in ("code", "data"):
            if slot not in licenses:
                licenses[slot] = LicenseRecord(
                    JUDGED_OSI, "the EU index judges the whole project OSI-licensed", True
                )
    return ModelEvidence(levels=dict(levels), licenses=licenses, track=track)


def released(evidence: ModelEvidence, criteria: tuple[str, ...]) -> tuple[bool | None, str]:
    """Whether the criteria say an artefact was released, and why, in words."""
    if not criteria:
        return None, "Openness keeps no evidence of this component (no criterion covers it)"
    levels = {code: evidence.level(code) for code in criteria}
    said = ", ".join(f"{code} {level.replace('_', ' ')}" for code, level in levels.items())
    if any(level == "open" for level in levels.values()):
        return True, said
    if any(lv == "partial" and code in PARTIAL_MEANS_RELEASED for code, lv in levels.items()):
        return True, said
    if any(level == "partial" for level in levels.values()):
        return None, f"{said}: only partly released, and not which part"
    if all(level == "closed" for level in levels.values()):
        return False, said
    return None, f"{said}: not assessed"


def mof_component_evidence(
    definition: MofDefinition, evidence: ModelEvidence
) -> dict[str, ComponentEvidence]:
    """Per MOF component: released or not (per its mapped criteria), and its license slot's."""
    result = {}
    for component in definition.components:
        is_released, basis = released(evidence, component.evidence.criteria)
        record = evidence.licenses.get(component.evidence.license)
        result[component.name] = ComponentEvidence(
            released=is_released,
            license=("" if record is None or record.judged_osi else record.license),
            license_basis=record.basis if record else "",
            basis=basis,
            judged_osi=bool(record and record.judged_osi),
        )
    return result
