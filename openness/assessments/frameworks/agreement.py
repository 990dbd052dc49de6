"""How the derived MOF class agrees with the Model Openness Tool's own, for the curated models
that both the EU index and the tool cover (read-only; `manage.py frameworks_agreement`)."""

from collections import Counter
from dataclasses import dataclass

from openness.assessments.frameworks.mof import ComponentStatus
from openness.assessments.frameworks.records import FrameworkVerdict, MotRecord

# A model matched by several of the tool's files is compared with the closest match.
BASIS_ORDER = {"repository": 0, "name": 1, "family": 2, "base": 3}


@dataclass(frozen=True)
class Comparison:
    model_slug: str
    model_name: str
    derived: str
    derived_summary: str
    tool: str
    tool_summary: str
    tool_file: str
    basis: str
    other_files: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        return self.derived == self.tool

    def reason(self) -> str:
        """Why the two classes differ, in words (empty when they agree)."""
        if self.agrees:
            return ""
        return (
            f"Openness derives {self.derived_summary} The tool's own licenses give: "
            f"{self.tool_summary}"
        )


def primary_records(
    records: list[MotRecord] | None = None,
) -> dict[int, tuple[MotRecord, list[MotRecord]]]:
    """{model id: (the closest MOT record, every other matched record)}."""
    if records is None:
        records = list(MotRecord.objects.filter(model__isnull=False).order_by("file"))
    grouped: dict[int, list[MotRecord]] = {}
    for record in records:
        grouped.setdefault(record.model_id, []).append(record)
    result = {}
    for model_id, records in grouped.items():
        records.sort(key=lambda r: (BASIS_ORDER.get(r.match_basis, 9), r.file))
        result[model_id] = (records[0], records[1:])
    return result


def comparisons(
    *, records: list[MotRecord] | None = None, verdicts: list[FrameworkVerdict] | None = None
) -> list[Comparison]:
    """One comparison per curated model that the tool covers (pass the rows already read, or
    let it read them: two queries)."""
    records = primary_records(records)
    if verdicts is None:
        verdicts = FrameworkVerdict.objects.filter(
            framework="mof", track="editorial", model_id__in=list(records)
        ).select_related("model")
    rows = []
    for verdict in verdicts:
        if verdict.framework != "mof" or verdict.model_id not in records:
            continue
        primary, others = records[verdict.model_id]
        rows.append(
            Comparison(
                model_slug=verdict.model.slug,
                model_name=verdict.model.name,
                derived=verdict.verdict,
                derived_summary=verdict.summary,
                tool=primary.mof_class,
                tool_summary=primary.summary,
                tool_file=primary.file,
                basis=primary.match_basis,
                other_files=tuple(r.file for r in others),
            )
        )
    rows.sort(key=lambda c: c.model_name.casefold())
    return rows


# A component's outcome reduced to what both sides can say of it: whether it is released, and
# the kind of its license (suited to the component, open but for another kind, not open, none).
PRESENCE = {
    ComponentStatus.NOT_RELEASED: "absent",
    ComponentStatus.NOT_RECORDED: "unknown",
}
LICENSE_KIND = {
    ComponentStatus.PASS: "open, suited",
    ComponentStatus.PASS_WITH_WARNING: "open, other kind",
    ComponentStatus.NOT_OPEN: "not open",
    ComponentStatus.NO_LICENSE: "no license",
}


def presence(status: str) -> str:
    return PRESENCE.get(ComponentStatus(status), "present")


def license_kind(status: str) -> str:
    return LICENSE_KIND.get(ComponentStatus(status), "")


