"""The Model Openness Framework's class of a model, as a pure function of its components.

Each component is either released or not (or Openness keeps no evidence of it) and carries the
license it was released under. A component counts towards a class when it is released under an
open license suited to its content type; an open license suited to another type (a code
license on a model card) counts with a warning; a custom model license never counts; a
component without a license does not count. Classes are cumulative: class II needs everything
class III needs, class I everything class II needs.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from openness.assessments.frameworks.definitions import MofComponent, MofDefinition
from openness.assessments.frameworks.licensing import LicenseStatus, license_info

CLASS_NAMES = {3: "III", 2: "II", 1: "I", 0: "none"}
CLASS_TITLES = {3: "Open model", 2: "Open tooling", 1: "Open science", 0: "no class"}


class ComponentStatus(StrEnum):
    PASS = "pass"  # noqa: S105 (a status, not a password)
    PASS_WITH_WARNING = "pass_with_warning"  # noqa: S105
    NOT_RELEASED = "not_released"
    NOT_RECORDED = "not_recorded"  # Openness keeps no evidence whether it was released
    NO_LICENSE = "no_license"
    NOT_OPEN = "not_open"

    @property
    def counts(self) -> bool:
        return self in (ComponentStatus.PASS, ComponentStatus.PASS_WITH_WARNING)


@dataclass(frozen=True)
class ComponentEvidence:
    """What a source says of one component: released (None: unknown), under which license."""

    released: bool | None
    license: str = ""
    license_basis: str = ""  # where the license comes from, in words
    basis: str = ""  # why it counts as released or not, in words
    # No named license, but a curated judgment that it is OSI-approved (suits code).
    judged_osi: bool = False


@dataclass(frozen=True)
class ComponentOutcome:
    name: str
    content_type: str
    mof_class: int
    required: bool
    status: ComponentStatus
    license: str
    reason: str

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "content_type": self.content_type,
            "class": self.mof_class,
            "required": self.required,
            "status": str(self.status),
            "license": self.license,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class MofResult:
    level: int  # 3, 2, 1, or 0 for no class
    components: list[ComponentOutcome]
    # The required components that stand between the model and the next class up.
    blockers: list[ComponentOutcome] = field(default_factory=list)

    @property
    def name(self) -> str:
        return CLASS_NAMES[self.level]

    @property
    def next_level(self) -> int | None:
        return None if self.level == 1 else (3 if self.level == 0 else self.level - 1)

    @property
    def warnings(self) -> list[ComponentOutcome]:
        return [c for c in self.components if c.status is ComponentStatus.PASS_WITH_WARNING]

    def summary(self) -> str:
        """One sentence: the class, and what blocks the next one."""
        if self.next_level is None:
            head = "Class I (open science): every required component is openly licensed."
        else:
            target = CLASS_NAMES[self.next_level]
            missing = "; ".join(f"{b.name} ({b.reason})" for b in self.blockers)
            if self.level == 0:
                head = f"No MOF class. Class {target} needs: {missing}."
            else:
                head = (
                    f"Class {self.name} ({CLASS_TITLES[self.level].lower()}). "
                    f"Class {target} needs: {missing}."
                )
        return head


def component_outcome(
    component: MofComponent, evidence: ComponentEvidence | None
) -> ComponentOutcome:
    """Judge one component under the license rules."""
    evidence = evidence or ComponentEvidence(released=None)

    def outcome(status: ComponentStatus, reason: str, license: str = "") -> ComponentOutcome:
        return ComponentOutcome(
            component.name,
            component.content_type,
            component.mof_class,
            component.required,
            status,
            license,
            reason,
        )

    if evidence.released is False:
        return outcome(ComponentStatus.NOT_RELEASED, evidence.basis or "not released")
    if evidence.released is None:
        return outcome(ComponentStatus.NOT_RECORDED, evidence.basis or "no evidence of its release")
    basis = f" ({evidence.license_basis})" if evidence.license_basis else ""
    if evidence.judged_osi and not evidence.license:
        if component.content_type == "code":
            return outcome(ComponentStatus.PASS, f"an OSI-approved license{basis}", "OSI-approved")
        return outcome(
            ComponentStatus.PASS_WITH_WARNING,
            f"an OSI-approved license, suited to code, not to {component.content_type}{basis}",
            "OSI-approved",
        )
    info = license_info(evidence.license)
    if info.status is LicenseStatus.NONE:
        if evidence.license.strip():
            return outcome(ComponentStatus.NO_LICENSE, f"released without a license{basis}")
        return outcome(ComponentStatus.NO_LICENSE, "released, but no license is recorded")
    if info.status is LicenseStatus.NOT_OPEN:
        return outcome(ComponentStatus.NOT_OPEN, info.reason + basis, info.spdx_id or info.declared)
    label = info.spdx_id or info.declared
    if info.suits(component.content_type):
        return outcome(
            ComponentStatus.PASS, f"{label}, suited to {component.content_type}{basis}", label
        )
    return outcome(
        ComponentStatus.PASS_WITH_WARNING,
        f"{label} is an open license for {' and '.join(sorted(info.content_types))}, "
        f"not for {component.content_type}{basis}",
        label,
    )


def _met(outcome: ComponentOutcome, by_name: dict[str, ComponentOutcome], alternatives) -> bool:
    if outcome.status.counts:
        return True
    return any(by_name[other].status.counts for other in alternatives.get(outcome.name, ()))


def mof_class(definition: MofDefinition, evidence: dict[str, ComponentEvidence]) -> MofResult:
    """The highest class whose required components (cumulative) all count."""
    outcomes = [component_outcome(c, evidence.get(c.name)) for c in definition.components]
    by_name = {o.name: o for o in outcomes}
    unmet = {
        level: [
            by_name[c.name]
            for c in definition.required_for(level)
            if not _met(by_name[c.name], by_name, definition.alternatives)
        ]
        for level in (3, 2, 1)
    }
    level = next((lv for lv in (1, 2, 3) if not unmet[lv]), 0)
    next_level = None if level == 1 else (3 if level == 0 else level - 1)
    blockers = unmet[next_level] if next_level is not None else []
    return MofResult(level=level, components=outcomes, blockers=blockers)
