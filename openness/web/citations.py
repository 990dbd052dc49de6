"""How to cite a page: a text citation and BibTeX, always pinned to a date (the permalink)."""

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from openness.lib import site

_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


@dataclass(frozen=True)
class Citation:
    """A page's citation: the dated permalink, the text form and BibTeX."""

    url: str
    text: str
    bibtex: str


def _bibtex_escape(value: str) -> str:
    value = value.replace("\\", r"\textbackslash{}")
    value = _BIBTEX_SPECIAL.sub(r"\\\1", value)
    return value.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def citation_for(
    *,
    title: str,
    path: str,
    as_of: date | None,
    accessed: date,
    params: dict | list[tuple[str, str]] | None = None,
) -> Citation:
    """Cite `path` as it read on `as_of` (today when none): the permalink keeps that meaning."""
    day = as_of or accessed
    pairs = list(params.items()) if isinstance(params, dict) else list(params or [])
    query = urlencode([*pairs, ("as_of", day.isoformat())])
    url = f"{site.site_url()}{path}?{query}"
    text = (
        f"Openness ({day.year}). {title} (as of {day.isoformat()}). {url} "
        f"(accessed {accessed.isoformat()}). Curated data: European Open Source AI Index, "
        f"CC BY 4.0."
    )
    key = re.sub(r"[^a-z0-9]+", "_", f"openness {title} {day.isoformat()}".lower()).strip("_")
    bibtex = "\n".join(
        [
            f"@misc{{{key[:80]},",
            f"  title        = {{{{{_bibtex_escape(title)}}} (as of {day.isoformat()})}},",
            "  author       = {{Openness}},",
            f"  year         = {{{day.year}}},",
            f"  month        = {{{day.month}}},",
            f"  url          = {{{url}}},",
            f"  urldate      = {{{accessed.isoformat()}}},",
            f"  note         = {{As of {day.isoformat()}; accessed {accessed.isoformat()}. "
            "Curated data: European Open Source AI Index, CC BY 4.0}",
            "}",
        ]
    )
    return Citation(url=url, text=text, bibtex=bibtex)
