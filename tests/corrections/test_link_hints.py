from django.urls import reverse


def test_hints_come_back_as_a_fragment_for_htmx(client):
    response = client.get(
        reverse("corrections:hints"),
        {"evidence_urls": "https://huggingface.co/o/m\nhttps://doi.org/10.1/x"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="link-hints"')
    assert "huggingface.co/o/m" in html and "doi.org" not in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_hints_render_a_whole_page_without_htmx(client):
    response = client.get(reverse("corrections:hints"), {"evidence_urls": "https://x.org/a"})
    assert "<html" in response.content.decode()
    assert "Not a durable link" in response.content.decode()


def test_an_unsafe_link_gets_an_escaped_error_not_a_hint(client):
    response = client.get(
        reverse("corrections:hints"),
        {"evidence_urls": "javascript:alert('<b>')"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "Not an http:// or https:// link" in html
    assert "<b>" not in html
