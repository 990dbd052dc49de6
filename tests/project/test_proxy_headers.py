"""X-Forwarded-Proto and X-Forwarded-For count only from TRUSTED_PROXIES; every response
carries a Permissions-Policy."""

import pytest
from django.test import Client

from openness.lib.proxies import is_trusted_proxy

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind_a_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = ["172.30.0.0/24"]
    return settings


def test_https_claimed_by_a_stranger_is_ignored(client, behind_a_proxy):
    response = client.get(
        "/methodology/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_PROTO="https"
    )
    assert response.status_code == 301
    assert response["Location"].startswith("https://")  # redirected: it was not HTTPS


def test_https_said_by_the_trusted_proxy_counts(client, behind_a_proxy):
    response = client.get("/methodology/", REMOTE_ADDR="172.30.0.5", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code != 301  # no redirect: it was HTTPS (503: no methodology here)
    assert "Location" not in response


def test_a_strangers_forwarded_for_does_not_become_the_client_address(behind_a_proxy, settings):
    from django.test import RequestFactory

    from openness.lib.proxies import TrustedProxyMiddleware
    from openness.lib.ratelimit import client_ip

    settings.CLIENT_IP_PROXY_HOPS = 1
    seen = {}

    def view(request):
        seen["ip"] = client_ip(request)
        return None

    middleware = TrustedProxyMiddleware(view)
    middleware(RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4"))
    assert seen["ip"] == "203.0.113.9"
    middleware(RequestFactory().get("/", REMOTE_ADDR="172.30.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4"))
    assert seen["ip"] == "1.2.3.4"


@pytest.mark.parametrize(
    ("address", "trusted"),
    [("172.30.0.9", True), ("::ffff:172.30.0.9", True), ("172.31.0.9", False), ("", False)],
)
def test_trusted_proxies_are_addresses_or_networks(settings, address, trusted):
    settings.TRUSTED_PROXIES = ["172.30.0.0/24", "::1"]
    assert is_trusted_proxy(address) is trusted


@pytest.mark.parametrize(
    "url", ["/", "/methodology/", "/no-such-page/", "/api/v1/", "/feeds/changes/"]
)
def test_every_response_has_a_permissions_policy(url):
    response = Client().get(url)
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
