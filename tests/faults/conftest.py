"""The fault suite's stack, started once for the suite (see stack.py)."""

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from .stack import ROOT, Gunicorn, Postgres, Redis, production_env

# The cache's memory bound in this suite (production's is in docker-compose.yml).
CACHE_MAXMEMORY = "8mb"
INDEX_MODELS = 20


@dataclass
class Stack:
    postgres: Postgres
    broker: Redis
    cache: Redis
    web: Gunicorn
    pages: list[str]  # public pages, each answered 200 when everything is up
    api: list[str]
    model_slug: str
    criterion_code: str


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300)


@pytest.fixture(scope="session")
def stack():
    # A folder of its own, not under pytest's basetemp: another pytest run of the same user
    # prunes the older basetemps, with a running database in them.
    folder = Path(tempfile.mkdtemp(prefix="openness-faults-"))
    started = []
    try:
        postgres = Postgres(folder)
        started.append(postgres)
        postgres.create_database()
        broker = Redis(folder, "broker")
        started.append(broker)
        cache = Redis(folder, "cache", maxmemory=CACHE_MAXMEMORY)
        started.append(cache)
        env = production_env(postgres.url, broker.url, cache.url)
        _manage(env, "migrate", "--noinput", "-v0")
        # A few of the index's models: the pages, not the catalog's size, are under test.
        index = folder / "osai-index"
        index.mkdir()
        for path in sorted((ROOT / "fixtures" / "osai-index").glob("*.yaml"))[:INDEX_MODELS]:
            shutil.copy(path, index / path.name)
        _manage(env, "import_osai", "-v0", "--path", str(index))
        _manage(env, "collectstatic", "--noinput", "-v0")
        models = [
            row[0]
            for row in postgres.query(
                "SELECT m.slug FROM catalog_aimodel m JOIN assessments_score s "
                "ON s.model_id = m.id ORDER BY s.rank LIMIT 3"
            )
        ]
        organisation = postgres.query(
            "SELECT o.slug FROM catalog_organisation o JOIN catalog_aimodel m "
            "ON m.organisation_id = o.id ORDER BY o.slug LIMIT 1"
        )[0][0]
        criterion = postgres.query(
            "SELECT c.code FROM assessments_criterion c JOIN assessments_methodology m "
            "ON c.methodology_id = m.id WHERE m.is_current ORDER BY c.group_order, c.order "
            "LIMIT 1"
        )[0][0]
        web = Gunicorn(folder, env)
        started.append(web)
        pages = [
            "/",
            "/?track=hub",
            "/?q=ol",
            *(f"/models/{slug}/" for slug in models),
            f"/organisations/{organisation}/",
            f"/criteria/{criterion}/",
            "/methodology/",
            f"/compare/?m={models[0]}&m={models[1]}",
        ]
        api = ["/api/v1/models?limit=5", f"/api/v1/models/{models[0]}"]
        yield Stack(postgres, broker, cache, web, pages, api, models[0], criterion)
    finally:
        for each in reversed(started):
            try:
                each.close() if hasattr(each, "close") else each.stop()
            except Exception as error:  # the rest must still be stopped
                print(f"stopping {each}: {error}", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
