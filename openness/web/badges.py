"""Embeddable badges (SVG) and share images (PNG) for a model, drawn from its stored score.

The band a badge names is read from the stored total: at least two thirds "mostly open", at least
one third "partly open", below that "mostly closed" (a model with no score: "not assessed").

Every scored model has a badge and a card, whichever track scores it: a model with no curated
score shows its hub (automatic) score, which says how much is known: the range from the lower
total (not assessed counted as closed, the band's figure) to the upper (counted as open), and
how many of the applicable criteria are assessed. Scores are percentages with one decimal, as
on the pages.
"""

import io
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from openness.assessments import scoring
from openness.assessments.models import Score, Track
from openness.assessments.vocabulary import CURATED, HUB, TRACK_LABELS
from openness.catalog.models import AIModel

BANDS = [
    (Decimal(2) / 3, "mostly open", "open", "#146c2e"),
    (Decimal(1) / 3, "partly open", "partial", "#7a4b00"),
    (Decimal(0), "mostly closed", "closed", "#a4161a"),
]
NOT_ASSESSED = ("not assessed", "not_assessed", "#4f5862")
LEVEL_COLOURS = {
    "open": ("#dff5e3", "#146c2e"),
    "partial": ("#fff1cc", "#7a4b00"),
    "closed": ("#fde2e1", "#a4161a"),
    "not_assessed": ("#eceff2", "#4f5862"),
}


@dataclass(frozen=True)
class BadgeFacts:
    """What a badge says about a model, in the pages' unit (percent, one decimal)."""

    name: str
    percent: str  # "87.5": the total as the pages show it
    applicable: int
    rank: int | None
    band: str
    level: str  # open / partial / closed / not_assessed: the colour family
    colour: str
    methodology: str
    automatic: bool = False  # the hub track's score (the model has no curated one)
    assessed: int = 0
    upper_percent: str = ""  # "91.7": the total if every criterion not assessed were open

    @property
    def percent_text(self) -> str:
        """The total ("87.5%"), or the hub track's range from the lower to the upper total
        (joined by an en dash) while criteria are not assessed, as the ranking shows it."""
        if self.automatic and self.upper_percent and self.upper_percent != self.percent:
            return f"{self.percent}\u2013{self.upper_percent}%"
        return f"{self.percent}%"

    @property
    def coverage_text(self) -> str:
        return f"{self.assessed} of {self.applicable} assessed"

    @property
    def track_label(self) -> str:
        return TRACK_LABELS[HUB if self.automatic else CURATED]

    @property
    def value(self) -> str:
        if self.level == "not_assessed":
            return self.band
        if self.automatic:
            return f"hub {self.percent_text} · {self.coverage_text}"
        return f"{self.percent_text} · {self.band}"

    @property
    def title(self) -> str:
        if self.level == "not_assessed":
            return f"Openness: {self.name} is not assessed yet"
        rank = f", rank {self.rank}" if self.rank else ""
        if self.automatic:
            scores = (
                f"between {self.percent}% and {self.upper_percent}%"
                if self.percent_text != f"{self.percent}%"
                else f"{self.percent}%"
            )
            return (
                f"Openness: {self.name} scores {scores} in the {self.track_label}, "
                f"{self.assessed} of {self.applicable} criteria assessed "
                f"({self.band} by the lower figure{rank}) under {self.methodology}"
            )
        return (
            f"Openness: {self.name} scores {self.percent}% in the {self.track_label} "
            f"({self.band}{rank}) under {self.methodology}"
        )


def badge_facts(model: AIModel, score: Score | None, methodology=None) -> BadgeFacts:
    """The badge's facts; pass the score's methodology when the caller has it (saves a query)."""
    if score is None or score.applicable == 0:
        band, level, colour = NOT_ASSESSED
        return BadgeFacts(model.name, "0", 0, None, band, level, colour, "")
    band, level, colour = next(
        (band, level, colour) for floor, band, level, colour in BANDS if score.total >= floor
    )
    methodology = methodology or score.methodology
    methodology = f"{methodology.name} {methodology.version}"
    return BadgeFacts(
        model.name,
        scoring.percent_text(score.total),
        score.applicable,
        score.rank,
        band,
        level,
        colour,
        methodology,
        automatic=score.track == Track.AUTOMATIC,
        assessed=score.assessed,
        upper_percent=scoring.percent_text(score.total_upper),
    )


