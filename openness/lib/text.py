"""Text safety: find characters that hide or reorder what a reader sees."""

import unicodedata

# Explicit direction marks, embeddings, overrides and isolates (the "Trojan Source" set), plus
# the line and paragraph separators some renderers treat as breaks.
_BIDI_AND_SEPARATORS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
)
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def unsafe_characters(value: str) -> list[str]:
    """The code points in `value` that are controls or direction overrides, as 'U+202E'."""
    found: list[str] = []
    for ch in value:
        if ch in _ALLOWED_CONTROLS:
            continue
        if ch in _BIDI_AND_SEPARATORS or unicodedata.category(ch) == "Cc":
            label = f"U+{ord(ch):04X}"
            if label not in found:
                found.append(label)
    return found
