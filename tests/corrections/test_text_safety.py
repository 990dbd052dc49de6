from openness.lib.text import unsafe_characters


def test_plain_text_with_line_breaks_and_tabs_is_safe():
    assert unsafe_characters("Line one\n\tLine two\r\nüñíçødé 文字") == []


def test_bidi_overrides_and_isolates_are_found():
    assert unsafe_characters("abc\u202edcba\u2066x\u2069") == ["U+202E", "U+2066", "U+2069"]


def test_control_characters_are_found_once_each():
    assert unsafe_characters("a\x00b\x1bc\x1b\x7f\x85") == ["U+0000", "U+001B", "U+007F", "U+0085"]


def test_the_correction_form_refuses_every_class_the_text_policy_refuses():
    import pytest
    from django.core.exceptions import ValidationError

    from openness.corrections.forms import refuse_unsafe_characters

    for value in [
        "a\u200bb",
        "tag\U000e0041",
        "non\uffffchar",
        "private\ue000",
        "Z" + "\u0301" * 4000,
    ]:
        with pytest.raises(ValidationError):
            refuse_unsafe_characters(value)
    refuse_unsafe_characters("Ada Lovelace, Université de Paris, 文字\n")
