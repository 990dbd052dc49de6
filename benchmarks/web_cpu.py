"""Measure the Python CPU time of uncached pages, in-process, without a load generator.

    DATABASE_URL=postgres://... REDIS_URL=redis://... \\
        uv run python benchmarks/web_cpu.py [--requests 50] [--only "lens"] [--profile "model page"]

wrk (benchmarks/web.py) measures latency under load, which on a small machine is mostly the
Python CPU each request costs. This measures that cost alone: it builds Django's WSGI handler
on the production settings, as benchmarks/web.py runs gunicorn (DEBUG off, the whole
middleware stack) but with the page cache off (WEB_PAGE_CACHE_SECONDS=0), sends each of
benchmarks/web.py's URLs to it warm, N times in a row, and prints the process
CPU time per request (time.process_time, so the time PostgreSQL spends is not counted) with
the wall-clock time beside it. `--profile LABEL` runs that one URL under pyinstrument instead
(`uv run --with pyinstrument python benchmarks/web_cpu.py --profile "model page"`).
"""

import argparse
import io
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per URL")
    parser.add_argument("--rounds", type=int, default=3, help="report the best of this many")
    parser.add_argument("--profile", default="", help="profile the URL with this label")
    parser.add_argument(
        "--only", default="", help="measure only the views whose label contains this text"
    )
    args = parser.parse_args()
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            sys.exit(f"{name} must name the database and Redis to measure.")

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "openness.settings",
            "OPENNESS_ENV": "production",
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "WEB_PAGE_CACHE_SECONDS": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    urls = [url for url in benchmark_urls() if args.only.lower() in url[0].lower()]

    if args.profile:
        path = dict(urls)[args.profile]
        from pyinstrument import Profiler

        for _ in range(5):
            request(handler, path)
        profiler = Profiler(interval=0.0002)
        with profiler:
            for _ in range(args.requests):
                request(handler, path)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return 0

    print(f"{args.requests} requests per URL, best of {args.rounds} rounds; page cache off")
    print(f"{'view':<40} {'CPU ms':>8} {'wall ms':>8} {'KB':>6}")
    for label, path in urls:
        size = 0
        for _ in range(5):  # warm templates, connections and caches
            size = len(request(handler, path))
        cpu, wall = [], []
        for _ in range(args.rounds):
            started_cpu, started = time.process_time(), time.perf_counter()
            for _ in range(args.requests):
                request(handler, path)
            cpu.append((time.process_time() - started_cpu) * 1000 / args.requests)
            wall.append((time.perf_counter() - started) * 1000 / args.requests)
        print(f"{label:<40} {min(cpu):>8.2f} {statistics.median(wall):>8.2f} {size / 1024:>6.0f}")
    for label, path in urls:
        print(f"  {label}: {path}")
    return 0


def benchmark_urls() -> list[tuple[str, str]]:
    """The URLs of benchmarks/web.py, with its model, its deep page and its curated model."""
    from web import REVALIDATED, page_urls

    from openness.assessments.models import Score, Track

    hub = Score.objects.filter(track=Track.AUTOMATIC)
    score = (
        hub.order_by("rank").select_related("model")[1000:1001].first()
        or Score.objects.select_related("model").order_by("rank").first()
    )
    curated = (
        Score.objects.filter(track=Track.EDITORIAL).order_by("rank").select_related("model").first()
    )
    urls = page_urls(
        score.model.slug if score else "", hub.count(), curated.model.slug if curated else ""
    )
    # A 304 is a matter of the HTTP exchange, which this in-process measure leaves out.
    return [(label, path) for label, path in urls if label != REVALIDATED]


def request(handler, path: str) -> bytes:
    """One GET through the whole WSGI stack, as gunicorn would send it; the response body."""
    route, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": route,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    statuses = []
    body = b"".join(handler(environ, lambda status, headers, *_: statuses.append(status)))
    if not statuses[0].startswith("200"):
        raise SystemExit(f"{path}: {statuses[0]}")
    return body


if __name__ == "__main__":
    raise SystemExit(main())
