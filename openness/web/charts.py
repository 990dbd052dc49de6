"""Geometry for the server-rendered SVG charts; the templates draw it (no charting JavaScript)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from openness.assessments import scoring

WIDTH, HEIGHT = 640, 240
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 16, 16, 40


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    label_x: float
    tick: str  # the band's lower bound, as a percentage


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    y_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - MARGIN_BOTTOM
    left: float = MARGIN_LEFT
    right: float = WIDTH - MARGIN_RIGHT


def histogram(bins) -> BarChart:
    """Bars for a score distribution (bins with .label and .count)."""
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    peak = max((b.count for b in bins), default=0) or 1
    slot = plot_w / max(len(bins), 1)
    bars = []
    for i, b in enumerate(bins):
        h = plot_h * b.count / peak
        x = MARGIN_LEFT + i * slot + 2
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(HEIGHT - MARGIN_BOTTOM - h, 1),
                width=round(slot - 4, 1),
                height=round(h, 1),
                label=b.label,
                count=b.count,
                label_x=round(x + (slot - 4) / 2, 1),
                tick=f"{b.low * 100:.0f}%",
            )
        )
    ticks = [
        Tick(round(HEIGHT - MARGIN_BOTTOM - plot_h * f, 1), f"{round(peak * f):,}")
        for f in (0, 0.5, 1)
    ]
    return BarChart(bars=bars, y_ticks=ticks)


@dataclass(frozen=True)
class LineChart:
    points: str  # the polyline's points attribute
    dots: list[tuple[float, float, str]]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - MARGIN_BOTTOM
    left: float = MARGIN_LEFT
    right: float = WIDTH - MARGIN_RIGHT


def score_line(points, *, now: datetime.datetime) -> LineChart | None:
    """A step line of a total score (0 to 1) over time; None when there is nothing to draw."""
    if not points:
        return None
    start = points[0].at
    end = max(now, points[-1].at)
    span = (end - start).total_seconds() or 1
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def x(at: datetime.datetime) -> float:
        return round(MARGIN_LEFT + plot_w * (at - start).total_seconds() / span, 1)

    def y(total: Decimal) -> float:
        return round(HEIGHT - MARGIN_BOTTOM - plot_h * float(total), 1)

    coords: list[tuple[float, float]] = []
    dots = []
    for i, p in enumerate(points):
        if i:
            coords.append((x(p.at), coords[-1][1]))  # hold the previous value until it changed
        coords.append((x(p.at), y(p.total)))
        reason = getattr(p, "reason", "")
        total = scoring.percent_text(p.total)
        label = f"{p.at:%Y-%m-%d}: {total}%" + (f" ({reason})" if reason else "")
        dots.append((x(p.at), y(p.total), label))
    coords.append((x(end), coords[-1][1]))
    y_ticks = [Tick(y(Decimal(v)), f"{Decimal(v) * 100:.0f}%") for v in ("0", "0.5", "1")]
    x_ticks = [Tick(x(start), f"{start:%Y-%m-%d}"), Tick(x(end), f"{end:%Y-%m-%d}")]
    return LineChart(
        points=" ".join(f"{a},{b}" for a, b in coords), dots=dots, y_ticks=y_ticks, x_ticks=x_ticks
    )


@dataclass(frozen=True)
class Segment:
    level: str
    label: str
    count: int
    x: float
    width: float
    percent: str  # of all models shown, one decimal


@dataclass(frozen=True)
class StackedBar:
    segments: list[Segment]
    total: int
    width: int = WIDTH
    height: int = 32


def stacked_bar(parts) -> StackedBar:
    """One bar split by level ((level, label, count) in order), each part as wide as its
    share; empty parts keep their place in the legend but draw nothing."""
    total = sum(count for _, _, count in parts)
    segments, x = [], 0.0
    for level, label, count in parts:
        share = count / total if total else 0
        width = WIDTH * share
        segments.append(
            Segment(level, label, count, round(x, 2), round(width, 2), f"{share * 100:.1f}")
        )
        x += width
    return StackedBar(segments=segments, total=total)
