"""Read the EU index's data repository (a git bundle or a clone) with the git command line.

The only code that talks to git. A bundle is cloned into a temporary bare repository first;
a directory is read in place (never written to).
"""

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

UPSTREAM_REPOSITORY = "https://github.com/Language-Technology-Assessment/main-database"
BRANCH = "main"
# git's own rename detection (`-M`, 50 % similar content): the index renames files while
# editing them, and git is what its maintainers see as a rename.
RENAME_SIMILARITY = "50%"


class GitSourceError(RuntimeError):
    """The source cannot be read: git is missing, or the bundle or directory is not a repository."""


@dataclass(frozen=True)
class Change:
    """One file a commit changed relative to its first parent."""

    status: str  # A(dded), M(odified), D(eleted), R(enamed)
    path: str  # the path after the commit (the old path for a deletion)
    old_path: str  # the path before (equal to path except for renames)
    old_blob: str  # "" when the file did not exist before
    new_blob: str  # "" when the file was deleted
    similarity: int = 100


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    committed_at: datetime
    author: str
    message: str

    @property
    def url(self) -> str:
        return commit_url(self.sha)


def commit_url(sha: str) -> str:
    return f"{UPSTREAM_REPOSITORY}/commit/{sha}"


def git_available() -> bool:
    return shutil.which("git") is not None


def _git_path() -> str:
    path = shutil.which("git")
    if path is None:
        raise GitSourceError("git is not installed (the history replay reads the data with git)")
    return path


