"""The two auth modes of the contract (§2): raw API keys and OAuth2 client-credential tokens.

Both go in the Authorization header as the raw value, never with a "Bearer " prefix.
The account (who owns templates) is the API key's: tokens issued to the configured OAuth
client belong to the same account as PICTORY_SANDBOX_API_KEY, and
PICTORY_SANDBOX_OTHER_API_KEY is a second account.

Key-style failures answer {"message": "Unauthorized"}; token failures (expired token, missing
user header in legacy-strict mode) answer with the legacy error envelope.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.http import HttpResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from . import conf, responses
from .models import SandboxToken

TOKEN_EXPIRED = 1002
USER_ID_MISSING = 1003
BEARER_PREFIX = 1004
INVALID_CLIENT = 1001
USER_HEADERS = ("X-Pictory-User-Id", "X-Pictory-Customer-Id")


@dataclass(frozen=True)
class Caller:
    kind: str  # "key" or "token"
    credential: str  # a stable fingerprint, never the secret itself
    account: str = ""  # who owns templates: the fingerprint of the account's API key


class AuthRejected(Exception):
    def __init__(self, response: HttpResponse):
        super().__init__(response.status_code)
        self.response = response


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def main_account() -> str:
    """The account of PICTORY_SANDBOX_API_KEY (and of tokens issued to the configured client)."""
    return f"key:{_fingerprint(conf.api_key())}"


def issue_token(client_id, client_secret) -> SandboxToken | None:
    """A new token for the configured client, or None when the credentials are wrong."""
    if not isinstance(client_id, str) or not isinstance(client_secret, str):
        return None
    if not (
        constant_time_compare(client_id, conf.client_id())
        and constant_time_compare(client_secret, conf.client_secret())
    ):
        return None
    now = timezone.now()
    return SandboxToken.objects.create(
        token=f"sbx.{secrets.token_urlsafe(32)}",
        client_id=client_id,
        issued_at=now,
        expires_at=now + timedelta(seconds=conf.token_seconds()),
    )


def authenticate(request) -> Caller:
    """The caller behind the Authorization header, or AuthRejected with the 401 to send."""
    value = request.headers.get("Authorization", "").strip()
    if not value:
        raise AuthRejected(responses.unauthorized())
    if value[:7].lower() == "bearer ":
        bare = value[7:].strip()
        if SandboxToken.objects.filter(token=bare).exists():
            raise AuthRejected(
                responses.legacy_error(
                    401, BEARER_PREFIX, "Send the access token without the 'Bearer ' prefix"
                )
            )
        raise AuthRejected(responses.unauthorized())
    other_key = conf.other_api_key()
    if constant_time_compare(value, conf.api_key()) or (
        other_key and constant_time_compare(value, other_key)
    ):
        credential = f"key:{_fingerprint(value)}"
        return Caller(kind="key", credential=credential, account=credential)
    token = SandboxToken.objects.filter(token=value).first()
    if token is None:
        raise AuthRejected(responses.unauthorized())
    if token.expires_at <= timezone.now():
        raise AuthRejected(responses.legacy_error(401, TOKEN_EXPIRED, "Access token has expired"))
    if conf.require_user_id() and not any(request.headers.get(h, "").strip() for h in USER_HEADERS):
        raise AuthRejected(
            responses.legacy_error(401, USER_ID_MISSING, "X-Pictory-User-Id header is required")
        )
    return Caller(
        kind="token",
        credential=f"client:{token.client_id}",
        account=main_account(),
    )
