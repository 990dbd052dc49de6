"""Benchmark the site's pages with wrk against gunicorn, on the production settings.

    uv run python benchmarks/web.py [--duration 20] [--connections 16] [--only "model page"]

Needs wrk (Debian: apt-get install -y wrk), DATABASE_URL and REDIS_URL. It collects static
files, starts gunicorn on 127.0.0.1 (4 sync workers; docker-compose.yml runs sync ones), warms
each URL, runs wrk once per URL and prints p50, p99 and requests per second. The Hub
catalog's URLs are meant for a database filled by `manage.py synthetic_catalog`; the deep page
starts after rank 2,000,000 when it has that many.
The last two rows spread over the catalog: 100,000 different model pages (every n-th rank) and
50,000 different Hub leaderboard pages (after every n-th rank), each asked once, through a wrk
script, as readers of a Hub-sized catalog do; the page cache seldom holds the one asked for.
"""

# It runs fixed local programs (manage.py, gunicorn, wrk) with arguments it builds itself.
# ruff: noqa: S603, S607

import argparse
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--port", type=int, default=18420)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    # Sync workers, as docker-compose.yml runs them: one request at a time per process, and a
    # connection per request. Threaded workers (gthread) keep a client's connection in the
    # process that accepted it: wrk's sixteen connections ended up thirteen on one process,
    # whose GIL then set the pace while the other cores idled.
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    parser.add_argument("--gunicorn-threads", type=int, default=1, help="threads (gthread)")
    parser.add_argument(
        "--only", default="", help="measure only the views whose label contains this text"
    )
    parser.add_argument(
        "--site-url-from-host",
        action="store_true",
        help="leave SITE_URL unset: pages build their links from each request's host",
    )
    args = parser.parse_args()

    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            sys.exit(f"{name} must name the database and Redis to benchmark.")
    env = {
        **production_env(args.port),
        # The API's per-address limit would answer wrk 429 after 120 requests: it is lifted
        # here, so that the row measures the API's work (benchmarks/history_api_dumps.py too).
        "API_RATE_LIMIT": "100000000",
    }
    if args.site_url_from_host:
        env.pop("SITE_URL")
    collect_static(env)
    urls = [url for url in benchmark_urls(env) if args.only.lower() in url[0].lower()]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "openness.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.gunicorn_threads),
            "--worker-class",
            args.worker_class,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        wait_until_up(base + "/health/")
        print(
            f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s; gunicorn "
            f"{args.workers} {args.worker_class} workers x {args.gunicorn_threads} threads; "
            f"{os.cpu_count()} CPUs"
        )
        print(f"{'view':<34} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'non-2xx':>8}")
        for label, path, paths in urls:
            for _ in range(3):  # warm the workers' connections and caches
                urllib.request.urlopen(base + path, timeout=60).read()  # noqa: S310 (loopback)
            headers = []
            if label == REVALIDATED:
                etag = urllib.request.urlopen(base + path, timeout=60).headers["ETag"]  # noqa: S310
                headers = ["-H", f"If-None-Match: {etag}"]
            if paths:
                with tempfile.TemporaryDirectory() as folder:
                    figures = run_wrk(base + path, args, script=_rotation(folder, paths, args))
            else:
                figures = run_wrk(base + path, args, headers=headers)
            print(
                f"{label:<34} {figures['p50']:>8.1f} {figures['p99']:>8.1f} "
                f"{figures['rps']:>8.0f} {figures['errors']:>8}"
            )
        for label, path, paths in urls:
            where = f"{len(paths):,} paths like {path}, each asked once" if paths else path
            print(f"  {label}: {where}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


def benchmark_urls(env) -> list[tuple[str, str, list[str]]]:
    """The URLs to measure (label, path, and the paths a wrk script rotates through, if any),
    with a Hub model, the Hub track's size and the top curated model read from the database."""
    code = (
        "from openness.assessments.models import Score, Track\n"
        "s = Score.objects.filter(track=Track.AUTOMATIC).order_by('rank')"
        ".select_related('model')[1000:1001].first() or Score.objects.select_related('model')"
        ".order_by('rank').first()\n"
        "n = Score.objects.filter(track=Track.AUTOMATIC).count()\n"
        "c = Score.objects.filter(track=Track.EDITORIAL).order_by('rank')"
        ".values_list('model__slug', flat=True)[:2]\n"
        "print('model:' + (s.model.slug if s else '') + '|' + str(n)"
        " + '|' + ','.join(c))\n"
    )
    # Only the line printed above: the shell may print a banner of its own.
    line = [x for x in _django_shell(env, code).splitlines() if x.startswith("model:")][-1]
    slug, hub_count, curated = line.removeprefix("model:").split("|")
    urls = page_urls(slug, int(hub_count), *curated.split(","))
    urls = [(label, path, []) for label, path in urls]
    # The long tail: many different model pages, each asked once, as readers spread over a
    # Hub-sized catalog do (a page cache seldom holds the one asked for).
    spread = _spread_model_paths(env, DISTINCT_MODEL_PAGES)
    if spread:
        urls.append((f"{len(spread):,} different model pages", spread[0], spread))
    # And the leaderboard's: pages all over the Hub ranking, as readers and crawlers paging
    # through it ask for them.
    hub_pages = _spread_ranking_paths(int(hub_count), DISTINCT_RANKING_PAGES)
    if hub_pages:
        urls.append((f"{len(hub_pages):,} different Hub pages", hub_pages[0], hub_pages))
    return urls


DISTINCT_MODEL_PAGES = 100_000
DISTINCT_RANKING_PAGES = 50_000


def _spread_ranking_paths(hub_count: int, count: int) -> list[str]:
    """Hub leaderboard pages spread over the whole ranking (after every n-th rank), in a fixed
    shuffled order, so that the pages a short run reaches span the ranking too."""
    step = hub_count // count
    if step < 1:
        return []
    paths = [f"/?track=hub&after={k * step}" for k in range(1, count + 1)]
    random.Random(0).shuffle(paths)  # a fixed order, the same in every run
    return paths


REVALIDATED = "curated index, revalidated (304)"


def page_urls(
    model_slug: str, hub_count: int, curated_slug: str = "", second_curated: str = ""
) -> list[tuple[str, str]]:
    """(label, path) of each page measured, for a Hub model's slug, the Hub track's size and
    the top two curated models' slugs (benchmarks/web_cpu.py measures the same list)."""
    deep = min(2_000_000, max(hub_count - 100, 0))
    urls = [
        ("trivial view (baseline)", "/health/"),
        ("leaderboard, curated index", "/"),
        # The same page asked with the ETag a cache holds: answered 304 with no body.
        (REVALIDATED, "/"),
        ("leaderboard, Hub page 1", "/?track=hub"),
        (f"leaderboard, Hub after rank {deep:,}", f"/?track=hub&after={deep}"),
        (
            "filtered and sorted (code, downloads)",
            "/?track=hub&model_type=code&sort=downloads&order=desc",
        ),
        ("filtered by level, by total", "/?track=hub&level_datasources_basemodel=open&gated=no"),
        ("search 'qwen' (name or organisation)", "/?track=hub&q=qwen"),
        # Issue 17: a term written as a reader types it (case, spaces, digits run together),
        # matching a few dozen synthetic names ("qwen-instruct-42b-..."); the organisation
        # filter by name and by Hub account; the compare page's finder, best match first.
        ("search 'Qwen Instruct 42B' (forgiving, rare)", "/?track=hub&q=Qwen+Instruct+42B"),
        ("search: organisation by name 'Meta'", "/?track=hub&org=Meta"),
        ("search: organisation by account", "/?track=hub&org=synthetic-org-17"),
        ("search: compare finder 'qwen instruct'", "/compare/?track=hub&find=qwen+instruct"),
        # Honest scores (docs/honest-scores.md): the minimum-coverage filter, by total, and the
        # sort by coverage.
        ("at least 75% of criteria assessed", "/?track=hub&min_coverage=75"),
        ("sorted by coverage", "/?track=hub&sort=coverage"),
        # The definition lens (issue 18, web/lens.py): ranked by the MOF class or the OSAID
        # verdict, then the EU rank, read one verdict at a time (ranking_sql.lens_steps).
        ("curated index, MOF lens", "/?lens=mof"),
        ("curated index, OSAID lens", "/?lens=osaid"),
        ("curated index, MOF lens, one verdict", "/?lens=mof&verdict=none"),
        ("curated index, OSAID lens, one verdict", "/?lens=osaid&verdict=does_not_conform"),
        ("Hub page 1, OSAID lens", "/?track=hub&lens=osaid"),
        ("Hub page 1, MOF lens", "/?track=hub&lens=mof"),
        ("Hub, OSAID lens, one verdict", "/?track=hub&lens=osaid&verdict=cannot_tell"),
        ("Hub, MOF lens, one verdict", "/?track=hub&lens=mof&verdict=none"),
        # An organisation's page pages its Hub models as the ranking does (issue 18).
        ("organisation page, OSAID lens", "/organisations/synthetic-org-17/?lens=osaid"),
        (f"Hub, OSAID lens, after rank {deep:,}", f"/?track=hub&lens=osaid&after=0~{deep}"),
        # Public, uncached, and its runs table refreshes itself every 15 s (issue 16).
        ("crawl status", "/crawl/"),
    ]
    # The curated index's past (issue 19): pages rebuilt from the replayed history.
    urls += [
        ("ranking as of 2025-01-01", "/?as_of=2025-01-01"),
        # A later day (the whole index of 2026: four pages), searched and filtered, under a lens.
        ("ranking as of 2026-06-01", "/?as_of=2026-06-01"),
        ("ranking as of 2026-06-01, search+levels", "/?as_of=2026-06-01&q=llama&level_paper=open"),
        ("ranking as of 2026-06-01, MOF lens", "/?as_of=2026-06-01&lens=mof"),
        ("what changed in the index", "/index/changes/"),
        ("what changed in the index, feed", "/index/changes/feed/"),
    ]
    if curated_slug:
        urls.append(("curated model as of 2025-01-01", f"/models/{curated_slug}/?as_of=2025-01-01"))
        urls.append(
            (
                "API, curated model as of 2025-01-01",
                f"/api/v1/models/{curated_slug}/as-of/2025-01-01",
            )
        )
    if curated_slug and second_curated:
        urls.append(
            (
                "compare two as of 2025-01-01",
                f"/compare/?m={curated_slug}&m={second_curated}&as_of=2025-01-01",
            )
        )
    if model_slug:
        urls.append(("model page", f"/models/{model_slug}/"))
        urls.append(("model page, MOF lens", f"/models/{model_slug}/?lens=mof"))
    if curated_slug:
        # A curated model: evidence on every criterion and a timeline of revisions.
        urls.append(("model page, curated (evidence, timeline)", f"/models/{curated_slug}/"))
        urls.append(("model page, curated, OSAID lens", f"/models/{curated_slug}/?lens=osaid"))
    return urls


def _django_shell(env, code: str) -> str:
    """What `manage.py shell -c code` prints, on the benchmark's settings."""
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _spread_model_paths(env, count: int) -> list[str]:
    """Model page paths spread over the whole ranking (every n-th rank of the Hub track)."""
    code = (
        "from django.db.models import F\n"
        "from openness.assessments.models import Score, Track\n"
        "hub = Score.objects.filter(track=Track.AUTOMATIC)\n"
        f"step = max(1, hub.count() // {count})\n"
        "rows = hub.alias(r=F('rank') % step).filter(r=0).values_list('model__slug', flat=True)\n"
        f"print('\\n'.join('slug:' + slug for slug in rows[:{count}]))\n"
    )
    out = _django_shell(env, code)
    # Only the lines printed above: the shell may print a banner of its own.
    return [f"/models/{line[5:]}/" for line in out.splitlines() if line.startswith("slug:")]


def _rotation(folder: str, paths: list[str], args) -> str:
    """A wrk script sending each path once: thread k takes paths k, k + threads, ..."""
    listing = Path(folder) / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = Path(folder) / "rotation.lua"
    script.write_text(
        "local threads = 0\n"
        "function setup(thread)\n"
        "  thread:set('id', threads)\n"
        "  threads = threads + 1\n"
        "end\n"
        "function init(args)\n"
        "  paths = {}\n"
        f"  for line in io.lines('{listing}') do paths[#paths + 1] = line end\n"
        "  counter = 0\n"
        "end\n"
        "function request()\n"
        f"  local k = (counter * {args.threads} + id) % #paths + 1\n"
        "  counter = counter + 1\n"
        "  return wrk.format('GET', paths[k])\n"
        "end\n"
    )
    return str(script)


def production_env(port: int) -> dict[str, str]:
    """This process's environment with the production settings for gunicorn on loopback."""
    return {
        **os.environ,
        "OPENNESS_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain http on loopback
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }


def collect_static(env: dict[str, str]) -> None:
    """The production settings serve static files collected, as gunicorn will find them."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()  # noqa: S310 (loopback)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn did not answer {url}")


def run_wrk(url: str, args, script: str = "", headers: list[str] | None = None) -> dict:
    result = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--latency",
            "--timeout",
            "10s",
            *(["-s", script] if script else []),
            *(headers or []),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = {
        pct: _ms(value, unit)
        for pct, value, unit in re.findall(
            r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", result, re.M
        )
    }
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", result)
    return {
        "p50": latency.get("50", float("nan")),
        "p99": latency.get("99", float("nan")),
        "rps": rps,
        "errors": int(errors.group(1)) if errors else 0,
    }


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


if __name__ == "__main__":
    raise SystemExit(main())
