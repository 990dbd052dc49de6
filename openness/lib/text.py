"""The text policy: which characters Openness stores, and how text leaves for XML and CSV.

Every write path applies one policy (docs/text-policy.md): what people type is refused with
`text_problems` (the correction form, the admin), what machines send is cleaned with
`clean_text` (the EU index import, the crawler, assessments.services as the last gate).
Removed or refused, by Unicode category:

- Cc controls, except tab and line feed (a carriage return becomes a line feed);
- Cf format characters: bidi embeddings, overrides and isolates, zero-width spaces and word
  joiners, the BOM, soft hyphens, tag characters and the rest; only the zero-width joiner and
  non-joiner stay, and only between two visible characters (Persian, Indic scripts, emoji);
- Cn unassigned code points, the 66 noncharacters among them (U+FDD0..U+FDEF, U+xFFFE,
  U+xFFFF); Co private use; Cs lone surrogates;
- Zl/Zp line and paragraph separators (a line feed instead);
- combining marks past MAX_COMBINING_MARKS in a row (stacked "Zalgo" text).

On the way out, `xml_text` drops what XML 1.0 cannot carry (feeds) and `csv_cell` keeps a
spreadsheet from reading a cell as a formula (ranking.csv and the dumps).
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

# More than any script writes on one base (Vietnamese 2, Hebrew with cantillation 3-4, Tibetan
# stacks 4-5); the Stream-Safe Text Format's own limit is 30.
MAX_COMBINING_MARKS = 8

_JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: part of how some scripts and emoji are spelt
_KEPT_CONTROLS = frozenset("\t\n")
_SEPARATORS = frozenset("\u2028\u2029")  # Zl, Zp
_PLAIN = re.compile(r"[\t\n\x20-\x7e]*\Z")
_REMOVED_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs"})
_COMBINING = frozenset({"Mn", "Me"})
_CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0's Char production, less the noncharacters U+FFFE and U+FFFF it already leaves out.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _label(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _plain(value: str) -> bool:
    """The fast path: printable ASCII, tabs and line feeds only (the common case)."""
    return _PLAIN.match(value) is not None


def _verdicts(value: str):
    """(index, character, what is wrong with it or '') for every character of `value`."""
    run = 0
    last = len(value) - 1
    for index, ch in enumerate(value):
        category = unicodedata.category(ch)
        if category in _COMBINING:
            run += 1
            yield index, ch, "too many combining marks" if run > MAX_COMBINING_MARKS else ""
            continue
        run = 0
        if ch in _KEPT_CONTROLS:
            yield index, ch, ""
        elif ch == "\r":
            yield index, ch, "newline"
        elif ch in _SEPARATORS:
            yield index, ch, "separator"
        elif ch in _JOINERS:
            before = value[index - 1] if index else ""
            after = value[index + 1] if index < last else ""
            visible = all(c and not c.isspace() and unicodedata.category(c)[0] not in "CZ"
                          for c in (before, after))  # fmt: skip
            yield index, ch, "" if visible else "stray joiner"
        elif category in _REMOVED_CATEGORIES:
            yield index, ch, category
        else:
            yield index, ch, ""


def text_problems(value: str | None) -> list[str]:
    """The code points the policy refuses, once each, as 'U+202E' (carriage returns pass)."""
    if not value or _plain(value):
        return []
    found: list[str] = []
    for _, ch, problem in _verdicts(value):
        if problem and problem != "newline":
            label = _label(ch)
            if label not in found:
                found.append(label)
    return found


def clean_text(value: str, *, multiline: bool = True) -> str:
    """`value` with what the policy refuses removed; line breaks become '\\n' (or a space when
    `multiline` is false, as do tabs)."""
    if not value:
        return value
    if _plain(value) and (multiline or ("\n" not in value and "\t" not in value)):
        return value
    value = value.replace("\r\n", "\n")
    kept: list[str] = []
    for _, ch, problem in _verdicts(value):
        if problem in ("newline", "separator"):
            kept.append("\n")
        elif not problem:
            kept.append(ch)
    cleaned = "".join(kept)
    if not multiline:
        cleaned = cleaned.replace("\n", " ").replace("\t", " ")
    return cleaned


def unsafe_characters(value: str) -> list[str]:
    """The name the correction form has used: the policy's refusals."""
    return text_problems(value)


def xml_text(value):
    """A string with every character XML 1.0 cannot carry removed; other values as they are."""
    if isinstance(value, str) and _NOT_XML.search(value):
        return _NOT_XML.sub("", value)
    return value


def csv_cell(value):
    """A text cell that a spreadsheet would read as a formula, quoted with a leading apostrophe
    (OWASP's advice); numbers, dates and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(_CSV_FORMULA_STARTS):
        return "'" + value
    return value


def refuse_unsafe_text(value: str) -> None:
    """A form validator: refuse (rather than silently drop) what the policy refuses.

    Also for array fields, whose cleaned value is a list of strings."""
    values = value if isinstance(value, (list, tuple)) else [value]
    found = [p for v in values if isinstance(v, str) for p in text_problems(v)]
    found = list(dict.fromkeys(found))
    if found:
        raise ValidationError(
            "Remove the invisible, control, unassigned or private-use characters, or the "
            "stacked combining marks (%(found)s).",
            code="unsafe_characters",
            params={"found": ", ".join(found[:10])},
        )


class TextPolicyAdmin:
    """ModelAdmin (or inline) mixin: every text field of its forms refuses what the policy
    refuses."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, forms.CharField):
            formfield.validators.append(refuse_unsafe_text)
        return formfield