def _text_width(text: str) -> int:
    """Width in pixels of 11px sans-serif text (wide letters count more)."""
    wide = sum(1 for ch in text if ch in "mwMW@%")
    narrow = sum(1 for ch in text if ch in "ilIj.,:;·|' ")
    return int(7 * (len(text) - wide - narrow) + 10 * wide + 3.5 * narrow) + 12


def badge_svg(facts: BadgeFacts) -> str:
    """A flat two-part badge: "openness" and the score with its band, with an accessible title."""
    label, value = "openness", facts.value
    left, right = _text_width(label), _text_width(value)
    width = left + right
    title = escape(facts.title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{escape(facts.title, {chr(34): "&quot;"})}">'
        f"<title>{title}</title>"
        f'<rect width="{left}" height="20" fill="#1b1f24"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{facts.colour}"/>'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" '
        f'text-anchor="middle">'
        f'<text x="{left / 2}" y="14">{escape(label)}</text>'
        f'<text x="{left + right / 2}" y="14">{escape(value)}</text>'
        f"</g></svg>"
    )


def share_png(
    *, facts: BadgeFacts, organisation: str, levels: list[tuple[str, str]], site: str
) -> bytes:
    """A 1200x630 card for OpenGraph and Twitter: name, organisation, score, criteria cells."""
    image = Image.new("RGB", (1200, 630), "#ffffff")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default
    draw.rectangle([0, 0, 1200, 12], fill=facts.colour)
    draw.text((60, 50), "Openness", font=font(size=34), fill="#4f5862")
    name, name_font = _fitted(facts.name, font, width=1080, sizes=(72, 64, 56, 48, 40))
    draw.text((60, 105), name, font=name_font, fill="#1b1f24")
    draw.text((60, 200), _fit(organisation, 60), font=font(size=36), fill="#4f5862")
    if facts.level == "not_assessed":
        draw.text((60, 280), "Not assessed yet", font=font(size=64), fill=facts.colour)
    else:
        score = facts.percent_text
        draw.text((60, 270), score, font=font(size=96), fill=facts.colour)
        rank = f"  ·  rank {facts.rank}" if facts.rank else ""
        if facts.automatic:
            line = f"{facts.track_label}  ·  {facts.coverage_text}{rank}"
        else:
            line = f"{facts.band}{rank}"
        draw.text((60, 385), line, font=font(size=40), fill="#1b1f24")
    cell, gap, top = 76, 10, 470
    for index, (_code, level) in enumerate(levels[:13]):
        background, foreground = LEVEL_COLOURS.get(level, LEVEL_COLOURS["not_assessed"])
        x = 60 + index * (cell + gap)
        draw.rectangle([x, top, x + cell, top + cell], fill=background, outline=foreground, width=3)
        # Letters, not symbols: the bundled font has them, and colour is never the only cue.
        mark = {"open": "O", "partial": "P", "closed": "C"}.get(level, "-")
        draw.text(
            (x + cell / 2, top + cell / 2), mark, font=font(size=40), fill=foreground, anchor="mm"
        )
    draw.text((60, 575), _fit(site, 80), font=font(size=24), fill="#4f5862")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _fitted(text: str, font, *, width: int, sizes: tuple[int, ...]):
    """The largest size at which `text` fits `width` pixels, shortened with … at the smallest."""
    for size in sizes:
        face = font(size=size)
        if face.getlength(text) <= width:
            return text, face
    shortened = text
    while len(shortened) > 1 and face.getlength(shortened + "…") > width:
        shortened = shortened[:-1]
    return shortened.rstrip() + "…", face


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
