"""The Open Source AI Definition's verdict on a model, as a pure function of its evidence.

Three requirements (parameters, code, data information), each met, not met or undecided by
the evidence. A model conforms when all three are met; it does not conform when any is not
met; otherwise the evidence cannot tell. The rules are spelled out in words in
fixtures/frameworks/osaid-1.0.yaml and docs/frameworks.md.
"""

from dataclasses import dataclass
from enum import StrEnum

from openness.assessments.frameworks.definitions import OsaidDefinition
from openness.assessments.frameworks.evidence import ModelEvidence
from openness.assessments.frameworks.licensing import LicenseStatus, license_info


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNDECIDED = "undecided"


class Verdict(StrEnum):
    CONFORMS = "conforms"
    DOES_NOT_CONFORM = "does_not_conform"
    CANNOT_TELL = "cannot_tell"


VERDICT_LABELS = {
    Verdict.CONFORMS: "conforms",
    Verdict.DOES_NOT_CONFORM: "does not conform",
    Verdict.CANNOT_TELL: "cannot tell",
}


@dataclass(frozen=True)
class RequirementOutcome:
    code: str
    title: str
    outcome: Outcome
    reason: str

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "outcome": str(self.outcome),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class OsaidResult:
    verdict: Verdict
    requirements: list[RequirementOutcome]

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    @property
    def deciding(self) -> list[RequirementOutcome]:
        """The requirements that decide the verdict: the unmet ones, else the undecided."""
        if self.verdict is Verdict.DOES_NOT_CONFORM:
            return [r for r in self.requirements if r.outcome is Outcome.NOT_MET]
        if self.verdict is Verdict.CANNOT_TELL:
            return [r for r in self.requirements if r.outcome is Outcome.UNDECIDED]
        return list(self.requirements)

    def summary(self) -> str:
        if self.verdict is Verdict.CONFORMS:
            return "Conforms: parameters, code and data information all meet the definition."
        head = "Does not conform" if self.verdict is Verdict.DOES_NOT_CONFORM else "Cannot tell"
        return (
            head + ": " + "; ".join(f"{r.title.lower()}: {r.reason}" for r in self.deciding) + "."
        )


def _license_outcome(evidence: ModelEvidence, slot: str, what: str) -> tuple[Outcome, str]:
    record = evidence.licenses.get(slot)
    if record is None:
        return Outcome.UNDECIDED, f"no license is recorded for the {what}"
    if record.judged_osi:
        return Outcome.MET, f"OSI-approved ({record.basis})"
    info = license_info(record.license)
    if info.status is LicenseStatus.NONE:
        return Outcome.UNDECIDED, f"no license is recorded for the {what}"
    if info.osi_approved:
        return Outcome.MET, f"{info.spdx_id or info.declared} is OSI-approved ({record.basis})"
    if info.status is LicenseStatus.OPEN:
        return (
            Outcome.UNDECIDED,
            f"{info.spdx_id or info.declared} is an open content license that the OSI has not "
            f"approved; whether it counts as OSI-approved terms is not settled ({record.basis})",
        )
    return Outcome.NOT_MET, f"{info.reason} ({record.basis})"


def _parameters(evidence: ModelEvidence) -> tuple[Outcome, str]:
    level = evidence.level("weights_endmodel")
    if level == "closed":
        return Outcome.NOT_MET, "the end model's weights are not shared"
    license_outcome, why = _license_outcome(evidence, "parameters", "weights")
    if license_outcome is Outcome.NOT_MET:
        return license_outcome, why
    if level == "partial":
        return Outcome.UNDECIDED, f"the weights are only partly shared (e.g. gated); {why}"
    if level != "open":
        return Outcome.UNDECIDED, f"the weights are not assessed; {why}"
    return license_outcome, f"weights shared; {why}"


def _code(evidence: ModelEvidence) -> tuple[Outcome, str]:
    level = evidence.level("trainingcode")
    if level == "closed":
        return Outcome.NOT_MET, "no training code is available"
    if level == "partial":
        return Outcome.NOT_MET, "the training code is only partly available, not complete"
    if level != "open":
        return Outcome.UNDECIDED, "the training code is not assessed"
    license_outcome, why = _license_outcome(evidence, "code", "code")
    return license_outcome, f"the complete training code is available; {why}"


def _data_information(evidence: ModelEvidence) -> tuple[Outcome, str]:
    base = evidence.level("datasources_basemodel")
    end = evidence.level("datasources_endmodel")
    sheet = evidence.level("datasheet")
    said = f"base model data {base}, end model data {end}, datasheet {sheet}".replace("_", " ")
    if (base == "open" and end == "open") or sheet == "open":
        return Outcome.MET, said
    if base == "closed" and end == "closed" and sheet == "closed":
        return Outcome.NOT_MET, f"no information about the training data ({said})"
    return Outcome.UNDECIDED, f"partial information about the training data ({said})"


_RULES = {"parameters": _parameters, "code": _code, "data_information": _data_information}


def osaid_verdict(definition: OsaidDefinition, evidence: ModelEvidence) -> OsaidResult:
    """Judge each requirement, then the verdict."""
    outcomes = []
    for requirement in definition.requirements:
        outcome, reason = _RULES[requirement.code](evidence)
        outcomes.append(RequirementOutcome(requirement.code, requirement.title, outcome, reason))
    if any(o.outcome is Outcome.NOT_MET for o in outcomes):
        verdict = Verdict.DOES_NOT_CONFORM
    elif any(o.outcome is Outcome.UNDECIDED for o in outcomes):
        verdict = Verdict.CANNOT_TELL
    else:
        verdict = Verdict.CONFORMS
    return OsaidResult(verdict=verdict, requirements=outcomes)
