"""Checks made before sending: a request Pictory is known to refuse is never sent.

Each raises ValueError with a message a person can act on; nothing has reached Pictory then.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Contract §5.7: the engines each voice service offers (case as Pictory spells them).
VOICE_ENGINES: dict[str, tuple[str, ...]] = {
    "aws": ("neural", "standard"),
    "google": ("standard", "WaveNet", "Neural2"),
    "elevenlabs": ("eleven_monolingual_v1", "eleven_multilingual_v2"),
}
VOICE_TRACK_REQUIRED = ("name", "engine", "service", "language")

# [0-9] rather than \d, which also matches other scripts' digits.
AWS_ACCOUNT_ID = re.compile(r"[0-9]{12}")
AWS_REGION = re.compile(r"[a-z]{2}(-gov)?-[a-z]+-[0-9]")
# type/subtype as RFC 6838 names them, without parameters: the storage compares it byte for byte.
CONTENT_TYPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*")


def _blank(value: Any) -> bool:
    return not isinstance(value, str) or not value.strip()


def _body(body: Any, what: str) -> Mapping:
    if not isinstance(body, Mapping):
        raise ValueError(f"The {what} must be a JSON object (a dict), not {type(body).__name__}")
    return body


def check_brand_kit(body: Any, *, creating: bool) -> None:
    """A new brand needs a name and font.family; an update may leave out anything but not blank the name."""
    body = _body(body, "brand kit")
    if (creating or "name" in body) and _blank(body.get("name")):
        raise ValueError("A brand kit needs a name")
    font = body.get("font")
    if creating and (not isinstance(font, Mapping) or _blank(font.get("family"))):
        raise ValueError("A brand kit needs a font family (font.family), e.g. Roboto")


def check_upload(*, file_name: Any, content_type: Any) -> None:
    if _blank(file_name):
        raise ValueError("An upload needs a file name")
    if not isinstance(content_type, str) or not CONTENT_TYPE.fullmatch(content_type):
        raise ValueError(f"{content_type!r} is not a content type such as image/png or video/mp4")


def check_voice_track(body: Any) -> None:
    """Required fields, and the engine↔service rule."""
    body = _body(body, "voice track")
    missing = [name for name in VOICE_TRACK_REQUIRED if _blank(body.get(name))]
    if missing:
        raise ValueError(f"A voice track needs {', '.join(VOICE_TRACK_REQUIRED)}; missing: {', '.join(missing)}")
    service, engine = body["service"], body["engine"]
    engines = VOICE_ENGINES.get(service)
    if engines is None:
        raise ValueError(f"Voice service {service!r} is not one of {', '.join(VOICE_ENGINES)}")
    if engine not in engines:
        raise ValueError(f"Engine {engine!r} does not go with service {service!r}; it takes {' or '.join(engines)}")


def check_aws_account(*, aws_account_id: Any, aws_region: Any) -> None:
    if not isinstance(aws_account_id, str) or not AWS_ACCOUNT_ID.fullmatch(aws_account_id):
        raise ValueError(f"AWS account id {aws_account_id!r} must be 12 digits, e.g. 123456789012")
    if not isinstance(aws_region, str) or not AWS_REGION.fullmatch(aws_region):
        raise ValueError(f"AWS region {aws_region!r} must look like us-east-2")


def check_version(version: Any) -> None:
    # bool is an int in Python; True must not pass as version 1.
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError(f"version must be the connection's current version (a whole number from 1), not {version!r}")


# Contract §8.2: the languages transcription understands (the audioLanguage list).
TRANSCRIPTION_LANGUAGES = (
    "en-US", "en-AU", "en-GB", "en-IN", "en-IE", "en-AB", "en-WL", "fr-CA", "fr-FR", "de-CH", "de-DE",
    "it-IT", "es-ES", "es-US", "nl-NL", "pt-BR", "ja-JP", "ko-KR", "ru-RU", "hi-IN", "ta-IN", "mr-IN",
)
MEDIA_TYPES = ("video", "audio")


def transcription(*, file_url: str, media_type: str, language: str) -> None:
    """`POST /v2/transcription` needs an http(s) file, a media type and a known language."""
    if _blank(file_url) or not file_url.lower().startswith(("http://", "https://")):
        raise ValueError("The recording's address must start with http:// or https://.")
    if media_type not in MEDIA_TYPES:
        raise ValueError(f"The media type must be “video” or “audio”, not “{media_type}”.")
    if language not in TRANSCRIPTION_LANGUAGES:
        raise ValueError(f"Pictory does not transcribe “{language}”. Use one of: {', '.join(TRANSCRIPTION_LANGUAGES)}.")


def highlight_duration(seconds: Any) -> None:
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 5 <= seconds <= 3600:
        raise ValueError("The highlight length is a whole number of seconds between 5 and 3600, e.g. 60.")
