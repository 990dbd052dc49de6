"""Lighthouse's scores for the ranking, a model page, compare and the methodology, on a phone
(Lighthouse's default: a Moto G-sized screen, slow 4G and a 4x slower CPU, simulated) and a
desktop (`--preset=desktop`), against gunicorn on the production settings.

    uv run python benchmarks/lighthouse.py [--model olmo] [--compare olmo,bloomz,mustango]

Needs DATABASE_URL and REDIS_URL naming a database with the curated data (`manage.py serve`
imports it), Debian's Chromium (/usr/bin/chromium) and npx: it runs the npm package
lighthouse@12.2.3 (the last release that runs on Node 20) through npx with
CHROME_PATH=/usr/bin/chromium. A measurement, not a test: it prints each page's four scores
and the command it ran; docs/benchmarks.md keeps the figures.
"""

# It runs fixed local programs (manage.py, gunicorn, npx) with arguments it builds itself.
# ruff: noqa: S603

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from web import collect_static, production_env, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"


def lighthouse(url: str, preset: str, out: Path) -> dict[str, int]:
    """Lighthouse's four scores (0-100) for one page, with the failing audits' ids."""
    command = [
        "npx",
        "-y",
        LIGHTHOUSE,
        url,
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(command, env=env, check=True, timeout=300)
    report = json.loads(out.read_text())
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = sorted(
        audit_id
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"])
        and (report["audits"][audit_id]["score"] is not None)
        and report["audits"][audit_id]["score"] < 1
    )
    return scores | {"failing": failing}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--model", default="olmo", help="the model page's slug")
    parser.add_argument("--compare", default="olmo,bloomz,mustango", help="slugs to compare")
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    parser.add_argument("--preset", choices=("mobile", "desktop"), action="append")
    parser.add_argument("--reports", type=Path, help="keep each JSON report in this directory")
    args = parser.parse_args()
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            sys.exit(f"{name} must name the database (with the curated data) and Redis.")
    base = f"http://127.0.0.1:{args.port}"
    env = production_env(args.port)
    collect_static(env)
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "openness.wsgi"),
            *("--bind", f"127.0.0.1:{args.port}", "--workers", "2", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
    )
    compare = "&".join(f"m={slug}" for slug in args.compare.split(","))
    pages = {
        "ranking": "/",
        "model page": f"/models/{args.model}/",
        "compare": f"/compare/?{compare}",
        "methodology": "/methodology/",
    }
    try:
        wait_until_up(base + "/health/")
        print(
            f"npx -y {LIGHTHOUSE} URL --chrome-flags='{CHROME_FLAGS}' "
            f"--only-categories={','.join(CATEGORIES)} [--preset=desktop], "
            "CHROME_PATH=/usr/bin/chromium"
        )
        print("| page | form factor | performance | accessibility | best practices | SEO |")
        print("|---|---|---|---|---|---|")
        with tempfile.TemporaryDirectory() as tmp:
            for name, path in pages.items():
                if args.only not in name:
                    continue
                for preset in args.preset or ("mobile", "desktop"):
                    out = (args.reports or Path(tmp)) / f"{name.replace(' ', '-')}-{preset}.json"
                    s = lighthouse(base + path, preset, out)
                    print(
                        f"| {name} (`{path}`) | {preset} | {s['performance']} | "
                        f"{s['accessibility']} | {s['best-practices']} | {s['seo']} |",
                        flush=True,
                    )
                    if s["failing"]:
                        print(f"<!-- below 1: {', '.join(s['failing'])} -->", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
