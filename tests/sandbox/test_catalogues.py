"""Bare-array catalogues: voices, styles, brands (contract §3.1, §5.4, §5.7)."""

import uuid

import pytest

pytestmark = pytest.mark.django_db

VOICE_FIELDS = {
    "id",
    "name",
    "voice",
    "gender",
    "accent",
    "language",
    "engine",
    "service",
    "category",
    "sample",
    "ssmlHelp",
    "ssmlSupportCategory",
}


def test_voice_tracks_are_a_bare_array_with_the_default_narrators(api):
    voices = api.get("/v1/voiceovers/tracks").json()

    assert isinstance(voices, list) and len(voices) >= 8
    assert all(set(voice) == VOICE_FIELDS for voice in voices)
    assert all(isinstance(voice["id"], int) for voice in voices)
    names = {voice["name"] for voice in voices}
    assert {"Martin", "Jackson", "Adam", "Olivia", "Emma", "Brian"} <= names
    martin = next(voice for voice in voices if voice["name"] == "Martin")
    assert martin["language"] == "en-US"
    assert {voice["service"] for voice in voices} <= {"aws", "google", "elevenlabs"}


@pytest.mark.parametrize("path", ["/v1/styles", "/v1/brands/video"])
def test_styles_and_brands_are_bare_arrays_of_id_and_name(api, path):
    items = api.get(path).json()

    assert items and isinstance(items, list)
    for item in items:
        assert set(item) == {"id", "name"}
        uuid.UUID(item["id"])
