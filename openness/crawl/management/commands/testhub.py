"""Development: serve the loopback test hub over the fixture files (never the real Hub)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openness.crawl.testhub import TestHub


class Command(BaseCommand):
    help = "Serve the loopback test hub on 127.0.0.1 (point HUB_ENDPOINT at the printed URL)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--fixtures", default=str(Path(settings.BASE_DIR) / "fixtures" / "hub"))
        parser.add_argument("--quota", type=int, default=100_000, help="requests per window")

    def handle(self, *args, port, fixtures, quota, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port {port} is not a TCP port")
        path = Path(fixtures)
        if not (path / "models").is_dir():
            raise CommandError(f"{path} has no models/ directory of hub fixtures")
        try:
            hub = TestHub(path, host="127.0.0.1", port=port, quota=quota).start()
        except OSError as exc:
            raise CommandError(f"cannot listen on 127.0.0.1:{port}: {exc}") from exc
        self.stdout.write(
            f"Test hub with {len(hub.state.models)} models at {hub.url}\n"
            f"  HUB_ENDPOINT={hub.url} GITHUB_API_URL={hub.url}/github-api"
            f" ARXIV_API_URL={hub.url}/arxiv-api ARXIV_MIN_INTERVAL_SECONDS=0"
            " uv run manage.py crawl sweep\n"
            "Ctrl-C stops it."
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            hub.stop()
