"""Time the as-of pages and "what changed" in one process: the Django test client on the
database of DATABASE_URL, page cache off, the median of N requests while the shared cache holds
the day's ranking or the months ("warm") and of 3 requests right after emptying it and what
the process keeps (its frames, past rankings and their verdicts: "cold", what a reader with a
new date gets). Less moved by other processes' load than wrk; the warm requests' CPU time in
this process (process_time: Python's work, not the database's) is steadier still.

    N=15 uv run python benchmarks/history_pages.py PATH [PATH ...]

Empties the shared cache of REDIS_URL: run it against a benchmark's Redis database only.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openness.settings")
django.setup()

from django.core.cache import cache, caches  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

N = int(os.environ.get("N", "15"))


def forget() -> None:
    """Empty the shared cache and what this process keeps of past rankings and pages."""
    from openness.assessments import history
    from openness.web import selectors_history

    cache.clear()
    caches["frames"].clear()
    history._rankings_held.clear()
    selectors_history._verdicts_held.clear()


def main(paths: list[str]) -> None:
    settings = {"WEB_PAGE_CACHE_SECONDS": 0, "ALLOWED_HOSTS": ["*"], "API_RATE_LIMIT": 10**9}
    with override_settings(**settings):
        client = Client()
        for path in paths:
            for _ in range(2):
                status = client.get(path).status_code
                if status != 200:
                    sys.exit(f"{path}: HTTP {status}")
            warm = []
            cpu = []  # this process's CPU time (not the database's), steadier under load
            for _ in range(N):
                started, cpu_started = time.perf_counter(), time.process_time()
                client.get(path)
                warm.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            cold = []
            for _ in range(3):
                forget()
                started = time.perf_counter()
                client.get(path)
                cold.append((time.perf_counter() - started) * 1000)
            print(
                f"{path:<60} warm median {statistics.median(warm):7.1f} ms "
                f"(CPU {statistics.median(cpu):5.1f} ms)  cold median "
                f"{statistics.median(cold):7.1f} ms"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
