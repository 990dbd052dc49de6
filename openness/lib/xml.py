"""Text made safe for XML 1.0, which has no way to write most control characters."""

import re

# Characters XML 1.0 cannot hold at all (not even escaped): C0 controls other than tab, line
# feed and carriage return, lone surrogates, and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """`value` with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value or "")
