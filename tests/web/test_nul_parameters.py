"""A NUL character in a parameter is the client's error (400), never a server error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/?q=%00", "/?q=abc%00def", "/?track=hub&q=%00", "/compare/?m=a%00", "/?%00=x"],
)
def test_a_nul_in_a_page_parameter_is_a_bad_request(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "contains a NUL character" in response.content.decode()


def test_a_nul_in_an_api_parameter_is_a_json_bad_request(client):
    response = client.get("/api/v1/models?q=%00")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_parameter"
    assert "NUL" in response.json()["error"]["message"]


def test_a_nul_in_a_posted_field_is_a_bad_request(client):
    response = client.post("/models/x/corrections/new/", {"explanation": "a\x00b"})

    assert response.status_code == 400
