"""The derived MOF class against the Model Openness Tool's own, for the models both cover."""

from collections import Counter

from django.core.management.base import BaseCommand

from openness.assessments.frameworks.agreement import (
    comparisons,
    component_comparisons,
    component_tallies,
)


class Command(BaseCommand):
    help = (
        "For the curated models that both the EU index and the Model Openness Tool cover: the "
        "MOF class Openness derives from its evidence against the class the tool's own "
        "component licenses give, the agreement percentage, and every disagreement with its "
        "reason; then the same per component (released or not, and the kind of its license). "
        "Run `manage.py import_frameworks` first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="list the agreements too")
        parser.add_argument(
            "--classes-only", action="store_true", help="leave out the per-component comparison"
        )

    def handle(self, *args, all=False, classes_only=False, **options):
        rows = comparisons()
        if not rows:
            self.stdout.write("No model is covered by both (run manage.py import_frameworks).")
            return
        agreed = sum(row.agrees for row in rows)
        for row in rows:
            if row.agrees and not all:
                continue
            mark = "agree" if row.agrees else "DISAGREE"
            self.stdout.write(
                f"{mark}: {row.model_name} ({row.model_slug}) derived {row.derived}, "
                f"tool {row.tool} [{row.tool_file}, matched by {row.basis}]"
            )
            if not row.agrees:
                self.stdout.write(f"  why: {row.reason()}")
        tally = Counter((row.derived, row.tool) for row in rows)
        self.stdout.write(
            "Pairs (derived, tool): "
            + ", ".join(f"{d}/{t}: {n}" for (d, t), n in sorted(tally.items()))
        )
        self.stdout.write(
            f"Agreement: {agreed} of {len(rows)} models ({100 * agreed / len(rows):.1f}%)"
        )
        if not classes_only:
            self._components(rows, all=all)

    def _components(self, rows, *, all: bool) -> None:
        items = component_comparisons(rows)
        self.stdout.write("")
        self.stdout.write("Per component (present: released or not; license: the kind of it):")
        for item in items:
            presence = item.presence_compared and not item.presence_agrees
            license = item.license_compared and not item.license_agrees
            if presence or license:
                what = "presence" if presence else "license"
                self.stdout.write(
                    f"DISAGREE ({what}): {item.model_name} ({item.model_slug}), {item.component}"
                )
                self.stdout.write(f"  why: {item.reason()}")
            elif all:
                self.stdout.write(
                    f"agree: {item.model_name}, {item.component}: {item.derived_status} / "
                    f"{item.tool_status}"
                )
        for tally in component_tallies(items):
            self.stdout.write(
                f"  {tally.component}: present {tally.presence_agree} of "
                f"{tally.presence_compared} agree ({tally.presence_unknown} not recorded by "
                f"Openness); license kind {tally.license_agree} of {tally.license_compared}"
            )
        presence = [i for i in items if i.presence_compared]
        licensed = [i for i in items if i.license_compared]
        agreed_presence = sum(i.presence_agrees for i in presence)
        agreed_license = sum(i.license_agrees for i in licensed)
        unknown = len(items) - len(presence)
        self.stdout.write(
            f"Components released or not: {agreed_presence} of {len(presence)} agree "
            f"({_percent(agreed_presence, len(presence))}); {unknown} of {len(items)} not "
            "recorded by Openness"
        )
        self.stdout.write(
            f"License kind, where both say released: {agreed_license} of {len(licensed)} agree "
            f"({_percent(agreed_license, len(licensed))})"
        )


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"
