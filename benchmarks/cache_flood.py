"""Flood the page cache with distinct junk query strings and print the cache Redis's memory.

    uv run python benchmarks/cache_flood.py [--requests 100000] [--maxmemory 64mb]

Needs wrk (Debian: apt-get install -y wrk) and DATABASE_URL (a database with the site's data,
e.g. after `manage.py import_osai`). It starts a Redis of its own for the cache, as
docker-compose.yml runs it (maxmemory with allkeys-lru, nothing on disk), and gunicorn on the
production settings against it, then sends, through wrk scripts that number every request:

1. at least --requests requests with a distinct parameter the pages do not read
   (`/?utm_junk=T-N` and `/models/<slug>/?junk=T-N`): they must make no cache entry;
2. distinct searches (`/?q=junkT-N`, a parameter the leaderboard reads) for --search-seconds:
   each is rendered, and leaves only an admission marker, since none is asked twice;

and prints the cache's memory (used_memory), its keys and evictions after each.
"""

# It runs fixed local programs (redis-server, gunicorn, wrk) with arguments it builds itself.
# ruff: noqa: S603, S607

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web import _django_shell, collect_static, wait_until_up

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--search-seconds", type=int, default=30)
    parser.add_argument("--maxmemory", default="64mb", help="the cache Redis's bound")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    if not os.environ.get("DATABASE_URL"):
        sys.exit("DATABASE_URL must name a database with the site's data.")
    with tempfile.TemporaryDirectory() as folder:
        redis_port, web_port = _free_port(), _free_port()
        cache = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(redis_port),
                "--maxmemory",
                args.maxmemory,
                "--maxmemory-policy",
                "allkeys-lru",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                folder,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        cache_url = f"redis://127.0.0.1:{redis_port}/0"
        env = {
            **os.environ,
            "OPENNESS_ENV": "production",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "REDIS_URL": os.environ.get("REDIS_URL", cache_url),
            "CACHE_REDIS_URL": cache_url,
            "LOG_LEVEL": "WARNING",
        }
        collect_static(env)
        code = (
            "from openness.catalog.models import AIModel\n"
            "print('slug:' + AIModel.objects.order_by('id').values_list('slug', flat=True)[0])\n"
        )
        out = _django_shell(env, code)
        slug = [x for x in out.splitlines() if x.startswith("slug:")][-1][5:]
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "openness.wsgi",
                "--bind",
                f"127.0.0.1:{web_port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{web_port}"
            wait_until_up(base + "/health/")
            client = redis.Redis(host="127.0.0.1", port=redis_port)
            print(
                f"cache Redis maxmemory {args.maxmemory} allkeys-lru; gunicorn {args.workers} "
                f"sync workers; wrk -t{args.threads} -c{args.connections}; "
                f"{os.cpu_count()} CPUs"
            )
            print(f"{'after':<44} {'requests':>9} {'used_memory':>12} {'keys':>7} {'evicted':>8}")
            for path in ("/", f"/models/{slug}/"):  # each page asked twice: stored
                for _ in range(2):
                    subprocess.run(["curl", "-s", "-o", "/dev/null", base + path], check=False)
            _report(client, "two pages asked twice (the baseline)", 0)
            sent = 0
            while sent < args.requests:
                sent += _wrk(base, folder, args, f"/?utm_junk=%d-%d&n={sent}", 20)
                sent += _wrk(base, folder, args, f"/models/{slug}/?junk=%d-%d&n={sent}", 20)
            _report(client, "junk parameters the pages do not read", sent)
            searched = _wrk(base, folder, args, "/?q=junk%d-%d", args.search_seconds)
            _report(client, "distinct searches, each asked once", searched)
            limit = client.config_get("maxmemory")["maxmemory"]
            print(f"maxmemory: {int(limit):,} bytes")
        finally:
            server.terminate()
            server.wait(timeout=30)
            cache.terminate()
            cache.wait(timeout=30)
    return 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wrk(base: str, folder: str, args, pattern: str, seconds: int) -> int:
    """Run wrk for `seconds`, every request a path from pattern (thread id, request number);
    the number of requests sent. Fails on any answer other than 2xx or 3xx."""
    script = Path(folder) / "numbered.lua"
    script.write_text(
        "local threads = 0\n"
        "function setup(thread)\n"
        "  thread:set('id', threads)\n"
        "  threads = threads + 1\n"
        "end\n"
        "function init(args) counter = 0 end\n"
        "function request()\n"
        "  counter = counter + 1\n"
        f"  return wrk.format('GET', string.format('{pattern}', id, counter))\n"
        "end\n"
    )
    out = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base + "/",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        sys.exit(f"wrk saw errors:\n{out}")
    return int(re.search(r"(\d+) requests in", out).group(1))


def _report(client, label: str, requests: int) -> None:
    memory = client.info("memory")["used_memory"]
    evicted = client.info("stats")["evicted_keys"]
    print(f"{label:<44} {requests:>9,} {memory:>12,} {client.dbsize():>7,} {evicted:>8,}")


if __name__ == "__main__":
    raise SystemExit(main())
