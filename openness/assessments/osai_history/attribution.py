"""Who made each change a main-line commit publishes: a merge's cells credited to the branch
commits that changed them (see replay.py)."""

from openness.assessments.models import Methodology
from openness.assessments.osai_history import formats
from openness.assessments.osai_history.git_source import Commit


def _subject(commit: Commit) -> str:
    return commit.message.splitlines()[0] if commit.message else commit.sha[:7]


def explainer(replay, commit: Commit, merged: list[Commit], methodology: Methodology):
    """(reason, context) for each cell a main-line commit changed.

    A merge publishes the commits made on a branch: each cell it changes is credited to the
    branch commits that changed that cell (their messages, the last one's URL), or to the
    merge itself when none did (a conflict resolved in the merge).
    """
    by_cell: dict[tuple[str, str], list[Commit]] = {}
    by_file: dict[str, list[Commit]] = {}
    for side in merged:
        for change in replay.repo.changes(side):
            if not formats.is_model_file(change.path):
                continue
            if change.status == "R":
                for path, code in list(by_cell):
                    if path == change.old_path:
                        by_cell[(change.path, code)] = by_cell.pop((path, code))
                if change.old_path in by_file:
                    by_file[change.path] = by_file.pop(change.old_path)
            by_file.setdefault(change.path, []).append(side)
            if change.status == "D" or not change.new_blob:
                continue
            new, _ = replay.parse(change.new_blob, change.path, methodology)
            old = None
            if change.old_blob:
                old, _ = replay.parse(change.old_blob, change.old_path, methodology)
            for code, cell in (new.cells if new else {}).items():
                before = old.cells.get(code) if old else None
                if before is None or before.digest != cell.digest:
                    by_cell.setdefault((change.path, code), []).append(side)

    def explain(path: str, code: str) -> tuple[str, dict]:
        credited = by_cell.get((path, code)) or by_file.get(path) or [commit]
        last = credited[-1]
        if len(credited) == 1:
            reason = replay.reason(last)
        else:
            reason = "\n".join(
                f"{c.message.splitlines()[0] if c.message else c.sha[:7]}" for c in credited
            )
        context = replay.context(last, path)
        if last is not commit:
            context["merged_in"] = commit.sha
            context["upstream_commits"] = [c.sha for c in credited]
        return reason, context

    return explain