class Repository:
    """A readable git repository: commits, their changes and file contents."""

    def __init__(self, git_dir: Path, head: str):
        self.git_dir = git_dir
        self.head = head
        self._cat: subprocess.Popen | None = None

    def _git(self, *args: str) -> str:
        try:
            done = subprocess.run(  # noqa: S603 (git with arguments built here)
                [_git_path(), f"--git-dir={self.git_dir}", *args],
                check=True,
                capture_output=True,
            )
        except subprocess.CalledProcessError as exc:
            raise GitSourceError(
                f"git {' '.join(args[:2])}: {exc.stderr.decode(errors='replace').strip()}"
            ) from None
        return done.stdout.decode("utf-8", errors="replace")

    def commits(self) -> list[Commit]:
        """Every commit reachable from the branch, parents before children, then by date."""
        out = self._git(
            "log",
            "--reverse",
            "--date-order",
            "--format=%H%x1f%P%x1f%cI%x1f%an%x1f%B%x1e",
            self.head,
        )
        commits = []
        for record in out.split("\x1e"):
            record = record.lstrip("\n")
            if not record:
                continue
            sha, parents, committed, author, message = record.split("\x1f", 4)
            commits.append(
                Commit(
                    sha=sha,
                    parents=tuple(parents.split()),
                    committed_at=datetime.fromisoformat(committed),
                    author=author,
                    message=message.strip(),
                )
            )
        return commits

    def main_line(self) -> list[str]:
        """The branch's first-parent chain, oldest first: the states the index published."""
        return self._git("rev-list", "--first-parent", "--reverse", self.head).split()

    def merged_by(self, merge: Commit) -> list[str]:
        """The commits a merge brought into the main line (not the merge), oldest first."""
        if len(merge.parents) < 2:
            return []
        out = self._git("rev-list", "--reverse", "--topo-order", merge.sha, f"^{merge.parents[0]}")
        return [sha for sha in out.split() if sha != merge.sha]

    def changes(self, commit: Commit, parent: str | None = None) -> list[Change]:
        """The files `commit` changed relative to `parent` (its first parent by default)."""
        base = parent or (commit.parents[0] if commit.parents else None)
        args = ["diff-tree", "-r", f"-M{RENAME_SIMILARITY}", "--raw", "-z", "--no-commit-id"]
        args += [base, commit.sha] if base else ["--root", commit.sha]
        fields = self._git(*args).split("\0")
        changes: list[Change] = []
        index = 0
        while index < len(fields) - 1:
            meta = fields[index]
            if not meta.startswith(":"):
                index += 1
                continue
            _old_mode, _new_mode, old_blob, new_blob, status = meta[1:].split(" ")
            kind = status[0]
            if kind in "RC":
                old_path, path = fields[index + 1], fields[index + 2]
                index += 3
            else:
                old_path = path = fields[index + 1]
                index += 2
            nothing = "0" * 40
            changes.append(
                Change(
                    status="R" if kind == "R" else ("A" if kind == "C" else kind),
                    path=path,
                    old_path=old_path,
                    old_blob="" if old_blob == nothing else old_blob,
                    new_blob="" if new_blob == nothing else new_blob,
                    similarity=int(status[1:]) if kind in "RC" and status[1:] else 100,
                )
            )
        return changes

    def files_at(self, sha: str) -> dict[str, str]:
        """{path: blob sha} of the top-level files at a commit."""
        out = self._git("ls-tree", "-z", sha)
        files = {}
        for entry in out.split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            _mode, kind, blob = meta.split(" ")
            if kind == "blob":
                files[path] = blob
        return files

    def blob(self, sha: str) -> bytes:
        """A file's content by its blob sha, through one long-running `git cat-file`."""
        if self._cat is None:
            self._cat = subprocess.Popen(  # noqa: S603 (git with arguments built here)
                [_git_path(), f"--git-dir={self.git_dir}", "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        assert self._cat.stdin and self._cat.stdout
        self._cat.stdin.write(sha.encode() + b"\n")
        self._cat.stdin.flush()
        header = self._cat.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            raise GitSourceError(f"no blob {sha}")
        content = self._cat.stdout.read(int(header[2]))
        self._cat.stdout.read(1)  # the newline after the content
        return content

    def close(self) -> None:
        if self._cat is not None:
            assert self._cat.stdin
            self._cat.stdin.close()
            self._cat.wait(timeout=10)
            self._cat = None


@contextmanager
def open_source(source: Path) -> Iterator[Repository]:
    """The repository in a bundle file or a directory (a clone, bare or not)."""
    if not git_available():
        raise GitSourceError("git is not installed (the history replay reads the data with git)")
    if source.is_file():
        with tempfile.TemporaryDirectory(prefix="osai-history-") as tmp:
            git_dir = Path(tmp) / "repo.git"
            for args in (
                ["init", "--quiet", "--bare", str(git_dir)],
                [
                    f"--git-dir={git_dir}",
                    "fetch",
                    "--quiet",
                    str(source.resolve()),
                    f"refs/heads/{BRANCH}:refs/heads/{BRANCH}",
                ],
            ):
                done = subprocess.run([_git_path(), *args], capture_output=True)  # noqa: S603
                if done.returncode:
                    raise GitSourceError(
                        f"{source}: not a git bundle with a `{BRANCH}` branch "
                        f"({done.stderr.decode(errors='replace').strip()})"
                    )
            repository = Repository(git_dir, f"refs/heads/{BRANCH}")
            try:
                yield repository
            finally:
                repository.close()
        return
    if not source.is_dir():
        raise GitSourceError(f"{source}: no such bundle or directory")
    done = subprocess.run(  # noqa: S603 (git with arguments built here)
        [_git_path(), "-C", str(source), "rev-parse", "--absolute-git-dir"], capture_output=True
    )
    if done.returncode:
        raise GitSourceError(f"{source}: not a git repository")
    git_dir = Path(done.stdout.decode().strip())
    head = BRANCH
    check = subprocess.run(  # noqa: S603 (git with arguments built here)
        [_git_path(), f"--git-dir={git_dir}", "rev-parse", "--verify", "--quiet", BRANCH],
        capture_output=True,
    )
    if check.returncode:
        head = "HEAD"
    repository = Repository(git_dir, head)
    try:
        yield repository
    finally:
        repository.close()
