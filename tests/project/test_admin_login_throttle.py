"""Admin logins are throttled per client address (django-axes)."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def curator():
    return User.objects.create_user("curator", password="right-password-1", is_staff=True)


def attempt(client: Client, password: str, ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": "curator", "password": password}, REMOTE_ADDR=ip)


def test_forty_wrong_passwords_lock_the_address_out_even_for_the_right_one(curator, settings):
    client = Client()
    statuses = [attempt(client, f"wrong-{n}").status_code for n in range(40)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert set(statuses[limit:]) == {429}
    response = attempt(client, "right-password-1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_address_still_logs_in(curator):
    for n in range(10):
        attempt(Client(), f"wrong-{n}", ip="203.0.113.7")
    response = attempt(Client(), "right-password-1", ip="198.51.100.4")
    assert response.status_code == 302


def test_a_success_before_the_limit_resets_the_count(curator, settings):
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, f"wrong-{n}")
    assert attempt(client, "right-password-1").status_code == 302
    client.logout()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, f"wrong-again-{n}").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_the_one_locked(curator, settings):
    settings.CLIENT_IP_PROXY_HOPS = 1
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    def via_proxy(password: str, client_address: str):
        return Client().post(
            LOGIN,
            {"username": "curator", "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=client_address,
        )

    for n in range(10):
        via_proxy(f"wrong-{n}", "203.0.113.7")
    assert via_proxy("right-password-1", "203.0.113.7").status_code == 429
    assert via_proxy("right-password-1", "198.51.100.4").status_code == 302
