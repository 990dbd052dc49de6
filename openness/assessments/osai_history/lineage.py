"""Which model each file of the index's history belongs to, across renames and deletions (pure).

A lineage is one model's file under its successive names: git's renames are followed, a deleted
file ends its lineage (the model is withdrawn), and a file added again under a name a withdrawn
lineage last had revives that lineage.
"""

from dataclasses import dataclass, field

from django.utils.text import slugify


@dataclass
class Lineage:
    key: int
    names: list[str] = field(default_factory=list)
    alive: bool = True

    @property
    def name(self) -> str:
        """The file's current name."""
        return self.names[-1]

    @property
    def slug(self) -> str:
        """The model's slug: from the last name the file had (its name today if it survives)."""
        return slugify(self.names[-1].removesuffix(".yaml"))[:250]


@dataclass(frozen=True)
class FileEvent:
    """What one change did to a lineage: "add", "revive", "modify", "rename" or "delete"."""

    kind: str
    lineage: Lineage
    path: str
    old_path: str


class Lineages:
    """The lineages as a replay walks the commits in order."""

    def __init__(self):
        self._next = 1
        self.by_name: dict[str, Lineage] = {}  # live files
        self.withdrawn: dict[str, Lineage] = {}  # last name of a deleted file
        self.all: list[Lineage] = []

    def _new(self, name: str) -> Lineage:
        lineage = Lineage(key=self._next, names=[name])
        self._next += 1
        self.all.append(lineage)
        return lineage

    def apply(self, status: str, path: str, old_path: str) -> FileEvent | None:
        """Follow one change (git status A, M, D or R); None when it changes nothing here
        (a merge repeating a rename or deletion its side branch made)."""
        if status == "D":
            lineage = self.by_name.pop(path, None)
            if lineage is None:
                return None
            lineage.alive = False
            self.withdrawn[path] = lineage
            return FileEvent("delete", lineage, path, path)
        if status == "R":
            lineage = self.by_name.pop(old_path, None)
            if lineage is None:
                return self.apply("A", path, path)
            if path in self.by_name and self.by_name[path] is not lineage:
                # The new name belongs to a live file already: its content is what counts.
                return FileEvent("modify", self.by_name[path], path, path)
            self.by_name[path] = lineage
            lineage.names.append(path)
            return FileEvent("rename", lineage, path, old_path)
        if path in self.by_name:
            return FileEvent("modify", self.by_name[path], path, path)
        lineage = self.withdrawn.pop(path, None)
        if lineage is not None:
            lineage.alive = True
            self.by_name[path] = lineage
            return FileEvent("revive", lineage, path, path)
        lineage = self._new(path)
        self.by_name[path] = lineage
        return FileEvent("add", lineage, path, path)
