"""The text policy (openness/lib/text.py), category by category, and its output helpers."""

import pytest

from openness.lib.text import (
    MAX_COMBINING_MARKS,
    clean_text,
    csv_cell,
    text_problems,
    xml_text,
)

REFUSED = {
    "C0 control (BEL)": "\x07",
    "escape": "\x1b",
    "DEL": "\x7f",
    "C1 control (NEL)": "\x85",
    "zero-width space (Cf)": "\u200b",
    "word joiner (Cf)": "\u2060",
    "byte order mark (Cf)": "\ufeff",
    "soft hyphen (Cf)": "\u00ad",
    "right-to-left override (Cf)": "\u202e",
    "isolate (Cf)": "\u2066",
    "tag character (Cf)": "\U000e0041",
    "unassigned (Cn)": "\u0378",
    "noncharacter U+FFFF": "\uffff",
    "noncharacter U+FFFE": "\ufffe",
    "noncharacter U+FDD0": "\ufdd0",
    "noncharacter U+10FFFF": "\U0010ffff",
    "private use (Co)": "\ue000",
    "supplementary private use (Co)": "\U000f0000",
    "lone surrogate (Cs)": "\ud800",
    "line separator (Zl)": "\u2028",
    "paragraph separator (Zp)": "\u2029",
}
KEPT = [
    "Plain ASCII, with\ttabs\nand line feeds.",
    "üñíçødé, 文字, Ελληνικά, العربية, हिन्दी",
    "Tiếng Việt: ệ ộ ở",  # two combining marks on one base, decomposed below
    "\u06a9\u062a\u0627\u0628\u200c\u0647\u0627",  # Persian "books", with a ZWNJ
    "👨\u200d👩\u200d👧",  # an emoji family: zero-width joiners between emoji
]


@pytest.mark.parametrize("name", REFUSED)
def test_each_refused_class_is_named_and_removed(name):
    ch = REFUSED[name]
    value = f"a{ch}b"
    assert text_problems(value) == [f"U+{ord(ch):04X}"]
    cleaned = clean_text(value)
    assert cleaned in ("ab", "a\nb")  # separators become line feeds
    assert text_problems(cleaned) == []


@pytest.mark.parametrize("value", KEPT)
def test_real_text_in_many_scripts_passes_unchanged(value):
    import unicodedata

    for form in (value, unicodedata.normalize("NFD", value)):
        assert text_problems(form) == []
        assert clean_text(form) == form


def test_a_carriage_return_passes_the_check_and_becomes_a_line_feed():
    assert text_problems("one\r\ntwo\rthree") == []
    assert clean_text("one\r\ntwo\rthree") == "one\ntwo\nthree"


def test_single_line_text_loses_its_tabs_and_line_breaks():
    assert clean_text("a\tb\nc\r\nd", multiline=False) == "a b c d"


def test_joiners_that_join_nothing_are_removed():
    assert text_problems("\u200dstart") == ["U+200D"]
    assert clean_text("\u200c a \u200d\u200d b \u200d") == " a  b "


def test_four_thousand_combining_marks_are_cut_to_the_limit():
    zalgo = "Z" + "\u0301" * 4000 + "a"
    assert text_problems(zalgo) == ["U+0301"]
    cleaned = clean_text(zalgo)
    assert cleaned == "Z" + "\u0301" * MAX_COMBINING_MARKS + "a"


def test_xml_text_drops_only_what_xml_1_0_cannot_carry():
    assert xml_text("a\x07b\x0bc\uffffd\ufffee\ud800f\tg\nh\ri") == "abcdef\tg\nh\ri"
    kept = "\u200b\ue000 kept: not invalid in XML"
    assert xml_text(kept) == kept
    assert xml_text(None) is None


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_that_would_be_a_formula_is_quoted(start):
    assert csv_cell(f'{start}HYPERLINK("http://x")') == f'\'{start}HYPERLINK("http://x")'


def test_numbers_and_ordinary_text_are_left_as_they_are_in_csv():
    assert csv_cell(-3) == -3
    assert csv_cell("Model=7") == "Model=7"
    assert csv_cell("") == ""
