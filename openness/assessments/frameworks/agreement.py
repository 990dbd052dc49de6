"""How the derived MOF class agrees with the Model Openness Tool's own, for the curated models
that both the EU index and the tool cover (read-only; `manage.py frameworks_agreement`)."""

from dataclasses import dataclass

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
