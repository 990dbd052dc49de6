"""The picture at the top of a model page: its criteria by group, each with its level in
every track the model has, and each group's score per track (templates/web/_model_glance.html).

Plain data for the template, made from the selectors.ModelPage it already has: no query."""

from dataclasses import dataclass
from decimal import Decimal

from openness.assessments.models import Level, Track

# The words a tile uses to name a track: short, as a tile is narrow on a phone.
TRACK_WORDS = {Track.EDITORIAL: "Curated", Track.AUTOMATIC: "Automatic"}


@dataclass(frozen=True)
class TileLevel:
    """One track's level on one criterion."""

    track: str
    track_words: str
    level: str
    label: str


@dataclass(frozen=True)
class Tile:
    """One criterion: its code (the anchor of its section below), title and levels."""

    code: str
    title: str
    levels: list[TileLevel]

    @property
    def first_level(self) -> str:
        """The level that colours the tile: the curated one where there is one."""
        return self.levels[0].level if self.levels else Level.NOT_ASSESSED.value


@dataclass(frozen=True)
class GroupScore:
    track_words: str
    value: Decimal | str | None


@dataclass(frozen=True)
class GlanceGroup:
    code: str
    title: str
    scores: list[GroupScore]
    tiles: list[Tile]


def glance_groups(page) -> list[GlanceGroup]:
    """The groups of the page's methodology in order, each with its criteria as tiles."""
    tracks = page.tracks
    views = {t.track: {v.criterion.code: v for v in t.criteria} for t in tracks}
    out = []
    for group in page.context.groups:
        tiles = []
        for criterion in group.criteria:
            levels = []
            for t in tracks:
                view = views[t.track].get(criterion.code)
                level = view.level if view is not None else Level.NOT_ASSESSED.value
                levels.append(
                    TileLevel(t.track, TRACK_WORDS.get(t.track, t.label), level, Level(level).label)
                )
            tiles.append(Tile(criterion.code, criterion.title, levels))
        scores = [
            GroupScore(TRACK_WORDS.get(t.track, t.label), t.score.groups.get(group.code))
            for t in tracks
            if t.score is not None
        ]
        out.append(GlanceGroup(group.code, group.title, scores, tiles))
    return out
