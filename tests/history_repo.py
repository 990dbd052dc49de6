"""A small git repository of the index's files, built in a test from real files and commits.

`IndexRepo` writes files, commits them on `main` with a chosen date and message, and makes a
bundle, as the index's maintainers would; the history replay then reads it like the real one.
"""

import os
import shutil
import subprocess
from pathlib import Path

import yaml
from django.conf import settings

INDEX = Path(settings.BASE_DIR) / "fixtures" / "osai-index"
BUNDLE = Path(settings.BASE_DIR) / "fixtures" / "osai-index-history" / "main-database.bundle"


class IndexRepo:
    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "--quiet", "-b", "main")

    def git(self, *args: str, date: str = "2026-04-01T12:00:00+00:00") -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Index Maintainer",
            "GIT_AUTHOR_EMAIL": "maintainer@example.org",
            "GIT_COMMITTER_NAME": "Index Maintainer",
            "GIT_COMMITTER_EMAIL": "maintainer@example.org",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        }
        done = subprocess.run(
            ["git", "-C", str(self.root), *args], check=True, capture_output=True, env=env
        )
        return done.stdout.decode()

    def copy(self, name: str, as_name: str | None = None) -> Path:
        target = self.root / (as_name or name)
        shutil.copy(INDEX / name, target)
        return target

    def set_cell(self, name: str, code: str, **values) -> None:
        path = self.root / name
        data = yaml.safe_load(path.read_text())
        data[code].update(values)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))

    def commit(self, message: str, date: str) -> str:
        self.git("add", "--all", date=date)
        self.git("commit", "--quiet", "--allow-empty-message", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()

    def bundle(self, path: Path) -> Path:
        self.git("bundle", "create", str(path), "main")
        return path
