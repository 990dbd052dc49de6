"""Which peers may speak for the client: the reverse proxies named in TRUSTED_PROXIES.

X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER: is this request HTTPS?) and X-Forwarded-For (the
client's address, CLIENT_IP_PROXY_HOPS) are whatever the sender says. They count only when
the peer that connected (REMOTE_ADDR) is one of the configured proxy hops; from anyone else
TrustedProxyMiddleware drops them before any other code reads them. docs/proxies.md has the
deployment (docker-compose's Caddy on the stack's own network) and gunicorn's side of it.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

from openness.lib.ratelimit import client_ip

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def is_trusted_proxy(address: str) -> bool:
    """True when `address` is one of the TRUSTED_PROXIES addresses or networks."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


class TrustedProxyMiddleware:
    """Drop the X-Forwarded-* headers of requests that did not come through a trusted proxy.

    First in MIDDLEWARE: SecurityMiddleware's HTTPS redirect reads request.is_secure().
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if any(name in meta for name in FORWARDED_HEADERS) and not is_trusted_proxy(
            meta.get("REMOTE_ADDR", "")
        ):
            for name in FORWARDED_HEADERS:
                meta.pop(name, None)
        return self.get_response(request)


def axes_client_ip(request) -> str:
    """django-axes's AXES_CLIENT_IP_CALLABLE: the address every other per-client limit uses."""
    return client_ip(request)
