"""Webhook addresses: which ones the sandbox may call, and how they are shown.

The sandbox runs inside the studio on a developer's machine, so it calls back only the studio
itself (the scheme, host and port of settings.STUDIO_BASE_URL) or a loopback host: a job body
must not be able to make the server POST to other machines.

Wherever an address is shown (job bodies, the delivery log, the admin), its secret reads
"masked": the last path segment and every query value, as in the studio's own stored requests.
"""

import ipaddress
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings

MASK = "masked"
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LOOPBACK_NAMES = frozenset({"localhost"})
# Characters that parsers disagree about; an address holding one is not called at all.
_AMBIGUOUS = frozenset("\\ \t\r\n")


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) address; None when it is not one."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.rstrip(".").lower(), port or _DEFAULT_PORTS[scheme]


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _studio_origin() -> str:
    origin = _origin(settings.STUDIO_BASE_URL)
    if origin is None:
        return settings.STUDIO_BASE_URL
    scheme, host, port = origin
    return f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}"


def delivery_refusal(url: str) -> str:
    """Why the sandbox will not POST to `url`; empty when it may."""
    allowed = f"only the studio itself ({_studio_origin()}) or a loopback host (127.0.0.1, ::1, localhost)"
    origin = _origin(url)
    if origin is None:
        return f"Refused: the webhook is not an http(s) address; the sandbox calls back {allowed}."
    if any(ch in _AMBIGUOUS for ch in url) or "@" in urlsplit(url).netloc:
        return f"Refused: the webhook address is ambiguous; the sandbox calls back {allowed}."
    if origin == _origin(settings.STUDIO_BASE_URL) or _is_loopback(origin[1]):
        return ""
    return f"Refused: the sandbox calls back {allowed}, not {origin[1]}:{origin[2]}."[:500]


def masked_url(url: str) -> str:
    """`url` with its secret parts replaced by "masked" and any user info left out."""
    if not url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    segments = parts.path.split("/")
    for index in range(len(segments) - 1, -1, -1):
        if segments[index]:
            segments[index] = MASK
            break
    query = urlencode([(name, MASK) for name, _ in parse_qsl(parts.query, keep_blank_values=True)])
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, "/".join(segments), query, ""))


def without_secret(text: str, url: str) -> str:
    """`text` (an error message, say) with every appearance of `url` or its path masked."""
    masked = masked_url(url)
    try:
        raw, shown = urlsplit(url), urlsplit(masked)
    except ValueError:
        return text.replace(url, masked)
    raw_target = raw.path + (f"?{raw.query}" if raw.query else "")
    shown_target = shown.path + (f"?{shown.query}" if shown.query else "")
    text = text.replace(url, masked)
    return text.replace(raw_target, shown_target) if raw_target.strip("/") else text


def shown_storyboard(storyboard: dict) -> dict:
    """A job's stored request as the sandbox shows it: the webhook's secret masked."""
    if not isinstance(storyboard, dict) or not storyboard.get("webhook"):
        return storyboard
    return {**storyboard, "webhook": masked_url(storyboard["webhook"])}
