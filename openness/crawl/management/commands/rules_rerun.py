"""Operators: run the current rules over the stored hub snapshots, without a crawl."""

from django.core.management.base import BaseCommand

from openness.crawl import services
from openness.crawl.hubs import HUBS


class Command(BaseCommand):
    help = (
        "Re-run the current rules over every stored hub snapshot (what the last enrichment "
        "read: API item, model card, dataset and paper records), without fetching anything. "
        "Each changed judgment is recorded through the assessment services as a revision "
        "naming its rule version; derived models are re-assessed after their base. "
        "A repository enriched before snapshots were stored is read from its listing item, "
        "so only the rules that need no model card, dataset or paper records re-run for it."
    )

    def add_arguments(self, parser):
        parser.add_argument("repo_ids", nargs="*", help="only these hub repository ids")
        parser.add_argument("--hub", default="huggingface", choices=sorted(HUBS))

    def handle(self, *args, repo_ids, hub, **options):
        counts = services.rules_rerun(hub_name=hub, repo_ids=repo_ids or None)
        self.stdout.write(
            f"{counts['snapshots']} snapshots and {counts['listing_items']} listing items read, "
            f"{counts['models_assessed']} models "
            f"assessed, {counts['changed']} judgments changed (each a new revision)"
        )
