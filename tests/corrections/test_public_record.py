"""The site-wide public record of decided corrections, its pages and its Atom feed."""

import xml.etree.ElementTree as ET

from django.urls import reverse

from openness.corrections import selectors
from openness.corrections.models import Correction

from .test_flow import _submit

ATOM = "{http://www.w3.org/2005/Atom}"


def _decide(client, moderator, action: str, note: str) -> Correction:
    correction = Correction.objects.filter(status="pending").latest("id")
    client.force_login(moderator)
    client.post(
        reverse("corrections:review", args=[correction.pk]),
        {"action": action, "version": correction.version, "note": note},
    )
    client.logout()
    return Correction.objects.get(pk=correction.pk)


def test_decided_corrections_of_every_model_show_newest_first_and_pending_ones_do_not(
    client, world, moderator
):
    _submit(client, slug="beta")
    _decide(client, moderator, "reject", "The DOI does not resolve.")
    _submit(client, slug="alpha", show_name="")
    _decide(client, moderator, "accept", "Checked the datasheet.")
    _submit(client, slug="beta", explanation="Still pending: not public yet.")

    response = client.get(reverse("corrections:public"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Checked the datasheet.") < html.index("The DOI does not resolve.")
    assert "Still pending" not in html
    assert "Ada Reviewer" in html and "An anonymous contributor" in html
    assert 'href="/corrections/feed/"' in html


def test_the_record_pages_by_keyset_and_refuses_a_forged_cursor(client, world, moderator):
    for note in ("first", "second", "third"):
        _submit(client, slug="beta", explanation=f"Correction {note}, long enough to pass.")
        _decide(client, moderator, "reject", f"Decision {note}.")
    first = selectors.public_record(size=2)
    assert [c.decision_note for c in first.corrections] == ["Decision third.", "Decision second."]
    rest = selectors.public_record(first.next_cursor, size=2)
    assert [c.decision_note for c in rest.corrections] == ["Decision first."]
    assert rest.next_cursor == ""
    for forged in ("nonsense", "2026-01-01T00:00:00~x", "2026-01-01~1", "~²"):
        response = client.get(reverse("corrections:public"), {"before": forged})
        assert response.status_code == 400, forged
        assert "never gave out" in response.content.decode()


def test_the_feed_is_atom_with_one_entry_per_decision(client, world, moderator):
    _submit(client, slug="beta")
    _decide(client, moderator, "reject", "Not <b>convincing</b> & unsourced.")
    response = client.get(reverse("corrections:public-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert "(rejected)" in entries[0].find(f"{ATOM}title").text
    assert "Not &lt;b&gt;convincing&lt;/b&gt; &amp; unsourced." in (
        entries[0].find(f"{ATOM}summary").text
    )


def test_the_feed_stays_xml_whatever_characters_were_stored_before_the_text_policy(
    client, world, moderator
):
    _submit(client, slug="beta")
    correction = _decide(client, moderator, "reject", "Unsourced.")
    Correction.objects.filter(pk=correction.pk).update(
        submitter_name="Ada\uffff \x07Reviewer", decision_note="Bell \x07 and \ufffe."
    )
    response = client.get(reverse("corrections:public-feed"))
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Ada Reviewer"
    assert "Bell  and ." in entry.find(f"{ATOM}summary").text
