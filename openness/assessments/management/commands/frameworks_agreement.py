"""The derived MOF class against the Model Openness Tool's own, for the models both cover."""

from collections import Counter

from django.core.management.base import BaseCommand

from openness.assessments.frameworks.agreement import comparisons


class Command(BaseCommand):
    help = (
        "For the curated models that both the EU index and the Model Openness Tool cover: the "
        "MOF class Openness derives from its evidence against the class the tool's own "
        "component licenses give, the agreement percentage, and every disagreement with its "
        "reason. Run `manage.py import_frameworks` first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="list the agreements too")

    def handle(self, *args, all=False, **options):
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
