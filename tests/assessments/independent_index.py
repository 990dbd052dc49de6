"""An independent reading of the index's files at a commit: levels and totals straight from the
YAML, with none of the replay's code (its own key names, its own formula), for checking it."""

import subprocess
from datetime import date
from fractions import Fraction
from pathlib import Path

import yaml
from django.conf import settings

METHODOLOGIES = Path(settings.BASE_DIR) / "fixtures" / "methodologies"
# Old criterion names as the index's 2024-10-16 and 2025-03-10 commits renamed them.
OLD_NAMES = {
    "opencode": "trainingcode",
    "llmdata": "datasources_basemodel",
    "llmweights": "weights_basemodel",
    "rldata": "datasources_endmodel",
    "rlweights": "weights_endmodel",
    "license": "licenses",
    "architecture": "hardware_architecture",
}
VALUE = {"open": Fraction(1), "partial": Fraction(1, 2), "closed": Fraction(0), "": Fraction(0)}


def criteria_in_force(day: date) -> list[str]:
    for path in sorted(METHODOLOGIES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        start = date.fromisoformat(str(data["effective_from"]))
        until = data.get("effective_until")
        if start <= day and (until is None or day <= date.fromisoformat(str(until))):
            return [c["code"] for g in data["groups"] for c in g["criteria"]]
    raise LookupError(day)


def commit_in_force(git_dir: Path, day: date) -> str:
    """The last commit of the main line made by the end of `day` (UTC)."""
    return subprocess.run(
        [
            "git",
            f"--git-dir={git_dir}",
            "rev-list",
            "-1",
            "--first-parent",
            f"--before={day.isoformat()}T23:59:59Z",
            "main",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _cells(data: dict) -> dict:
    cells = {}
    for key, value in data.items():
        if (
            key in ("datasources", "weights")
            and isinstance(value, dict)
            and ("basemodel" in value or "endmodel" in value)
        ):
            for part in ("basemodel", "endmodel"):
                cells[f"{key}_{part}"] = value.get(part)
        else:
            cells[OLD_NAMES.get(key, key)] = value
    return cells


def _level(cell) -> Fraction | None:
    """The cell's value (its class alone makes the score), or None when its class is unknown."""
    if cell is None:
        cell = {}
    if not isinstance(cell, dict):
        return None
    return VALUE.get(str(cell.get("class") or "").strip().lower())


def totals_at(git_dir: Path, sha: str, criteria: list[str]) -> tuple[list[Fraction], list[str]]:
    """Every model file's total at a commit, and the files that cannot be scored unambiguously."""
    listing = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "--name-only", sha],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    totals, unclear = [], []
    for name in listing:
        if not name.endswith(".yaml") or name in ("a_submission_template.yaml", "A_sample.yaml"):
            continue
        text = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"{sha}:{name}"],
            check=True,
            capture_output=True,
        ).stdout.decode()
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            unclear.append(name)
            continue
        if not isinstance(data, dict):
            unclear.append(name)
            continue
        head = data.get("system") or data.get("project") or {}
        if not isinstance(head, dict) or not str(head.get("name") or "").strip():
            continue  # a model without a name is no model (the replay reports and skips it)
        cells = _cells(data)
        values = [_level(cells.get(code)) if code in cells else None for code in criteria]
        if any(v is None for v in values):
            unclear.append(name)
            continue
        totals.append(sum(values, Fraction(0)) / len(criteria))
    return sorted(totals), unclear
