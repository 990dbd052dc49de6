"""What every Atom feed of the site shares: XML-safe text and stable entry ids."""

from django.utils.feedgenerator import Atom1Feed

from openness.lib import site
from openness.lib.text import xml_text


def _xml_safe(value):
    if isinstance(value, (list, tuple)):
        return type(value)(xml_text(v) for v in value)
    return xml_text(value)


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom, with every string stripped of what XML 1.0 cannot carry (a BEL in imported notes,
    a U+FFFF in a name stored before the text policy): one such character would otherwise make
    the whole feed fail for as long as its change is among the newest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()})


def tag_uri(*parts: object) -> str:
    """A feed entry's permanent id (RFC 4151 tag URI) on the site's host: it stays the same
    when the entry's link or title changes."""
    host = site.site_url().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"tag:{host},2026:" + ":".join(str(part) for part in parts)
