"""Time the crawl rules: pure judgments per second, and hub_model_assess against PostgreSQL.

Runs against a scratch database (Django's test database, created and destroyed here), so the
development data is untouched:  uv run python benchmarks/crawl_rules.py [--items N] [--models M]

Items are variations of the hand-written hub items in fixtures/tests/hub-items.json, each with
a README, dataset records and paper records as enrichment would fetch them.
"""

import argparse
import copy
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openness.settings")

import django  # noqa: E402

django.setup()

import yaml  # noqa: E402
from django.db import connection  # noqa: E402

from openness.assessments.models import Criterion, Methodology, Revision, Track  # noqa: E402
from openness.assessments.services import scores_recompute  # noqa: E402
from openness.catalog.models import AIModel, Organisation  # noqa: E402
from openness.crawl.rules import judge_snapshot  # noqa: E402
from openness.crawl.rules.assess import hub_model_assess  # noqa: E402
from openness.crawl.snapshot import FetchedDocument, HubSnapshot  # noqa: E402

FIXTURES = BASE_DIR / "fixtures" / "tests"
ENDPOINT = "http://127.0.0.1:18300"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def snapshots(count: int) -> list[HubSnapshot]:
    items = json.loads((FIXTURES / "hub-items.json").read_text())
    items.pop("_comment")
    datasets = json.loads((FIXTURES / "datasets.json").read_text())
    papers = json.loads((FIXTURES / "papers.json").read_text())
    readme = (FIXTURES / "readmes" / "full.md").read_text()
    names = sorted(items)
    result = []
    for i in range(count):
        item = copy.deepcopy(items[names[i % len(names)]])
        repo = f"bench-org/model-{i:07d}"
        item["id"] = repo
        item["sha"] = f"{i:040x}"
        result.append(
            HubSnapshot(
                hub="huggingface",
                endpoint=ENDPOINT,
                repo_id=repo,
                sha=item["sha"],
                retrieved_at=NOW,
                item=item,
                readme=FetchedDocument(
                    url=f"{ENDPOINT}/{repo}/resolve/{item['sha']}/README.md",
                    retrieved_at=NOW,
                    revision=item["sha"],
                    text=readme,
                ),
                datasets={
                    k: FetchedDocument(
                        url=f"{ENDPOINT}/datasets/{k}", retrieved_at=NOW, data=v, revision=v["sha"]
                    )
                    for k, v in datasets.items()
                    if k != "_comment"
                },
                papers={
                    k: FetchedDocument(url=f"{ENDPOINT}/api/papers/{k}", retrieved_at=NOW, data=v)
                    for k, v in papers.items()
                    if k != "_comment"
                },
            )
        )
    return result


def methodology() -> Methodology:
    spec = yaml.safe_load((FIXTURES / "osai-criteria.yaml").read_text())
    Methodology.objects.filter(slug=spec["slug"]).update(is_current=False)
    current = Methodology.objects.create(
        slug=spec["slug"],
        version="bench",
        name=spec["name"],
        effective_from=NOW.date(),
        is_current=True,
    )
    for group_order, group in enumerate(spec["groups"]):
        for order, criterion in enumerate(group["criteria"]):
            Criterion.objects.create(
                methodology=current,
                group_code=group["code"],
                group_title=group["title"],
                group_order=group_order,
                order=order,
                **criterion,
            )
    return current


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=20000, help="snapshots for the pure rules")
    parser.add_argument("--models", type=int, default=500, help="models for hub_model_assess")
    args = parser.parse_args()

    pure = snapshots(args.items)
    started = time.perf_counter()
    judgments = sum(len(judge_snapshot(s)) for s in pure)
    seconds = time.perf_counter() - started
    print(
        f"rules (pure): {args.items} snapshots, {judgments} judgments in {seconds:.2f} s: "
        f"{args.items / seconds:,.0f} snapshots/s"
    )

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        current = methodology()
        org = Organisation.objects.create(slug="bench-org", name="Bench org")
        batch = snapshots(args.models)
        models = AIModel.objects.bulk_create(
            AIModel(
                slug=s.repo_id.replace("/", "-"),
                name=s.repo_id,
                organisation=org,
                end_model_repo=s.repo_id,
            )
            for s in batch
        )
        for label in ("first assessment", "unchanged re-run"):
            started = time.perf_counter()
            for model, snapshot in zip(models, batch, strict=True):
                hub_model_assess(
                    model=model, snapshot=snapshot, methodology=current, recompute_score=False
                )
            seconds = time.perf_counter() - started
            print(
                f"hub_model_assess, {label}: {args.models} models in {seconds:.2f} s: "
                f"{args.models / seconds:,.0f} models/s ({Revision.objects.count()} revisions)"
            )
        started = time.perf_counter()
        written = scores_recompute(methodology=current, track=Track.AUTOMATIC)
        print(
            f"scores_recompute (automatic track): {written} scores in "
            f"{time.perf_counter() - started:.2f} s"
        )
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