@dataclass(frozen=True)
class ComponentComparison:
    """One component of one model, as Openness derives it and as the tool's file gives it."""

    model_slug: str
    model_name: str
    component: str
    derived_status: str
    derived_license: str
    derived_reason: str
    tool_status: str
    tool_license: str
    tool_reason: str
    tool_file: str

    @property
    def presence_pair(self) -> tuple[str, str]:
        return presence(self.derived_status), presence(self.tool_status)

    @property
    def presence_compared(self) -> bool:
        """Both sides say whether it is released (Openness keeps no evidence of some)."""
        return "unknown" not in self.presence_pair

    @property
    def presence_agrees(self) -> bool:
        derived, tool = self.presence_pair
        return derived == tool

    @property
    def license_compared(self) -> bool:
        """Both sides say it is released: their licenses' kinds can be compared."""
        return self.presence_pair == ("present", "present")

    @property
    def license_agrees(self) -> bool:
        return license_kind(self.derived_status) == license_kind(self.tool_status)

    def reason(self) -> str:
        """Why the two sides differ, in words: each side's outcome and its reason."""
        derived = self.derived_license or "no license"
        tool = self.tool_license or "no license"
        return (
            f"Openness: {self.derived_status} ({derived}; {self.derived_reason}). "
            f"The tool [{self.tool_file}]: {self.tool_status} ({tool}; {self.tool_reason})."
        )


def component_comparisons(rows: list[Comparison]) -> list[ComponentComparison]:
    """Every MOF component of every compared model, both ways: the derived outcomes rebuilt
    from the stored levels and recorded licenses by the same pure rules as the stored class
    (services.model_verdicts_explained), the tool's read from its record (three queries)."""
    from openness.assessments.frameworks.services import model_verdicts_explained
    from openness.assessments.models import Score, Track
    from openness.catalog.models import AIModel

    slugs = [row.model_slug for row in rows]
    models = {m.slug: m for m in AIModel.objects.filter(slug__in=slugs)}
    levels = dict(
        Score.objects.filter(
            model__slug__in=slugs, track=Track.EDITORIAL, methodology__is_current=True
        ).values_list("model__slug", "levels")
    )
    records = {r.file: r for r in MotRecord.objects.filter(file__in=[r.tool_file for r in rows])}
    out = []
    for row in rows:
        _evidence, mof, _osaid = model_verdicts_explained(
            model=models[row.model_slug], levels=levels.get(row.model_slug) or {}, track="editorial"
        )
        tool = {c["name"]: c for c in records[row.tool_file].detail.get("components", [])}
        for outcome in mof.components:
            theirs = tool.get(outcome.name)
            if theirs is None:
                continue
            out.append(
                ComponentComparison(
                    model_slug=row.model_slug,
                    model_name=row.model_name,
                    component=outcome.name,
                    derived_status=str(outcome.status),
                    derived_license=outcome.license,
                    derived_reason=outcome.reason,
                    tool_status=theirs["status"],
                    tool_license=theirs.get("license", ""),
                    tool_reason=theirs.get("reason", ""),
                    tool_file=row.tool_file,
                )
            )
    return out


@dataclass(frozen=True)
class ComponentTally:
    component: str
    presence_agree: int
    presence_compared: int
    presence_unknown: int  # Openness keeps no evidence whether it is released
    license_agree: int
    license_compared: int


def component_tallies(items: list[ComponentComparison]) -> list[ComponentTally]:
    """Per component, in the MOF's order: how often presence and license kind agree."""
    order: dict[str, int] = {}
    counts: dict[str, Counter] = {}
    for item in items:
        order.setdefault(item.component, len(order))
        tally = counts.setdefault(item.component, Counter())
        if item.presence_compared:
            tally["presence_compared"] += 1
            tally["presence_agree"] += item.presence_agrees
        else:
            tally["presence_unknown"] += 1
        if item.license_compared:
            tally["license_compared"] += 1
            tally["license_agree"] += item.license_agrees
    return [
        ComponentTally(
            component=name,
            presence_agree=counts[name]["presence_agree"],
            presence_compared=counts[name]["presence_compared"],
            presence_unknown=counts[name]["presence_unknown"],
            license_agree=counts[name]["license_agree"],
            license_compared=counts[name]["license_compared"],
        )
        for name in sorted(order, key=order.__getitem__)
    ]
