"""The address a request came from, for the sign-in lockout.

Behind reverse proxies REMOTE_ADDR is the nearest proxy's. Each trusted proxy appends the
address it received from to X-Forwarded-For, so with N proxies the client is the N-th entry
from the right; anything further left was written by the client and is not trusted.
"""
import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
